"""Gradients of the reductions and matrix products (TF 1.15's `math_grad.py`, the part for the
ops of `reduce_ops.py`): `Sum`/`Mean` (Reshape + Tile, with TF's `reduced_shape` ops where the
reduced axes are partial), `Max`/`Min` (ties share the gradient), `Prod` (two exclusive
cumulative products), `MatMul` and `BatchMatMulV2`."""
from __future__ import annotations

import weakref

import numpy as np

from .. import dtypes as _dt
from ..convert import constant_value, make_constant
from ..grad_registry import NotDifferentiable, RegisterGradient
from ..tensor import Tensor
from . import array_ops as A
from . import grad_ops as G
from . import math_ops as M
from . import reduce_ops as R
from .math_grad import _shape_tuple

_REDUCED_SHAPE_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


# -- reductions -------------------------------------------------------------------------------------
def reduced_shape(input_shape, axes):
    """TF 1.15's `math_ops.reduced_shape`: the reduced shape with kept dims, as graph ops."""
    input_shape = _to_int32(input_shape)
    axes = _to_int32(axes)
    input_rank = A.size(input_shape)
    axes = (axes + input_rank) % input_rank
    axes_shape = A.shape(axes)
    return G.dynamic_stitch([A.range(input_rank), axes], [input_shape, A.fill(axes_shape, 1)])


def _to_int32(x):
    """`math_ops.to_int32`: a Python value becomes `ToInt32/x`; an int32 tensor passes through."""
    if isinstance(x, Tensor):
        return A.cast(x, _dt.int32, name="ToInt32")
    from ..graph import get_default_graph
    with get_default_graph().name_scope("ToInt32"):
        return make_constant(np.array(x, np.int32), name="x")


def _safe_shape_div(x, y):
    return x // M.maximum(y, 1)


