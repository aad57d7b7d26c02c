"""Gradients of the linear-algebra, diagonal, contraction, split/gather and nn extra ops (TF
1.15's `linalg_grad.py`, `array_grad.py`, `nn_grad.py` for these types), and the marks for
the ones TF does not differentiate.

As TF 1.15: `Qr`'s gradient needs a square R and `Svd`'s known matrix dimensions (both raise
NotImplementedError otherwise, with TF's texts). `Einsum` is differentiated for equations whose
inputs repeat no letter. Triangular solves are written as products with `MatrixInverse`.
"""
from __future__ import annotations

from ..grad_registry import NotDifferentiable, RegisterGradient
from . import array_ops as A
from . import linalg_ops as L
from . import math_ops as M
from . import matrix_ops as X
from . import reduce_ops as R
from . import split_gather_ops as S
from .index_ops import concat, one_hot
from .math_more_ops import cross

for _t in ("LinSpace", "InTopKV2", "ScatterUpdate", "TruncateDiv", "TruncateMod"):
    NotDifferentiable(_t)


def _adjoint(x):
    return X.matrix_transpose(x)


@RegisterGradient("MatrixInverse")
def _MatrixInverseGrad(op, grad):  # noqa: N802 - TF's names
    ainv = op.outputs[0]
    if op._attrs["adjoint"]:
        return -R.matmul(ainv, R.matmul(grad, ainv, adjoint_a=True))
    return -R.matmul(ainv, R.matmul(grad, ainv, adjoint_b=True), adjoint_a=True)


@RegisterGradient("MatrixDeterminant")
def _MatrixDeterminantGrad(op, grad):  # noqa: N802
    a, c = op.inputs[0], op.outputs[0]
    a_adj_inv = L.matrix_inverse(a, adjoint=True)
    multipliers = A.expand_dims(A.expand_dims(grad * c, -1), -1)
    return multipliers * a_adj_inv


@RegisterGradient("MatrixSolve")
def _MatrixSolveGrad(op, grad):  # noqa: N802
    a = op.inputs[0]
    adjoint = op._attrs["adjoint"]
    c = op.outputs[0]
    grad_b = L.matrix_solve(a, grad, adjoint=not adjoint)
    if adjoint:
        grad_a = -R.matmul(c, grad_b, adjoint_b=True)
    else:
        grad_a = -R.matmul(grad_b, c, adjoint_b=True)
    return grad_a, grad_b


@RegisterGradient("Cholesky")
def _CholeskyGrad(op, grad):  # noqa: N802
    """TF's formula (Murray 2016), with the inverse of L taken by MatrixInverse."""
    l = op.outputs[0]  # noqa: E741 - TF's name
    l_inverse = L.matrix_inverse(l)
    middle = R.matmul(l, grad, adjoint_a=True)
    middle = X.matrix_set_diag(middle, 0.5 * X.matrix_diag_part(middle))
    middle = X.matrix_band_part(middle, -1, 0)
    grad_a = R.matmul(R.matmul(l_inverse, middle, adjoint_a=True), l_inverse)
    grad_a += _adjoint(grad_a)
    return grad_a * 0.5


def _safe_reciprocal(x, epsilon=1e-20):
    return x * M.reciprocal(x * x + epsilon)


@RegisterGradient("SelfAdjointEigV2")
def _SelfAdjointEigV2Grad(op, grad_e, grad_v):  # noqa: N802
    e, v = op.outputs
    if op._attrs["compute_v"]:
        f = X.matrix_set_diag(_safe_reciprocal(A.expand_dims(e, -2) - A.expand_dims(e, -1)), A.zeros_like(e))
        grad_a = R.matmul(v, R.matmul(X.matrix_diag(grad_e) + f * R.matmul(v, grad_v, adjoint_a=True), v,
                                      adjoint_b=True))
    else:
        _, v = L.self_adjoint_eig(op.inputs[0])
        grad_a = R.matmul(v, R.matmul(X.matrix_diag(grad_e), v, adjoint_b=True))
    # the forward op reads only the lower triangle: symmetrise and keep that
    grad_a = X.matrix_band_part(grad_a + _adjoint(grad_a), -1, 0)
    return X.matrix_set_diag(grad_a, 0.5 * X.matrix_diag_part(grad_a))


