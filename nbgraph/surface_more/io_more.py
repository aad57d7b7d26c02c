"""TF 1.15's `tf.io` serialize/parse/base64 ops, `tf.strings.regex_full_match`, `tf.timestamp` and
the numerics/initialization checks (`add_check_numerics_ops`, `verify_tensor_all_finite`,
`assert_variables_initialized`).

`SerializeTensor` writes TF's TensorProto bytes as `Tensor::AsProtoTensorContent` does (values
in `tensor_content`, strings in `string_val`); `EncodeBase64`/`DecodeBase64` use the web-safe
alphabet (`-` and `_`), unpadded unless `pad=True`.
"""
from __future__ import annotations

import base64
import binascii
import re
import time

import numpy as np

from ..engine import dtypes as _dt
from ..engine.convert import convert_to_tensor
from ..engine.errors import InvalidArgumentError
from ..engine.grad_registry import NotDifferentiable
from ..engine.graph import GraphKeys, Tensor, get_default_graph, graph_of
from ..engine.ops.common import KernelError, same_shape
from ..engine.registry import register
from ..engine.shapes import TensorShape, unknown_shape

__all__ = ["serialize_tensor", "parse_tensor", "encode_base64", "decode_base64", "regex_full_match", "timestamp",
           "add_check_numerics_ops", "verify_tensor_all_finite", "assert_variables_initialized"]


def _bytes(x) -> bytes:
    return x if isinstance(x, bytes) else str(x).encode()


def _map_strings(fn, arr):
    arr = np.asarray(arr, dtype=object)
    out = np.empty(arr.shape, dtype=object)
    for i, x in np.ndenumerate(arr):
        out[i] = fn(_bytes(x))
    return out


def _op(g, type_, inputs, dtypes, name, attrs=None):
    with g.as_default(), g.name_scope(name or type_) as scope:
        return g.create_op(type_, inputs, dtypes, name=scope, attrs=attrs or {})


# -- SerializeTensor / ParseTensor ---------------------------------------------------------------
def _serialize_kernel(op):
    def k(ctx, x):
        from ..formats.op_attrs import enum_of
        from ..formats.protos import pb
        from ..formats.tensors import shape_proto
        dt = op._inputs[0].dtype.base_dtype
        arr = np.asarray(x)
        p = pb().TensorProto(dtype=enum_of(dt))
        p.tensor_shape.CopyFrom(shape_proto(TensorShape(arr.shape)))
        if dt == _dt.string:
            p.string_val.extend(_bytes(s) for s in arr.reshape(-1))
        elif arr.size:
            npdt = np.dtype(dt.as_numpy_dtype)
            p.tensor_content = np.ascontiguousarray(arr, dtype=npdt).astype(npdt.newbyteorder("<")).tobytes()
        return np.array(p.SerializeToString(), dtype=object)
    return k


def _parse_kernel(op):
    want = op._attrs["out_type"]

    def k(ctx, serialized):
        from google.protobuf.message import DecodeError

        from ..formats.protos import pb
        from ..formats.tensors import make_ndarray
        from ..formats.op_attrs import dtype_from_enum
        raw = _bytes(np.asarray(serialized).reshape(-1)[0])
        p = pb().TensorProto()
        try:
            p.ParseFromString(raw)
        except DecodeError:
            raise KernelError(f"Could not parse `serialized` as TensorProto: "
                              f"'{raw.decode('utf-8', 'backslashreplace')}'", InvalidArgumentError) from None
        got = dtype_from_enum(p.dtype)
        if got != want:
            raise KernelError(f"Type mismatch between parsed tensor ({got._proto_name}) and dtype ({want._proto_name})",
                              InvalidArgumentError)
        return make_ndarray(p)
    return k


register("SerializeTensor", "io", lambda op: [TensorShape([])], _serialize_kernel, gpu=False,
         doc="a tensor as TensorProto bytes")
