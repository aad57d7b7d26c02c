"""Source and array ops: constants, placeholders, identity, fills and ranges, shapes, casts,
reshapes and transposes. Joining, selecting and `where` live in `index_ops.py`, `t[...]` in
`slice_ops.py`; their public functions are re-exported here, where `nbgraph/__init__.py` and
other op files import them from."""
from __future__ import annotations

import builtins

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor, make_constant, to_numpy
from ..graph import get_default_graph, graph_of
from ..registry import register
from ..shapes import TensorShape, as_shape, unknown_shape
from .common import KernelError, const_ints, fmt_shape, same_shape, shape_error, vector_ints

# -- sources -------------------------------------------------------------------------------
def _const_kernel(op):
    value = op._attrs["value"]
    k = lambda ctx: value  # noqa: E731
    k.constant = value  # a compiled plan reads the value instead of calling (engine/compiled.py)
    return k


def _passthrough_kernel(op):
    k = lambda ctx, x: x  # noqa: E731
    k.passthrough = True  # a compiled plan copies the register instead of calling
    return k


register("Const", "source", lambda op: [TensorShape(op._attrs["value"].shape)], _const_kernel,
         doc="holds a constant")


def _placeholder_kernel(op):
    dt = op._attrs["dtype"]
    shape = op._attrs["shape"]
    msg = f"You must feed a value for placeholder tensor '{op.name}' with dtype {dt._proto_name}"
    if shape.ndims is not None:
        msg += " and shape " + fmt_shape(shape)

    def k(ctx):
        raise KernelError(msg)
    return k


register("Placeholder", "source", lambda op: [op._attrs["shape"]], _placeholder_kernel,
         doc="stands for a value fed at run time")
register("PlaceholderWithDefault", "source", lambda op: [op._attrs["shape"]],
         lambda op: (lambda ctx, x: x), doc="passes its default unless a value is fed")
register("Identity", "array", same_shape, _passthrough_kernel, doc="passes its input through")
register("StopGradient", "array", same_shape, _passthrough_kernel, doc="passes its input through")


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    return make_constant(value, dtype, shape, name=name, verify_shape=verify_shape)


def placeholder(dtype, shape=None, name=None):
    dtype = _dt.as_dtype(dtype)
    shape = unknown_shape() if shape is None else as_shape(shape)
    g = get_default_graph()
    return g.create_op("Placeholder", [], [dtype], name=name,
                       attrs={"dtype": dtype, "shape": shape})._outputs[0]


def placeholder_with_default(input, shape, name=None):  # noqa: A002
    shape = as_shape(shape)
    op = apply_op("PlaceholderWithDefault", name, [("input", input)], attrs={"shape": shape})
    if not shape.is_compatible_with(op._inputs[0]._shape):
        raise ValueError(f"Shapes {op._inputs[0]._shape} and {shape} are incompatible")
    op._attrs["dtype"] = op._inputs[0]._dtype
    return op._outputs[0]


def identity(input, name=None):  # noqa: A002
    return apply_op("Identity", name, [("input", input)])._outputs[0]


def stop_gradient(input, name=None):  # noqa: A002
    return apply_op("StopGradient", name, [("input", input)])._outputs[0]


# -- fills ---------------------------------------------------------------------------------
def _shape_from_const(op, i):
    v = constant_value(op._inputs[i])
    if v is None:
        n = op._inputs[i]._shape
        if n.ndims != 1:
            return unknown_shape()
        from ..partial_shapes import partial_shape_value  # what TF reads from a partly known shape
        return partial_shape_value(op._inputs[i])
    if op._type == "Fill" and np.any(np.asarray(v) < 0):
        raise shape_error(op, "Fill dimensions must be >= 0", tensors=(i,))
    return TensorShape([int(d) for d in np.reshape(v, -1)])


def _fill_kernel(op):
    cdims, cshape = const_ints(op, 0)

    def k(ctx, dims, v):
        out = np.empty(cshape if dims is cdims else vector_ints(dims), dtype=v.dtype)
        out[...] = v  # np.full's copy, without its Python-level wrapper
        return out
    return k


register("Fill", "array", lambda op: [_shape_from_const(op, 0)], _fill_kernel,
         doc="fills a new tensor of the given shape with")