def _reduced_shape_static(graph, input_shape, axes):
    """The static path of TF's `_SumGrad`: builds `reduced_shape` once per (shape, axes) and graph
    (its ops stay in the graph, as TF's do) and uses the constant results."""
    cache = _REDUCED_SHAPE_CACHE.setdefault(graph, {})
    key = (input_shape, axes)
    if key not in cache:
        kept = reduced_shape(input_shape, axes)
        _safe_shape_div(input_shape, kept)
        dims = list(input_shape)
        for a in axes:
            dims[a % len(dims)] = 1
        scaling = tuple(d // max(k, 1) for d, k in zip(input_shape, dims))
        cache[key] = (tuple(dims), scaling)
    return cache[key]


@RegisterGradient("Sum")
def _SumGrad(op, grad):  # noqa: N802
    x = op.inputs[0]
    shape = _shape_tuple(x)
    if shape is not None:
        axes = constant_value(op.inputs[1])
        if axes is not None:
            rank = len(shape)
            if np.array_equal(axes, np.arange(rank)):
                grad = A.reshape(grad, [1] * rank)
                if None not in shape:
                    input_shape = make_constant(np.array(shape, np.int32), name="Const")
                else:
                    input_shape = A.shape(x)
                return [A.tile(grad, input_shape), None]
            if None not in shape:
                axes_t = tuple(np.int32(a) for a in np.reshape(axes, -1))
                kept, scaling = _reduced_shape_static(op.graph, shape, axes_t)
                grad = A.reshape(grad, list(kept))
                return [A.tile(grad, list(scaling)), None]
    input_shape = A.shape(x)
    with op.graph.colocate_with(input_shape.op):
        kept = reduced_shape(input_shape, op.inputs[1])
        scaling = _safe_shape_div(input_shape, kept)
    grad = A.reshape(grad, kept)
    return [A.tile(grad, scaling), None]


@RegisterGradient("Mean")
def _MeanGrad(op, grad):  # noqa: N802
    sum_grad = _SumGrad(op, grad)[0]
    in_shape, out_shape = _shape_tuple(op.inputs[0]), _shape_tuple(op.outputs[0])
    dt = sum_grad.dtype.base_dtype
    if in_shape is not None and out_shape is not None and None not in in_shape and None not in out_shape:
        factor = int(np.prod(in_shape)) // max(int(np.prod(out_shape)), 1)
        factor = make_constant(np.array(factor, dt.as_numpy_dtype), name="Const")
    else:
        factor = _safe_shape_div(R.reduce_prod(A.shape(op.inputs[0])), R.reduce_prod(A.shape(op.outputs[0])))
    return M.truediv(sum_grad, A.cast(factor, dt)), None


def _min_or_max_grad(op, grad):
    input_shape = A.shape(op.inputs[0])
    kept = reduced_shape(input_shape, op.inputs[1])
    y = A.reshape(op.outputs[0], kept)
    grad = A.reshape(grad, kept)
    indicators = A.cast(M.equal(y, op.inputs[0]), grad.dtype.base_dtype)
    num_selected = A.reshape(R.reduce_sum(indicators, op.inputs[1]), kept)
    return [M.divide(indicators, num_selected) * grad, None]


RegisterGradient("Max")(_min_or_max_grad)
RegisterGradient("Min")(_min_or_max_grad)


@RegisterGradient("Prod")
def _ProdGrad(op, grad):  # noqa: N802
    input_shape = A.shape(op.inputs[0])
    reduction_indices = A.reshape(op.inputs[1], [-1])
    kept = reduced_shape(input_shape, op.inputs[1])
    tile_scaling = _safe_shape_div(input_shape, kept)
    grad = A.reshape(grad, kept)
    grad = A.tile(grad, tile_scaling)
    g = op.graph
    with g.device("/cpu:0"):
        rank = A.rank(op.inputs[0])
        reduction_indices = (reduction_indices + rank) % rank
        reduced = A.cast(reduction_indices, _dt.int32)
        idx = A.range(0, rank)
        other, _ = G.setdiff1d(idx, reduced)
        perm = A.concat([reduced, other], 0)
        from .index_ops import gather
        reduced_num = R.reduce_prod(gather(input_shape, reduced))
        other_num = R.reduce_prod(gather(input_shape, other))
    permuted = A.transpose(op.inputs[0], perm)
    permuted_shape = A.shape(permuted)
    reshaped = A.reshape(permuted, [reduced_num, other_num])
    left = G.cumprod(reshaped, axis=0, exclusive=True)
    right = G.cumprod(reshaped, axis=0, exclusive=True, reverse=True)
    y = A.reshape(left * right, permuted_shape)
    out = grad * A.transpose(y, G.invert_permutation(perm))
    return A.reshape(out, input_shape), None


@RegisterGradient("ArgMax")
@RegisterGradient("ArgMin")
def _ArgGrad(op, grad):  # noqa: N802
    return [None, None]


NotDifferentiable("All")
NotDifferentiable("Any")


# -- matrix products ----------------------------------------------------------------------------------
@RegisterGradient("MatMul")
def _MatMulGrad(op, grad):  # noqa: N802
    t_a, t_b = op._attrs["transpose_a"], op._attrs["transpose_b"]
    a, b = op.inputs
    if not t_a and not t_b:
        return R.matmul(grad, b, transpose_b=True), R.matmul(a, grad, transpose_a=True)
    if not t_a and t_b:
        return R.matmul(grad, b), R.matmul(grad, a, transpose_a=True)
    if t_a and not t_b:
        return R.matmul(b, grad, transpose_b=True), R.matmul(a, grad)
    return (R.matmul(b, grad, transpose_a=True, transpose_b=True),
            R.matmul(grad, a, transpose_a=True, transpose_b=True))


@RegisterGradient("BatchMatMulV2")
def _BatchMatMulV2Grad(op, grad):  # noqa: N802
    x, y = op.inputs
    adj_x, adj_y = op._attrs["adj_x"], op._attrs["adj_y"]
    if not adj_x:
        if not adj_y:
            gx, gy = R.matmul(grad, y, adjoint_b=True), R.matmul(x, grad, adjoint_a=True)
        else:
            gx, gy = R.matmul(grad, y), R.matmul(grad, x, adjoint_a=True)
    elif not adj_y:
        gx, gy = R.matmul(y, grad, adjoint_b=True), R.matmul(x, grad)
    else:
        gx, gy = R.matmul(y, grad, adjoint_a=True, adjoint_b=True), R.matmul(grad, x, adjoint_a=True, adjoint_b=True)
    sxs, sys_ = x.shape, y.shape
    if not (sxs.is_fully_defined() and sys_.is_fully_defined() and sxs.as_list() == sys_.as_list()):
        sx, sy = A.shape(x), A.shape(y)
        rx, ry = G.broadcast_gradient_args(sx[:-2], sy[:-2])
        gx = A.reshape(R.reduce_sum(gx, rx), sx)
        gy = A.reshape(R.reduce_sum(gy, ry), sy)
    return gx, gy
