"""Gradients of the array ops (TF 1.15's `python/ops/array_grad.py`, plus the marks of
`state_grad.py`, `random_grad.py` and the control ops): reshapes, transposes, slices, pads,
joins, gathers, selects, and the ops TF declares not differentiable.

One liberty: TF's `GatherV2` gradient is an `IndexedSlices`; nbgraph has no sparse tensors,
so it is summed into a dense tensor at once with `UnsortedSegmentSum` (what TF does when an
`IndexedSlices` meets a dense op).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import constant_value
from ..grad_registry import NotDifferentiable, RegisterGradient
from . import array_ops as A
from . import grad_ops as G
from . import math_ops as M
from . import reduce_ops as R
from .index_ops import gather
from .nn_ops import cumsum, pad
from .slice_ops import strided_slice


@RegisterGradient("Identity")
@RegisterGradient("PlaceholderWithDefault")
def _IdGrad(op, grad):  # noqa: N802 - TF's names
    return grad


@RegisterGradient("Print")
def _PrintGrad(op, *grads):  # noqa: N802
    return list(grads) + [None] * (len(op.inputs) - 1)


def _reshape_to_input(op, grad):
    return A.reshape(grad, A.shape(op.inputs[0]))


@RegisterGradient("Reshape")
def _ReshapeGrad(op, grad):  # noqa: N802
    return [_reshape_to_input(op, grad), None]


@RegisterGradient("ExpandDims")
def _ExpandDimsGrad(op, grad):  # noqa: N802
    return [_reshape_to_input(op, grad), None]


@RegisterGradient("Squeeze")
def _SqueezeGrad(op, grad):  # noqa: N802
    return _reshape_to_input(op, grad)


@RegisterGradient("Transpose")
def _TransposeGrad(op, grad):  # noqa: N802
    return [A.transpose(grad, G.invert_permutation(op.inputs[1])), None]


@RegisterGradient("Pack")
def _PackGrad(op, grad):  # noqa: N802
    return A.unstack(grad, num=op._attrs["N"], axis=op._attrs["axis"])


@RegisterGradient("Unpack")
def _UnpackGrad(op, *grads):  # noqa: N802
    return A.stack(list(grads), axis=op._attrs["axis"])


@RegisterGradient("ConcatV2")
def _ConcatGradV2(op, grad):  # noqa: N802
    values, concat_dim = op.inputs[:-1], op.inputs[-1]
    if len(op.inputs) == 2:
        return [grad, None]
    non_neg_concat_dim = concat_dim % A.rank(values[0])
    sizes = G.shape_n(list(values))
    offset = G.concat_offset(non_neg_concat_dim, sizes)
    out_grads = [_slice(grad, begin, size) for begin, size in zip(offset, sizes)]
    return out_grads + [None]


def _slice(x, begin, size):
    from .nn_ops import slice as slice_
    return slice_(x, begin, size)


@RegisterGradient("Slice")
def _SliceGrad(op, grad):  # noqa: N802
    input_vec, begin_vec = op.inputs[0], op.inputs[1]
    input_rank = A.rank(input_vec)
    slice_size = A.shape(op.outputs[0])
    shape = A.stack([input_rank, 1])
    before_pad = A.reshape(begin_vec, shape)
    after_pad = A.reshape(A.shape(input_vec) - slice_size - begin_vec, shape)
    paddings = A.concat([before_pad, after_pad], 1)
    return pad(grad, paddings), None, None


_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")


@RegisterGradient("StridedSlice")
def _StridedSliceGrad(op, grad):  # noqa: N802
    begin, end, strides = op.inputs[1:]
    x = A.shape(op.inputs[0], out_type=begin.dtype.base_dtype)
    masks = {m: op._attrs[m] for m in _MASKS}
    return G.strided_slice_grad(x, begin, end, strides, grad, **masks), None, None, None


@RegisterGradient("StridedSliceGrad")
def _StridedSliceGradGrad(op, grad):  # noqa: N802
    begin, end, strides = op.inputs[1:4]
    masks = {m: op._attrs[m] for m in _MASKS}
    return None, None, None, None, strided_slice(grad, begin, end, strides, **masks)


@RegisterGradient("Tile")
def _TileGrad(op, grad):  # noqa: N802
    input_shape = A.shape(op.inputs[0])
    split_shape = A.reshape(A.transpose(A.stack([op.inputs[1], input_shape])), [-1])
    axes = A.range(0, A.size(split_shape), 2)
    input_grad = R.reduce_sum(A.reshape(grad, split_shape), axes)
    input_grad.set_shape(op.inputs[0].get_shape())
    return [input_grad, None]


@RegisterGradient("Pad")
@RegisterGradient("PadV2")
def _PadGrad(op, grad):  # noqa: N802
    x, a = op.inputs[0], op.inputs[1]
    pad_before = _slice(a, [0, 0], A.stack([A.rank(x), 1]))
    begin = A.reshape(pad_before, [-1])
    sizes = A.shape(x)
    x_grad = _slice(grad, begin, sizes)
    return (x_grad, None, None) if len(op.inputs) == 3 else (x_grad, None)


@RegisterGradient("MirrorPad")
def _MirrorPadGrad(op, grad):  # noqa: N802
    return [G.mirror_pad_grad(grad, op.inputs[1], mode=op._attrs["mode"]), None]


@RegisterGradient("MirrorPadGrad")
def _MirrorPadGradGrad(op, grad):  # noqa: N802
    from .nn_ops import pad as pad_
    return [pad_(grad, op.inputs[1], mode=op._attrs["mode"]), None]


@RegisterGradient("Fill")
def _FillGrad(op, grad):  # noqa: N802
    return None, R.reduce_sum(grad)


@RegisterGradient("Select")
def _SelectGrad(op, grad):  # noqa: N802
    c, x = op.inputs[0], op.inputs[1]
    zeros = A.zeros_like(x)
    return None, A.where(c, grad, zeros), A.where(c, zeros, grad)


@RegisterGradient("Cumsum")
def _CumsumGrad(op, grad):  # noqa: N802
    return [cumsum(grad, op.inputs[1], exclusive=op._attrs["exclusive"], reverse=not op._attrs["reverse"]),
            None]


@RegisterGradient("Cumprod")
def _CumprodGrad(op, grad):  # noqa: N802
    x, axis = op.inputs
    exclusive, reverse = op._attrs["exclusive"], op._attrs["reverse"]
    prod = G.cumprod(x, axis, exclusive=exclusive, reverse=reverse)
    out = cumsum(prod * grad, axis, exclusive=exclusive, reverse=not reverse)
    return [out / x, None]


@RegisterGradient("GatherV2")
def _GatherV2Grad(op, grad):  # noqa: N802
    params, indices, axis = op.inputs
    g = op.graph
    with g.colocate_with(params.op):
        params_shape = A.shape(params, out_type=_dt.int64)
        params_shape = A.cast(params_shape, _dt.int32)
    indices_size = A.expand_dims(A.size(indices), 0)
    axis_static = constant_value(axis)
    if axis_static is not None and int(axis_static) == 0:
        values_shape = A.concat([indices_size, params_shape[1:]], 0)
        values = A.reshape(grad, values_shape)
        indices = A.reshape(indices, indices_size)
        return [G.unsorted_segment_sum(values, indices, params_shape[0]), None, None]
    outer_shape = params_shape[:axis]
    outer_dims = A.size(outer_shape)
    inner_shape = params_shape[axis:][1:]
    inner_dims = A.size(inner_shape)
    outer_axes_indices = A.range(outer_dims)
    inner_axes_indices = A.range(outer_dims + 1, outer_dims + 1 + inner_dims)
    values_shape = A.concat([outer_shape, indices_size, inner_shape], 0)
    values = A.reshape(grad, values_shape)
    indices = A.reshape(indices, indices_size)
    transpose_dims = A.concat([A.expand_dims(outer_dims, 0), outer_axes_indices, inner_axes_indices], 0)
    values_transpose = A.transpose(values, transpose_dims)
    num_segments = params_shape[axis]
    params_grad = G.unsorted_segment_sum(values_transpose, indices, num_segments)
    invert_transpose_dims = A.concat([outer_axes_indices + 1, np.array([0], np.int32), inner_axes_indices], 0)
    return [A.transpose(params_grad, invert_transpose_dims), None, None]


@RegisterGradient("UnsortedSegmentSum")
def _UnsortedSegmentSumGrad(op, grad):  # noqa: N802
    ids = op.inputs[1]
    zero_clipped = M.maximum(ids, A.zeros_like(ids))
    gathered = gather(grad, zero_clipped)
    is_positive = M.greater_equal(ids, 0)
    for _ in range(gathered.shape.ndims - is_positive.shape.ndims):
        is_positive = A.expand_dims(is_positive, -1)
    is_positive = M.logical_and(is_positive, A.ones_like(gathered, dtype=_dt.bool_))
    return A.where(is_positive, gathered, A.zeros_like(gathered)), None, None


@RegisterGradient("DynamicStitch")
def _DynamicStitchGrads(op, grad):  # noqa: N802
    n = len(op.inputs) // 2
    inputs = [op.inputs[i] if op.inputs[0].dtype.base_dtype == _dt.int32 else A.cast(op.inputs[i], _dt.int32)
              for i in range(n)]
    return [None] * n + [gather(grad, inp) for inp in inputs]


for _t in ("StopGradient", "Shape", "ShapeN", "Rank", "Size", "ZerosLike", "OnesLike", "OneHot", "Where",
           "BroadcastGradientArgs", "InvertPermutation", "ConcatOffset", "ListDiff", "Const", "Placeholder",
           # state_grad.py: variables and their updates
           "VariableV2", "Assign", "AssignAdd", "AssignSub", "IsVariableInitialized",
           # random_grad.py
           "RandomStandardNormal", "RandomUniform", "RandomUniformInt", "TruncatedNormal", "Multinomial",
           # control ops
           "NoOp", "Assert"):
    NotDifferentiable(_t)