def fill(dims, value, name=None):
    g = graph_of([dims, value])
    with g.as_default(), g.name_scope(name or "Fill") as scope:
        dims = convert_to_tensor(dims, preferred_dtype=_dt.int32, name="dims")
        if dims.dtype.base_dtype not in (_dt.int32, _dt.int64):
            raise TypeError(f"Value passed to parameter 'dims' has DataType {dims.dtype.base_dtype.name} not in "
                            "list of allowed values: int32, int64")
        value = convert_to_tensor(value, name="value")
        return g.create_op("Fill", [dims, value], [value.dtype.base_dtype], name=scope)._outputs[0]


def _shape_list(shape):
    if isinstance(shape, TensorShape):
        return shape.as_list()
    if isinstance(shape, (int, np.integer)):
        return [int(shape)]
    if not isinstance(shape, (list, builtins.tuple, np.ndarray)):
        to_numpy(shape, _dt.int32)  # TF converts the shape to int32: `...` is its TypeError
    return [int(d) for d in shape]


def _filled(fill_value, kind, shape, dtype, name):
    dtype = _dt.as_dtype(dtype).base_dtype
    g = get_default_graph()
    with g.name_scope(name or kind) as scope:
        if isinstance(shape, (list, builtins.tuple)) and any(hasattr(d, "_op") for d in shape):
            shape = convert_to_tensor(shape, dtype=_dt.int32)  # TF packs a list holding tensors: ones/packed
        if not hasattr(shape, "_op"):
            dims = _shape_list(shape)
            if int(np.prod(dims)) < 1000 and min(dims, default=0) >= 0:  # negative: Fill says why
                return make_constant(np.array(fill_value, dtype=dtype.as_numpy_dtype), dtype, shape=dims, name=scope)
            big = any(d > np.iinfo(np.int32).max for d in dims)  # TF: int64 when a dimension needs it
            shape = make_constant(np.array(dims, np.int64 if big else np.int32), name="shape_as_tensor")
        value = make_constant(np.array(fill_value, dtype=dtype.as_numpy_dtype), dtype)
        return g.create_op("Fill", [shape, value], [dtype], name=scope)._outputs[0]


def zeros(shape, dtype=_dt.float32, name=None):
    return _filled("" if _dt.as_dtype(dtype) is _dt.string else 0, "zeros", shape, dtype, name)


def ones(shape, dtype=_dt.float32, name=None):
    return _filled(1, "ones", shape, dtype, name)


register("ZerosLike", "array", same_shape, lambda op: (lambda ctx, x: np.zeros_like(x)), doc="makes zeros shaped like")
register("OnesLike", "array", same_shape, lambda op: (lambda ctx, x: np.ones_like(x)), doc="makes ones shaped like")


def zeros_like(tensor, dtype=None, name=None, optimize=True):
    """TF 1.x: a `zeros_like` Const when the shape is known, else a `ZerosLike` op."""
    g = graph_of([tensor])
    with g.as_default(), g.name_scope(name or "zeros_like") as scope:
        t = convert_to_tensor(tensor, name="tensor")
        if optimize and t.shape.is_fully_defined():
            return zeros(t.shape.as_list(), dtype or t.dtype.base_dtype, name=scope)
        if dtype is not None and _dt.as_dtype(dtype) != t.dtype.base_dtype:
            return zeros(shape(t), dtype, name=scope)
        return apply_op("ZerosLike", scope, [("x", t)])._outputs[0]


def ones_like(tensor, dtype=None, name=None, optimize=True):
    """TF 1.x: `Fill(ones_like/Shape, ones_like/Const)` named `ones_like`."""
    g = graph_of([tensor])
    with g.as_default(), g.name_scope(name or "ones_like") as scope:
        t = convert_to_tensor(tensor, name="tensor")
        dims = shape(t) if optimize else apply_op("Shape", None, [("input", t)], out_dtypes=[_dt.int32])._outputs[0]
        out = ones(dims, dtype or t.dtype.base_dtype, name=scope)
        out.set_shape(t.shape)
        return out


def _range_shape(op):
    vals = [constant_value(t) for t in op._inputs]
    if any(v is None for v in vals):
        return [unknown_shape(1)]
    start, limit, delta = (v.item() for v in vals)
    return [TensorShape([builtins.max(0, int(np.ceil((limit - start) / delta)))])]


def _range_kernel(op):
    npdt = op._outputs[0]._dtype.as_numpy_dtype

    def k(ctx, start, limit, delta):
        if delta == 0:
            raise KernelError("Requires delta != 0: 0")
        return np.arange(start, limit, delta, dtype=npdt)
    return k


