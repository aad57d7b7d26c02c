"""Ops that reorder or repeat a tensor without changing its values: `tf.reverse` (`ReverseV2`),
`tf.reverse_sequence`, `tf.roll`, `tf.broadcast_to`, `tf.meshgrid`; and `tf.check_numerics`,
which passes its input through unless it holds NaN or Inf. TF 1.15's op types and texts."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import FLOATS, KernelError, same_shape, shape_error

__all__ = ["reverse", "reverse_v2", "reverse_sequence", "roll", "broadcast_to", "meshgrid", "check_numerics"]


def _axes(axis, ndim):
    out = []
    for a in np.asarray(axis).reshape(-1):
        a = int(a)
        if not -ndim <= a < ndim:
            raise KernelError(f"'axis'[0] = {a} is out of valid range [0, {ndim - 1}]")
        out.append(a % ndim)
    if len(set(out)) != len(out):
        raise KernelError(f"axis {out[0]} specified more than once.")
    return tuple(out)


# -- ReverseV2 ------------------------------------------------------------------------------------
def _reverse_shape(op):
    x, axis = op._inputs[0]._shape, constant_value(op._inputs[1])
    if x.ndims is not None and axis is not None:
        seen = set()
        for i, a in enumerate(np.asarray(axis).reshape(-1)):
            a = int(a)
            if not -x.ndims <= a < x.ndims:  # TF's text, its missing "]" included
                raise shape_error(op, f"'axis'[{i}] = {a} is out of valid range [0, {x.ndims - 1}", tensors=(1,))
            if a % x.ndims in seen:
                raise shape_error(op, f"axis {a % x.ndims} specified more than once.", tensors=(1,))
            seen.add(a % x.ndims)
    return [x]


register("ReverseV2", "array", _reverse_shape,
         lambda op: (lambda ctx, x, axis: np.flip(x, _axes(axis, np.ndim(x))) if np.size(axis) else np.asarray(x)),
         doc="reverses along axes")


def reverse(tensor, axis, name=None):
    """`tf.reverse(tensor, axis)`: `tensor` read backwards along each of `axis`."""
    return apply_op("ReverseV2", name, [("tensor", tensor), ("axis", axis)], same_type=("tensor",))._outputs[0]


reverse_v2 = reverse


# -- ReverseSequence ------------------------------------------------------------------------------
def _reverse_sequence_kernel(op):
    seq_dim, batch_dim = op._attrs["seq_dim"], op._attrs["batch_dim"]

    def k(ctx, x, lengths):
        x = np.asarray(x)
        lengths = np.asarray(lengths).reshape(-1)
        if lengths.size != x.shape[batch_dim]:
            raise KernelError(f"Length of seq_lengths != input.dims({batch_dim}), ({lengths.size} vs. "
                              f"{x.shape[batch_dim]})")
        out = x.copy()
        for b, n in enumerate(lengths):
            n = int(n)
            if n > x.shape[seq_dim]:
                raise KernelError(f"seq_lens({b}) > input.dims({seq_dim})")
            src = [slice(None)] * x.ndim
            src[batch_dim] = b
            src[seq_dim] = slice(0, n)
            out[tuple(src)] = np.flip(x[tuple(src)], axis=seq_dim - (1 if batch_dim < seq_dim else 0))
        return out
    return k


register("ReverseSequence", "array", same_shape, _reverse_sequence_kernel, doc="reverses each sequence's first entries")


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None, seq_dim=None,  # noqa: A002
                     batch_dim=None):
    seq = seq_axis if seq_axis is not None else seq_dim
    batch = batch_axis if batch_axis is not None else (batch_dim if batch_dim is not None else 0)
    if seq is None:
        raise TypeError("reverse_sequence() missing required argument: 'seq_axis'")
    kind = seq_lengths.dtype.base_dtype.name if hasattr(seq_lengths, "_op") else \
        ("int32" if np.asarray(seq_lengths).dtype.kind in "iu" else np.asarray(seq_lengths).dtype.name)
    if kind not in ("int32", "int64"):
        raise TypeError(f"Value passed to parameter 'seq_lengths' has DataType {kind} "
                        "not in list of allowed values: int32, int64")
    return apply_op("ReverseSequence", name, [("input", input), ("seq_lengths", seq_lengths)], same_type=("input",),
                    attrs={"seq_dim": int(seq), "batch_dim": int(batch)})._outputs[0]


# -- Roll -------------------------------------------------------------------------------------------
def _roll_kernel(op):
    def k(ctx, x, shift, axis):
        shift, axis = np.asarray(shift).reshape(-1), np.asarray(axis).reshape(-1)
        if shift.size != axis.size:
            raise KernelError(f"shift and axis must have the same size")
        for a in axis:
            if not -np.ndim(x) <= int(a) < np.ndim(x):
                raise KernelError(f"axis {int(a)} is out of range")
        return np.roll(x, tuple(int(s) for s in shift), tuple(int(a) for a in axis))
    return k


register("Roll", "array", same_shape, _roll_kernel, doc="rotates the entries along axes of")


def roll(input, shift, axis, name=None):  # noqa: A002
    return apply_op("Roll", name, [("input", input), ("shift", shift), ("axis", axis)],
                    same_type=("input",))._outputs[0]


# -- BroadcastTo ----------------------------------------------------------------------------------
def _broadcast_to_shape(op):
    target = constant_value(op._inputs[1])
    if target is None:
        return [unknown_shape()]
    x = op._inputs[0]._shape
    out = [int(d) for d in np.asarray(target).reshape(-1)]
    if x.ndims is not None:
        dims = x.as_list()
        if len(dims) > len(out):
            raise shape_error(op, f"Rank of input ({len(dims)}) must be no greater than rank of output shape "
                                  f"({len(out)}).", tensors=(0, 1))
        for d, t in zip(reversed(dims), reversed(out)):
            if d is not None and d != 1 and d != t:
                raise shape_error(op, f"Dimensions must be equal, but are {t} and {d}", tensors=(0, 1))
    return [TensorShape(out)]


def _broadcast_to_kernel(op):
    def k(ctx, x, shape):
        target = tuple(int(d) for d in np.asarray(shape).reshape(-1))
        try:
            return np.broadcast_to(x, target).copy()
        except ValueError:
            raise KernelError(f"Incompatible shapes: [{','.join(map(str, np.shape(x)))}] vs. "
                              f"[{','.join(map(str, target))}]") from None
    return k


register("BroadcastTo", "array", _broadcast_to_shape, _broadcast_to_kernel, doc="repeats to a broadcast shape")


def broadcast_to(input, shape, name=None):  # noqa: A002
    return apply_op("BroadcastTo", name, [("input", input), ("shape", shape)], same_type=("input",))._outputs[0]


# -- meshgrid (TF's Python composite) ------------------------------------------------------------
def meshgrid(*args, **kwargs) -> list:
    """`tf.meshgrid(x, y, ..., indexing='xy')`: coordinate grids, built as TF builds them (Reshape each
    input, multiply by `ones` of the full shape)."""
    from . import array_ops as A
    from .index_ops import stack
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        key = list(kwargs)[0]
        raise TypeError(f"'{key}' is an invalid keyword argument for this function")
    if indexing not in ("xy", "ij"):
        raise ValueError("indexing parameter must be either 'xy' or 'ij'")
    g = graph_of(list(args))
    with g.as_default(), g.name_scope(name):
        ndim = len(args)
        s0 = (1,) * ndim
        output = [A.reshape(stack(x), s0[:i] + (-1,) + s0[i + 1:]) for i, x in enumerate(args)]
        shapes = [A.size(x) for x in args]
        dtype = convert_to_tensor(args[0]).dtype.base_dtype
        if indexing == "xy" and ndim > 1:
            output[0] = A.reshape(output[0], (1, -1) + (1,) * (ndim - 2))
            output[1] = A.reshape(output[1], (-1, 1) + (1,) * (ndim - 2))
            shapes[0], shapes[1] = shapes[1], shapes[0]
        mult_fact = A.ones(shapes, dtype)
        return [x * mult_fact for x in output]


# -- CheckNumerics ----------------------------------------------------------------------------------
def _check_numerics_kernel(op):
    message = op._attrs["message"]

    def k(ctx, x):
        x = np.asarray(x)
        nan, inf = bool(np.isnan(x).any()), bool(np.isinf(x).any())
        if nan or inf:
            what = "NaN and Inf" if nan and inf else ("NaN" if nan else "Inf")
            raise KernelError(f"{message} : Tensor had {what} values")
        return x
    return k


register("CheckNumerics", "array", same_shape, _check_numerics_kernel, gpu=True,
         doc="passes its input through, failing on NaN or Inf in")


def check_numerics(tensor, message, name=None):
    """`tf.check_numerics(tensor, message)`: `tensor` itself, or an InvalidArgumentError
    "<message> : Tensor had NaN values" when it holds NaN or Inf."""
    t = convert_to_tensor(tensor, name="tensor") if not hasattr(tensor, "dtype") else tensor
    if getattr(t, "dtype", None) is not None and _dt.as_dtype(t.dtype).base_dtype not in FLOATS:
        raise TypeError(f"Value passed to parameter 'tensor' has DataType {_dt.as_dtype(t.dtype).base_dtype.name} "
                        f"not in list of allowed values: bfloat16, float16, float32, float64")
    return apply_op("CheckNumerics", name, [("tensor", tensor)], attrs={"message": str(message)})._outputs[0]
