"""Reading `tf.train.Example` records: `tf.parse_example` / `tf.parse_single_example` with
`FixedLenFeature` (dense, with defaults) and `VarLenFeature` (sparse), and `tf.decode_raw`.

The Example messages are TF's own (`nbgraph/formats/proto/example.proto`, byte-compatible);
the protobuf runtime is loaded when a parse first runs. Kernel errors carry TF 1.15's texts."""
from __future__ import annotations

import collections

import numpy as np

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, as_shape, unknown_shape
from .common import KernelError

__all__ = ["FixedLenFeature", "VarLenFeature", "FixedLenSequenceFeature", "parse_example",
           "parse_single_example", "decode_raw"]

_ALLOWED = (_dt.float32, _dt.int64, _dt.string)
_KIND = {_dt.float32: "float_list", _dt.int64: "int64_list", _dt.string: "bytes_list"}


class FixedLenFeature(collections.namedtuple("FixedLenFeature", ["shape", "dtype", "default_value"])):
    """A dense feature of a fixed shape (and a default for examples without it)."""

    def __new__(cls, shape, dtype, default_value=None):
        return super().__new__(cls, shape, dtype, default_value)


class FixedLenSequenceFeature(collections.namedtuple("FixedLenSequenceFeature",
                                                     ["shape", "dtype", "allow_missing", "default_value"])):
    def __new__(cls, shape, dtype, allow_missing=False, default_value=None):
        return super().__new__(cls, shape, dtype, allow_missing, default_value)


class VarLenFeature(collections.namedtuple("VarLenFeature", ["dtype"])):
    """A feature of any length, parsed into a `SparseTensor`."""


def _example_pb2():
    from ...formats.proto import example_pb2
    return example_pb2


def _where(key, index) -> str:
    """How TF's kernels name the place: `Key: k.` for one Example, `Name: <unknown>, Key: k, Index: i.`
    for a batch."""
    return f"Key: {key}." if index is None else f"Name: <unknown>, Key: {key}, Index: {index}."


def _values(feature, dt, key, index):
    kind = feature.WhichOneof("kind")
    if kind is None:
        return np.zeros(0, dt.as_numpy_dtype) if dt is not _dt.string else np.zeros(0, object)
    if kind != _KIND[dt]:
        raise KernelError(f"{_where(key, index)}  Data types don't match. Data type: {_TYPE_NAMES[kind]} but "
                          f"expected type: {_TYPE_NAMES[_KIND[dt]]}")
    values = getattr(feature, kind).value
    if dt is _dt.string:
        out = np.empty(len(values), object)
        out[:] = list(values)
        return out
    return np.asarray(list(values), dt.as_numpy_dtype)


_TYPE_NAMES = {"float_list": "float", "int64_list": "int64", "bytes_list": "string"}


def _parse_kernel(op):
    dense_keys, dense_types = op._attrs["dense_keys"], op._attrs["Tdense"]
    dense_shapes = [as_shape(s) for s in op._attrs["dense_shapes"]]
    sparse_keys, sparse_types = op._attrs["sparse_keys"], op._attrs["sparse_types"]
    single = op._type == "ParseSingleExample"

    def k(ctx, serialized, *rest):
        defaults = rest if single else rest[len(rest) - len(dense_keys):]
        pb2 = _example_pb2()
        records = [serialized] if single else list(np.asarray(serialized, dtype=object).reshape(-1))
        parsed = []
        for i, data in enumerate(records):
            data = data.item() if isinstance(data, np.ndarray) else data
            ex = pb2.Example()
            try:
                ex.ParseFromString(data if isinstance(data, bytes) else str(data).encode())
            except Exception:  # noqa: BLE001 - protobuf's DecodeError
                raise KernelError(f"Could not parse example input, value: '{_preview(data)}'") from None
            parsed.append(ex.features.feature)
        dense_out = []
        for key, dt, shape, default in zip(dense_keys, dense_types, dense_shapes, defaults):
            rows = []
            for i, feats in enumerate(parsed):
                where = None if single else i
                if key in feats:
                    v = _values(feats[key], dt, key, where)
                    want = int(np.prod(shape.as_list()))
                    if v.size != want:
                        raise KernelError(f"{_where(key, where)}  Number of {_TYPE_NAMES[_KIND[dt]]} values != "
                                          f"expected.  Values size: {v.size} but output shape: "
                                          f"[{','.join(str(d) for d in shape.as_list())}]")
                    rows.append(v.reshape(shape.as_list()))
                elif np.size(default) == 0:
                    raise KernelError(("" if single else "Name: <unknown>, ") + f"Feature: {key} (data type: "
                                      f"{_TYPE_NAMES[_KIND[dt]]}) is required but could not be found.")
                else:
                    rows.append(np.broadcast_to(np.asarray(default), shape.as_list()).astype(
                        object if dt is _dt.string else dt.as_numpy_dtype))
            if single:
                dense_out.append(rows[0])
            else:
                dense_out.append(np.stack(rows) if rows else np.zeros([0] + shape.as_list(),
                                                                       object if dt is _dt.string else dt.as_numpy_dtype))
        sparse_out = [[], [], []]
        for key, dt in zip(sparse_keys, sparse_types):
            idx, vals, longest = [], [], 0
            for i, feats in enumerate(parsed):
                where = None if single else i
                v = _values(feats[key], dt, key, where) if key in feats else _values(pb2.Feature(), dt, key, where)
                idx.extend([j] if single else [i, j] for j in range(v.size))
                vals.append(v)
                longest = max(longest, v.size)
            width = 1 if single else 2
            sparse_out[0].append(np.asarray(idx, np.int64).reshape(-1, width))
            sparse_out[1].append(np.concatenate(vals) if vals else np.zeros(0, dt.as_numpy_dtype))
            sparse_out[2].append(np.asarray([longest] if single else [len(parsed), longest], np.int64))
        return tuple(sparse_out[0] + sparse_out[1] + sparse_out[2] + dense_out)
    return k


