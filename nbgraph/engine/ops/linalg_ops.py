"""Linear algebra on (batches of) matrices: inverse, determinant, solve, Cholesky, symmetric
eigen-decomposition, SVD and QR, with TF 1.x's op types (`MatrixInverse`, `SelfAdjointEigV2`,
`Svd`, `Qr` ...), output orders and error texts. Kernels are numpy.linalg."""
from __future__ import annotations

import collections

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import KernelError, shape_error

# TF's type list for these ops (nbgraph has no complex types, the message names them)
_LINALG = (_dt.float64, _dt.float32, _dt.float16)
_LINALG_NAMES = "float64, float32, float16, complex64, complex128"
_CHOLESKY_NAMES = _LINALG_NAMES


def _matrix_dims(op, s, square=True):
    """(batch dims, rows, cols) of a [..., M, N] shape, with TF's rank/square errors."""
    if s.ndims is None:
        return None
    if s.ndims < 2:
        raise shape_error(op, f"Shape must be at least rank 2 but is rank {s.ndims}")
    dims = s.as_list()
    m, n = dims[-2], dims[-1]
    if square and m is not None and n is not None and m != n:
        raise shape_error(op, f"Dimensions must be equal, but are {m} and {n}")
    if square:
        m = n = m if m is not None else n
    return dims[:-2], m, n


def _square_shape(op):
    d = _matrix_dims(op, op._inputs[0]._shape)
    return [unknown_shape() if d is None else TensorShape(d[0] + [d[1], d[2]])]


def _det_shape(op):
    d = _matrix_dims(op, op._inputs[0]._shape)
    return [unknown_shape() if d is None else TensorShape(d[0])]


def _solve_shape(op):
    a = _matrix_dims(op, op._inputs[0]._shape)
    b = op._inputs[1]._shape
    if b.ndims is not None and b.ndims < 2:
        raise shape_error(op, f"Shape must be at least rank 2 but is rank {b.ndims}")
    if a is None or b.ndims is None:
        return [unknown_shape()]
    bd = b.as_list()
    if a[1] is not None and bd[-2] is not None and a[1] != bd[-2]:
        raise shape_error(op, f"Dimensions must be equal, but are {a[1]} and {bd[-2]}")
    return [TensorShape(a[0] + [a[1] if a[1] is not None else bd[-2], bd[-1]])]


def _eig_shape(op):
    d = _matrix_dims(op, op._inputs[0]._shape)
    if d is None:
        return [unknown_shape(), unknown_shape()]
    batch, n, _ = d
    v = TensorShape(batch + [n, n]) if op._attrs["compute_v"] else TensorShape([0])
    return [TensorShape(batch + [n]), v]


def _svd_shape(op):
    d = _matrix_dims(op, op._inputs[0]._shape, square=False)
    if d is None:
        return [unknown_shape()] * 3
    batch, m, n = d
    p = None if m is None or n is None else min(m, n)
    if not op._attrs["compute_uv"]:
        return [TensorShape(batch + [p]), TensorShape([0]), TensorShape([0])]
    if op._attrs["full_matrices"]:
        return [TensorShape(batch + [p]), TensorShape(batch + [m, m]), TensorShape(batch + [n, n])]
    return [TensorShape(batch + [p]), TensorShape(batch + [m, p]), TensorShape(batch + [n, p])]


def _qr_shape(op):
    d = _matrix_dims(op, op._inputs[0]._shape, square=False)
    if d is None:
        return [unknown_shape(), unknown_shape()]
    batch, m, n = d
    p = None if m is None or n is None else min(m, n)
    if op._attrs["full_matrices"]:
        return [TensorShape(batch + [m, m]), TensorShape(batch + [m, n])]
    return [TensorShape(batch + [m, p]), TensorShape(batch + [p, n])]


def _typed(fn):
    """Kernels compute in float64 where numpy would, and hand back the op's dtype."""
    def make(op):
        dts = [t._dtype.as_numpy_dtype for t in op._outputs]

        def k(ctx, *xs):
            out = fn(op, *xs)
            if isinstance(out, tuple):
                return tuple(np.asarray(o, dtype=d) for o, d in zip(out, dts))
            return np.asarray(out, dtype=dts[0])
        return k
    return make


def _inverse(op, x):
    if op._attrs.get("adjoint"):
        x = np.swapaxes(x, -1, -2)
    if x.size == 0:
        return x
    try:
        return np.linalg.inv(x)
    except np.linalg.LinAlgError:
        raise KernelError("Input is not invertible.") from None


def _determinant(op, x):
    return np.linalg.det(x) if x.size else np.ones(x.shape[:-2], x.dtype)