@RegisterGradient("Qr")
def _QrGrad(op, dq, dr):  # noqa: N802
    q, r = op.outputs
    if r.shape.ndims is None or r.shape.as_list()[-2] is None or r.shape.as_list()[-1] is None:
        raise NotImplementedError("QrGrad not implemented with dynamic shapes.")
    if r.shape.as_list()[-2] != r.shape.as_list()[-1]:
        raise NotImplementedError("QrGrad not implemented when ncols > nrows or full_matrices is true and "
                                  "ncols != nrows.")
    qdq = R.matmul(q, dq, adjoint_a=True)
    qdq_ = qdq - _adjoint(qdq)
    rdr = R.matmul(r, dr, adjoint_b=True)
    rdr_ = rdr - _adjoint(rdr)
    tril = X.matrix_band_part(qdq_ + rdr_, -1, 0)

    def triangular_solve(x, r):  # x @ inverse(r)^T
        return R.matmul(x, L.matrix_inverse(r), adjoint_b=True)

    grad_a = R.matmul(q, dr + triangular_solve(tril, r))
    grad_b = triangular_solve(dq - R.matmul(q, qdq), r)
    return grad_a + grad_b


@RegisterGradient("Svd")
def _SvdGrad(op, grad_s, grad_u, grad_v):  # noqa: N802
    """TF 1.15's formula (Giles; Townsend for full_matrices=False)."""
    a = op.inputs[0]
    a_shape = a.shape
    grad_s_mat = X.matrix_diag(grad_s)
    if not op._attrs["compute_uv"]:
        s, u, v = L.svd(a, compute_uv=True)
        grad_a = R.matmul(u, R.matmul(grad_s_mat, v, adjoint_b=True))
        grad_a.set_shape(a_shape)
        return grad_a
    full_matrices = op._attrs["full_matrices"]
    m, n = a_shape.as_list()[-2:]
    if m is None or n is None:
        raise NotImplementedError("SVD gradient has not been implemented for input with unknown inner matrix shape.")
    s, u, v = op.outputs
    use_adjoint = m > n
    if use_adjoint:  # the gradient of A^T = V S U^T, transposed at the end
        m, n = n, m
        u, v = v, u
        grad_u, grad_v = grad_v, grad_u
    if full_matrices and abs(m - n) > 1:
        raise NotImplementedError("svd gradient is not implemented for abs(m - n) > 1 when full_matrices is True")
    s_mat = X.matrix_diag(s)
    s2 = M.square(s)
    eye = X.matrix_diag(A.ones_like(s))
    f = X.matrix_set_diag(M.reciprocal(A.expand_dims(s2, -2) - A.expand_dims(s2, -1) + eye), A.zeros_like(s))
    s_inv_mat = X.matrix_diag(M.reciprocal(s))
    v1 = v[..., :, :m]
    grad_v1 = grad_v[..., :, :m]
    u_gu = R.matmul(u, grad_u, adjoint_a=True)
    v_gv = R.matmul(v1, grad_v1, adjoint_a=True)
    f_u = f * u_gu
    f_v = f * v_gv
    term1_nouv = grad_s_mat + R.matmul(f_u + _adjoint(f_u), s_mat) + R.matmul(s_mat, f_v + _adjoint(f_v))
    term1 = R.matmul(u, R.matmul(term1_nouv, v1, adjoint_b=True))
    if m == n:
        grad_a = term1
    else:
        gv1t = X.matrix_transpose(grad_v1)
        gv1t_v1 = R.matmul(gv1t, v1)
        term2_nous = gv1t - R.matmul(gv1t_v1, v1, adjoint_b=True)
        if full_matrices:
            v2 = v[..., :, m:n]
            grad_v2 = grad_v[..., :, m:n]
            v1t_gv2 = R.matmul(v1, grad_v2, adjoint_a=True)
            term2_nous -= R.matmul(v1t_gv2, v2, adjoint_b=True)
        grad_a = term1 + R.matmul(R.matmul(u, s_inv_mat), term2_nous)
    if use_adjoint:
        grad_a = X.matrix_transpose(grad_a)
    grad_a.set_shape(a_shape)
    return grad_a


