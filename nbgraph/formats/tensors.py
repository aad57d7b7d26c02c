"""numpy arrays, shapes and attr values <-> TF's TensorProto, TensorShapeProto and AttrValue."""
from __future__ import annotations

import numpy as np

from ..engine import dtypes as _dt
from ..engine.dtypes import DType
from ..engine.shapes import TensorShape
from .op_attrs import dtype_from_enum, enum_of
from .protos import pb

__all__ = ["make_tensor_proto", "make_ndarray", "shape_proto", "shape_from_proto", "attr_value", "attr_python"]

# the repeated field TF fills for one value of each dtype (scalars and strings only; arrays with
# more than one element go in tensor_content, as TF's make_tensor_proto writes them)
_VAL_FIELD = {"float16": "half_val", "float32": "float_val", "float64": "double_val", "int64": "int64_val",
              "bool": "bool_val", "string": "string_val"}


# dtypes TF packs into tensor_content when a tensor has more than one element (the rest: repeated fields)
_CONTENT_TYPES = ("float32", "float64", "int32", "uint8", "int16", "int8", "int64")


def shape_proto(shape) -> object:
    shape = shape if isinstance(shape, TensorShape) else TensorShape(shape)
    p = pb().TensorShapeProto()
    if shape.ndims is None:
        p.unknown_rank = True
    else:
        for d in shape.as_list():
            p.dim.add(size=-1 if d is None else d)
    return p


def shape_from_proto(p) -> TensorShape:
    if p.unknown_rank:
        return TensorShape(None)
    return TensorShape([None if d.size == -1 else d.size for d in p.dim])


def make_tensor_proto(value, dtype: DType | None = None) -> object:
    """A TensorProto of `value` as TF's `make_tensor_proto` writes a Const's value."""
    arr = np.asarray(value)
    dt = dtype or _dt.as_dtype(arr.dtype) if arr.dtype != object else (dtype or _dt.string)
    p = pb().TensorProto(dtype=enum_of(dt))
    p.tensor_shape.CopyFrom(shape_proto(TensorShape(arr.shape)))
    if dt.base_dtype == _dt.string:
        p.string_val.extend(x if isinstance(x, bytes) else str(x).encode() for x in arr.reshape(-1))
    elif arr.size == 1 or dt.name not in _CONTENT_TYPES or _broadcast(arr):
        x = arr.reshape(-1).astype(dt.as_numpy_dtype)
        if _broadcast(arr):
            # TF writes a value broadcast over a shape (`tf.zeros([3, 3])`, `constant(1.0, shape=...)`)
            # as that one value; nbgraph's Const keeps such a value as a zero-stride view
            x = x[:1]
        field = _VAL_FIELD.get(dt.name, "int_val")
        if field == "half_val":
            getattr(p, field).extend(x.view(np.uint16).astype(int).tolist())
        else:
            getattr(p, field).extend(x.tolist())
    else:
        p.tensor_content = np.ascontiguousarray(arr, dtype=dt.as_numpy_dtype).astype(
            np.dtype(dt.as_numpy_dtype).newbyteorder("<"), copy=False).tobytes()
    return p


def _broadcast(arr: np.ndarray) -> bool:
    return arr.size > 1 and all(s == 0 for s in arr.strides)


def make_ndarray(p) -> np.ndarray:
    """The numpy value of a TensorProto (TF's `tf.make_ndarray`)."""
    dt = dtype_from_enum(p.dtype)
    shape = shape_from_proto(p.tensor_shape).as_list()
    n = int(np.prod(shape)) if shape else 1
    if dt == _dt.string:
        vals = list(p.string_val)
        arr = np.empty(len(vals), dtype=object)
        arr[:] = vals
        return (np.resize(arr, n) if len(vals) != n and vals else arr).reshape(shape)
    npdt = np.dtype(dt.as_numpy_dtype)
    if p.tensor_content:
        return np.frombuffer(p.tensor_content, dtype=npdt.newbyteorder("<")).astype(npdt).reshape(shape)
    field = _VAL_FIELD.get(dt.name, "int_val")
    vals = list(getattr(p, field))
    if field == "half_val":
        vals = np.asarray(vals, dtype=np.uint16).view(np.float16)
    vals = np.asarray(vals, dtype=npdt)
    if vals.size == 0:
        return np.zeros(shape, dtype=npdt)
    if vals.size < n:  # TF repeats the last value to fill the shape
        vals = np.concatenate([vals, np.full(n - vals.size, vals[-1], dtype=npdt)])
    return vals.reshape(shape)


def attr_value(value, typ: str | None = None) -> object:
    """An AttrValue of a Python attr value (the form `op_attrs.attr_values` gives)."""
    a = pb().AttrValue()
    if isinstance(value, DType):
        a.type = enum_of(value)
    elif isinstance(value, TensorShape):
        a.shape.CopyFrom(shape_proto(value))
    elif isinstance(value, np.ndarray):
        a.tensor.CopyFrom(make_tensor_proto(value))
    elif isinstance(value, bool):
        a.b = value
    elif isinstance(value, (int, np.integer)) and typ != "float":
        a.i = int(value)
    elif isinstance(value, (float, int, np.floating)):
        a.f = float(value)
    elif isinstance(value, (str, bytes)):
        a.s = value.encode() if isinstance(value, str) else value
    elif isinstance(value, (list, tuple)):
        a.list.SetInParent()
        inner = typ[5:-1] if typ and typ.startswith("list(") else None
        for v in value:
            one = attr_value(v, inner)
            field = one.WhichOneof("value")
            if field in ("shape", "tensor"):
                getattr(a.list, field).add().CopyFrom(getattr(one, field))
            elif field is not None:
                getattr(a.list, field).append(getattr(one, field))
    else:
        raise TypeError(f"Cannot convert attr value {value!r} of type {type(value).__name__} to an AttrValue")
    return a


def attr_python(a, raw: bool = False):
    """The Python value of an AttrValue. `raw=True` gives what TF's `get_attr` returns
    (TensorShapeProto, TensorProto); otherwise nbgraph's own forms (TensorShape, ndarray)."""
    field = a.WhichOneof("value")
    if field == "list":
        for f in ("s", "i", "f", "b", "type", "shape", "tensor", "func"):
            vals = list(getattr(a.list, f))
            if vals:
                if f == "type":
                    return [dtype_from_enum(t) for t in vals]
                if f == "shape" and not raw:
                    return [shape_from_proto(s) for s in vals]
                if f == "tensor" and not raw:
                    return [make_ndarray(t) for t in vals]
                return vals
        return []
    if field == "type":
        return dtype_from_enum(a.type)
    if field == "shape":
        return a.shape if raw else shape_from_proto(a.shape)
    if field == "tensor":
        return a.tensor if raw else make_ndarray(a.tensor)
    return None if field is None else getattr(a, field)
