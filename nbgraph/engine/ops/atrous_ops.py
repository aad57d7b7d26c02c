"""`SpaceToBatchND` / `BatchToSpaceND` (blocks of the spatial dimensions moved into the batch and
back, with TF's gradients) and `tf.nn.atrous_conv2d`, built as TF 1.15's `convolution` builds a
dilated convolution: `SpaceToBatchND`, a VALID `Conv2D` named `convolution`, `BatchToSpaceND`,
with the constants TF folds (`dilation_rate`, `required_space_to_batch_paddings/...`)."""
from __future__ import annotations

import numpy as np

from ..convert import apply_op, constant_value, convert_to_tensor
from ..grad_registry import RegisterGradient
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import KernelError, shape_error


def _s2b_shape(op):
    x, block, pads = op._inputs[0]._shape, constant_value(op._inputs[1]), constant_value(op._inputs[2])
    if x.ndims is None or block is None or pads is None:
        return [unknown_shape(x.ndims)]
    dims, block, pads = x.as_list(), np.reshape(block, -1), np.reshape(pads, (-1, 2))
    m = len(block)
    out = [None if dims[0] is None else dims[0] * int(np.prod(block))]
    for i in range(m):
        d = dims[i + 1]
        if d is not None:
            padded = d + int(pads[i, 0]) + int(pads[i, 1])
            if padded % int(block[i]):
                raise shape_error(op, f"Dimension size must be evenly divisible by {int(block[i])} but is {padded}",
                                  tensors=(1, 2))
            d = padded // int(block[i])
        out.append(d)
    return [TensorShape(out + dims[m + 1:])]