@RegisterGradient("Diag")
def _DiagGrad(op, grad):  # noqa: N802
    return X.diag_part(grad)


@RegisterGradient("DiagPart")
def _DiagPartGrad(op, grad):  # noqa: N802
    return X.diag(grad)


@RegisterGradient("MatrixDiag")
def _MatrixDiagGrad(op, grad):  # noqa: N802
    return X.matrix_diag_part(grad)


@RegisterGradient("MatrixDiagPart")
def _MatrixDiagPartGrad(op, grad):  # noqa: N802
    return X.matrix_set_diag(A.zeros_like(op.inputs[0]), grad)


@RegisterGradient("MatrixSetDiag")
def _MatrixSetDiagGrad(op, grad):  # noqa: N802
    diag = op.inputs[1]
    return X.matrix_set_diag(grad, A.zeros_like(diag)), X.matrix_diag_part(grad)


@RegisterGradient("MatrixBandPart")
def _MatrixBandPartGrad(op, grad):  # noqa: N802
    return X.matrix_band_part(grad, op.inputs[1], op.inputs[2]), None, None


@RegisterGradient("Cross")
def _CrossGrad(op, grad):  # noqa: N802
    u, v = op.inputs
    return cross(v, grad), cross(grad, u)


@RegisterGradient("Einsum")
def _EinsumGrad(op, grad):  # noqa: N802
    """Each input's gradient is the einsum of the output gradient with the other inputs; letters
    only that input sums over are summed away, then broadcast back by adding zeros."""
    eq = op._attrs["equation"]
    ins, out = X._einsum_parts(eq, len(op.inputs))
    if "." in eq or any(len(set(s)) != len(s) for s in ins):
        raise NotImplementedError(f"nbgraph has no gradient for einsum '{eq}' (ellipsis or a repeated letter)")
    grads = []
    for i, sub in enumerate(ins):
        others = [(s, t) for j, (s, t) in enumerate(zip(ins, op.inputs)) if j != i]
        seen = set(out) | {c for s, _ in others for c in s}
        kept = "".join(c for c in sub if c in seen)
        g = X.einsum(",".join([out] + [s for s, _ in others]) + "->" + kept, grad, *[t for _, t in others])
        if kept != sub:  # letters summed inside this input alone: broadcast the gradient back
            g = _expand_to(g, sub, kept) + A.zeros_like(op.inputs[i], optimize=False)
        grads.append(g)
    return grads


def _expand_to(g, sub, kept):
    """Insert size-1 axes for the letters of `sub` missing from `kept` (g's axes follow sub's order)."""
    for axis, c in enumerate(sub):
        if c not in kept:
            g = A.expand_dims(g, axis)
    return g


@RegisterGradient("Split")
def _SplitGrad(op, *grads):  # noqa: N802
    return None, concat([g if g is not None else A.zeros_like(o) for g, o in zip(grads, op.outputs)], op.inputs[0])


@RegisterGradient("SplitV")
def _SplitVGrad(op, *grads):  # noqa: N802
    return concat([g if g is not None else A.zeros_like(o) for g, o in zip(grads, op.outputs)],
                  op.inputs[2]), None, None


@RegisterGradient("GatherNd")
def _GatherNdGrad(op, grad):  # noqa: N802
    params, indices = op.inputs
    return S.scatter_nd(indices, grad, A.shape(params, out_type=indices.dtype.base_dtype)), None


@RegisterGradient("ScatterNd")
def _ScatterNdGrad(op, grad):  # noqa: N802
    return None, S.gather_nd(grad, op.inputs[0]), None


@RegisterGradient("TopKV2")
def _TopKGrad(op, grad, _):  # noqa: N802
    """Each value's gradient goes back to the position it came from (a one-hot sum)."""
    x, indices = op.inputs[0], op.outputs[1]
    depth = A.shape(x)[-1]
    hot = one_hot(indices, depth, dtype=grad.dtype.base_dtype)
    return R.reduce_sum(hot * A.expand_dims(grad, -1), axis=-2), None

