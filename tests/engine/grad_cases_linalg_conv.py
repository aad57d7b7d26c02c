"""Finite-difference cases for the gradients of the linear-algebra, diagonal, contraction,
split/gather, top_k, convolution, pooling and bias ops. `test_gradient_properties.CASES` takes
them in: op type -> fn(data) returning (float64 inputs, build)."""
from __future__ import annotations

import hypothesis.extra.numpy as hnp
import numpy as np
from hypothesis import strategies as st

import nbgraph as tf
from nbgraph.engine.ops import conv_ops as C
from nbgraph.engine.ops import pool_ops as P
from nbgraph.engine.ops import split_gather_ops as S

F64 = np.float64
CASES = {}


def case(*op_types):
    def deco(fn):
        for t in op_types:
            CASES[t] = (lambda data, t=t: fn(data, t))
        return fn
    return deco


def arr(data, shape, lo=-2.0, hi=2.0):
    return data.draw(hnp.arrays(F64, shape, elements=st.floats(lo, hi)))


def well_conditioned(data, n, batch=()):
    return arr(data, batch + (n, n), -0.5, 0.5) + 3 * np.eye(n)


def distinct(data, shape):
    """Values at least 0.1 apart (no ties for max-pool and top_k), in a drawn order."""
    n = int(np.prod(shape))
    perm = data.draw(st.permutations(list(range(n))))
    return (np.array(perm, F64) * 0.1 + 0.05).reshape(shape)


@case("MatrixInverse", "MatrixDeterminant", "MatrixSolve")
def _square(data, op_type):
    n = data.draw(st.integers(1, 3))
    batch = data.draw(st.sampled_from([(), (2,)]))
    a = well_conditioned(data, n, batch)
    adjoint = data.draw(st.booleans())
    if op_type == "MatrixInverse":
        return [a], lambda a: tf.matrix_inverse(a, adjoint=adjoint)
    if op_type == "MatrixDeterminant":
        return [a], tf.matrix_determinant
    b = arr(data, batch + (n, data.draw(st.integers(1, 2))))
    return [a, b], lambda a, b: tf.matrix_solve(a, b, adjoint=adjoint)


@case("Cholesky")
def _cholesky(data, op_type):
    n = data.draw(st.integers(1, 3))
    x = arr(data, (n, n), -1, 1)  # the case factors x x^T + 3I: perturbations stay symmetric
    return [x], lambda x: tf.cholesky(tf.matmul(x, x, transpose_b=True) + tf.constant(3 * np.eye(n)))


@case("SelfAdjointEigV2")
def _eig(data, op_type):
    n = data.draw(st.integers(1, 3))
    a = np.diag(np.arange(1.0, n + 1)) + arr(data, (n, n), -0.2, 0.2)  # well separated eigenvalues
    vectors = data.draw(st.booleans())
    if vectors:  # an eigenvector's sign is arbitrary (and may flip between nearby inputs): check
        c = np.linspace(-1.0, 2.0, n)  # sign-free functions of the vectors
        return [a], lambda a: (lambda e, v: [e, v * v, tf.matmul(v * c, v, transpose_b=True)])(
            *tf.self_adjoint_eig(a))
    return [a], tf.self_adjoint_eigvals


@case("Svd", "Qr")
def _svd_qr(data, op_type):
    """Singular vectors and Q's columns have arbitrary signs: the checked outputs are sign-free
    (u diag(c) v^T flips with each pair). Singular values kept apart by a diagonal. As in TF, the
    gradients need static matrix shapes: the placeholder of unknown shape is reshaped first."""
    if op_type == "Qr":
        n = data.draw(st.integers(1, 3))
        a = 2 * np.eye(n) + arr(data, (n, n), -0.5, 0.5)
        c = np.linspace(1.0, 2.0, n)
        return [a], lambda a: (lambda q, r: [tf.matmul(q * c, r), q * q, r * r])(*tf.qr(tf.reshape(a, [n, n])))
    m, n = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    a = np.zeros((m, n))
    a[np.arange(min(m, n)), np.arange(min(m, n))] = np.arange(1.0, min(m, n) + 1) * 1.5
    a = a + arr(data, (m, n), -0.2, 0.2)
    full = data.draw(st.booleans()) and abs(m - n) <= 1
    c = np.linspace(1.0, 2.0, min(m, n))
    if data.draw(st.booleans()):
        return [a], lambda a: tf.svd(tf.reshape(a, [m, n]), compute_uv=False)

    def build(a):
        s, u, v = tf.svd(tf.reshape(a, [m, n]), full_matrices=full)
        p = min(m, n)
        return [s, tf.matmul(u[:, :p] * c, v[:, :p], transpose_b=True)]
    return [a], build


@case("Diag", "DiagPart", "MatrixDiag", "MatrixDiagPart", "MatrixSetDiag", "MatrixBandPart")
def _diagonals(data, op_type):
    if op_type == "Diag":
        return [arr(data, data.draw(hnp.array_shapes(min_dims=1, max_dims=2, max_side=3)))], tf.diag
    if op_type == "DiagPart":
        s = data.draw(hnp.array_shapes(min_dims=1, max_dims=2, max_side=3))
        return [arr(data, s + s)], tf.diag_part
    if op_type == "MatrixDiag":
        return [arr(data, (2, data.draw(st.integers(1, 3))))], tf.matrix_diag
    m, n = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    if op_type == "MatrixDiagPart":
        return [arr(data, (2, m, n))], tf.matrix_diag_part
    if op_type == "MatrixSetDiag":
        return [arr(data, (2, m, n)), arr(data, (2, min(m, n)))], tf.matrix_set_diag
    lo, up = data.draw(st.integers(-1, 2)), data.draw(st.integers(-1, 2))
    return [arr(data, (m, n))], lambda x: tf.matrix_band_part(x, lo, up)


