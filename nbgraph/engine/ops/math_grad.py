"""Gradients of the math ops (TF 1.15's `python/ops/math_grad.py`): the same ops, built in the
same order, so the `gradients/<op>_grad/...` names match TF's.

Broadcasting binary ops use TF's `SmartBroadcastGradientArgs`: with static shapes TF runs a
`BroadcastGradientArgs` op once per pair of shapes and graph (the op stays in the graph) and
reduces with constant axes; otherwise `Shape` + `BroadcastGradientArgs` + `Sum` + `Reshape`.
"""
from __future__ import annotations

import weakref

import numpy as np

from .. import dtypes as _dt
from ..convert import make_constant
from ..grad_registry import NotDifferentiable, RegisterGradient
from ..tensor import Tensor
from . import array_ops as A
from . import grad_ops as G
from . import math_ops as M
from . import reduce_ops as R

_BCAST_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _shape_tuple(t: Tensor):
    s = t._shape
    return None if s.ndims is None else tuple(d.value for d in s.dims)


def _fully_equal(x, y, grad) -> bool:
    xs, ys, gs = _shape_tuple(x), _shape_tuple(y), _shape_tuple(grad)
    return xs == ys == gs and xs is not None and None not in xs


def shape_internal(t: Tensor, optimize: bool = True) -> Tensor:
    """`array_ops.shape_internal`: a `Shape` op unless `optimize` and the shape is static."""
    if optimize:
        return A.shape(t)
    from ..convert import apply_op
    return apply_op("Shape", None, [("input", t)], out_dtypes=[_dt.int32], attrs={"out_type": _dt.int32})._outputs[0]


def smart_broadcast_gradient_args(x, y, grad):
    """TF's `SmartBroadcastGradientArgs`: ((sx, rx, must_reduce_x), (sy, ry, must_reduce_y))."""
    xs, ys, gs = _shape_tuple(x), _shape_tuple(y), _shape_tuple(grad)
    if xs is None or None in xs or ys is None or None in ys:
        sx, sy = shape_internal(x, optimize=False), shape_internal(y, optimize=False)
        rx, ry = G.broadcast_gradient_args(sx, sy)
        return (sx, rx, True), (sy, ry, True)
    cache = _BCAST_CACHE.setdefault(x.graph, {})
    if (xs, ys) not in cache:
        G.broadcast_gradient_args(np.array(xs, np.int32), np.array(ys, np.int32))  # stays in the graph, as in TF
        cache[(xs, ys)] = tuple(tuple(r) for r in G.bcast_reduction_axes(xs, ys))
    rx, ry = cache[(xs, ys)]
    return (xs, rx, xs != gs), (ys, ry, ys != gs)


def _conj(t):
    """TF's `math_ops.conj` in its gradients: the conjugate of a complex tensor, else `t` itself."""
    if t.dtype.base_dtype.is_complex:
        from .complex_ops import conj
        return conj(t)
    return t


def _reduce_to(grad, axes, shape):
    return A.reshape(R.reduce_sum(grad, _axes(axes)), _shape_arg(shape))


def _axes(axes):
    return axes if isinstance(axes, Tensor) else np.array(axes, np.int32).reshape(-1)


def _shape_arg(shape):
    return shape if isinstance(shape, Tensor) else list(shape)


# -- binary, broadcasting -------------------------------------------------------------------------
@RegisterGradient("Add")
@RegisterGradient("AddV2")
def _AddGrad(op, grad):  # noqa: N802 - TF's names
    x, y = op.inputs
    if isinstance(grad, Tensor) and _fully_equal(x, y, grad):
        return grad, grad
    (sx, rx, mx), (sy, ry, my) = smart_broadcast_gradient_args(x, y, grad)
    gx = _reduce_to(grad, rx, sx) if mx else grad
    gy = _reduce_to(grad, ry, sy) if my else grad
    return gx, gy


@RegisterGradient("Sub")
def _SubGrad(op, grad):  # noqa: N802
    x, y = op.inputs
    if isinstance(grad, Tensor) and _fully_equal(x, y, grad):
        return grad, -grad
    (sx, rx, mx), (sy, ry, my) = smart_broadcast_gradient_args(x, y, grad)
    gx = _reduce_to(grad, rx, sx) if mx else grad
    gy = _reduce_to(-grad, ry, sy) if my else -grad
    return gx, gy


