"""The surfa round's TF 1.15 functions (tf.norm, tf.sort, tf.math.reduce_std, ...): values against
numpy, op types/names as TF builds them, and TF's error texts."""
import numpy as np
import pytest

import nbgraph as tf

X = np.arange(-12., 12.).reshape(2, 3, 4).astype(np.float32)


def run(t, feed=None):
    with tf.Session() as s:
        return s.run(t, feed)


@pytest.fixture(autouse=True)
def _fresh():
    tf.reset_default_graph()


@pytest.mark.parametrize("kw,ref", [
    ({}, lambda a: np.linalg.norm(a.ravel())),
    ({"ord": 1}, lambda a: np.abs(a).sum()),
    ({"ord": np.inf, "axis": 1}, lambda a: np.abs(a).max(1)),
    ({"ord": 3, "axis": -1}, lambda a: (np.abs(a) ** 3).sum(-1) ** (1 / 3)),
    ({"ord": "fro", "axis": (1, 2)}, lambda a: np.linalg.norm(a, "fro", axis=(1, 2))),
    ({"ord": 1, "axis": (1, 2)}, lambda a: np.linalg.norm(a, 1, axis=(1, 2))),
    ({"ord": np.inf, "axis": [1, 2]}, lambda a: np.linalg.norm(a, np.inf, axis=(1, 2))),
    ({"ord": 2, "axis": (1, 2)}, lambda a: np.linalg.norm(a, 2, axis=(1, 2))),
    ({"ord": 2, "axis": (-1, -2)}, lambda a: np.linalg.norm(a, 2, axis=(-1, -2))),
])
def test_norm_values(kw, ref):
    got = run(tf.norm(tf.constant(X), **kw))
    np.testing.assert_allclose(got, ref(X.astype(np.float64)), rtol=1e-5)


def test_norm_graph_and_keepdims():
    n = tf.norm(tf.constant(X), ord=1, axis=2, keepdims=True)
    assert n.name == "norm/Sum:0" and n.shape.as_list() == [2, 3, 1]
    assert [o.type for o in tf.get_default_graph().get_operations() if o.name.startswith("norm/")] == \
        ["Abs", "Const", "Sum"]
    e = tf.linalg.norm(tf.constant(X), name="e")
    assert e.name == "e/Squeeze:0" and e.op.inputs[0].op.type == "Sqrt"
    assert tf.norm(tf.constant(X), ord=2, axis=(1, 2)).shape.as_list() == [None]


@pytest.mark.parametrize("kw,msg", [
    ({"ord": "fro"}, "'ord' must be a supported vector norm, got fro"),
    ({"ord": -2}, "'ord' must be a supported vector norm, got -2"),
    ({"ord": "nuc", "axis": (0, 1)}, "'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf], got nuc"),
    ({"axis": (1, 1)}, "'axis' must be None, an integer, or a tuple of 2 unique integers"),
    ({"axis": [0, 1, 2]}, "'axis' must be None, an integer, or a tuple of 2 unique integers"),
])
def test_norm_errors(kw, msg):
    with pytest.raises(ValueError) as e:
        tf.norm(tf.constant(X), **kw)
    assert str(e.value) == msg


def test_norm_gradient_matches_finite_difference():
    x = tf.placeholder(tf.float64, [2, 3, 4])
    n = tf.norm(x, ord=3)
    g = run(tf.gradients(n, x)[0], {x: X})
    a = X.astype(np.float64)
    np.testing.assert_allclose(g, np.sign(a) * np.abs(a) ** 2 / ((np.abs(a) ** 3).sum() ** (2 / 3)), rtol=1e-6)


V = np.array([[[3., 1., 2.], [0., 5., -1.]], [[2., 2., 9.], [4., -3., 1.]]], np.float32)


@pytest.mark.parametrize("axis", [-1, 0, 1, 2, -3])
@pytest.mark.parametrize("direction", ["ASCENDING", "DESCENDING"])
def test_sort_and_argsort_values(axis, direction):
    s, a = tf.sort(V, axis=axis, direction=direction), tf.argsort(V, axis=axis, direction=direction)
    got_s, got_a = run([s, a])
    want_a = np.argsort(V if direction == "ASCENDING" else -V, axis=axis, kind="stable")
    np.testing.assert_array_equal(got_a, want_a)
    np.testing.assert_array_equal(got_s, np.take_along_axis(V, want_a, axis))
    assert s.shape.as_list() == [2, 2, 3] and a.dtype == tf.int32


