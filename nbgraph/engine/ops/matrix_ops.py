"""Diagonals and contractions: `diag`/`diag_part` (`Diag`, `DiagPart`), `matrix_diag`,
`matrix_diag_part`, `matrix_set_diag`, `trace`, `eye`, `einsum` (`Einsum`) and `tensordot`
(TF 1.x's transpose-reshape-MatMul composite)."""
from __future__ import annotations

import re

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, convert_to_tensor
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import KernelError, NUMERIC, shape_error


# -- Diag / DiagPart: any rank k <-> rank 2k ---------------------------------------------------
def _diag_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is None:
        return [unknown_shape()]
    if s.ndims < 1:
        raise shape_error(op, "Shape must be at least rank 1 but is rank 0")
    if s.ndims > 3:
        raise shape_error(op, f"Shape must be at most rank 3 but is rank {s.ndims}")
    return [s.concatenate(s)]


def _diag_part_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is None:
        return [unknown_shape()]
    if s.ndims % 2 or s.ndims == 0:
        raise shape_error(op, f"Input must have even and non-zero rank, input rank is {s.ndims}")
    k = s.ndims // 2
    dims = s.as_list()
    out = []
    for a, b in zip(dims[:k], dims[k:]):
        if a is not None and b is not None and a != b:
            raise shape_error(op, f"Dimensions must be equal, but are {a} and {b}")
        out.append(a if a is not None else b)
    return [TensorShape(out)]


def _diag(x):
    n = x.size
    out = np.zeros((n, n), x.dtype)
    out[np.arange(n), np.arange(n)] = x.reshape(-1)
    return out.reshape(x.shape + x.shape)


def _diag_part(x):
    k = x.ndim // 2
    if x.shape[:k] != x.shape[k:]:
        raise KernelError(f"Invalid shape {list(x.shape)}: dimensions must be equal in the first and second halves")
    n = int(np.prod(x.shape[:k])) if k else 1
    return x.reshape(n, n)[np.arange(n), np.arange(n)].reshape(x.shape[:k])


register("Diag", "array", _diag_shape, lambda op: (lambda ctx, x: _diag(x)), doc="puts values on a diagonal")
register("DiagPart", "array", _diag_part_shape, lambda op: (lambda ctx, x: _diag_part(x)),
         doc="reads the diagonal of")


def diag(diagonal, name=None):
    return apply_op("Diag", name, [("diagonal", diagonal)], allowed=NUMERIC)._outputs[0]


def diag_part(input, name=None):  # noqa: A002
    return apply_op("DiagPart", name, [("input", input)], allowed=NUMERIC)._outputs[0]


# -- batched matrix diagonals ------------------------------------------------------------------
def _matrix_diag_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is None:
        return [unknown_shape()]
    if s.ndims < 1:
        raise shape_error(op, "Shape must be at least rank 1 but is rank 0")
    n = s.as_list()[-1]
    return [s.concatenate([n])]


def _matrix_diag_part_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is None:
        return [unknown_shape()]
    if s.ndims < 2:
        raise shape_error(op, f"Shape must be at least rank 2 but is rank {s.ndims}")
    dims = s.as_list()
    m, n = dims[-2:]
    return [TensorShape(dims[:-2] + [None if m is None or n is None else min(m, n)])]


def _matrix_diag(d):
    n = d.shape[-1]
    out = np.zeros(d.shape + (n,), d.dtype)
    idx = np.arange(n)
    out[..., idx, idx] = d
    return out


def _matrix_diag_part(x):
    return np.diagonal(x, axis1=-2, axis2=-1).copy()


def _matrix_set_diag(x, d):
    out = np.array(x)
    p = min(x.shape[-2:])
    idx = np.arange(p)
    out[..., idx, idx] = d
    return out


register("MatrixDiag", "array", _matrix_diag_shape, lambda op: (lambda ctx, d: _matrix_diag(d)),
         doc="makes diagonal matrices from")
register("MatrixDiagPart", "array", _matrix_diag_part_shape, lambda op: (lambda ctx, x: _matrix_diag_part(x)),
         doc="reads the diagonals of")
