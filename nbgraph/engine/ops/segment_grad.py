"""Gradients of the grouping and reordering ops (`segment_ops.py`, `reorder_ops.py`), after TF's
math_grad.py, array_grad.py and data_flow_grad.py."""
from __future__ import annotations

from .. import dtypes as _dt
from ..grad_registry import NotDifferentiable, RegisterGradient
from . import array_ops as A
from . import grad_ops as G
from . import math_ops as M
from . import reduce_ops as R
from . import reorder_ops as RO
from . import segment_ops as S
from .index_ops import gather

for _t in ("Unique", "UniqueWithCounts", "Bincount"):
    NotDifferentiable(_t)


@RegisterGradient("SegmentSum")
def _SegmentSumGrad(op, grad):  # noqa: N802
    return gather(grad, op.inputs[1]), None


@RegisterGradient("SegmentMean")
def _SegmentMeanGrad(op, grad):  # noqa: N802
    data_rank = A.rank(op.inputs[0])
    segment_ids_shape = A.shape(op.inputs[1])
    remaining_shape = A.ones(A.expand_dims(data_rank - 1, 0), dtype=segment_ids_shape.dtype)
    ones_shape = A.concat([segment_ids_shape, remaining_shape], 0)
    ones = A.ones(ones_shape, dtype=grad.dtype)
    scaled_grad = M.divide(grad, S.segment_sum(ones, op.inputs[1]))
    return gather(scaled_grad, op.inputs[1]), None


@RegisterGradient("SegmentMin")
@RegisterGradient("SegmentMax")
def _SegmentMinOrMaxGrad(op, grad):  # noqa: N802
    zeros = A.zeros_like(op.inputs[0], dtype=op.inputs[0].dtype)
    gathered_outputs = gather(op.outputs[0], op.inputs[1])
    is_selected = M.equal(op.inputs[0], gathered_outputs)
    num_selected = S.segment_sum(A.cast(is_selected, grad.dtype), op.inputs[1])
    weighted_grads = M.divide(grad, num_selected)
    gathered_grads = gather(weighted_grads, op.inputs[1])
    return A.where(is_selected, gathered_grads, zeros), None


@RegisterGradient("SegmentProd")
def _SegmentProdGrad(op, grad):  # noqa: N802
    """Each entry's share of its segment's product, with zeros handled as TF does: a segment with
    one zero sends the others' product to the zero, a segment with two or more sends nothing."""
    data, ids = op.inputs[0], op.inputs[1]
    is_zero = M.equal(data, 0)
    num_zeros = S.segment_sum(A.cast(is_zero, _dt.int32), ids)
    grad = A.where(_expand_like(M.greater(num_zeros, 1), grad), A.zeros_like(grad), grad)
    non_zero_data = A.where(is_zero, A.ones_like(data), data)
    non_zero_prod = S.segment_prod(non_zero_data, ids)
    gathered_prod = gather(op.outputs[0], ids)
    gathered_non_zero_prod = gather(non_zero_prod, ids)
    prod_divided_by_el = M.truediv(gathered_prod, non_zero_data)
    partial_derivative = A.where(is_zero, gathered_non_zero_prod, prod_divided_by_el)
    return M.multiply(gather(grad, ids), partial_derivative), None


def _expand_like(mask, like):
    for _ in range((like.shape.ndims or 1) - (mask.shape.ndims or 1)):
        mask = A.expand_dims(mask, -1)
    return M.logical_and(mask, A.ones_like(like, dtype=_dt.bool_))


def _gather_drop_negatives(params, ids, zero_clipped_indices=None, is_positive=None):
    if zero_clipped_indices is None:
        zero_clipped_indices = M.maximum(ids, A.zeros_like(ids))
    gathered = gather(params, zero_clipped_indices)
    if is_positive is None:
        is_positive = _expand_like(M.greater_equal(ids, 0), gathered)
    zero_slice = A.zeros_like(gathered)
    return A.where(is_positive, gathered, zero_slice), zero_clipped_indices, is_positive


