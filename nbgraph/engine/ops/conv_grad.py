"""Gradients of convolution, pooling and bias ops (TF 1.15's `python/ops/nn_grad.py`):
`Conv2D` -> `Conv2DBackpropInput` + `Conv2DBackpropFilter`, `MaxPool` -> `MaxPoolGrad`,
`AvgPool` -> `AvgPoolGrad`, `BiasAdd` -> `BiasAddGrad`, and the gradients of those
gradient ops (so second derivatives work as in TF)."""
from __future__ import annotations

from ..grad_registry import RegisterGradient
from . import array_ops as A
from . import conv_ops as C
from . import grad_ops as G
from . import pool_ops as P


def _conv_attrs(op):
    return dict(strides=op._attrs["strides"], padding=op._attrs["padding"],
                data_format=op._attrs["data_format"], dilations=op._attrs["dilations"])


@RegisterGradient("Conv2D")
def _Conv2DGrad(op, grad):  # noqa: N802 - TF's names
    x, f = op.inputs
    kw = _conv_attrs(op)
    shape_x, shape_f = G.shape_n([x, f])  # TF: one ShapeN, never folded to constants
    return [C.conv2d_backprop_input(shape_x, f, grad, **kw),
            C.conv2d_backprop_filter(x, shape_f, grad, **kw)]


@RegisterGradient("Conv2DBackpropInput")
def _Conv2DBackpropInputGrad(op, grad):  # noqa: N802
    kw = _conv_attrs(op)
    return [None,
            C.conv2d_backprop_filter(grad, A.shape(op.inputs[1]), op.inputs[2], **kw),
            C.conv2d(grad, op.inputs[1], **kw)]


@RegisterGradient("Conv2DBackpropFilter")
def _Conv2DBackpropFilterGrad(op, grad):  # noqa: N802
    kw = _conv_attrs(op)
    return [C.conv2d_backprop_input(A.shape(op.inputs[0]), grad, op.inputs[2], **kw),
            None,
            C.conv2d(op.inputs[0], grad, **kw)]


def _pool_attrs(op):
    return dict(ksize=op._attrs["ksize"], strides=op._attrs["strides"], padding=op._attrs["padding"],
                data_format=op._attrs["data_format"])


@RegisterGradient("MaxPool")
def _MaxPoolGrad(op, grad):  # noqa: N802
    return P.max_pool_grad(op.inputs[0], op.outputs[0], grad, **_pool_attrs(op))


@RegisterGradient("MaxPoolGrad")
def _MaxPoolGradGrad(op, grad):  # noqa: N802
    return [A.zeros_like(op.inputs[0]), A.zeros_like(op.inputs[1]),
            P.max_pool_grad_grad(op.inputs[0], op.inputs[1], grad, **_pool_attrs(op))]


@RegisterGradient("MaxPoolGradGrad")
def _MaxPoolGradGradGrad(op, grad):  # noqa: N802
    return [A.zeros_like(op.inputs[0]), A.zeros_like(op.inputs[1]),
            P.max_pool_grad(op.inputs[0], op.inputs[1], grad, **_pool_attrs(op))]


@RegisterGradient("AvgPool")
def _AvgPoolGrad(op, grad):  # noqa: N802
    return P.avg_pool_grad(A.shape(op.inputs[0]), grad, **_pool_attrs(op))


@RegisterGradient("AvgPoolGrad")
def _AvgPoolGradGrad(op, grad):  # noqa: N802
    attrs = _pool_attrs(op)
    return [A.stop_gradient(op.inputs[0]),
            P.avg_pool(grad, attrs["ksize"], attrs["strides"], attrs["padding"], attrs["data_format"])]


@RegisterGradient("BiasAdd")
def _BiasAddGrad(op, received_grad):  # noqa: N802
    return received_grad, C.bias_add_grad(received_grad, data_format=op._attrs["data_format"])


@RegisterGradient("BiasAddGrad")
def _BiasAddGradGrad(op, received_grad):  # noqa: N802
    """The channel gradient broadcast back over the shape of the original out_backprop."""
    x = op.inputs[0]
    if op._attrs["data_format"] == "NCHW":
        rank = x.shape.ndims
        received_grad = A.reshape(received_grad, [-1] + [1] * (rank - 2))
    return A.zeros_like(x, optimize=False) + received_grad