def test_sort_graph_and_errors():
    s = tf.sort(tf.constant(V), axis=1)
    assert s.name == "sort/Neg_1:0"
    assert [o.type for o in tf.get_default_graph().get_operations() if o.name.startswith("sort/")] == \
        ["Const", "Neg", "Const", "Const", "Const", "Const", "StridedSlice", "Const", "Const", "Transpose", "TopKV2",
         "Transpose", "Neg"]
    with pytest.raises(ValueError, match="^UP should be one of ASCENDING, DESCENDING$"):
        tf.sort(V, direction="UP")
    with pytest.raises(ValueError, match="^axis must be a constant scalar$"):
        tf.argsort(V, axis=tf.placeholder(tf.int32, []))
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.sort(x, axis=0).shape.as_list() == [None, 3]


def test_reduce_variance_std_and_weighted_moments():
    var, std = tf.math.reduce_variance(V, axis=1), tf.math.reduce_std(V, axis=[0, 2], keepdims=True)
    w = np.array([[[1.], [3.]]], np.float32)
    m, v = tf.nn.weighted_moments(tf.constant(V), [1], w)
    got = run([var, std, m, v])
    np.testing.assert_allclose(got[0], V.var(1), rtol=1e-6)
    np.testing.assert_allclose(got[1], V.std(axis=(0, 2), keepdims=True), rtol=1e-6)
    wb = np.broadcast_to(w, V.shape)
    np.testing.assert_allclose(got[2], np.average(V, 1, wb), rtol=1e-6)
    np.testing.assert_allclose(got[3], np.average((V - np.average(V, 1, wb, keepdims=True)) ** 2, 1, wb), rtol=1e-6)
    assert std.name == "reduce_std/Sqrt:0" and var.name == "reduce_variance/Mean_1:0"
    assert m.name == "weighted_moments/Squeeze:0"
    assert tf.get_default_graph().get_operation_by_name("weighted_moments/inv_weight_sum").type == "Reciprocal"


def test_sort_gradient():
    x = tf.placeholder(tf.float64, [2, 2, 3])
    y = tf.reduce_sum(tf.sort(x, axis=1) * np.array([[[1.], [2.]]]))
    g = run(tf.gradients(y, x)[0], {x: V})
    order = np.argsort(V, axis=1)
    want = np.empty_like(V, dtype=np.float64)
    np.put_along_axis(want, order, np.broadcast_to(np.array([[[1.], [2.]]]), V.shape), 1)
    np.testing.assert_array_equal(g, want)


A = np.array([[0., -1.5, 2.], [0., 0.5, 0.]], np.float32)


def test_nn_compositions_values_and_names():
    x = tf.constant(A)
    cr, rl, zf, ls = (tf.nn.crelu(x), tf.nn.relu_layer(x, tf.ones([3, 2]), tf.constant([0.5, -9.])),
                      tf.nn.zero_fraction(x), tf.math.log_sigmoid(x))
    sw = tf.nn.swish(x)
    got = run([cr, rl, zf, ls, sw])
    np.testing.assert_array_equal(got[0], np.maximum(np.concatenate([A, -A], -1), 0))
    np.testing.assert_allclose(got[1], np.maximum(A @ np.ones((3, 2)) + [0.5, -9.], 0))
    assert got[2] == np.float32(0.5) and got[2].dtype == np.float32
    np.testing.assert_allclose(got[3], -np.log1p(np.exp(-A)), rtol=1e-6)
    np.testing.assert_allclose(got[4], A / (1 + np.exp(-A)), rtol=1e-6)
    assert (cr.name, rl.name, zf.name, ls.name) == ("CRelu/Relu:0", "relu_layer:0", "zero_fraction/fraction:0",
                                                  "LogSigmoid:0")
    assert cr.op.inputs[0].name == "CRelu:0" and cr.op.inputs[0].op.type == "ConcatV2"
    assert tf.get_default_graph().get_operation_by_name("zero_fraction/cond/count_nonzero/nonzero_count").type == "Sum"