register("Range", "source", _range_shape, _range_kernel, doc="counts from start to limit")


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001
    if limit is None:
        start, limit = 0, start
    g = graph_of([start, limit, delta])
    with g.as_default(), g.name_scope(name) as scope:
        ts = [convert_to_tensor(v, dtype=dtype, name=n) for v, n in ((start, "start"), (limit, "limit"), (delta, "delta"))]
        if dtype is None:
            order = [_dt.int32, _dt.int64, _dt.float32, _dt.float64]
            best = builtins.max((t.dtype.base_dtype for t in ts), key=order.index)
            ts = [t if t.dtype.base_dtype == best else cast(t, best) for t in ts]
        return g.create_op("Range", ts, [ts[0].dtype.base_dtype], name=scope)._outputs[0]


# -- shape queries (folded to constants when the shape is known, as TF 1.x does) -------------
register("Shape", "array", lambda op: [TensorShape([op._inputs[0]._shape.ndims])],
         lambda op: (lambda ctx, x, dt=op._outputs[0]._dtype.as_numpy_dtype:
                     np.array(x.shape if type(x) is np.ndarray else np.shape(x), dtype=dt)),
         doc="reads the shape of")
register("Size", "array", lambda op: [TensorShape([])],
         lambda op: (lambda ctx, x, dt=op._outputs[0]._dtype.as_numpy_dtype: np.array(np.size(x), dtype=dt)),
         doc="counts the elements of")
register("Rank", "array", lambda op: [TensorShape([])],
         lambda op: (lambda ctx, x: np.array(np.ndim(x), dtype=np.int32)), doc="counts the dimensions of")


def shape(input, name=None, out_type=_dt.int32):  # noqa: A002
    t = convert_to_tensor(input)
    if t.shape.is_fully_defined():
        return make_constant(np.array(t.shape.as_list(), _dt.as_dtype(out_type).as_numpy_dtype), name=name or "Shape")
    return apply_op("Shape", name, [("input", t)], out_dtypes=[_dt.as_dtype(out_type)])._outputs[0]


def size(input, name=None, out_type=_dt.int32):  # noqa: A002
    t = convert_to_tensor(input)
    if t.shape.is_fully_defined():
        return make_constant(np.array(t.shape.num_elements(), _dt.as_dtype(out_type).as_numpy_dtype), name=name or "Size")
    return apply_op("Size", name, [("input", t)], out_dtypes=[_dt.as_dtype(out_type)])._outputs[0]


def rank(input, name=None):  # noqa: A002
    t = convert_to_tensor(input)
    if t.shape.ndims is not None:
        return make_constant(np.array(t.shape.ndims, np.int32), name=name or "Rank")
    return apply_op("Rank", name, [("input", t)], out_dtypes=[_dt.int32])._outputs[0]


# -- casts and reshapes ----------------------------------------------------------------------
def _cast_kernel(op):
    dst = op._attrs["DstT"]
    if dst is _dt.string:
        raise TypeError("Cast to string is not supported")
    npdt = dst.as_numpy_dtype
    return lambda ctx, x: np.asarray(x).astype(npdt)


register("Cast", "elementwise", same_shape, _cast_kernel, doc="converts the type of")


def cast(x, dtype, name=None):
    dtype = _dt.as_dtype(dtype).base_dtype
    x = convert_to_tensor(x) if not hasattr(x, "_op") else x
    if x.dtype.base_dtype == dtype:
        return x
    g = x.graph
    with g.as_default(), g.name_scope(name or "Cast") as scope:
        return g.create_op("Cast", [x], [dtype], name=scope,
                           attrs={"SrcT": x.dtype.base_dtype, "DstT": dtype})._outputs[0]


def to_float(x, name="ToFloat"):
    return cast(x, _dt.float32, name=name)


def to_int32(x, name="ToInt32"):
    return cast(x, _dt.int32, name=name)


def to_int64(x, name="ToInt64"):
    return cast(x, _dt.int64, name=name)