@case("Cross")
def _cross(data, op_type):
    k = data.draw(st.integers(1, 3))
    return [arr(data, (k, 3)), arr(data, (k, 3))], tf.cross


_EQUATIONS = {"ij,jk->ik": [(2, 3), (3, 2)], "i,j->ij": [(2,), (3,)], "ij->i": [(2, 3)], "ij->ji": [(2, 3)],
              "bij,bjk->bik": [(2, 2, 3), (2, 3, 1)], "ij,ij->": [(2, 2), (2, 2)], "ijk,k->j": [(2, 3, 2), (2,)]}


@case("Einsum")
def _einsum(data, op_type):
    eq = data.draw(st.sampled_from(sorted(_EQUATIONS)))
    return [arr(data, s) for s in _EQUATIONS[eq]], lambda *xs: tf.einsum(eq, *xs)


@case("Split", "SplitV")
def _split(data, op_type):
    x = arr(data, (2, 6))
    if op_type == "Split":
        n = data.draw(st.sampled_from([1, 2, 3, 6]))
        return [x], lambda x: tf.split(x, n, axis=1)
    sizes = data.draw(st.sampled_from([[1, -1, 2], [6], [2, 4]]))
    return [x], lambda x: tf.split(x, sizes, 1)


@case("GatherNd", "ScatterNd")
def _gather_nd(data, op_type):
    idx = np.array(data.draw(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3)), min_size=1, max_size=5)),
                   np.int32)
    if op_type == "GatherNd":
        return [arr(data, (3, 4))], lambda p: tf.gather_nd(p, idx)
    return [arr(data, (len(idx),))], lambda u: S.scatter_nd(idx, u, np.array([3, 4], np.int32))


@case("TopKV2")
def _top_k(data, op_type):
    x = distinct(data, (2, 4))
    k = data.draw(st.integers(1, 4))
    return [x], lambda x: tf.nn.top_k(x, k).values


def _conv_setup(data):
    strides = data.draw(st.sampled_from([(1, 1), (2, 2), (1, 2)]))
    padding = data.draw(st.sampled_from(["SAME", "VALID"]))
    return [1, *strides, 1], padding


@case("Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter")
def _conv(data, op_type):
    strides, padding = _conv_setup(data)
    x, f = arr(data, (1, 4, 5, 2)), arr(data, (2, 3, 2, 3))
    if op_type == "Conv2D":
        dil = data.draw(st.sampled_from([1, 2])) if strides == [1, 1, 1, 1] else 1
        return [x, f], lambda x, f: tf.nn.conv2d(x, f, strides, padding, dilations=[1, dil, dil, 1])
    oh, _, _ = C.out_size(4, 2, strides[1], 1, padding)
    ow, _, _ = C.out_size(5, 3, strides[2], 1, padding)
    dy = arr(data, (1, oh, ow, 3))
    if op_type == "Conv2DBackpropInput":
        return [f, dy], lambda f, dy: C.conv2d_backprop_input(np.array([1, 4, 5, 2], np.int32), f, dy, strides,
                                                              padding)
    return [x, dy], lambda x, dy: C.conv2d_backprop_filter(x, np.array([2, 3, 2, 3], np.int32), dy, strides, padding)


def _pool_setup(data):
    k = data.draw(st.sampled_from([(2, 2), (3, 2)]))
    s = data.draw(st.sampled_from([(1, 1), (2, 2)]))
    return [1, *k, 1], [1, *s, 1], data.draw(st.sampled_from(["SAME", "VALID"]))


@case("MaxPool", "MaxPoolGrad", "MaxPoolGradGrad", "AvgPool", "AvgPoolGrad")
def _pool(data, op_type):
    ksize, strides, padding = _pool_setup(data)
    x = distinct(data, (1, 4, 5, 2))
    if op_type == "MaxPool":
        return [x], lambda x: tf.nn.max_pool(x, ksize, strides, padding)
    if op_type == "AvgPool":
        return [arr(data, x.shape)], lambda x: tf.nn.avg_pool(x, ksize, strides, padding)
    oh, _, _ = C.out_size(4, ksize[1], strides[1], 1, padding)
    ow, _, _ = C.out_size(5, ksize[2], strides[2], 1, padding)
    dy = arr(data, (1, oh, ow, 2))
    if op_type == "AvgPoolGrad":
        return [dy], lambda dy: P.avg_pool_grad(np.array([1, 4, 5, 2], np.int32), dy, ksize, strides, padding)
    if op_type == "MaxPoolGrad":
        return [x, dy], lambda x, dy: P.max_pool_grad(x, tf.nn.max_pool(x, ksize, strides, padding), dy, ksize,
                                                      strides, padding)
    gg = arr(data, x.shape)
    return [x, gg], lambda x, gg: P.max_pool_grad_grad(x, tf.nn.max_pool(x, ksize, strides, padding), gg, ksize,
                                                       strides, padding)


@case("BiasAdd", "BiasAddGrad")
def _bias(data, op_type):
    fmt = data.draw(st.sampled_from(["NHWC", "NCHW"]))
    shape = (2, 3) if fmt == "NHWC" else (2, 3, 2, 2)
    if op_type == "BiasAdd":
        return [arr(data, shape), arr(data, (3,))], lambda x, b: tf.nn.bias_add(x, b, data_format=fmt)
    return [arr(data, shape)], lambda dy: C.bias_add_grad(dy, data_format=fmt)