def _preview(data) -> str:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
    return text[:64]


def _parse_shape(op):
    single = op._type == "ParseSingleExample"
    n_sparse = len(op._attrs["sparse_keys"])
    batch = [] if single else [op._inputs[0]._shape[0].value if op._inputs[0]._shape.ndims == 1 else None]
    rank = 1 if single else 2
    sparse = ([TensorShape([None, rank])] * n_sparse + [TensorShape([None])] * n_sparse
              + [TensorShape([rank])] * n_sparse)
    dense = [TensorShape(batch + as_shape(s).as_list()) for s in op._attrs["dense_shapes"]]
    return sparse + dense


register("ParseExample", "io", _parse_shape, _parse_kernel, gpu=False, doc="parses a batch of tf.train.Example records")
register("ParseSingleExample", "io", _parse_shape, _parse_kernel, gpu=False, doc="parses one tf.train.Example record")


def _split_features(features):
    if not features:
        raise ValueError("Missing: features was {}.")
    sparse, dense = [], []
    for key in sorted(features):
        spec = features[key]
        if isinstance(spec, VarLenFeature):
            dt = _dt.as_dtype(spec.dtype)
            if dt not in _ALLOWED:
                raise ValueError(f"Unsupported VarLenFeature {spec}.")
            sparse.append((key, dt))
        elif isinstance(spec, FixedLenFeature):
            dt = _dt.as_dtype(spec.dtype)
            if dt not in _ALLOWED:
                raise ValueError(f"Unsupported FixedLenFeature {spec}.")
            if spec.shape is None:
                raise ValueError(f"Missing shape for feature {key}.")
            shape = as_shape(spec.shape)
            if not shape.is_fully_defined():
                raise ValueError(f"All dimensions of shape for feature {key} need to be known but received "
                                 f"{shape}.")
            dense.append((key, dt, shape, spec.default_value))
        else:
            raise ValueError(f"Unsupported feature type: {type(spec).__name__}")
    return sparse, dense