def test_predicates_and_unary_functions():
    x = tf.constant(np.array([0., np.nan, np.inf, -np.inf, 0.5], np.float32))
    n, i, f = tf.is_nan(x), tf.math.is_inf(x), tf.math.is_finite(x)
    assert (n.op.type, i.op.type, f.op.type) == ("IsNan", "IsInf", "IsFinite") and n.dtype == tf.bool
    got = run([n, i, f])
    v = np.array([0., np.nan, np.inf, -np.inf, 0.5], np.float32)
    for g, ref in zip(got, (np.isnan(v), np.isinf(v), np.isfinite(v))):
        np.testing.assert_array_equal(g, ref)
    assert tf.gradients(tf.reduce_sum(tf.cast(n, tf.float32)), x) == [None]
    y = tf.constant(np.array([-0.5, 0.25], np.float64))
    fns = {"expm1": np.expm1, "tan": np.tan, "sinh": np.sinh, "cosh": np.cosh, "asin": np.arcsin, "acos": np.arccos,
           "atan": np.arctan}
    outs = [getattr(tf.math, k)(y) for k in fns]
    for o, (k, ref) in zip(run(outs), fns.items()):
        np.testing.assert_allclose(o, ref(np.array([-0.5, 0.25])), rtol=1e-12, err_msg=k)
    with pytest.raises(TypeError, match="not in list of allowed values"):
        tf.math.is_nan(tf.constant([1, 2]))


def test_math_aliases_of_existing_functions():
    for n in ("add_n", "ceil", "cos", "count_nonzero", "cumsum", "floor", "log1p", "reduce_all", "reduce_any",
              "reduce_logsumexp", "rsqrt", "sin", "squared_difference", "softmax", "log_softmax", "softplus",
              "softsign", "divide_no_nan", "is_nan", "zero_fraction"):
        assert callable(getattr(tf.math, n)), n
    assert tf.math.log1p is tf.log1p and tf.math.softmax is tf.nn.softmax


def test_identity_n_unravel_searchsorted_histogram():
    a = tf.constant([[1., 3., 5., 7.], [2., 4., 6., 8.]])
    v = tf.constant([[0., 3., 9.], [4., 4.5, 8.]])
    i1, i2 = tf.identity_n([a, tf.constant([1, 2])])
    assert i1.op is i2.op and i1.op.type == "IdentityN" and i2.name == "IdentityN:1"
    u, us = tf.unravel_index(tf.constant([1, 5, 7]), tf.constant([2, 4])), tf.unravel_index(5, [2, 4])
    lo, hi = tf.searchsorted(a, v), tf.searchsorted(a, v, side="right", out_type=tf.int64)
    h = tf.histogram_fixed_width(tf.constant([-1., 0., 1.5, 2., 5., 12.]), [0., 5.], nbins=5)
    assert u.shape.as_list() == [2, 3] and us.shape.as_list() == [2] and h.shape.as_list() == [5]
    assert lo.op.type == "Reshape" and lo.op.inputs[0].op.type == "LowerBound" and hi.dtype == tf.int64
    got = run([i1, u, us, lo, hi, h])
    np.testing.assert_array_equal(got[0], [[1., 3., 5., 7.], [2., 4., 6., 8.]])
    np.testing.assert_array_equal(got[1], [[0, 1, 1], [1, 1, 3]])
    np.testing.assert_array_equal(got[2], [1, 1])
    np.testing.assert_array_equal(got[3], [[0, 1, 4], [1, 2, 3]])
    np.testing.assert_array_equal(got[4], [[0, 2, 4], [2, 2, 4]])
    np.testing.assert_array_equal(got[5], [2, 1, 1, 0, 2])
    with pytest.raises(ValueError, match=r"^side must be either 'right' or 'left'.  Saw: mid.$"):
        tf.searchsorted(a, v, side="mid")
    with pytest.raises(tf.errors.InvalidArgumentError, match="index is out of bound"):
        run(tf.unravel_index(8, [2, 4]))
    assert tf.gradients(tf.reduce_sum(i1 * 2), a)[0] is not None