def _solve(op, a, b):
    if op._attrs.get("adjoint"):
        a = np.swapaxes(a, -1, -2)
    if np.shape(a)[:-2] != np.shape(b)[:-2] or np.shape(a)[-1] != np.shape(b)[-2]:
        raise KernelError(f"Input matrix and right-hand side must have the same number of rows: "
                          f"{np.shape(a)[-2]} vs. {np.shape(b)[-2]}")
    try:
        return np.linalg.solve(a, b)
    except np.linalg.LinAlgError:
        raise KernelError("Input matrix is not invertible.") from None


def _cholesky(op, x):
    try:
        return np.linalg.cholesky(x)
    except np.linalg.LinAlgError:
        raise KernelError("Cholesky decomposition was not successful. The input might not be valid.") from None


def _eig(op, x):
    e, v = np.linalg.eigh(x)  # the lower triangle, as TF
    if not op._attrs["compute_v"]:
        return e, np.zeros([0], x.dtype)
    return e, v


def _svd(op, x):
    if not op._attrs["compute_uv"]:
        return np.linalg.svd(x, compute_uv=False), np.zeros([0], x.dtype), np.zeros([0], x.dtype)
    u, s, vh = np.linalg.svd(x, full_matrices=op._attrs["full_matrices"])
    return s, u, np.swapaxes(vh, -1, -2)


def _qr(op, x):
    return np.linalg.qr(x, mode="complete" if op._attrs["full_matrices"] else "reduced")


register("MatrixInverse", "array", _square_shape, _typed(_inverse), doc="inverts the matrix")
register("MatrixDeterminant", "array", _det_shape, _typed(_determinant), doc="takes the determinant of")
register("MatrixSolve", "array", _solve_shape, _typed(_solve), doc="solves A x = b for x")
register("Cholesky", "array", _square_shape, _typed(_cholesky), doc="takes the Cholesky factor L (A = L L^T) of")
register("SelfAdjointEigV2", "array", _eig_shape, _typed(_eig),
         doc="finds the eigenvalues and eigenvectors of the symmetric matrix")
register("Svd", "array", _svd_shape, _typed(_svd), doc="takes the singular value decomposition of")
register("Qr", "array", _qr_shape, _typed(_qr), doc="factors into orthonormal Q times upper-triangular R")


def matrix_inverse(input, adjoint=False, name=None):  # noqa: A002
    return apply_op("MatrixInverse", name, [("input", input)], allowed=_LINALG, allowed_names=_LINALG_NAMES,
                    attrs={"adjoint": bool(adjoint)})._outputs[0]


def matrix_determinant(input, name=None):  # noqa: A002
    return apply_op("MatrixDeterminant", name, [("input", input)], allowed=_LINALG,
                    allowed_names=_LINALG_NAMES)._outputs[0]


def matrix_solve(matrix, rhs, adjoint=False, name=None):
    return apply_op("MatrixSolve", name, [("matrix", matrix), ("rhs", rhs)], allowed=_LINALG,
                    allowed_names=_LINALG_NAMES, attrs={"adjoint": bool(adjoint)})._outputs[0]


def cholesky(input, name=None):  # noqa: A002
    return apply_op("Cholesky", name, [("input", input)], allowed=_LINALG,
                    allowed_names=_CHOLESKY_NAMES)._outputs[0]


def _multi(op_type, name, x, attrs, n):
    from ..convert import convert_to_tensor
    from ..graph import graph_of
    g = graph_of([x])
    with g.as_default(), g.name_scope(name or op_type) as scope:
        t = convert_to_tensor(x, name="input")
        op = apply_op(op_type, scope, [("input", t)], allowed=_LINALG, allowed_names=_LINALG_NAMES,
                      attrs=attrs, out_dtypes=[t.dtype.base_dtype] * n)
    return op._outputs


def self_adjoint_eig(tensor, name=None):
    """(eigenvalues ascending, eigenvectors as columns) of a symmetric matrix."""
    e, v = _multi("SelfAdjointEigV2", name, tensor, {"compute_v": True}, 2)
    return e, v


def self_adjoint_eigvals(tensor, name=None):
    return _multi("SelfAdjointEigV2", name, tensor, {"compute_v": False}, 2)[0]


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """`s` alone, or `(s, u, v)` with `tensor = u @ diag(s) @ transpose(v)`."""
    s, u, v = _multi("Svd", name, tensor, {"full_matrices": bool(full_matrices), "compute_uv": bool(compute_uv)}, 3)
    return (s, u, v) if compute_uv else s


Qr = collections.namedtuple("Qr", ["q", "r"])


def qr(input, full_matrices=False, name=None):  # noqa: A002
    q, r = _multi("Qr", name, input, {"full_matrices": bool(full_matrices)}, 2)
    return Qr(q, r)


__all__ = ["matrix_inverse", "matrix_determinant", "matrix_solve", "cholesky", "self_adjoint_eig",
           "self_adjoint_eigvals", "svd", "qr"]