def _b2s_shape(op):
    x, block, crops = op._inputs[0]._shape, constant_value(op._inputs[1]), constant_value(op._inputs[2])
    if x.ndims is None or block is None or crops is None:
        return [unknown_shape(x.ndims)]
    dims, block, crops = x.as_list(), np.reshape(block, -1), np.reshape(crops, (-1, 2))
    m, prod = len(block), int(np.prod(block))
    if dims[0] is not None and dims[0] % prod:
        raise shape_error(op, f"Input batch dimension ({dims[0]}) is not divisible by the product of block "
                              f"dimensions ({prod})")
    out = [None if dims[0] is None else dims[0] // prod]
    for i in range(m):
        d = dims[i + 1]
        out.append(None if d is None else d * int(block[i]) - int(crops[i, 0]) - int(crops[i, 1]))
    return [TensorShape(out + dims[m + 1:])]


def _s2b_kernel(op):
    def k(ctx, x, block, paddings):
        block, pads = [int(b) for b in np.reshape(block, -1)], np.reshape(paddings, (-1, 2)).astype(int)
        m = len(block)
        xp = np.pad(x, [(0, 0)] + [tuple(p) for p in pads] + [(0, 0)] * (x.ndim - m - 1))
        for i in range(m):
            if xp.shape[i + 1] % block[i]:
                raise KernelError(f"padded_shape[{i}]={xp.shape[i + 1]} is not divisible by block_shape[{i}]="
                                  f"{block[i]}")
        n, rest = xp.shape[0], xp.shape[m + 1:]
        shape = [n] + [v for i in range(m) for v in (xp.shape[i + 1] // block[i], block[i])] + list(rest)
        y = xp.reshape(shape)
        perm = [2 + 2 * i for i in range(m)] + [0] + [1 + 2 * i for i in range(m)] + list(range(1 + 2 * m, y.ndim))
        return y.transpose(perm).reshape([n * int(np.prod(block))] + [xp.shape[i + 1] // block[i] for i in range(m)]
                                         + list(rest))
    return k


def _b2s_kernel(op):
    def k(ctx, x, block, crops):
        block, crops = [int(b) for b in np.reshape(block, -1)], np.reshape(crops, (-1, 2)).astype(int)
        m, prod = len(block), int(np.prod(block))
        if x.shape[0] % prod:
            raise KernelError(f"Input batch dimension ({x.shape[0]}) is not divisible by the product of block "
                              f"dimensions ({prod})")
        n, spatial, rest = x.shape[0] // prod, x.shape[1:m + 1], x.shape[m + 1:]
        y = x.reshape(block + [n] + list(spatial) + list(rest))
        perm = [m] + [v for i in range(m) for v in (m + 1 + i, i)] + list(range(2 * m + 1, y.ndim))
        y = y.transpose(perm).reshape([n] + [spatial[i] * block[i] for i in range(m)] + list(rest))
        sl = tuple([slice(None)] + [slice(crops[i, 0], y.shape[i + 1] - crops[i, 1]) for i in range(m)])
        return y[sl]
    return k


register("SpaceToBatchND", "array", _s2b_shape, _s2b_kernel, doc="moves blocks of the spatial dimensions into the batch of")
register("BatchToSpaceND", "array", _b2s_shape, _b2s_kernel, doc="moves the batch back into blocks of the spatial dimensions of")


def space_to_batch_nd(input, block_shape, paddings, name=None):  # noqa: A002
    """`tf.space_to_batch_nd`."""
    return apply_op("SpaceToBatchND", name, [("input", input), ("block_shape", block_shape), ("paddings", paddings)],
                    same_type=("input",))._outputs[0]


def batch_to_space_nd(input, block_shape, crops, name=None):  # noqa: A002
    """`tf.batch_to_space_nd`."""
    return apply_op("BatchToSpaceND", name, [("input", input), ("block_shape", block_shape), ("crops", crops)],
                    same_type=("input",))._outputs[0]


@RegisterGradient("SpaceToBatchND")
def _SpaceToBatchNDGrad(op, grad):  # noqa: N802 - TF's names
    return [batch_to_space_nd(grad, op.inputs[1], op.inputs[2]), None, None]


@RegisterGradient("BatchToSpaceND")
def _BatchToSpaceNDGrad(op, grad):  # noqa: N802
    return [space_to_batch_nd(grad, op.inputs[1], op.inputs[2]), None, None]


def atrous_conv2d(value, filters, rate, padding, name=None):
    """`tf.nn.atrous_conv2d`: a convolution with holes (`rate` - 1 zeros between filter taps), as
    TF 1.15 builds it: SpaceToBatchND, a VALID Conv2D, BatchToSpaceND (a plain Conv2D at rate 1).
    An input whose spatial size is unknown gets one Conv2D with `dilations` (TF's dynamic padding
    ops are not built)."""
    from .array_ops import constant
    from .conv_ops import _padding, conv2d
    padding = _padding(padding, "Conv2D", name)
    g = graph_of([value, filters])
    with g.as_default(), g.name_scope(name or "convolution") as scope:
        value = convert_to_tensor(value, name="input")
        filters = convert_to_tensor(filters, name="filter")
        rate = int(rate)
        if rate < 1:
            raise ValueError(f"rate {rate} cannot be less than one")
        spatial = value.get_shape().as_list()[1:3] if value.get_shape().ndims == 4 else [None, None]
        if rate == 1:
            return conv2d(value, filters, [1, 1, 1, 1], padding, name=scope)
        if None in spatial or not filters.get_shape().is_fully_defined():
            return conv2d(value, filters, [1, 1, 1, 1], padding, dilations=[1, rate, rate, 1], name=scope)
        block = np.array([rate, rate], np.int32)
        constant(block, name="dilation_rate")
        if padding == "SAME":
            constant(np.array(filters.get_shape().as_list(), np.int32), name="filter_shape")
            k = np.array(filters.get_shape().as_list()[:2])
            extra = k + (k - 1) * (rate - 1) - 1
            base = np.stack([extra // 2, extra - extra // 2], axis=1).astype(np.int32)
            constant(base, name="stack")
        else:
            base = np.zeros((2, 2), np.int32)
        with g.name_scope("required_space_to_batch_paddings"):
            constant(np.array(spatial, np.int32), name="input_shape")
            if padding == "VALID":
                constant(base, name="base_paddings")
            full = np.array(spatial) + base[:, 0] + base[:, 1]
            extra_end = (block - full % block) % block
            paddings = np.stack([base[:, 0], base[:, 1] + extra_end], axis=1).astype(np.int32)
            crops = np.stack([np.zeros(2, np.int64), extra_end], axis=1).astype(np.int32)
            constant(paddings, name="paddings")
            constant(crops, name="crops")
        converted = space_to_batch_nd(value, block, paddings)
        result = conv2d(converted, filters, [1, 1, 1, 1], "VALID", name=scope)
        return batch_to_space_nd(result, block, crops)


__all__ = ["space_to_batch_nd", "batch_to_space_nd", "atrous_conv2d"]
