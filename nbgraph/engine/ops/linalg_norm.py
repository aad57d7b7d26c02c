"""`tf.norm` / `tf.linalg.norm`: TF 1.15's Python composition (linalg_ops.norm) of Abs, Sum, Max,
Pow, Sqrt and Squeeze under `norm/`, with the matrix 2-norm built from Svd inside map_fn as TF does."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..graph import graph_of

_AXIS_ERR = "'axis' must be None, an integer, or a tuple of 2 unique integers"


def _check(ord, axis):  # noqa: A002
    """TF's argument checks: returns (is_matrix_norm, axis as a tuple or None)."""
    is_matrix = isinstance(axis, (tuple, list)) and len(axis) == 2
    if is_matrix:
        axis = tuple(axis)
        if not isinstance(axis[0], int) or not isinstance(axis[1], int) or axis[0] == axis[1]:
            raise ValueError(_AXIS_ERR)
        supported = ["euclidean", "fro", 1, 2, np.inf]
        if ord not in supported:
            raise ValueError("'ord' must be a supported matrix norm in %s, got %s" % (supported, ord))
        return True, axis
    if not (isinstance(axis, int) or axis is None):
        raise ValueError(_AXIS_ERR)
    supported = ["euclidean", 1, 2, np.inf]
    if (not np.isreal(ord) or ord <= 0) and ord not in supported:
        raise ValueError("'ord' must be a supported vector norm, got %s" % ord)
    return False, (None if axis is None else (axis,))


def _matrix_2_norm(tensor, axis):
    """Largest singular value over the two `axis` dims, through TF's permute/Svd/permute-back."""
    from .array_ops import cast, range as _range, rank as _rank, transpose
    from .control_flow_ops import cond
    from .functional_ops import map_fn
    from .grad_ops import setdiff1d
    from .index_ops import concat, expand_dims, squeeze, where
    from .math_ops import abs as _abs, equal
    from .linalg_ops import svd
    from .reduce_ops import reduce_max
    rank = _rank(tensor)
    positive_axis = map_fn(lambda i: cond(i >= 0, lambda: i, lambda: i + rank), convert_to_tensor(axis))
    axes = _range(rank)
    perm_before = concat([setdiff1d(axes, positive_axis)[0], positive_axis], axis=0)
    perm_after = map_fn(lambda i: cast(squeeze(where(equal(perm_before, i))), dtype=_dt.int32), axes)
    permed = transpose(tensor, perm=perm_before)
    m2 = expand_dims(reduce_max(_abs(svd(permed, compute_uv=False)), axis=-1, keepdims=True), axis=-1)
    return transpose(m2, perm=perm_after)


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None):  # noqa: A002
    """Vector p-norms (p > 0, inf) and matrix norms ('fro', 1, 2, inf) of `tensor` over `axis`."""
    from .array_ops import cast  # noqa: F401
    from .index_ops import squeeze
    from .math_ops import abs as _abs, pow as _pow, sqrt
    from .reduce_ops import reduce_max, reduce_sum
    if keepdims is not None and keep_dims is not None:
        raise ValueError("Cannot specify both 'keepdims' and 'keep_dims'")
    keepdims = bool(keep_dims if keepdims is None else keepdims)
    is_matrix, axis = _check(ord, axis)
    g = graph_of([tensor])
    with g.as_default(), g.name_scope(name or "norm"):
        tensor = convert_to_tensor(tensor)
        if ord in ["fro", "euclidean", 2, 2.0]:
            if is_matrix and ord in [2, 2.0]:
                result = _matrix_2_norm(tensor, axis)
            else:
                prod = tensor * _conj(tensor)
                result = sqrt(reduce_sum(prod, axis, keepdims=True))
        else:
            result = _abs(tensor)
            if ord == 1:
                result = reduce_sum(result, None if axis is None else axis[0], keepdims=True)
                if is_matrix:
                    result = reduce_max(result, axis[-1], keepdims=True)
            elif ord == np.inf:
                if is_matrix:
                    result = reduce_sum(result, axis[1], keepdims=True)
                result = reduce_max(result, None if axis is None else axis[0], keepdims=True)
            else:
                result = _pow(reduce_sum(_pow(result, ord), axis, keepdims=True), 1.0 / ord)
        if not keepdims:
            result = squeeze(result, axis)
        return result


def _conj(t):
    """math_ops.conj: the tensor itself unless complex."""
    if t.dtype.base_dtype.is_complex:
        from .complex_ops import conj
        return conj(t)
    return t
