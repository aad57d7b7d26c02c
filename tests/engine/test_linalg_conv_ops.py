"""Numpy twins for the issue-13 ops: linear algebra, diagonals and contractions, split and
gather_nd, convolution and pooling, top_k/in_top_k and the nn composites. Each case builds
the op twice (known shapes: the static shape must equal what runs; placeholders of unknown
shape: compatible), runs it and compares with an independent numpy computation."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf

RNG = np.random.default_rng(13)


def _run_both(build, inputs):
    """Values of build(*inputs) with constant inputs and with fed unknown-shape placeholders."""
    with tf.Graph().as_default() as g:
        out = build(*[tf.constant(x) for x in inputs])
        outs = out if isinstance(out, (list, tuple)) else [out]
        with tf.Session(graph=g) as s:
            got = s.run(list(outs))
        for t, v in zip(outs, got):
            assert t.shape.is_fully_defined(), f"static shape {t.shape} for known inputs"
            assert t.shape.as_tuple() == np.shape(v), f"static {t.shape} vs actual {np.shape(v)}"
    with tf.Graph().as_default() as g:
        ps = [tf.placeholder(tf.as_dtype(np.asarray(x).dtype), [None] * np.ndim(x)) for x in inputs]
        out = build(*ps)
        outs2 = out if isinstance(out, (list, tuple)) else [out]
        with tf.Session(graph=g) as s:
            got2 = s.run(list(outs2), dict(zip(ps, inputs)))
        for t, v in zip(outs2, got2):
            assert t.shape.is_compatible_with(np.shape(v)), f"static {t.shape} vs actual {np.shape(v)}"
    for a, b in zip(got, got2):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    return got if isinstance(out, (list, tuple)) else got[0]


def close(got, want, tol=1e-5):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol)


def spd(n, batch=()):
    a = RNG.normal(size=batch + (n, n))
    return (a @ np.swapaxes(a, -1, -2) + n * np.eye(n)).astype(np.float64)


# -- linear algebra --------------------------------------------------------------------------
@pytest.mark.parametrize("batch", [(), (2,), (2, 3)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_inverse_determinant_solve_cholesky(batch, dtype):
    a = spd(3, batch).astype(dtype)
    b = RNG.normal(size=batch + (3, 2)).astype(dtype)
    tol = 1e-4 if dtype == np.float32 else 1e-10
    close(_run_both(tf.matrix_inverse, [a]), np.linalg.inv(a).astype(dtype), tol)
    close(_run_both(lambda x: tf.matrix_inverse(x, adjoint=True), [a]),
          np.linalg.inv(np.swapaxes(a, -1, -2)).astype(dtype), tol)
    close(_run_both(tf.matrix_determinant, [a]), np.linalg.det(a).astype(dtype), tol * 10)
    close(_run_both(tf.matrix_solve, [a, b]), np.linalg.solve(a, b).astype(dtype), tol)
    close(_run_both(tf.cholesky, [a]), np.linalg.cholesky(a).astype(dtype), tol)


def test_eig_svd_qr_reconstruct_their_input():
    a = spd(4)
    e, v = _run_both(tf.self_adjoint_eig, [a])
    close(e, np.linalg.eigvalsh(a), 1e-10)
    close(v @ np.diag(e) @ v.T, a, 1e-9)
    close(_run_both(tf.self_adjoint_eigvals, [a]), np.linalg.eigvalsh(a), 1e-10)
    m = RNG.normal(size=(2, 5, 3))
    s, u, vv = _run_both(lambda x: tf.svd(x, compute_uv=True), [m])
    assert u.shape == (2, 5, 3) and vv.shape == (2, 3, 3)
    close(s, np.linalg.svd(m, compute_uv=False), 1e-10)
    close(u @ (s[..., None] * np.swapaxes(vv, -1, -2)), m, 1e-9)
    s_full, u_full, v_full = _run_both(lambda x: tf.svd(x, full_matrices=True), [m])
    assert u_full.shape == (2, 5, 5) and v_full.shape == (2, 3, 3)
    close(_run_both(lambda x: tf.svd(x, compute_uv=False), [m]), s, 1e-10)
    q, r = _run_both(lambda x: tuple(tf.qr(x)), [m])
    assert q.shape == (2, 5, 3) and r.shape == (2, 3, 3)
    close(q @ r, m, 1e-9)
    close(np.tril(r, -1), np.zeros_like(r))
    q2, r2 = _run_both(lambda x: tuple(tf.qr(x, full_matrices=True)), [m])
    assert q2.shape == (2, 5, 5) and r2.shape == (2, 5, 3)


def test_linalg_namespace_builds_the_same_ops():
    a = tf.constant(spd(2))
    assert tf.linalg.inv(a).op.type == "MatrixInverse"
    assert tf.linalg.det(a).op.type == "MatrixDeterminant"
    assert tf.linalg.solve(a, a).op.type == "MatrixSolve"
    assert tf.linalg.cholesky(a).op.type == "Cholesky"
    assert tf.linalg.eigh(a)[0].op.type == "SelfAdjointEigV2"
    assert tf.linalg.trace(a).op.type == "Sum"
    assert tf.linalg.diag([1.0, 2.0]).op.type == "MatrixDiag"
    assert tf.linalg.tensor_diag([1.0, 2.0]).op.type == "Diag"


def test_linalg_errors_are_tfs():
    with pytest.raises(ValueError, match=r"^Dimensions must be equal, but are 2 and 3 for 'MatrixInverse' "
                                         r"\(op: 'MatrixInverse'\) with input shapes: \[2,3\]\.$"):
        tf.matrix_inverse(tf.ones([2, 3]))
    with pytest.raises(ValueError, match=r"^Shape must be at least rank 2 but is rank 1 for 'MatrixDeterminant'"):
        tf.matrix_determinant(tf.ones([3]))
    with pytest.raises(TypeError, match="Value passed to parameter 'input' has DataType int32 not in list of "
                                        "allowed values: float64, float32, float16, complex64, complex128"):
        tf.matrix_inverse(tf.constant([[1, 2], [3, 4]]))
    p = tf.placeholder(tf.float64, [2, 2])
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError, match="^Input is not invertible."):
            s.run(tf.matrix_inverse(p), {p: [[1.0, 2.0], [2.0, 4.0]]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="^Cholesky decomposition was not successful"):
            s.run(tf.cholesky(p), {p: [[1.0, 2.0], [2.0, 1.0]]})


# -- diagonals and contractions --------------------------------------------------------------
def test_diag_diag_part_trace_eye():
    d = RNG.normal(size=(2, 3)).astype(np.float32)
    full = _run_both(tf.diag, [d])
    want = np.zeros((2, 3, 2, 3), np.float32)
    for i in range(2):
        for j in range(3):
            want[i, j, i, j] = d[i, j]
    close(full, want)
    close(_run_both(tf.diag_part, [want]), d)
    m = RNG.normal(size=(2, 3, 3)).astype(np.float32)
    close(_run_both(tf.trace, [m]), np.trace(m, axis1=-2, axis2=-1).astype(np.float32))
    close(_run_both(tf.matrix_diag_part, [m]), np.diagonal(m, axis1=-2, axis2=-1))
    close(_run_both(tf.matrix_diag, [d]), np.stack([np.diag(r) for r in d]))
    with tf.Session() as s:
        close(s.run(tf.eye(3)), np.eye(3, dtype=np.float32))
        close(s.run(tf.eye(2, 3, dtype=tf.float64)), np.eye(2, 3))


@pytest.mark.parametrize("eq, shapes", [("ij,jk->ik", [(2, 3), (3, 4)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 1)]),
                                        ("i,i->", [(4,), (4,)]), ("ij->ji", [(2, 3)]), ("ij,kj", [(2, 3), (4, 3)])])
def test_einsum(eq, shapes):
    xs = [RNG.normal(size=s).astype(np.float32) for s in shapes]
    close(_run_both(lambda *t: tf.einsum(eq, *t), xs), np.einsum(eq, *xs).astype(np.float32), 1e-4)


@pytest.mark.parametrize("axes, sa, sb", [(1, (2, 3), (3, 4)), (2, (2, 3, 4), (3, 4, 5)), (0, (2,), (3,)),
                                          ([[0], [1]], (3, 2), (4, 3)), ([[1, 0], [0, 1]], (2, 3), (3, 2))])
def test_tensordot(axes, sa, sb):
    a, b = RNG.normal(size=sa).astype(np.float32), RNG.normal(size=sb).astype(np.float32)
    close(_run_both(lambda x, y: tf.tensordot(x, y, axes), [a, b]), np.tensordot(a, b, axes).astype(np.float32), 1e-4)


@pytest.mark.parametrize("axes, sa, sb, unknown", [([[-1], [0]], (2, 4, 3), (3, 2), "a"),
                                                   ([[0], [-1]], (3, 2), (2, 4, 3), "b"),
                                                   ([[1], [0]], (2, 3), (3, 5), "ab"),
                                                   ([[2, 0], [0, 1]], (2, 3, 4), (4, 2, 5), "a")])
def test_tensordot_of_unknown_rank(axes, sa, sb, unknown):
    """TF 1.x computes the free sizes and permutation in the graph (rgb_to_grayscale of a
    placeholder without shape goes this way); the gradient flows through those ops."""
    a, b = RNG.normal(size=sa).astype(np.float32), RNG.normal(size=sb).astype(np.float32)
    with tf.Graph().as_default():
        pa = tf.placeholder(tf.float32) if "a" in unknown else tf.constant(a)
        pb = tf.placeholder(tf.float32) if "b" in unknown else tf.constant(b)
        t = tf.tensordot(pa, pb, axes)
        assert t.shape.ndims is None and t.name == "Tensordot:0"
        grads = tf.gradients(tf.reduce_sum(t * t), [pa, pb])
        feed = {p: v for p, v, k in ((pa, a, "a"), (pb, b, "b")) if k in unknown}
        with tf.Session() as s:
            got, ga, gb = s.run([t, *grads], feed)
    close(got, np.tensordot(a, b, axes).astype(np.float32), 1e-4)
    with tf.Graph().as_default():  # the gradients agree with those of the all-static graph
        ca, cb = tf.constant(a), tf.constant(b)
        with tf.Session() as s:
            wa, wb = s.run(tf.gradients(tf.reduce_sum(tf.square(tf.tensordot(ca, cb, axes))), [ca, cb]))
    close(ga, wa, 1e-4)
    close(gb, wb, 1e-4)


def test_rgb_to_grayscale_of_a_shapeless_placeholder():
    x = tf.placeholder(tf.float32)
    g = tf.image.rgb_to_grayscale(x)
    assert str(g) == 'Tensor("rgb_to_grayscale:0", dtype=float32)'
    img = RNG.uniform(size=(2, 4, 3)).astype(np.float32)
    with tf.Session() as s:
        close(s.run(g, {x: img}), (img @ np.array([0.2989, 0.5870, 0.1140], np.float32))[..., None], 1e-5)


def test_cross_linspace_truncated_division():
    a, b = RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3))
    close(_run_both(tf.cross, [a, b]), np.cross(a, b), 1e-12)
    with tf.Session() as s:
        close(s.run(tf.linspace(-1.0, 2.0, 7)), np.linspace(-1, 2, 7).astype(np.float32))
        close(s.run(tf.lin_space(tf.constant(0.0, tf.float64), 1.0, 1)), np.array([0.0]))
    x, y = np.array([-7, 7, -7, 7], np.int32), np.array([2, 2, -2, -2], np.int32)
    close(_run_both(tf.truncatediv, [x, y]), np.array([-3, 3, 3, -3], np.int32))
    close(_run_both(tf.truncatemod, [x, y]), np.array([-1, 1, -1, 1], np.int32))
    close(_run_both(tf.floor_div, [x, y]), np.array([-4, 3, 3, -4], np.int32))
    close(_run_both(tf.realdiv, [x.astype(np.float32), y.astype(np.float32)]), (x / y).astype(np.float32))


# -- split / gather_nd / scatter_update --------------------------------------------------------
def test_split_and_splitv():
    x = RNG.normal(size=(4, 6)).astype(np.float32)
    parts = _run_both(lambda t: tf.split(t, 3, axis=1), [x])
    for got, want in zip(parts, np.split(x, 3, axis=1)):
        close(got, want)
    parts = _run_both(lambda t: tf.split(t, [1, -1, 2], 1), [x])
    for got, want in zip(parts, np.split(x, [1, 4], axis=1)):
        close(got, want)
    with pytest.raises(ValueError, match=r"^Dimension size must be evenly divisible by 4 but is 6 for 'split' "
                                         r"\(op: 'Split'\)"):
        tf.split(tf.constant(x), 4, axis=1)
    assert [t.name for t in tf.split(tf.constant(x), 2)] == ["split_1:0", "split_1:1"]
    (whole,) = _run_both(lambda t: tf.split(t, 1, axis=1), [x])  # one part: the value itself, not a tuple
    close(whole, x)
    (whole,) = _run_both(lambda t: tf.split(t, [6], axis=1), [x])
    close(whole, x)


def test_gather_nd_and_scatter_update():
    params = RNG.normal(size=(3, 4, 2)).astype(np.float32)
    idx = np.array([[0, 1], [2, 3]], np.int32)
    close(_run_both(tf.gather_nd, [params, idx]), params[idx[:, 0], idx[:, 1]])
    idx3 = np.array([[[0, 1, 1]], [[2, 0, 0]]], np.int64)
    close(_run_both(tf.gather_nd, [params, idx3]), params[tuple(np.moveaxis(idx3, -1, 0))])
    v = tf.Variable(tf.zeros([4, 2]))
    up = tf.scatter_update(v, [1, 3], [[1.0, 2.0], [3.0, 4.0]])
    assert str(up) == 'Tensor("ScatterUpdate:0", shape=(4, 2), dtype=float32_ref)'
    with tf.Session() as s:
        s.run(v.initializer)
        close(s.run(up), np.array([[0, 0], [1, 2], [0, 0], [3, 4]], np.float32))
        close(s.run(v), np.array([[0, 0], [1, 2], [0, 0], [3, 4]], np.float32))
        bad = tf.scatter_update(v, [7], [[1.0, 1.0]])
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"^indices\[0\] = 7 is not in \[0, 4\)"):
            s.run(bad)
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"^indices\[1\] = \[2, 5\] does not index into "
                                                                  r"param shape \[3,4,2\]"):
            p = tf.placeholder(tf.int32)
            s.run(tf.gather_nd(tf.constant(params), p), {p: [[0, 0], [2, 5]]})


# -- convolution and pooling -----------------------------------------------------------------
def conv_reference(x, f, strides, padding, dil=(1, 1)):
    """A plain loop: the definition of TF's Conv2D (NHWC, cross-correlation)."""
    n, h, w, c = x.shape
    kh, kw, _, o = f.shape
    sh, sw = strides
    dh, dw = dil
    ekh, ekw = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    if padding == "SAME":
        oh, ow = -(-h // sh), -(-w // sw)
        ph = max((oh - 1) * sh + ekh - h, 0)
        pw = max((ow - 1) * sw + ekw - w, 0)
        x = np.pad(x, [(0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)])
    else:
        oh, ow = -(-(h - ekh + 1) // sh), -(-(w - ekw + 1) // sw)
    out = np.zeros((n, oh, ow, o))
    for i in range(oh):
        for j in range(ow):
            patch = x[:, i * sh:i * sh + ekh:dh, j * sw:j * sw + ekw:dw, :]
            out[:, i, j, :] = np.einsum("nhwc,hwco->no", patch, f)
    return out


def pool_reference(x, k, s, padding, kind):
    n, h, w, c = x.shape
    if padding == "SAME":
        oh, ow = -(-h // s[0]), -(-w // s[1])
        ph = max((oh - 1) * s[0] + k[0] - h, 0) // 2
        pw = max((ow - 1) * s[1] + k[1] - w, 0) // 2
    else:
        oh, ow = -(-(h - k[0] + 1) // s[0]), -(-(w - k[1] + 1) // s[1])
        ph = pw = 0
    out = np.zeros((n, oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            r0, c0 = i * s[0] - ph, j * s[1] - pw
            patch = x[:, max(r0, 0):r0 + k[0], max(c0, 0):c0 + k[1], :]
            out[:, i, j, :] = patch.max(axis=(1, 2)) if kind == "max" else patch.mean(axis=(1, 2))
    return out


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("strides, dil, shape, fshape", [((1, 1), (1, 1), (2, 5, 5, 3), (3, 3, 3, 4)),
                                                         ((2, 2), (1, 1), (1, 7, 6, 2), (3, 2, 2, 3)),
                                                         ((2, 1), (1, 1), (1, 4, 4, 1), (2, 2, 1, 1)),
                                                         ((1, 1), (2, 2), (1, 7, 7, 2), (3, 3, 2, 2))])
def test_conv2d(padding, strides, dil, shape, fshape):
    x = RNG.normal(size=shape).astype(np.float32)
    f = RNG.normal(size=fshape).astype(np.float32)
    got = _run_both(lambda a, b: tf.nn.conv2d(a, b, strides=[1, *strides, 1], padding=padding,
                                              dilations=[1, *dil, 1]), [x, f])
    close(got, conv_reference(x, f, strides, padding, dil).astype(np.float32), 1e-4)


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("k, s, shape", [((2, 2), (2, 2), (2, 4, 4, 3)), ((3, 3), (2, 2), (1, 5, 6, 2)),
                                         ((3, 2), (1, 1), (1, 4, 5, 1))])
def test_pools(padding, k, s, shape):
    x = RNG.normal(size=shape).astype(np.float32)
    for fn, kind in ((tf.nn.max_pool, "max"), (tf.nn.avg_pool, "avg")):
        got = _run_both(lambda a: fn(a, ksize=[1, *k, 1], strides=[1, *s, 1], padding=padding), [x])
        close(got, pool_reference(x, k, s, padding, kind).astype(np.float32), 1e-5)


def test_conv_and_pool_errors():
    with pytest.raises(ValueError, match=r"^Shape must be rank 4 but is rank 3 for 'Conv2D' \(op: 'Conv2D'\)"):
        tf.nn.conv2d(tf.ones([5, 5, 1]), tf.ones([3, 3, 1, 2]), strides=[1, 1, 1, 1], padding="SAME")
    with pytest.raises(ValueError, match=r"^Depth of input \(1\) is not a multiple of input depth of filter \(2\)"):
        tf.nn.conv2d(tf.ones([1, 5, 5, 1]), tf.ones([3, 3, 2, 2]), strides=[1, 1, 1, 1], padding="SAME")
    with pytest.raises(ValueError, match="^Attr 'padding' of 'Conv2D' Op passed string 'SOME' not in: \"SAME\", "
                                         "\"VALID\", \"EXPLICIT\".$"):
        tf.nn.conv2d(tf.ones([1, 5, 5, 1]), tf.ones([3, 3, 1, 2]), strides=[1, 1, 1, 1], padding="SOME")
    assert tf.nn.conv2d(tf.ones([1, 5, 5, 1]), tf.ones([3, 3, 1, 2]), [1, 1, 1, 1], "SAME").name == "Conv2D_3:0"  # as TF
    with pytest.raises(TypeError, match="^Value passed to parameter 'input' has DataType int64 not in list of allowed "
                                        "values: float16, bfloat16, float32, float64$"):  # TF 1.15's list
        tf.nn.conv2d(tf.ones([1, 5, 5, 1], tf.int64), tf.ones([3, 3, 1, 2], tf.int64), [1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match=r"^Shape must be rank 4 but is rank 2 for 'MaxPool'"):
        tf.nn.max_pool(tf.ones([4, 4]), ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")


def test_bias_add():
    x = RNG.normal(size=(2, 3, 4)).astype(np.float32)
    b = RNG.normal(size=(4,)).astype(np.float32)
    close(_run_both(tf.nn.bias_add, [x, b]), x + b)
    close(_run_both(lambda a, c: tf.nn.bias_add(a, c[:3], data_format="NCHW"), [x, b]), x + b[:3, None])
    with pytest.raises(ValueError, match=r"^Dimensions must be equal, but are 3 and 4 for 'BiasAdd'"):
        tf.nn.bias_add(tf.ones([2, 3]), tf.ones([4]))


# -- top_k / in_top_k / composites -------------------------------------------------------------
def test_top_k_and_in_top_k():
    x = np.array([[1.0, 3.0, 2.0, 3.0], [0.0, -1.0, 5.0, 4.0]], np.float32)
    values, indices = _run_both(lambda t: tuple(tf.nn.top_k(t, 3)), [x])
    close(values, np.array([[3, 3, 2], [5, 4, 0]], np.float32))
    close(indices, np.array([[1, 3, 2], [2, 3, 0]], np.int32))  # ties: the lower index first, as TF
    got = _run_both(lambda p, t: tf.nn.in_top_k(p, t, 2), [x, np.array([3, 0], np.int32)])
    close(got, np.array([True, False]))
    with tf.Session() as s:
        close(s.run(tf.nn.in_top_k(x, [2, 2], 1)), np.array([False, True]))


def test_moments_batch_normalization_embedding_lookup():
    x = RNG.normal(size=(4, 3)).astype(np.float32)
    mean, var = _run_both(lambda t: tuple(tf.nn.moments(t, axes=[0])), [x])
    close(mean, x.mean(axis=0))
    close(var, x.var(axis=0))
    m, v = tf.nn.moments(tf.constant(x), axes=[0, 1], keep_dims=True)
    assert m.shape.as_list() == [1, 1]
    with tf.Session() as s:
        y = s.run(tf.nn.batch_normalization(tf.constant(x), mean, var, 0.5, 2.0, 1e-3))
    close(y, ((x - mean) / np.sqrt(var + 1e-3) * 2.0 + 0.5).astype(np.float32), 1e-5)
    table = RNG.normal(size=(5, 3)).astype(np.float32)
    got = _run_both(lambda t, i: tf.nn.embedding_lookup(t, i), [table, np.array([[4, 0], [1, 1]], np.int32)])
    close(got, table[[[4, 0], [1, 1]]])


def test_tf115_texts_where_tf2_changed_them():
    """Texts TF 1.15 printed that today's TF words differently (so the corpus leaves them out)."""
    with pytest.raises(ValueError, match=r"^Dimension size must be evenly divisible by 4 but is 6 for 'split' "
                                         r"\(op: 'Split'\) with input shapes: \[\], \[4,6\] and with computed input "
                                         r"tensors: input\[0\] = <1>\.$"):
        tf.split(tf.ones([4, 6]), 4, axis=1)
    with pytest.raises(ValueError, match=r"^Determined shape must either match input shape along split_dim exactly "
                                         r"if fully specified, or be less than the size of the input along split_dim "
                                         r"if not fully specified.  Got: 3 for 'split_1' \(op: 'SplitV'\)"):
        tf.split(tf.ones([4, 6]), [1, 2], 1)
    with pytest.raises(TypeError, match="^Value passed to parameter 'start' has DataType int32 not in list of allowed "
                                        "values: bfloat16, float32, float64$"):
        tf.linspace(0, 1, 3)
    with pytest.raises(AttributeError, match="^'Tensor' object has no attribute '_lazy_read'$"):
        tf.scatter_update(tf.constant([1.0]), [0], [1.0])
    p = tf.placeholder(tf.int32, name="p")
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError, match="^Integer division by zero"):
            s.run(tf.truncatediv(p, 0), {p: [1]})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^indices\[1\] = \[2, 1\] does not index into param shape \[2,2\]\n"):
            s.run(tf.gather_nd(tf.ones([2, 2]), p), {p: [[0, 0], [2, 1]]})
    m = tf.placeholder(tf.float64, [2, 2])
    with tf.Session() as s, pytest.raises(tf.errors.InvalidArgumentError,
                                          match="^Cholesky decomposition was not successful. The input might not be "
                                                "valid."):
        s.run(tf.cholesky(m), {m: [[1.0, 2.0], [2.0, 1.0]]})