@RegisterGradient("UnsortedSegmentMin")
@RegisterGradient("UnsortedSegmentMax")
def _UnsortedSegmentMinOrMaxGrad(op, grad):  # noqa: N802
    gathered_outputs, zero_clipped_indices, is_positive = _gather_drop_negatives(op.outputs[0], op.inputs[1])
    is_selected = M.logical_and(M.equal(op.inputs[0], gathered_outputs), is_positive)
    num_selected = G.unsorted_segment_sum(A.cast(is_selected, grad.dtype), op.inputs[1], op.inputs[2])
    weighted_grads = M.divide(grad, num_selected)
    gathered_grads, _, _ = _gather_drop_negatives(weighted_grads, None, zero_clipped_indices, is_positive)
    return A.where(is_selected, gathered_grads, A.zeros_like(gathered_grads)), None, None


@RegisterGradient("UnsortedSegmentProd")
def _UnsortedSegmentProdGrad(op, grad):  # noqa: N802
    data, ids, n = op.inputs
    is_zero = M.equal(data, A.zeros_like(data))
    num_zeros = G.unsorted_segment_sum(A.cast(is_zero, _dt.int32), ids, n)
    grad = A.where(_expand_like(M.greater(num_zeros, 1), grad), A.zeros_like(grad), grad)
    non_zero_data = A.where(is_zero, A.ones_like(data), data)
    non_zero_prod = S.unsorted_segment_prod(non_zero_data, ids, n)
    zero_clipped_indices = M.maximum(ids, A.zeros_like(ids))
    gathered_prod = gather(op.outputs[0], zero_clipped_indices)
    gathered_non_zero_prod = gather(non_zero_prod, zero_clipped_indices)
    prod_divided_by_el = M.truediv(gathered_prod, non_zero_data)
    partial_derivative = A.where(is_zero, gathered_non_zero_prod, prod_divided_by_el)
    gathered_grad, _, _ = _gather_drop_negatives(grad, ids, zero_clipped_indices)
    return M.multiply(gathered_grad, partial_derivative), None, None


@RegisterGradient("DynamicPartition")
def _DynamicPartitionGrads(op, *grads):  # noqa: N802
    data, indices = op.inputs
    num_partitions = op._attrs["num_partitions"]
    prefix_shape = A.shape(indices)
    original_indices = A.reshape(A.range(R.reduce_prod(prefix_shape)), prefix_shape)
    partitioned_indices = S.dynamic_partition(original_indices, indices, num_partitions)
    reconstructed = G.dynamic_stitch(partitioned_indices, list(grads))
    return [A.reshape(reconstructed, A.shape(data)), None]


@RegisterGradient("ReverseV2")
def _ReverseV2Grad(op, grad):  # noqa: N802
    return RO.reverse(grad, op.inputs[1]), None


@RegisterGradient("ReverseSequence")
def _ReverseSequenceGrad(op, grad):  # noqa: N802
    return [RO.reverse_sequence(grad, seq_axis=op._attrs["seq_dim"], batch_axis=op._attrs["batch_dim"],
                                seq_lengths=op.inputs[1]), None]


@RegisterGradient("Roll")
def _RollGrad(op, grad):  # noqa: N802
    return RO.roll(grad, M.negative(op.inputs[1]), op.inputs[2]), None, None


@RegisterGradient("BroadcastTo")
def _BroadcastToGrad(op, grad):  # noqa: N802
    input_value = op.inputs[0]
    broadcast_shape = op.inputs[1]
    input_value_shape = A.shape(input_value, out_type=broadcast_shape.dtype.base_dtype)
    _, reduction_axes = G.broadcast_gradient_args(broadcast_shape, input_value_shape)
    updates_grad_reshaped = R.reduce_sum(grad, axis=reduction_axes, keepdims=True)
    return [A.reshape(updates_grad_reshaped, input_value_shape), None]


@RegisterGradient("CheckNumerics")
def _CheckNumericsGrad(op, grad):  # noqa: N802
    return RO.check_numerics(grad, "Not a number (NaN) or infinity (Inf) values detected in gradient. "
                             + op._attrs["message"])