register("ParseTensor", "io", lambda op: [unknown_shape()], _parse_kernel, gpu=False,
         doc="a tensor from TensorProto bytes")


def serialize_tensor(tensor, name=None) -> Tensor:
    """`tf.io.serialize_tensor(tensor)`: a scalar string of the tensor's TensorProto."""
    g = graph_of([tensor])
    with g.as_default():
        x = convert_to_tensor(tensor)
    return _op(g, "SerializeTensor", [x], [_dt.string], name, {"T": x.dtype.base_dtype})._outputs[0]


def parse_tensor(serialized, out_type, name=None) -> Tensor:
    """`tf.io.parse_tensor(serialized, out_type)`: the tensor a `serialize_tensor` string holds."""
    g = graph_of([serialized])
    with g.as_default():
        s = convert_to_tensor(serialized, dtype=_dt.string)
    out = _dt.as_dtype(out_type)
    return _op(g, "ParseTensor", [s], [out], name, {"out_type": out})._outputs[0]


# -- base64 --------------------------------------------------------------------------------------
def _encode_kernel(op):
    pad = op._attrs["pad"]

    def one(b):
        s = base64.urlsafe_b64encode(b)
        return s if pad else s.rstrip(b"=")
    return lambda ctx, x: _map_strings(one, x)


def _decode_one(b: bytes) -> bytes:
    s = b.rstrip(b"=")
    if re.fullmatch(rb"[A-Za-z0-9_-]*", s) is None or len(s) % 4 == 1:
        raise KernelError("Invalid character found in base64." if re.fullmatch(rb"[A-Za-z0-9_-]*", s) is None
                          else "Invalid base64 length.", InvalidArgumentError)
    try:
        return base64.urlsafe_b64decode(s + b"=" * (-len(s) % 4))
    except binascii.Error:
        raise KernelError("Invalid character found in base64.", InvalidArgumentError) from None


register("EncodeBase64", "array", same_shape, _encode_kernel, gpu=False, doc="web-safe base64 of strings")
register("DecodeBase64", "array", same_shape, lambda op: (lambda ctx, x: _map_strings(_decode_one, x)), gpu=False,
         doc="strings from web-safe base64")


