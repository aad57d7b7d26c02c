"""tf.losses and the tf.nn extras (dropout, softsign, selu, leaky_relu, sparse and weighted
cross-entropies): values, names and error texts as TensorFlow 1.x-mode gives them (expected
numbers produced by tensorflow.compat.v1, rounded to 5 decimals)."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def _data():
    y = tf.constant([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], name="y")
    p = tf.constant([[0.9, 0.2], [0.3, 0.6], [0.5, 0.99]], name="p")
    w = tf.constant([[1.0], [0.0], [2.0]], name="w")
    return y, p, w


def _run(t):
    with tf.Session() as s:
        return s.run(t)


LOSSES = {
    "mean_squared_error": (lambda y, p, w: tf.losses.mean_squared_error(y, p), 0.09168),
    "absolute_difference": (lambda y, p, w: tf.losses.absolute_difference(y, p, weights=w), 0.33),
    "log_loss": (lambda y, p, w: tf.losses.log_loss(y, p), 0.31653),
    "hinge_loss": (lambda y, p, w: tf.losses.hinge_loss(y, p - 0.5), 0.75167),
    "huber_loss": (lambda y, p, w: tf.losses.huber_loss(y, p * 3.0, delta=0.5), 0.41417),
    "sigmoid_cross_entropy_loss": (lambda y, p, w: tf.losses.sigmoid_cross_entropy(y, p, label_smoothing=0.1),
                                   0.55761),
    "softmax_cross_entropy_loss": (lambda y, p, w: tf.losses.softmax_cross_entropy(y, p), 0.80109),
    "sparse_softmax_cross_entropy_loss": (lambda y, p, w: tf.losses.sparse_softmax_cross_entropy(
        tf.constant([0, 1, 1]), p, weights=tf.constant([1.0, 0.0, 3.0])), 0.91839),
}


@pytest.mark.parametrize("scope", sorted(LOSSES))
def test_loss_values_names_and_collection(scope):
    make, expected = LOSSES[scope]
    loss = make(*_data())
    assert str(loss) == f'Tensor("{scope}/value:0", shape=(), dtype=float32)'
    assert loss.op.type == "DivNoNan"
    assert tf.losses.get_losses() == [loss]
    assert tf.get_collection(tf.GraphKeys.LOSSES) == [loss]
    np.testing.assert_allclose(_run(loss), expected, atol=1e-5)


def test_reductions():
    y, p, w = _data()
    total = tf.losses.mean_squared_error(y, p, reduction=tf.losses.Reduction.SUM)
    mean = tf.losses.mean_squared_error(y, p, weights=w, reduction=tf.losses.Reduction.MEAN)
    none = tf.losses.mean_squared_error(y, p, weights=w, reduction=tf.losses.Reduction.NONE, loss_collection=None)
    batch = tf.losses.mean_squared_error(y, p, weights=w, reduction=tf.losses.Reduction.SUM_OVER_BATCH_SIZE)
    assert str(total) == 'Tensor("mean_squared_error/Sum:0", shape=(), dtype=float32)'
    assert str(none) == 'Tensor("mean_squared_error_2/Mul:0", shape=(3, 2), dtype=float32)'
    assert tf.losses.get_losses() == [total, mean, batch]
    with tf.Session() as s:
        t, m, n, b = s.run([total, mean, none, batch])
    np.testing.assert_allclose(t, 0.5501, atol=1e-5)
    np.testing.assert_allclose(m, 0.0917, atol=1e-5)
    np.testing.assert_allclose(n, [[0.01, 0.04], [0.0, 0.0], [0.5, 0.0002]], atol=1e-5)
    np.testing.assert_allclose(b, 0.0917, atol=1e-5)
    assert tf.losses.Reduction.SUM_BY_NONZERO_WEIGHTS == "weighted_sum_by_nonzero_weights"
    assert tf.losses.Reduction.SUM_OVER_NONZERO_WEIGHTS == tf.losses.Reduction.SUM_BY_NONZERO_WEIGHTS


def test_zero_weights_give_zero_not_nan():
    y, p, _ = _data()
    loss = tf.losses.mean_squared_error(y, p, weights=tf.zeros([3, 1]))
    assert _run(loss) == 0.0


def test_total_and_regularization_losses():
    y, p, _ = _data()
    a = tf.losses.mean_squared_error(y, p)
    b = tf.losses.absolute_difference(y, p)
    assert str(tf.losses.get_regularization_loss()) == 'Tensor("Const:0", shape=(), dtype=float32)'
    reg = tf.constant(0.5, name="reg")
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, reg)
    assert tf.losses.get_regularization_losses() == [reg]
    assert str(tf.losses.get_regularization_loss()) == 'Tensor("total_regularization_loss:0", shape=(), dtype=float32)'
    total = tf.losses.get_total_loss()
    only = tf.losses.get_total_loss(add_regularization_losses=False, name="data_loss")
    assert str(total) == 'Tensor("total_loss:0", shape=(), dtype=float32)' and total.op.type == "AddN"
    extra = tf.constant(1.0, name="extra")
    tf.losses.add_loss(extra)
    assert tf.losses.get_losses() == [a, b, extra]
    with tf.Session() as s:
        np.testing.assert_allclose(s.run(total), 0.09168 + 1.51 / 6 + 0.5, atol=1e-5)
        np.testing.assert_allclose(s.run(only), 0.09168 + 1.51 / 6, atol=1e-5)


def test_get_total_loss_with_no_losses():
    with pytest.raises(ValueError, match=r"^inputs must be a list of at least one Tensor/IndexedSlices with the same "
                                         r"dtype and shape$"):
        tf.losses.get_total_loss()


def test_loss_errors():
    y, p, _ = _data()
    with pytest.raises(ValueError, match=r"^weights can not be broadcast to values\. values\.rank=2\. "
                                         r"weights\.rank=1\. "
                                         r"values\.shape=\(3, 2\)\. weights\.shape=\(2,\)\.$"):
        tf.losses.mean_squared_error(y, p, weights=tf.ones([2]))
    with pytest.raises(ValueError, match=r"^weights can not be broadcast to values\. Mismatch at dim 0\. "
                                         r"values\.shape=\[3 2\] weights\.shape=\[2 3\]\.$"):
        tf.losses.mean_squared_error(y, p, weights=tf.ones([2, 3]))
    with pytest.raises(ValueError, match=r"^Shapes \(3,\) and \(3, 2\) are incompatible$"):
        tf.losses.mean_squared_error(y, tf.ones([3]))
    with pytest.raises(ValueError, match=r"^labels must not be None\.$"):
        tf.losses.mean_squared_error(None, p)
    with pytest.raises(ValueError, match=r"^Invalid Reduction Key x\.$"):
        tf.losses.mean_squared_error(y, p, reduction="x")


def test_sparse_labels_with_a_trailing_one_are_squeezed():
    logits = tf.constant([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    a = tf.losses.sparse_softmax_cross_entropy(tf.constant([[0], [1]]), logits)
    b = tf.losses.sparse_softmax_cross_entropy(tf.constant([0, 1]), logits)
    with tf.Session() as s:
        np.testing.assert_allclose(*s.run([a, b]), rtol=1e-6)


# -- tf.nn extras -------------------------------------------------------------------------------------
def test_activations_values_and_types():
    p = _data()[1]
    cases = [
        (tf.nn.softsign(p - 0.5), "Softsign", [[0.28571, -0.23077], [-0.16667, 0.09091], [0.0, 0.32886]]),
        (tf.nn.selu(p - 0.5), "Selu", [[0.42028, -0.45567], [-0.31869, 0.10507], [0.0, 0.51484]]),
        (tf.nn.leaky_relu(p - 0.5), "LeakyRelu", [[0.4, -0.06], [-0.04, 0.1], [0.0, 0.49]]),
        (tf.nn.leaky_relu(p - 0.5, alpha=0.1), "LeakyRelu", [[0.4, -0.03], [-0.02, 0.1], [0.0, 0.49]]),
    ]
    assert [str(t) for t, *_ in cases] == [
        'Tensor("Softsign:0", shape=(3, 2), dtype=float32)', 'Tensor("Selu:0", shape=(3, 2), dtype=float32)',
        'Tensor("LeakyRelu:0", shape=(3, 2), dtype=float32)', 'Tensor("LeakyRelu_1:0", shape=(3, 2), dtype=float32)']
    with tf.Session() as s:
        for t, op_type, expected in cases:
            assert t.op.type == op_type
            np.testing.assert_allclose(s.run(t), expected, atol=1e-5)
    assert tf.nn.leaky_relu(tf.constant([-2, 3])).dtype == tf.float32  # integers are cast first
    with pytest.raises(TypeError, match=r"^Value passed to parameter 'features' has DataType int32 not in list of "
                                        r"allowed values: half, bfloat16, float32, float64$"):
        tf.nn.softsign(tf.constant([1, 2]))


def test_sparse_and_weighted_cross_entropy():
    y, p, _ = _data()
    sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([0, 1, 1]), logits=p)
    weighted = tf.nn.weighted_cross_entropy_with_logits(labels=y, logits=p, pos_weight=2.0)
    assert str(sparse) == ('Tensor("SparseSoftmaxCrossEntropyWithLogits/SparseSoftmaxCrossEntropyWithLogits:0", '
                           'shape=(3,), dtype=float32)')
    assert str(weighted) == 'Tensor("logistic_loss:0", shape=(3, 2), dtype=float32)'
    with tf.Session() as s:
        np.testing.assert_allclose(s.run(sparse), [0.40319, 0.55436, 0.47786], atol=1e-5)
        np.testing.assert_allclose(s.run(weighted), [[0.68231, 0.79814], [0.85436, 0.87498], [0.94815, 0.63192]],
                                   atol=1e-5)
        bad = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([0, 5, 1]), logits=p)
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"^Received a label value of 5 which is outside the "
                                                                 r"valid range of \[0, 2\)\.  Label values: 0 5 1"):
            s.run(bad)
    three_d = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([2, 3], tf.int32),
                                                             logits=tf.zeros([2, 3, 4]))
    assert three_d.shape.as_list() == [2, 3]
    np.testing.assert_allclose(_run(three_d), np.full((2, 3), np.log(4.0)), rtol=1e-6)


def test_sparse_cross_entropy_errors():
    p = _data()[1]
    with pytest.raises(ValueError, match=r"^Rank mismatch: Rank of labels \(received 2\) should equal rank of logits "
                                         r"minus 1 \(received 2\)\.$"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([[0, 1, 1]]), logits=p)
    with pytest.raises(ValueError, match=r"^Only call `sparse_softmax_cross_entropy_with_logits` with named "
                                         r"arguments \(labels=\.\.\., logits=\.\.\., \.\.\.\)$"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([0]), p)
    with pytest.raises(ValueError, match=r"^Shape mismatch: The shape of labels \(received \(2,\)\) should equal the "
                                         r"shape of logits except for the last dimension \(received \(3, 2\)\)\.$"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([0, 1]), logits=p)


def test_dropout():
    x = tf.ones([1000])
    d = tf.nn.dropout(x, keep_prob=0.5)
    r = tf.nn.dropout(x, rate=0.25)
    assert d.name.startswith("dropout/") and d.shape.as_list() == [1000]
    with tf.Session() as s:
        v, u = s.run([d, r])
    assert set(np.unique(v).tolist()) == {0.0, 2.0} and 0.4 < (v > 0).mean() < 0.6
    assert set(np.unique(u).tolist()) == {0.0, np.float32(1 / 0.75)} and 0.65 < (u > 0).mean() < 0.85
    assert tf.nn.dropout(x, rate=0.0) is x  # nothing to drop: TF returns its input
    keep = tf.placeholder(tf.float32, [])
    fed = tf.nn.dropout(x, keep_prob=keep)
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(fed, {keep: 1.0}), np.ones(1000, np.float32))
    noise = tf.nn.dropout(tf.ones([4, 50]), rate=0.5, noise_shape=[4, 1])
    rows = _run(noise)
    assert all(len(set(row.tolist())) == 1 for row in rows)  # one decision per row


def test_dropout_errors():
    x = tf.ones([3])
    with pytest.raises(ValueError, match=r"^You must provide a rate to dropout\.$"):
        tf.nn.dropout(x)
    with pytest.raises(ValueError, match=r"^Cannot specify both 'keep_prob' and 'rate'$"):
        tf.nn.dropout(x, keep_prob=0.5, rate=0.5)
    with pytest.raises(ValueError, match=r"^rate must be a scalar tensor or a float in the range \[0, 1\), got 1$"):
        tf.nn.dropout(x, rate=1.0)
    with pytest.raises(ValueError, match=r"^x has to be a floating point tensor since it's going to be scaled\. Got a "
                                         r"<dtype: 'int32'> tensor instead\.$"):
        tf.nn.dropout(tf.constant([1, 2]), rate=0.5)
    with pytest.raises(ValueError, match=r"^keep_prob must be a floating point number or Tensor \(got 'a'\)$"):
        tf.nn.dropout(x, keep_prob="a")


def test_div_no_nan():
    t = tf.div_no_nan(tf.constant([1.0, 2.0, 3.0]), tf.constant([2.0, 0.0, -1.0]))
    assert t.op.type == "DivNoNan" and t.op.name == "div_no_nan"
    np.testing.assert_array_equal(_run(t), [0.5, 0.0, -3.0])


def test_losses_train_with_an_optimizer():
    """A loss from tf.losses minimised by gradient descent converges (gradients flow through
    DivNoNan, the weights and the fused cross-entropies)."""
    x = tf.constant([[1.0, 2.0], [2.0, 0.5], [-1.0, -1.5], [-2.0, 0.3]])
    labels = tf.constant([0, 0, 1, 1])
    w = tf.Variable(tf.zeros([2, 2]), name="w")
    loss = tf.losses.sparse_softmax_cross_entropy(labels, tf.matmul(x, w))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        first = s.run(loss)
        for _ in range(50):
            s.run(train)
        last = s.run(loss)
    np.testing.assert_allclose(first, np.log(2.0), rtol=1e-6)
    assert last < 0.2


def test_softmax_xent_casts_labels_to_the_logits_dtype_and_v1_stops_their_gradient():
    x = tf.constant([[1., 2., 3.], [1., 1., 0.]])
    one_hot_ints = tf.constant([[0, 0, 1], [1, 0, 0]])
    doubles = tf.constant([[0., 0.5, 0.5], [1., 0., 0.]], tf.float64)
    floats = tf.constant([[0., 0.5, 0.5], [1., 0., 0.]])
    v1 = tf.nn.softmax_cross_entropy_with_logits(labels=one_hot_ints, logits=x)
    v2 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=doubles, logits=x, name="xent")
    v1f = tf.nn.softmax_cross_entropy_with_logits(labels=floats, logits=x)
    v2f = tf.nn.softmax_cross_entropy_with_logits_v2(labels=floats, logits=x)
    assert [(o.name, o.type) for o in tf.get_default_graph().get_operations() if o.type in ("Cast", "StopGradient")] \
        == [("softmax_cross_entropy_with_logits_sg/labels_stop_gradient", "StopGradient"),
            ("softmax_cross_entropy_with_logits_sg/Cast", "Cast"), ("xent/Cast", "Cast"),
            ("softmax_cross_entropy_with_logits_sg_1/labels_stop_gradient", "StopGradient")]
    assert v1.dtype == v2.dtype == tf.float32
    assert tf.gradients(v1f, floats) == [None]
    values = _run([v1, v2, v1f, v2f, tf.gradients(v2f, floats)[0]])
    np.testing.assert_allclose(values[0], [0.407606, 0.861995], rtol=1e-5)
    for v in values[1:4]:
        np.testing.assert_allclose(v, [0.907606, 0.861995], rtol=1e-5)
    np.testing.assert_allclose(values[4], [[2.407606, 1.407606, 0.407606], [0.861995, 0.861995, 1.861995]],
                               rtol=1e-5)
    with pytest.raises(ValueError, match=r"^Only call `softmax_cross_entropy_with_logits` with named arguments"):
        tf.nn.softmax_cross_entropy_with_logits(floats, x)


def test_softmax_xent_of_sequences_and_another_class_axis():
    """[batch, time, classes] logits give [batch, time] costs (TF flattens to rows and back), and
    `axis` picks the class dimension; values and gradients from tensorflow.compat.v1."""
    rng = np.random.RandomState(0)
    lg = rng.randn(2, 3, 4).astype(np.float32)
    lb = np.eye(4, dtype=np.float32)[rng.randint(0, 4, (2, 3))]
    x, y = tf.constant(lg), tf.constant(lb)
    seq = tf.nn.softmax_cross_entropy_with_logits(logits=x[:, :-1], labels=y[:, 1:])
    by_axis = tf.nn.softmax_cross_entropy_with_logits_v2(logits=x, labels=y, axis=1)
    p = tf.placeholder(tf.float32)
    shapeless = tf.nn.softmax_cross_entropy_with_logits_v2(logits=p, labels=p)
    assert (seq.shape.as_list(), by_axis.shape.as_list(), shapeless.shape.ndims) == ([2, 2], [2, 4], None)
    grad = tf.gradients(tf.reduce_sum(seq), x)[0]
    with tf.Session() as s:
        total, axis_values, g = s.run([tf.reduce_sum(seq), by_axis, grad])
        assert s.run(shapeless, {p: lg}).shape == (2, 3)
    np.testing.assert_allclose(total, 4.1105, atol=1e-4)
    np.testing.assert_allclose(axis_values, [[0.7134, 0.0, 1.7126, 0.4362], [5.9923, 0.0, 0.0, 0.0]], atol=1e-4)
    assert str(axis_values[0, 1]) == "0.0"  # +0, as TF's sum of label * -log p
    np.testing.assert_allclose(g[:, 2], 0.0)
    np.testing.assert_allclose(g.sum(axis=-1), 0.0, atol=1e-6)