register("MatrixSetDiag", "array", lambda op: [op._inputs[0]._shape],
         lambda op: (lambda ctx, x, d: _matrix_set_diag(x, d)), doc="writes the diagonals of")


def matrix_diag(diagonal, name=None):
    return apply_op("MatrixDiag", name, [("diagonal", diagonal)])._outputs[0]


def matrix_diag_part(input, name=None):  # noqa: A002
    return apply_op("MatrixDiagPart", name, [("input", input)])._outputs[0]


def matrix_set_diag(input, diagonal, name=None):  # noqa: A002
    return apply_op("MatrixSetDiag", name, [("input", input), ("diagonal", diagonal)])._outputs[0]


def trace(x, name=None):
    """TF 1.x: `reduce_sum(matrix_diag_part(x), [-1])` named `Trace`."""
    from .reduce_ops import reduce_sum
    g = graph_of([x])
    with g.as_default(), g.name_scope(name or "Trace") as scope:
        x = convert_to_tensor(x, name="x")
        return reduce_sum(matrix_diag_part(x), [-1], name=scope)


def eye(num_rows, num_columns=None, batch_shape=None, dtype=_dt.float32, name=None):
    """TF 1.x's `linalg_ops_impl.eye`: `MatrixDiag` of ones (square) or `MatrixSetDiag` on zeros."""
    from .array_ops import ones, zeros
    g = graph_of([])
    with g.as_default(), g.name_scope(name or "eye"):
        is_square = num_columns is None or num_columns == num_rows
        num_columns = num_rows if num_columns is None else num_columns
        for v in (num_rows, num_columns):
            if not isinstance(v, (int, np.integer)):
                raise TypeError("num_rows and num_columns must be positive integer values.")
        batch = [] if batch_shape is None else list(batch_shape)
        diag_ones = ones(batch + [min(num_rows, num_columns)], dtype=dtype)
        if is_square:
            return matrix_diag(diag_ones)
        return matrix_set_diag(zeros(batch + [num_rows, num_columns], dtype=dtype), diag_ones)


# -- einsum ----------------------------------------------------------------------------------
def _einsum_parts(equation, n_inputs):
    eq = equation.replace(" ", "")
    if "->" in eq:
        ins, out = eq.split("->")
    else:
        ins = eq
        letters = ins.replace(",", "").replace(".", "")
        out = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    ins = ins.split(",")
    if len(ins) != n_inputs:
        raise ValueError(f"Expecting {len(ins)} inputs but got: {n_inputs}")
    return ins, out


def _einsum_shape(op):
    eq = op._attrs["equation"]
    ins, out = _einsum_parts(eq, len(op._inputs))
    if "." in eq:
        return [unknown_shape()]
    dims = {}
    for sub, t in zip(ins, op._inputs):
        s = t._shape
        if s.ndims is None:
            continue
        if s.ndims != len(sub):
            raise shape_error(op, f"Expected input {op._inputs.index(t)} to have rank {len(sub)} but got: {s.ndims}")
        for c, d in zip(sub, s.as_list()):
            if d is None:
                continue
            if dims.get(c) not in (None, d):
                raise shape_error(op, f"Expected dimension {dims[c]} at axis {sub.index(c)} of the input shaped "
                                      f"{s.as_list()} but got dimension {d}")
            dims[c] = d
    return [TensorShape([dims.get(c) for c in out])]


def _einsum_kernel(op):
    eq = op._attrs["equation"]
    return lambda ctx, *xs: np.asarray(np.einsum(eq, *xs, optimize=len(xs) > 2), dtype=xs[0].dtype)


register("Einsum", "array", _einsum_shape, _einsum_kernel, doc="contracts by an einsum equation")