def encode_base64(input, pad=False, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    """`tf.io.encode_base64(input, pad=False)`: web-safe base64 (`-`, `_`), unpadded by default."""
    g = graph_of([input])
    with g.as_default():
        x = convert_to_tensor(input, dtype=_dt.string)
    return _op(g, "EncodeBase64", [x], [_dt.string], name, {"pad": bool(pad)})._outputs[0]


def decode_base64(input, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    """`tf.io.decode_base64(input)`: the bytes of web-safe base64 strings (padded or not)."""
    g = graph_of([input])
    with g.as_default():
        x = convert_to_tensor(input, dtype=_dt.string)
    return _op(g, "DecodeBase64", [x], [_dt.string], name)._outputs[0]


# -- regex_full_match, timestamp -----------------------------------------------------------------
def _regex_kernel(op):
    def k(ctx, strings, pattern):
        p = _bytes(np.asarray(pattern).reshape(-1)[0]).decode("utf-8", "replace")
        try:
            regex = re.compile(p)
        except re.error as e:
            raise KernelError(f"Invalid pattern: {p}, error: {e}", InvalidArgumentError) from None
        arr = np.asarray(strings, dtype=object)
        out = np.zeros(arr.shape, dtype=bool)
        for i, x in np.ndenumerate(arr):
            out[i] = regex.fullmatch(_bytes(x).decode("utf-8", "replace")) is not None
        return out
    return k


register("RegexFullMatch", "array", lambda op: [op._inputs[0].shape], _regex_kernel, gpu=False,
         doc="tells which strings match a regular expression tensor")


def regex_full_match(input, pattern, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    """`tf.strings.regex_full_match(input, pattern)`: `StaticRegexFullMatch` for a Python pattern
    (as TF 1.15 builds it), `RegexFullMatch` for a pattern tensor."""
    g = graph_of([input, pattern])
    with g.as_default():
        x = convert_to_tensor(input, dtype=_dt.string)
        if isinstance(pattern, (str, bytes)):
            pat = pattern.decode() if isinstance(pattern, bytes) else pattern
            return _op(g, "StaticRegexFullMatch", [x], [_dt.bool_], name, {"pattern": pat})._outputs[0]
        p = convert_to_tensor(pattern, dtype=_dt.string)
    return _op(g, "RegexFullMatch", [x, p], [_dt.bool_], name)._outputs[0]


register("Timestamp", "io", lambda op: [TensorShape([])],
         lambda op: (lambda ctx: np.float64(time.time())), gpu=False, stateful=True,
         doc="the time in seconds since the Unix epoch")


def timestamp(name=None) -> Tensor:
    """`tf.timestamp()`: a float64 scalar, the run's time in seconds since the epoch."""
    return _op(get_default_graph(), "Timestamp", [], [_dt.float64], name)._outputs[0]


for _t in ("SerializeTensor", "ParseTensor", "EncodeBase64", "DecodeBase64", "RegexFullMatch", "Timestamp"):
    NotDifferentiable(_t)


# -- numerics and initialization checks ----------------------------------------------------------
def add_check_numerics_ops():
    """`tf.add_check_numerics_ops()`: a CheckNumerics for every float output in the graph, chained
    by control dependencies in graph order, grouped into one op."""
    from ..engine.ops.control_ops import group
    from ..engine.ops.reorder_ops import check_numerics
    g = get_default_graph()
    if getattr(g, "executing_eagerly", False):
        raise RuntimeError("add_check_numerics_ops() is not compatible with eager execution. To check for "
                           "Inf's and NaN's under eager execution, call tf.compat.v1.enable_check_numerics() "
                           "once before executing the checked operations.")
    check_op = []
    for op in list(g.get_operations()):
        for output in op.outputs:
            if output.dtype.base_dtype in (_dt.float16, _dt.float32, _dt.float64):
                if getattr(op, "_control_flow_context", None) is not None:
                    raise ValueError("`tf.add_check_numerics_ops() is not compatible with TensorFlow control "
                                     "flow operations such as `tf.cond()` or `tf.while_loop()`.")
                with g.control_dependencies(check_op):
                    check_op = [check_numerics(output, message=f"{op.name}:{output.value_index}")]
    return group(*check_op)


def verify_tensor_all_finite(t, msg, name=None) -> Tensor:
    """`tf.verify_tensor_all_finite(t, msg)`: `t`, after a CheckNumerics that fails with `msg`."""
    from ..engine.ops.control_ops import with_dependencies
    from ..engine.ops.reorder_ops import check_numerics
    g = graph_of([t])
    with g.as_default(), g.name_scope(name or "VerifyFinite"):
        t = convert_to_tensor(t, name="t")
        with g.colocate_with(t):
            verify_input = check_numerics(t, message=msg)
            return with_dependencies([verify_input], t)


def assert_variables_initialized(var_list=None):
    """`tf.assert_variables_initialized(var_list=None)`: the variables' ranks (one `Rank` op each,
    stacked when more than one), failing when run while one is uninitialized; None without variables."""
    g = get_default_graph()
    if var_list is None:
        var_list = g.get_collection(GraphKeys.GLOBAL_VARIABLES) + g.get_collection(GraphKeys.LOCAL_VARIABLES)
    if not var_list:
        var_list = [op.outputs[0] for op in g.get_operations() if op.type in ("Variable", "VariableV2")]
    if not var_list:
        return None
    ranks = []
    for var in var_list:
        t = var._ref() if hasattr(var, "_ref") else var
        with g.colocate_with(t.op):
            ranks.append(g.create_op("Rank", [t], [_dt.int32], name="Rank")._outputs[0])
    if len(ranks) == 1:
        return ranks[0]
    from ..engine.ops.array_ops import stack
    return stack(ranks)