@RegisterGradient("Mul")
def _MulGrad(op, grad):  # noqa: N802
    x, y = op.inputs
    if isinstance(grad, Tensor) and _fully_equal(x, y, grad) and grad.dtype.base_dtype in (_dt.int32, _dt.float32):
        return M.multiply(grad, y), M.multiply(grad, x)
    (sx, rx, mx), (sy, ry, my) = smart_broadcast_gradient_args(x, y, grad)
    x, y = _conj(x), _conj(y)  # TF: the gradient of a complex product takes the conjugates
    gx = _reduce_to(M.multiply(grad, y), rx, sx) if mx else M.multiply(grad, y)
    gy = _reduce_to(M.multiply(x, grad), ry, sy) if my else M.multiply(x, grad)
    return gx, gy


def _plain_bcast(x, y):
    sx, sy = A.shape(x), A.shape(y)
    rx, ry = G.broadcast_gradient_args(sx, sy)
    return sx, sy, rx, ry


@RegisterGradient("RealDiv")
def _RealDivGrad(op, grad):  # noqa: N802
    x, y = op.inputs
    sx, sy, rx, ry = _plain_bcast(x, y)
    x, y = _conj(x), _conj(y)
    gx = A.reshape(R.reduce_sum(M.realdiv(grad, y), rx), sx)
    gy = A.reshape(R.reduce_sum(grad * M.realdiv(M.realdiv(-x, y), y), ry), sy)
    return gx, gy


@RegisterGradient("FloorDiv")
def _FloorDivGrad(op, grad):  # noqa: N802
    return None, None


@RegisterGradient("FloorMod")
def _FloorModGrad(op, grad):  # noqa: N802
    x, y = op.inputs
    sx, sy, rx, ry = _plain_bcast(x, y)
    floor_xy = M.floor_div(x, y)
    gx = A.reshape(R.reduce_sum(grad, rx), sx)
    gy = A.reshape(R.reduce_sum(grad * M.negative(floor_xy), ry), sy)
    return gx, gy


@RegisterGradient("Pow")
def _PowGrad(op, grad):  # noqa: N802
    x, y = op.inputs
    (sx, rx, mx), (sy, ry, my) = smart_broadcast_gradient_args(x, y, grad)
    gx = grad * y * M.pow(x, y - 1)
    if mx:
        gx = _reduce_to(gx, rx, sx)
    z = op.outputs[0]
    mask = x > 0
    safe_x = A.where(mask, x, A.ones_like(x))
    log_x = A.where(mask, M.log(safe_x), A.zeros_like(x))
    gy = grad * z * log_x
    if my:
        gy = _reduce_to(gy, ry, sy)
    return gx, gy


def _max_min_grad(op, grad, selector):
    x, y = op.inputs
    gdtype = grad.dtype.base_dtype
    sx, sy = A.shape(x), A.shape(y)
    gradshape = A.shape(grad)
    zeros = A.zeros(gradshape, gdtype)
    xmask = selector(x, y)
    rx, ry = G.broadcast_gradient_args(sx, sy)
    gx = A.reshape(R.reduce_sum(A.where(xmask, grad, zeros), rx), sx)
    gy = A.reshape(R.reduce_sum(A.where(xmask, zeros, grad), ry), sy)
    return gx, gy


@RegisterGradient("Maximum")
def _MaximumGrad(op, grad):  # noqa: N802
    return _max_min_grad(op, grad, M.greater_equal)


@RegisterGradient("Minimum")
def _MinimumGrad(op, grad):  # noqa: N802
    return _max_min_grad(op, grad, M.less_equal)


@RegisterGradient("SquaredDifference")
def _SquaredDifferenceGrad(op, grad):  # noqa: N802
    x, y = op.inputs
    g = op.graph
    with g.control_dependencies([grad]):
        scalar = make_constant(np.array(2.0, grad.dtype.base_dtype.as_numpy_dtype), name="scalar")
        x_grad = M.multiply(scalar, grad) * (x - y)
    if isinstance(grad, Tensor) and _fully_equal(x, y, grad):
        return x_grad, -x_grad
    (sx, rx, mx), (sy, ry, my) = smart_broadcast_gradient_args(x, y, grad)
    gx = _reduce_to(x_grad, rx, sx) if mx else x_grad
    gy = -_reduce_to(x_grad, ry, sy) if my else -x_grad
    return gx, gy


@RegisterGradient("AddN")
def _AddNGrad(op, grad):  # noqa: N802
    return [grad] * len(op.inputs)


for _t in ("Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "NotEqual", "LogicalAnd", "LogicalOr",
           "LogicalNot", "Range"):
    NotDifferentiable(_t)


# -- unary ------------------------------------------------------------------------------------------
@RegisterGradient("Neg")
def _NegGrad(op, grad):  # noqa: N802
    return -grad