def einsum(equation, *inputs, **kwargs):
    """`tf.einsum('ij,jk->ik', a, b)`: one `Einsum` op under the `einsum` name scope."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"invalid keyword arguments for this function: {', '.join(sorted(kwargs))}")
    if not re.fullmatch(r"[a-zA-Z.,\s]*(->[a-zA-Z.\s]*)?", equation):
        raise ValueError(f"Subscripts have to be letters: {equation}")
    _einsum_parts(equation, len(inputs))
    g = graph_of(list(inputs))
    with g.as_default(), g.name_scope(name or "einsum"):
        args = [(f"inputs_{i}", x) for i, x in enumerate(inputs)]
        return apply_op("Einsum", None, args, allowed=NUMERIC,
                        attrs={"equation": equation, "N": len(inputs)})._outputs[0]


# -- tensordot -------------------------------------------------------------------------------
def _tensordot_axes(axes, ra, rb):
    if isinstance(axes, (int, np.integer)):
        if axes < 0:
            raise ValueError("'axes' must be at least 0.")
        if axes > ra or axes > rb:
            raise ValueError(f"'axes' must not be larger than the number of dimensions of tensor {ra}.")
        return list(range(ra - axes, ra)), list(range(axes))
    axes = list(axes)
    if len(axes) != 2:
        raise ValueError(f"'axes' must be an integer or have length 2.")
    a_axes, b_axes = axes
    a_axes = [a_axes] if isinstance(a_axes, (int, np.integer)) else list(a_axes)
    b_axes = [b_axes] if isinstance(b_axes, (int, np.integer)) else list(b_axes)
    if len(a_axes) != len(b_axes):
        raise ValueError(f"Different number of contraction axes 'a' and 'b', {len(a_axes)} != {len(b_axes)}.")
    return [a % ra for a in a_axes], [b % rb for b in b_axes]


def _tensordot_reshape(a, axes, flipped=False):
    from .array_ops import reshape, transpose
    shape = a.shape.as_list()
    free = [i for i in range(len(shape)) if i not in axes]
    free_dims = [shape[i] for i in free]
    prod_free = int(np.prod(free_dims))
    prod_axes = int(np.prod([shape[i] for i in axes]))
    perm = list(axes) + free if flipped else free + list(axes)
    new_shape = [prod_axes, prod_free] if flipped else [prod_free, prod_axes]
    return reshape(transpose(a, perm), new_shape), free_dims


def _tensordot_axes_lists(axes):
    """The two lists of contraction axes, for an input of unknown rank (an int `axes` counts
    from the end of `a`, which then needs a known rank)."""
    if isinstance(axes, (int, np.integer)):
        raise ValueError("tensordot with an integer 'axes' needs `a` of known rank")
    axes = list(axes)
    if len(axes) != 2:
        raise ValueError("'axes' must be an integer or have length 2.")
    a_axes, b_axes = ([x] if isinstance(x, (int, np.integer)) else list(x) for x in axes)
    if len(a_axes) != len(b_axes):
        raise ValueError(f"Different number of contraction axes 'a' and 'b', {len(a_axes)} != {len(b_axes)}.")
    return a_axes, b_axes


def _tensordot_reshape_dynamic(a, axes, flipped=False):
    """TF 1.x's `_tensordot_reshape` for a side whose rank is known only at run time: the free
    axes, their sizes and the permutation are computed in the graph."""
    from .array_ops import rank, reshape, shape, transpose
    from .grad_ops import setdiff1d
    from .index_ops import concat, gather, stack, where
    from .array_ops import range as range_
    from .math_ops import add, greater_equal
    from .reduce_ops import reduce_prod
    shape_a, rank_a = shape(a), rank(a)
    axes = convert_to_tensor(np.asarray(axes, np.int32), name="axes")
    axes = where(greater_equal(axes, 0), axes, add(axes, rank_a))
    free, _ = setdiff1d(range_(rank_a), axes)
    free_dims, axes_dims = gather(shape_a, free), gather(shape_a, axes)
    prod_free, prod_axes = reduce_prod(free_dims), reduce_prod(axes_dims)
    if flipped:
        perm, new_shape = concat([axes, free], 0), stack([prod_axes, prod_free])
    else:
        perm, new_shape = concat([free, axes], 0), stack([prod_free, prod_axes])
    return reshape(transpose(a, perm), new_shape), free_dims


def _tensordot_dynamic(a, b, axes, scope):
    from .array_ops import reshape
    from .index_ops import concat
    from .reduce_ops import matmul
    a_axes, b_axes = _tensordot_axes_lists(axes)
    parts = []
    for t, t_axes, flipped in ((a, a_axes, False), (b, b_axes, True)):
        if t.shape.is_fully_defined():
            t_axes = [i % t.shape.ndims for i in t_axes]
            mat, free_dims = _tensordot_reshape(t, t_axes, flipped)
            parts.append((mat, convert_to_tensor(np.asarray(free_dims, np.int32))))
        else:
            parts.append(_tensordot_reshape_dynamic(t, t_axes, flipped))
    product = matmul(parts[0][0], parts[1][0])
    return reshape(product, concat([parts[0][1], parts[1][1]], 0), name=scope)


def tensordot(a, b, axes, name=None):
    """TF 1.x's composite: transpose and reshape both sides to matrices, `MatMul`, reshape back
    (with the sizes computed in the graph when a rank is unknown)."""
    from .array_ops import reshape
    from .reduce_ops import matmul
    g = graph_of([a, b])
    with g.as_default(), g.name_scope(name or "Tensordot") as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        if a.shape.ndims is None or b.shape.ndims is None:
            return _tensordot_dynamic(a, b, axes, scope)
        a_axes, b_axes = _tensordot_axes(axes, a.shape.ndims, b.shape.ndims)
        if not (a.shape.is_fully_defined() and b.shape.is_fully_defined()):
            letters = "abcdefghijklmnopqrstuvwxyz"
            sa = letters[:a.shape.ndims]
            sb = list(letters[a.shape.ndims:a.shape.ndims + b.shape.ndims])
            for i, j in zip(a_axes, b_axes):
                sb[j] = sa[i]
            sb = "".join(sb)
            out = "".join(c for c in sa + sb if (sa + sb).count(c) == 1)
            return apply_op("Einsum", scope, [("inputs_0", a), ("inputs_1", b)],
                            attrs={"equation": f"{sa},{sb}->{out}", "N": 2})._outputs[0]
        a_mat, a_free = _tensordot_reshape(a, a_axes)
        b_mat, b_free = _tensordot_reshape(b, b_axes, flipped=True)
        product = matmul(a_mat, b_mat)
        return reshape(product, a_free + b_free, name=scope)


__all__ = ["diag", "diag_part", "matrix_diag", "matrix_diag_part", "matrix_set_diag", "trace", "eye", "einsum",
           "tensordot"]


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Swaps the last two dimensions: `Transpose` under the `matrix_transpose` name scope."""
    from .array_ops import transpose
    g = graph_of([a])
    with g.as_default(), g.name_scope(name):
        a = convert_to_tensor(a, name="a")
        r = a.shape.ndims
        if r is None:
            raise ValueError("matrix_transpose needs a tensor of known rank")
        if r < 2:
            raise ValueError(f"Argument 'a' should be a (batch) matrix, with rank >= 2.  Found: {a.shape}")
        return transpose(a, list(range(r - 2)) + [r - 1, r - 2])


__all__ += ["matrix_transpose"]


# -- band part (lessons: tf.matrix_band_part; gradients: the lower triangle) --------------------
def _band_part_kernel(op):
    def k(ctx, x, lower, upper):
        m, n = x.shape[-2:]
        i, j = np.arange(m)[:, None], np.arange(n)[None, :]
        lo, up = int(lower), int(upper)
        keep = ((lo < 0) | (i - j <= lo)) & ((up < 0) | (j - i <= up))
        return np.where(keep, x, np.zeros((), x.dtype))
    return k


register("MatrixBandPart", "array", lambda op: [op._inputs[0]._shape], _band_part_kernel,
         doc="keeps a band around the diagonal of")


def matrix_band_part(input, num_lower, num_upper, name=None):  # noqa: A002
    return apply_op("MatrixBandPart", name, [("input", input), ("num_lower", num_lower),
                                             ("num_upper", num_upper)], same_type=("input",))._outputs[0]


__all__ += ["matrix_band_part"]
