"""`tf.reverse` (`ReverseV2`) and `tf.reverse_sequence` (`ReverseSequence`), what
`tf.nn.bidirectional_dynamic_rnn` runs its backward direction on, with their gradients (each is
its own inverse, so the gradient reverses the incoming gradient the same way)."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, convert_to_tensor
from ..errors import KernelError
from ..grad_registry import RegisterGradient
from ..graph import get_default_graph
from ..registry import register
from .common import same_shape

__all__ = ["reverse", "reverse_sequence"]


def _reverse_kernel(op):
    def k(ctx, x, axis):
        axes = [int(a) % max(np.ndim(x), 1) for a in np.asarray(axis).reshape(-1)]
        return np.flip(x, axis=tuple(axes)) if axes else np.asarray(x)
    return k


def reverse_sequence_np(x, lengths, seq_axis, batch_axis):
    """numpy twin: along `seq_axis`, the first `lengths[b]` elements of batch row b reversed."""
    x = np.asarray(x)
    out = x.copy()
    for b, n in enumerate(np.asarray(lengths).reshape(-1)):
        n = int(n)
        if n > x.shape[seq_axis]:
            raise KernelError(f"seq_lens(b) <= input.dims(seq_dim), but saw {n} at b={b}")
        idx = [slice(None)] * x.ndim
        idx[batch_axis] = b
        src = list(idx)
        idx[seq_axis] = slice(0, n)
        src[seq_axis] = slice(n - 1, None, -1) if n > 0 else slice(0, 0)
        out[tuple(idx)] = x[tuple(src)]
    return out


def _reverse_sequence_kernel(op):
    seq_axis, batch_axis = op._attrs["seq_dim"], op._attrs["batch_dim"]
    return lambda ctx, x, lengths: reverse_sequence_np(x, lengths, seq_axis, batch_axis)


register("ReverseV2", "array", same_shape, _reverse_kernel, doc="reverses a tensor along the given axes")
register("ReverseSequence", "array", same_shape, _reverse_sequence_kernel,
         doc="reverses the first seq_lengths[b] steps of each batch row")


def reverse(tensor, axis, name=None):
    """`tf.reverse` (TF 1.15: the op `ReverseV2`)."""
    return apply_op("ReverseV2", name, [("tensor", tensor), ("axis", axis)], same_type=("tensor",))._outputs[0]


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None, seq_dim=None,  # noqa: A002
                     batch_dim=None):
    """`tf.reverse_sequence`: reverses variable-length slices (`ReverseSequence`)."""
    seq_axis = seq_axis if seq_axis is not None else seq_dim
    batch_axis = batch_axis if batch_axis is not None else (batch_dim if batch_dim is not None else 0)
    g = get_default_graph()
    with g.name_scope(name or "ReverseSequence") as scope:
        x = convert_to_tensor(input, name="input")
        lengths = convert_to_tensor(seq_lengths, name="seq_lengths")
        if lengths._dtype.base_dtype not in (_dt.int32, _dt.int64):
            raise TypeError(f"Value passed to parameter 'seq_lengths' has DataType {lengths._dtype.base_dtype.name} "
                            "not in list of allowed values: int32, int64")
        op = g.create_op("ReverseSequence", [x, lengths], [x._dtype.base_dtype], name=scope,
                         attrs={"seq_dim": int(seq_axis), "batch_dim": int(batch_axis), "T": x._dtype.base_dtype,
                                "Tlen": lengths._dtype.base_dtype})
    return op._outputs[0]


@RegisterGradient("ReverseV2")
def _reverse_grad(op, grad):
    return reverse(grad, op._inputs[1]), None


@RegisterGradient("ReverseSequence")
def _reverse_sequence_grad(op, grad):
    return [reverse_sequence(grad, op._inputs[1], seq_axis=op._attrs["seq_dim"], batch_axis=op._attrs["batch_dim"]),
            None]
