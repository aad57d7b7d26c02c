"""Gradients of the neural-network ops (TF 1.15's `python/ops/nn_grad.py`): activations,
softmax and log-softmax, softmax cross-entropy, `L2Loss`, and the second derivatives of the
fused `*Grad` ops."""
from __future__ import annotations

from ..grad_registry import RegisterGradient
from . import array_ops as A
from . import grad_ops as G
from . import math_ops as M
from . import reduce_ops as R


@RegisterGradient("Relu")
def _ReluGrad(op, grad):  # noqa: N802 - TF's names
    return G.relu_grad(grad, op.outputs[0])


@RegisterGradient("Relu6")
def _Relu6Grad(op, grad):  # noqa: N802
    return G.relu6_grad(grad, op.outputs[0])


@RegisterGradient("Elu")
def _EluGrad(op, grad):  # noqa: N802
    return G.elu_grad(grad, op.outputs[0])


@RegisterGradient("Softplus")
def _SoftplusGrad(op, grad):  # noqa: N802
    return G.softplus_grad(grad, op.inputs[0])


@RegisterGradient("ReluGrad")
def _ReluGradGrad(op, grad):  # noqa: N802
    x = op.inputs[1]
    return G.relu_grad(grad, x), A.zeros(shape=A.shape(x), dtype=x.dtype.base_dtype)


@RegisterGradient("Relu6Grad")
def _Relu6GradGrad(op, grad):  # noqa: N802
    x = op.inputs[1]
    return G.relu6_grad(grad, x), A.zeros(shape=A.shape(x), dtype=x.dtype.base_dtype)


@RegisterGradient("EluGrad")
def _EluGradGrad(op, grad):  # noqa: N802
    elu_x = op.inputs[1]
    return G.elu_grad(grad, elu_x), A.where(elu_x < 0, grad * op.inputs[0], A.zeros_like(elu_x))


@RegisterGradient("SoftplusGrad")
def _SoftplusGradGrad(op, grad):  # noqa: N802
    dy, x = op.inputs
    with op.graph.control_dependencies([grad]):
        ddy = G.softplus_grad(grad, x)
        d2x = grad * dy / (M.exp(-x) + 2.0 + M.exp(x))
        return ddy, d2x


@RegisterGradient("Softmax")
def _SoftmaxGrad(op, grad_softmax):  # noqa: N802
    softmax = op.outputs[0]
    sum_channels = R.reduce_sum(grad_softmax * softmax, -1, keepdims=True)
    return (grad_softmax - sum_channels) * softmax


@RegisterGradient("LogSoftmax")
def _LogSoftmaxGrad(op, grad):  # noqa: N802
    softmax = M.exp(op.outputs[0])
    return grad - R.reduce_sum(grad, -1, keepdims=True) * softmax


def _broadcast_mul(vec, mat):
    """Multiplies after broadcasting `vec` ([D0]) to `mat`'s rank ([D0, 1])."""
    return A.expand_dims(vec, -1) * mat


def _is_zero(g):
    from ..convert import constant_value
    if g.op.type in ("ZerosLike", "Zeros"):
        return True
    value = constant_value(g)
    return value is not None and bool((value == 0).all())


@RegisterGradient("SoftmaxCrossEntropyWithLogits")
def _SoftmaxCrossEntropyWithLogitsGrad(op, grad_loss, grad_grad):  # noqa: N802
    softmax_grad = op.outputs[1]
    grad = _broadcast_mul(grad_loss, softmax_grad)
    logits = op.inputs[0]
    if grad_grad is not None and not _is_zero(grad_grad):
        softmax = M.softmax(logits)
        grad += (grad_grad - A.squeeze(R.matmul(A.expand_dims(grad_grad, 1), A.expand_dims(softmax, 2)),
                                       axis=1)) * softmax
    return grad, _broadcast_mul(grad_loss, -M.log_softmax(logits))


@RegisterGradient("L2Loss")
def _L2LossGrad(op, grad):  # noqa: N802
    return op.inputs[0] * grad