def _parse(op_type, serialized, features, name, scope_name):
    sparse, dense = _split_features(features)
    g = graph_of([serialized])
    with g.as_default(), g.name_scope(name or scope_name):
        serialized = convert_to_tensor(serialized, dtype=_dt.string, name="serialized")
        defaults = []
        for key, dt, shape, default in dense:
            value = [] if default is None else default
            defaults.append(convert_to_tensor(np.asarray(value, dtype=object if dt is _dt.string
                                                         else dt.as_numpy_dtype), dtype=dt,
                                              name=f"key_{key}" if default is not None else "Const"))
        inputs = [serialized]
        if op_type == "ParseExample":
            names = convert_to_tensor(np.zeros(0, object), dtype=_dt.string, name="names")
            keys = [convert_to_tensor(k, dtype=_dt.string, name=f"sparse_keys_{i}") for i, (k, _) in enumerate(sparse)]
            keys += [convert_to_tensor(k, dtype=_dt.string, name=f"dense_keys_{i}") for i, (k, *_) in enumerate(dense)]
            inputs += [names] + keys
        out_types = ([_dt.int64] * len(sparse) + [dt for _, dt in sparse] + [_dt.int64] * len(sparse)
                     + [dt for _, dt, _, _ in dense])
        op = g.create_op(op_type, inputs + defaults, out_types, name=op_type, attrs={
            "sparse_keys": [k for k, _ in sparse], "sparse_types": [dt for _, dt in sparse],
            "dense_keys": [k for k, *_ in dense], "Tdense": [dt for _, dt, _, _ in dense],
            "dense_shapes": [shape for _, _, shape, _ in dense], "Nsparse": len(sparse), "Ndense": len(dense),
            "num_sparse": len(sparse)})
    outs = op._outputs
    n = len(sparse)
    result = {}
    for i, (key, _) in enumerate(sparse):
        result[key] = _sparse_tensor(outs[i], outs[n + i], outs[2 * n + i])
    for j, (key, *_rest) in enumerate(dense):
        result[key] = outs[3 * n + j]
    return result


def _sparse_tensor(indices, values, dense_shape):
    from ..sparse_tensor import SparseTensor
    return SparseTensor(indices, values, dense_shape)


def parse_example(serialized, features, name=None, example_names=None) -> dict:
    """`tf.parse_example(serialized, features)`: a dict of batched tensors (and SparseTensors)."""
    return _parse("ParseExample", serialized, features, name, "ParseExample")


def parse_single_example(serialized, features, name=None, example_names=None) -> dict:
    """`tf.parse_single_example(serialized, features)`: one Example's features as a dict."""
    return _parse("ParseSingleExample", serialized, features, name, "ParseSingleExample")


# -- DecodeRaw ---------------------------------------------------------------------------------------
_RAW = (_dt.float16, _dt.float32, _dt.float64, _dt.int32, _dt.uint8, _dt.int16, _dt.int8, _dt.int64)


def _decode_raw_kernel(op):
    dt, little = op._attrs["out_type"], op._attrs["little_endian"]
    np_dt = np.dtype(dt.as_numpy_dtype).newbyteorder("<" if little else ">")

    def k(ctx, data):
        arr = np.asarray(data, dtype=object)
        flat = [v if isinstance(v, bytes) else str(v).encode() for v in arr.reshape(-1)]
        width = np_dt.itemsize
        sizes = {len(v) for v in flat}
        if any(s % width for s in sizes):
            raise KernelError(f"Input to DecodeRaw has length {next(s for s in sizes if s % width)} that is not a "
                              f"multiple of {width}, the size of {dt._proto_name}")
        if len(sizes) > 1:
            raise KernelError(f"DecodeRaw requires input strings to all be the same size, but element "
                              f"{[len(v) for v in flat].index(sorted(sizes)[1])} has size "
                              f"{sorted(sizes)[1]} != {len(flat[0])}")
        n = (sizes.pop() // width) if sizes else 0
        out = np.empty(arr.shape + (n,), dtype=dt.as_numpy_dtype)
        for i, v in enumerate(flat):
            out.reshape(-1, n)[i] = np.frombuffer(v, dtype=np_dt) if n else []
        return out
    return k


def _decode_raw_shape(op):
    s = op._inputs[0]._shape
    return [unknown_shape() if s.ndims is None else TensorShape(s.as_list() + [None])]


register("DecodeRaw", "io", _decode_raw_shape, _decode_raw_kernel, gpu=False, doc="reinterprets bytes as numbers")


def decode_raw(input_bytes=None, out_type=None, little_endian=True, name=None, bytes=None):  # noqa: A002
    """`tf.decode_raw(bytes, out_type)`: each string's bytes read as a vector of `out_type`."""
    data = input_bytes if input_bytes is not None else bytes
    dt = _dt.as_dtype(out_type)
    if dt not in _RAW:
        raise TypeError(f"Value passed to parameter 'out_type' has DataType {dt.name} not in list of allowed values: "
                        f"half, float32, float64, int32, uint16, uint8, int16, int8, int64")
    g = graph_of([data])
    with g.as_default(), g.name_scope(name or "DecodeRaw") as scope:
        t = convert_to_tensor(data, dtype=_dt.string, name="bytes")
        return g.create_op("DecodeRaw", [t], [dt], name=scope,
                           attrs={"out_type": dt, "little_endian": bool(little_endian)})._outputs[0]
