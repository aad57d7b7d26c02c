"""Fused batch normalization: `FusedBatchNormV3` (what `tf.layers.batch_normalization` builds for
4-D inputs and `tf.nn.fused_batch_norm` for any), its gradient op `FusedBatchNormGradV3`, and
the gradient that connects them (TF 1.15's `nn_grad._FusedBatchNormV3Grad`).

Outputs as TF's CPU kernel: `y`, the batch mean, the batch variance (Bessel-corrected in
training, as TF's moving averages use it), and three reserve spaces (here: the mean, the biased
variance, and an empty tensor)."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op
from ..grad_registry import NotDifferentiable, RegisterGradient
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import KernelError, shape_error

_FLOATS = (_dt.float16, _dt.float32)


def _channel_axis(op) -> int:
    return 1 if op._attrs.get("data_format", "NHWC") == "NCHW" else 3


def _bn_shape(op):
    x = op._inputs[0]._shape
    if x.ndims is not None and x.ndims != 4:
        raise shape_error(op, f"Shape must be rank 4 but is rank {x.ndims}")
    c = x.as_list()[_channel_axis(op)] if x.ndims is not None else None
    for i in range(1, 5):
        s = op._inputs[i]._shape
        if s.ndims is not None and s.ndims != 1:
            raise shape_error(op, f"Shape must be rank 1 but is rank {s.ndims}", [i])
        if s.ndims == 1 and c is None:
            c = s.as_list()[0]
    vec = TensorShape([c])
    return [x if x.ndims is not None else unknown_shape(), vec, vec, vec, vec, unknown_shape()]


def _reduce_axes(op):
    return (0, 2, 3) if _channel_axis(op) == 1 else (0, 1, 2)


def _bcast(v, op):
    return v.reshape((1, -1, 1, 1) if _channel_axis(op) == 1 else (1, 1, 1, -1))


def _bn_kernel(op):
    eps = float(op._attrs.get("epsilon", 1e-4))
    training = bool(op._attrs.get("is_training", True))
    factor = float(op._attrs.get("exponential_avg_factor", 1.0))
    axes = _reduce_axes(op)

    def k(ctx, x, scale, offset, mean, variance):
        c = x.shape[_channel_axis(op)]
        for name, v in (("scale", scale), ("offset", offset)):
            if v.shape != (c,):
                raise KernelError(f"{name} must have the same number of elements as the channels of x, got "
                                  f"{v.size} and {c}")
        xf = x.astype(np.float64)
        if training:
            m = xf.mean(axis=axes)
            var = xf.var(axis=axes)
            n = x.size // max(c, 1)
            unbiased = var * (n / max(n - 1, 1))
            if factor != 1.0:
                unbiased = (1 - factor) * variance + factor * unbiased
                batch_mean = (1 - factor) * mean + factor * m
            else:
                batch_mean = m
        else:
            m, var = mean.astype(np.float64), variance.astype(np.float64)
            batch_mean, unbiased = mean, variance
        f = scale.dtype
        # TF's kernel: y = x * (scale * rsqrt(var + eps)) + (offset - mean * that), in the input's type
        factor_ = (scale / np.sqrt(var.astype(f) + f.type(eps))).astype(f)
        shift = (offset - m.astype(f) * factor_).astype(f)
        y = x * _bcast(factor_, op).astype(x.dtype) + _bcast(shift, op).astype(x.dtype)
        return (y.astype(x.dtype), np.asarray(batch_mean, f), np.asarray(unbiased, f), m.astype(f), var.astype(f),
                np.zeros((0,), f))
    return k


register("FusedBatchNormV3", "array", _bn_shape, _bn_kernel,
         doc="normalizes each channel of the batch by its mean and variance, then scales and shifts")


def _bn_grad_shape(op):
    x, s = op._inputs[1]._shape, op._inputs[2]._shape
    return [x, s, s, TensorShape([0]), TensorShape([0])]


def _bn_grad_kernel(op):
    eps = float(op._attrs.get("epsilon", 1e-4))
    training = bool(op._attrs.get("is_training", True))
    axes = _reduce_axes(op)

    def k(ctx, dy, x, scale, mean, var, _reserve):
        dy64, x64 = dy.astype(np.float64), x.astype(np.float64)
        inv = 1.0 / np.sqrt(var.astype(np.float64) + eps)
        xhat = (x64 - _bcast(mean.astype(np.float64), op)) * _bcast(inv, op)
        doffset = dy64.sum(axis=axes)
        dscale = (dy64 * xhat).sum(axis=axes)
        if training:
            n = x.size // max(scale.size, 1)
            dx = _bcast(scale * inv / n, op) * (n * dy64 - _bcast(doffset, op) - xhat * _bcast(dscale, op))
        else:
            dx = dy64 * _bcast(scale * inv, op)
        f = scale.dtype
        return dx.astype(x.dtype), dscale.astype(f), doffset.astype(f), np.zeros((0,), f), np.zeros((0,), f)
    return k


register("FusedBatchNormGradV3", "array", _bn_grad_shape, _bn_grad_kernel,
         doc="computes the gradients of a fused batch normalization")
NotDifferentiable("FusedBatchNormGradV3")  # TF 1.15 has a second derivative; nbgraph stops here


def _check_float(x, what):
    if x.dtype.base_dtype not in (_dt.float16, _dt.float32, _dt.float64):
        raise TypeError(f"Value passed to parameter '{what}' has DataType {x.dtype.base_dtype.name} not in list of "
                        "allowed values: float16, bfloat16, float32")


def fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001, data_format="NHWC",
                     is_training=True, name=None, exponential_avg_factor=1.0):
    """`tf.nn.fused_batch_norm`: (y, batch mean, batch variance) from one `FusedBatchNormV3`."""
    from ..convert import convert_to_tensor
    from ..graph import graph_of
    from .array_ops import constant
    g = graph_of([x, scale, offset])
    with g.as_default(), g.name_scope(name or "FusedBatchNormV3") as scope:
        x = convert_to_tensor(x, name="input")
        scale = convert_to_tensor(scale, name="scale")
        offset = convert_to_tensor(offset, name="offset")
        _check_float(x, "x")
        if mean is None:
            mean = constant([], dtype=scale.dtype.base_dtype)
        if variance is None:
            variance = constant([], dtype=scale.dtype.base_dtype)
        min_eps = 1.001e-5
        eps = epsilon if epsilon > min_eps else min_eps
        op = apply_op("FusedBatchNormV3", scope, [("x", x), ("scale", scale), ("offset", offset), ("mean", mean),
                                                  ("variance", variance)], same_type=("scale", "offset", "mean",
                                                                                      "variance"),
                      attrs={"epsilon": float(eps), "data_format": data_format, "is_training": bool(is_training),
                             "exponential_avg_factor": float(exponential_avg_factor), "T": x.dtype.base_dtype,
                             "U": scale.dtype.base_dtype},
                      out_dtypes=[x.dtype.base_dtype] + [scale.dtype.base_dtype] * 5)
    return op._outputs[0], op._outputs[1], op._outputs[2]


def fused_batch_norm_grad(dy, x, scale, reserve_1, reserve_2, reserve_3, epsilon, data_format, is_training):
    return apply_op("FusedBatchNormGradV3", None,
                    [("y_backprop", dy), ("x", x), ("scale", scale), ("reserve_space_1", reserve_1),
                     ("reserve_space_2", reserve_2), ("reserve_space_3", reserve_3)],
                    same_type=("y_backprop", "x"),
                    attrs={"epsilon": epsilon, "data_format": data_format, "is_training": is_training},
                    out_dtypes=[x.dtype.base_dtype] + [scale.dtype.base_dtype] * 4)


@RegisterGradient("FusedBatchNormV3")
def _FusedBatchNormV3Grad(op, grad_y, *_unused):  # noqa: N802 - TF's name
    x, scale = op.inputs[0], op.inputs[1]
    training = bool(op._attrs.get("is_training", True))
    if training:
        r1, r2 = op.outputs[3], op.outputs[4]
    else:
        r1, r2 = op.inputs[3], op.inputs[4]
    g = fused_batch_norm_grad(grad_y, x, scale, r1, r2, op.outputs[5], op._attrs["epsilon"],
                              op._attrs.get("data_format", "NHWC"), training)
    dx, dscale, doffset = g._outputs[0], g._outputs[1], g._outputs[2]
    return dx, dscale, doffset, None, None


__all__ = ["fused_batch_norm"]
