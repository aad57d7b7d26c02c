"""Gradients of the ops in nn_extra_ops.py (TF 1.15's nn_grad.py / math_grad.py entries), and the
fused derivative ops they build: `SoftsignGrad`, `SeluGrad`, `LeakyReluGrad`."""
from __future__ import annotations

import numpy as np

from ..convert import apply_op
from ..grad_registry import RegisterGradient
from ..registry import register
from . import array_ops as A
from . import math_ops as M
from . import reduce_ops as R
from .common import FLOATS
from .grad_ops import _merge_two, broadcast_gradient_args
from .nn_extra_ops import SELU_ALPHA, SELU_SCALE, div_no_nan


def _softsign_grad(g, x):
    return g / np.square(1 + np.abs(x))


def _selu_grad(g, y):
    return np.where(y > 0, g * SELU_SCALE, g * (y + SELU_SCALE * SELU_ALPHA))


def _fused_kernel(fn):
    def make(op):
        alpha = op._attrs.get("alpha")

        def k(ctx, a, b):
            with np.errstate(all="ignore"):
                if alpha is not None:
                    return np.where(b > 0, a, a * a.dtype.type(alpha)).astype(a.dtype)
                return np.asarray(fn(a, b), dtype=a.dtype)
        return k
    return make


register("SoftsignGrad", "elementwise", _merge_two, _fused_kernel(_softsign_grad),
         doc="multiplies the gradient by 1/(1+|x|)², softsign's slope")
register("SeluGrad", "elementwise", _merge_two, _fused_kernel(_selu_grad), doc="multiplies the gradient by SELU's slope")
register("LeakyReluGrad", "elementwise", _merge_two, _fused_kernel(None),
         doc="passes the gradient where the input was > 0, times alpha elsewhere")


def softsign_grad(gradients, features, name=None):
    return apply_op("SoftsignGrad", name, [("gradients", gradients), ("features", features)], allowed=FLOATS)._outputs[0]


def selu_grad(gradients, outputs, name=None):
    return apply_op("SeluGrad", name, [("gradients", gradients), ("outputs", outputs)], allowed=FLOATS)._outputs[0]


def leaky_relu_grad(gradients, features, alpha=0.2, name=None):
    return apply_op("LeakyReluGrad", name, [("gradients", gradients), ("features", features)], allowed=FLOATS,
                    attrs={"alpha": float(alpha)})._outputs[0]


@RegisterGradient("Softsign")
def _SoftsignGrad(op, grad):  # noqa: N802 - TF's names
    return softsign_grad(grad, op.inputs[0])


@RegisterGradient("SoftsignGrad")
def _SoftsignGradGrad(op, grad):  # noqa: N802
    g, x = op.inputs
    denom = 1 + M.abs(x)
    return softsign_grad(grad, x), grad * g * -2.0 * M.sign(x) / (denom * denom * denom)


@RegisterGradient("Selu")
def _SeluGrad(op, grad):  # noqa: N802
    return selu_grad(grad, op.outputs[0])


@RegisterGradient("SeluGrad")
def _SeluGradGrad(op, grad):  # noqa: N802
    selu_x = op.inputs[1]
    return selu_grad(grad, selu_x), A.where(selu_x < 0.0, grad * op.inputs[0], A.zeros_like(selu_x))


@RegisterGradient("LeakyRelu")
def _LeakyReluGrad(op, grad):  # noqa: N802
    return leaky_relu_grad(grad, op.inputs[0], alpha=op._attrs["alpha"])


@RegisterGradient("LeakyReluGrad")
def _LeakyReluGradGrad(op, grad):  # noqa: N802
    x = op.inputs[1]
    return (leaky_relu_grad(grad, x, alpha=op._attrs["alpha"]),
            A.zeros(shape=A.shape(x), dtype=x.dtype.base_dtype))


@RegisterGradient("SparseSoftmaxCrossEntropyWithLogits")
def _SparseSoftmaxCrossEntropyWithLogitsGrad(op, grad_0, _):  # noqa: N802
    # TF wraps outputs[1] in PreventGradient (no second derivative through the fused op)
    return A.expand_dims(grad_0, -1) * op.outputs[1], None


@RegisterGradient("DivNoNan")
def _DivNoNanGrad(op, grad):  # noqa: N802
    x, y = op.inputs
    sx, sy = A.shape(x), A.shape(y)
    rx, ry = broadcast_gradient_args(sx, sy)
    return (A.reshape(R.reduce_sum(div_no_nan(grad, y), rx), sx),
            A.reshape(R.reduce_sum(grad * div_no_nan(div_no_nan(-x, y), y), ry), sy))