def _reshape_shape(op):
    src = op._inputs[0]._shape
    target = constant_value(op._inputs[1])
    if target is None:
        return [_partial_reshape(src, op._inputs[1])]
    target = [int(d) for d in np.reshape(target, -1)]
    if target.count(-1) > 1:
        raise shape_error(op, "Cannot infer multiple unknown dimensions")
    n = src.num_elements()
    known = int(np.prod([d for d in target if d != -1])) if target else 1
    if -1 in target:
        if n is None:
            return [TensorShape([None if d == -1 else d for d in target])]
        if known == 0 or n % known:
            raise shape_error(op, f"Cannot reshape a tensor with {n} elements to shape {fmt_list(target)} "
                                  f"({known} elements)")
        return [TensorShape([n // known if d == -1 else d for d in target])]
    if n is not None and n != known:
        raise ValueError(f"Cannot reshape a tensor with {n} elements to shape {fmt_list(target)} ({known} "
                         f"elements) for '{op.name}' (op: 'Reshape') with input shapes: "
                         f"{fmt_shape(src)}, [{len(target)}] and with input tensors computed as partial "
                         f"shapes: input[1] = {fmt_list(target)}.")
    return [TensorShape(target)]


def _partial_reshape(src, shape_tensor):
    """A reshape to a partly known shape (`tf.stack([batch, 28, 28, 1])`): TF's Reshape shape
    function with a partial target fills in its one unknown dimension from a fully known input."""
    if shape_tensor._shape.ndims != 1:
        return unknown_shape()
    from ..partial_shapes import partial_shape_value
    out = partial_shape_value(shape_tensor)
    if out.ndims is None:
        return out
    dims = out.as_list()
    n = src.num_elements()
    if n is not None and dims.count(None) == 1:
        known = int(np.prod([d for d in dims if d is not None]))
        if known > 0 and n % known == 0:
            dims[dims.index(None)] = n // known
    return TensorShape(dims)


def fmt_list(v):
    return "[" + ",".join(str(d) for d in v) + "]"


def _reshape_kernel(op):
    cs, cshape = const_ints(op, 1)

    def k(ctx, x, s):
        try:
            shape = cshape if s is cs else vector_ints(s)
            return x.reshape(shape) if type(x) is np.ndarray else np.reshape(x, shape)
        except ValueError:
            known = int(np.prod([d for d in s if d != -1]))
            wants = f"requires a multiple of {known}" if -1 in list(s) else f"has {known}"
            raise KernelError(f"Input to reshape is a tensor with {np.size(x)} values, but the requested "
                              f"shape {wants}") from None
    return k


register("Reshape", "array", _reshape_shape, _reshape_kernel, doc="reshapes")


def reshape(tensor, shape, name=None):  # noqa: A002
    return apply_op("Reshape", name, [("tensor", tensor), ("shape", _int_list_input(shape))],
                    same_type=False)._outputs[0]


def _int_list_input(v):
    if isinstance(v, TensorShape):
        v = v.as_list()
    if isinstance(v, (list, tuple)) and not any(hasattr(d, "_op") for d in v):
        return np.array([-1 if d is None else int(d) for d in v], dtype=np.int32).reshape(len(v))
    return v


def _transpose_shape(op):
    s = op._inputs[0]._shape
    perm = constant_value(op._inputs[1])
    if perm is None or s.ndims is None:
        return [unknown_shape(s.ndims)]
    if len(perm) != s.ndims:
        raise shape_error(op, f"Dimension must be {s.ndims} but is {len(perm)}")
    return [TensorShape([s[int(p)] for p in perm])]


register("Transpose", "array", _transpose_shape,
         lambda op: (lambda ctx, x, perm: np.transpose(x, tuple(int(p) for p in perm))), doc="transposes")


def transpose(a, perm=None, name="transpose", conjugate=False):
    g = graph_of([a])
    with g.as_default(), g.name_scope(name) as scope:
        a = convert_to_tensor(a, name="a")
        if perm is None:
            r = a.shape.ndims
            if r is None:
                raise ValueError("transpose of a tensor of unknown rank needs an explicit perm")
            perm = np.arange(r - 1, -1, -1, dtype=np.int32)
        return apply_op("Transpose", scope, [("x", a), ("perm", _int_list_input(perm))],
                        same_type=False)._outputs[0]


# -- joining and selecting live in index_ops, t[...] in slice_ops --------------------------------
from .index_ops import (clip_by_value, concat, expand_dims, one_hot, squeeze, stack,  # noqa: E402
                        tile, unstack, where)
from .slice_ops import strided_slice  # noqa: E402

__all__ = ["constant", "placeholder", "placeholder_with_default", "identity", "fill", "zeros", "ones",
           "zeros_like", "ones_like", "range", "shape", "size", "rank", "cast", "reshape", "transpose",
           "concat", "stack", "unstack", "squeeze", "expand_dims", "strided_slice", "where",
           "clip_by_value", "tile", "one_hot", "to_float", "to_int32", "to_int64",
           "stop_gradient"]