@RegisterGradient("Abs")
def _AbsGrad(op, grad):  # noqa: N802
    return grad * M.sign(op.inputs[0])


@RegisterGradient("Reciprocal")
def _ReciprocalGrad(op, grad):  # noqa: N802
    return G.reciprocal_grad(op.outputs[0], grad)


@RegisterGradient("Square")
def _SquareGrad(op, grad):  # noqa: N802
    x = op.inputs[0]
    with op.graph.control_dependencies([grad]):
        x = _conj(x)
        y = make_constant(np.array(2.0, x.dtype.base_dtype.as_numpy_dtype), name="Const")
        return M.multiply(grad, M.multiply(x, y))


@RegisterGradient("Sqrt")
def _SqrtGrad(op, grad):  # noqa: N802
    return G.sqrt_grad(op.outputs[0], grad)


@RegisterGradient("Rsqrt")
def _RsqrtGrad(op, grad):  # noqa: N802
    return G.rsqrt_grad(op.outputs[0], grad)


@RegisterGradient("Exp")
def _ExpGrad(op, grad):  # noqa: N802
    with op.graph.control_dependencies([grad]):
        return grad * _conj(op.outputs[0])


@RegisterGradient("Log")
def _LogGrad(op, grad):  # noqa: N802
    with op.graph.control_dependencies([grad]):
        return grad * M.reciprocal(op.inputs[0])


@RegisterGradient("Log1p")
def _Log1pGrad(op, grad):  # noqa: N802
    with op.graph.control_dependencies([grad]):
        return grad * M.reciprocal(1 + op.inputs[0])


@RegisterGradient("Tanh")
def _TanhGrad(op, grad):  # noqa: N802
    with op.graph.control_dependencies([grad]):
        return G.tanh_grad(op.outputs[0], grad)


@RegisterGradient("Sigmoid")
def _SigmoidGrad(op, grad):  # noqa: N802
    with op.graph.control_dependencies([grad]):
        return G.sigmoid_grad(op.outputs[0], grad)


@RegisterGradient("Sign")
def _SignGrad(op, grad):  # noqa: N802
    x = op.inputs[0]
    return A.zeros(A.shape(x), dtype=x.dtype.base_dtype)


@RegisterGradient("Sin")
def _SinGrad(op, grad):  # noqa: N802
    with op.graph.control_dependencies([grad]):
        return grad * M.cos(op.inputs[0])


@RegisterGradient("Cos")
def _CosGrad(op, grad):  # noqa: N802
    with op.graph.control_dependencies([grad]):
        return -grad * M.sin(op.inputs[0])


@RegisterGradient("Floor")
@RegisterGradient("Ceil")
@RegisterGradient("Round")
def _RoundingGrad(op, grad):  # noqa: N802
    return [None]


@RegisterGradient("Cast")
def _CastGrad(op, grad):  # noqa: N802
    src, dst = op.inputs[0].dtype.base_dtype, grad.dtype.base_dtype
    if src.is_floating and dst.is_floating:
        return A.cast(grad, src)
    return None


# -- the fused derivative ops (second derivatives) -------------------------------------------------
@RegisterGradient("SigmoidGrad")
def _SigmoidGradGrad(op, grad):  # noqa: N802
    with op.graph.control_dependencies([grad]):
        a, b = op.inputs
        gb = grad * b
        return gb - 2.0 * gb * a, G.sigmoid_grad(a, grad)


@RegisterGradient("TanhGrad")
def _TanhGradGrad(op, grad):  # noqa: N802
    with op.graph.control_dependencies([grad]):
        a, b = op.inputs
        return grad * -2.0 * b * a, G.tanh_grad(a, grad)


@RegisterGradient("ReciprocalGrad")
def _ReciprocalGradGrad(op, grad):  # noqa: N802
    b = op.inputs[1]
    with op.graph.control_dependencies([grad]):
        ca = op.inputs[0]
        return grad * -2.0 * b * ca, G.reciprocal_grad(ca, grad)


@RegisterGradient("SqrtGrad")
def _SqrtGradGrad(op, grad):  # noqa: N802
    a = op.inputs[0]
    y = op.outputs[0]
    with op.graph.control_dependencies([grad]):
        ga = grad / a
        return -ga * y, 0.5 * ga


@RegisterGradient("RsqrtGrad")
def _RsqrtGradGrad(op, grad):  # noqa: N802
    a, b = op.inputs
    with op.graph.control_dependencies([grad]):
        grad_a = -1.5 * grad * b * M.square(a)
        grad_b = G.rsqrt_grad(a, grad)
        return grad_a, grad_b