def test_cosine_decays():
    step = tf.placeholder(tf.int64, [])
    c = tf.train.cosine_decay(0.1, step, 100, alpha=0.1)
    lc = tf.train.linear_cosine_decay(0.1, step, 100)
    r2 = tf.train.cosine_decay_restarts(0.1, step, 10)
    r1 = tf.train.cosine_decay_restarts(0.1, step, 10, t_mul=1.0, m_mul=0.5)
    nz = tf.train.noisy_linear_cosine_decay(0.1, step, 100, initial_variance=0.0)
    assert (c.name, lc.name, r2.name, nz.name) == ("CosineDecay/Mul_3:0", "LinearCosineDecay:0", "SGDRDecay:0",
                                                 "NoisyLinearCosineDecay:0")
    for s in (0, 7, 25, 150):
        got = run([c, lc, r2, r1, nz], {step: s})
        t = min(s, 100) / 100
        np.testing.assert_allclose(got[0], 0.1 * (0.9 * 0.5 * (1 + np.cos(np.pi * t)) + 0.1), rtol=1e-5)
        lin = 0.1 * ((1 - t) * 0.5 * (1 + np.cos(np.pi * t)) + 0.001)
        np.testing.assert_allclose(got[1], lin, rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(got[4], lin, rtol=1e-5, atol=1e-7)
        i = np.floor(np.log(1 + s / 10) / np.log(2))  # periods 10, 20, 40 ...
        frac = (s / 10 - (2 ** i - 1)) / 2 ** i
        np.testing.assert_allclose(got[2], 0.1 * 0.5 * (1 + np.cos(np.pi * frac)), rtol=1e-4, atol=1e-7)
        np.testing.assert_allclose(got[3], 0.1 * 0.5 ** (s // 10) * 0.5 * (1 + np.cos(np.pi * (s % 10) / 10)),
                                   rtol=1e-4, atol=1e-7)
    with pytest.raises(ValueError, match="^cosine decay requires global_step$"):
        tf.train.cosine_decay(0.1, None, 10)


def test_confusion_matrix():
    c1 = tf.confusion_matrix([1, 2, 4, 0], [2, 2, 4, 1])
    c2 = tf.math.confusion_matrix(tf.constant([[1], [0], [2]]), [1, 1, 2], num_classes=4, weights=[0.5, 1., 2.],
                                  dtype=tf.float32)
    assert c1.name == "confusion_matrix/SparseTensorDenseAdd:0" and c2.shape.as_list() == [4, 4]
    got1, got2 = run([c1, c2])
    want1 = np.zeros((5, 5), np.int32)
    for lab, pred in zip([1, 2, 4, 0], [2, 2, 4, 1]):
        want1[lab, pred] += 1
    np.testing.assert_array_equal(got1, want1)
    want2 = np.zeros((4, 4), np.float32)
    want2[1, 1], want2[0, 1], want2[2, 2] = 0.5, 1., 2.
    np.testing.assert_array_equal(got2, want2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="`labels` out of bound"):
        run(tf.confusion_matrix([1, 5], [0, 1], num_classes=3))


def test_batch_gather():
    p = np.arange(24.).reshape(2, 3, 4)
    idx = np.array([[2, 0], [1, 1]])
    b = tf.batch_gather(tf.constant(p), tf.constant(idx))
    assert b.name == "BatchGather/Reshape_3:0" and b.shape.as_list() == [2, 2, 4]
    assert tf.get_default_graph().get_operation_by_name("BatchGather/Cast").type == "Cast"
    np.testing.assert_array_equal(run(b), np.take_along_axis(p, idx[:, :, None], 1))
    x = tf.placeholder(tf.float64, [2, 3, 4])
    g = run(tf.gradients(tf.reduce_sum(tf.batch_gather(x, tf.constant(idx))), x)[0], {x: p})
    want = np.zeros_like(p)
    for i in range(2):
        for j in idx[i]:
            want[i, j] += 1
    np.testing.assert_array_equal(g, want)
