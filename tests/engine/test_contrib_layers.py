"""`tf.contrib.layers`: the regularizers, initializers, fully_connected and flatten that TF 1.x
books use, with TF 1.15's names and values (computed by hand here: TF 2 has no contrib)."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as g:
        yield g


def test_regularizers_names_and_values():
    w = tf.get_variable("w", initializer=tf.constant([[1.0, -2.0], [3.0, 4.0]]))
    r2 = tf.contrib.layers.l2_regularizer(0.1)(w)
    r1 = tf.contrib.layers.l1_regularizer(0.5)(w)
    r12 = tf.contrib.layers.l1_l2_regularizer(0.5, 0.1)(w)
    assert [r2.op.name, r1.op.name, r12.op.name] == ["l2_regularizer", "l1_regularizer", "l1_l2_regularizer"]
    assert r12.op.type == "AddN"
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        values = s.run([r2, r1, r12])
    assert np.allclose(values, [0.1 * 30 / 2, 0.5 * 10, 0.5 * 10 + 0.1 * 15])


def test_bad_scales_are_refused_and_zero_disables():
    with pytest.raises(ValueError, match="scale cannot be an integer: 1"):
        tf.contrib.layers.l2_regularizer(1)
    with pytest.raises(ValueError, match="Setting a scale less than 0 on a regularizer: -0.5."):
        tf.contrib.layers.l1_regularizer(-0.5)
    assert tf.contrib.layers.l2_regularizer(0.0)(tf.constant(1.0)) is None


def test_fully_connected_variables_regularization_and_value():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    h = tf.contrib.layers.fully_connected(x, 4, weights_initializer=tf.ones_initializer(),
                                          weights_regularizer=tf.contrib.layers.l2_regularizer(0.01))
    o = tf.contrib.layers.fully_connected(h, 2, activation_fn=None, scope="out",
                                          weights_initializer=tf.constant_initializer(0.5))
    assert h.op.name == "fully_connected/Relu" and o.op.name == "out/BiasAdd"
    assert [v.op.name for v in tf.global_variables()] == ["fully_connected/weights", "fully_connected/biases",
                                                          "out/weights", "out/biases"]
    assert [v.op.name for v in tf.get_collection(tf.GraphKeys.WEIGHTS)] == ["fully_connected/weights", "out/weights"]
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert [t.op.name for t in losses] == ["fully_connected/weights/Regularizer/l2_regularizer"]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert s.run(o, {x: [[1.0, 2.0, 3.0]]}).tolist() == [[12.0, 12.0]]
        assert np.isclose(s.run(losses[0]), 0.01 * 12 / 2)


def test_apply_regularization_sums_into_the_collection():
    w1 = tf.get_variable("a", initializer=tf.constant([1.0, -1.0]))
    w2 = tf.get_variable("b", initializer=tf.constant([2.0]))
    penalty = tf.contrib.layers.apply_regularization(tf.contrib.layers.l1_regularizer(0.1), [w1, w2])
    assert penalty.op.name == "get_regularization_penalty"
    assert penalty in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert np.isclose(s.run(penalty), 0.4)
    with pytest.raises(ValueError, match="No weights to regularize."):
        tf.contrib.layers.apply_regularization(tf.contrib.layers.l1_regularizer(0.1))


def test_xavier_initializer_stays_within_its_limit_and_flatten_names():
    v = tf.get_variable("xav", shape=[20, 30], initializer=tf.contrib.layers.xavier_initializer(seed=1))
    he = tf.get_variable("he", shape=[50, 10], initializer=tf.contrib.layers.variance_scaling_initializer())
    flat = tf.contrib.layers.flatten(tf.zeros([2, 3, 4]))
    assert flat.op.name == "Flatten/flatten/Reshape" and flat.shape.as_list() == [2, 12]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        values, he_values = s.run([v, he])
    assert np.abs(values).max() <= np.sqrt(6.0 / 50) and values.std() > 0.05
    assert np.abs(he_values).max() <= 2 * np.sqrt(1.3 * 2.0 / 50) + 1e-6  # a normal truncated at 2 sigma


def test_a_contrib_module_nbgraph_lacks_says_so():
    with pytest.raises(AttributeError, match="not tf.contrib.slim"):
        tf.contrib.slim  # noqa: B018


def test_conv2d_and_pooling_names_shapes_and_values():
    layers = tf.contrib.layers
    x = tf.placeholder(tf.float32, [None, 8, 8, 1])
    c1 = layers.conv2d(x, 4, 3, weights_initializer=tf.constant_initializer(0.1))
    p1 = layers.max_pool2d(c1, 2)
    c2 = layers.convolution2d(p1, 6, [3, 3], stride=2, padding="VALID", activation_fn=None, scope="second")
    p2 = layers.avg_pool2d(c1, [2, 2], stride=1, padding="SAME")
    c3 = layers.conv2d(x, 2, 1)
    assert [str(t) for t in (c1, p1, c2, p2, c3)] == [
        'Tensor("Conv/Relu:0", shape=(?, 8, 8, 4), dtype=float32)',
        'Tensor("MaxPool2D/MaxPool:0", shape=(?, 4, 4, 4), dtype=float32)',
        'Tensor("second/BiasAdd:0", shape=(?, 1, 1, 6), dtype=float32)',
        'Tensor("AvgPool2D/AvgPool:0", shape=(?, 8, 8, 4), dtype=float32)',
        'Tensor("Conv_1/Relu:0", shape=(?, 8, 8, 2), dtype=float32)']
    names = ["Conv/weights:0", "Conv/biases:0", "second/weights:0", "second/biases:0", "Conv_1/weights:0",
             "Conv_1/biases:0"]
    assert [v.name for v in tf.global_variables()] == names
    assert [v.name for v in tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)] == names
    assert [v.name for v in tf.get_collection(tf.GraphKeys.WEIGHTS)] == names[::2]
    img = np.arange(64, dtype=np.float32).reshape(1, 8, 8, 1) / 64
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        got = s.run(c1, {x: img})
    # 3x3 'SAME' sums of the image times 0.1, all positive so relu keeps them
    padded = np.pad(img[0, :, :, 0], 1)
    want = sum(padded[i:i + 8, j:j + 8] for i in range(3) for j in range(3)) * 0.1
    np.testing.assert_allclose(got[0, :, :, 0], want, rtol=1e-5)
    np.testing.assert_allclose(got[0, :, :, 3], want, rtol=1e-5)
    with pytest.raises(ValueError, match="^Convolution not supported for input with rank 2$"):
        layers.conv2d(tf.zeros([2, 3]), 2, 3)


def test_optimize_loss_builds_the_lr_variable_summaries_and_a_train_tensor():
    x = tf.constant([[1.0], [2.0]])
    y = tf.constant([[2.0], [4.0]])
    w = tf.Variable([[0.5]], name="w")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
    step = tf.train.get_or_create_global_step()
    train = tf.contrib.layers.optimize_loss(loss, step, optimizer="Adagrad", learning_rate=0.1)
    assert train.name == "OptimizeLoss/control_dependency:0"
    assert [v.name for v in tf.global_variables()] == ["w:0", "global_step:0", "OptimizeLoss/learning_rate:0",
                                                       "w/Adagrad:0"]
    assert "OptimizeLoss/loss" in [s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert s.run(train) == pytest.approx(5.625)  # ((0.5 - 2)^2 + (1 - 4)^2) / 2
        # Adagrad from 0.1: grad -7.5, accumulator 0.1 + 56.25, w += 0.1 * 7.5 / sqrt(56.35)
        assert s.run(w)[0, 0] == pytest.approx(0.5 + 0.75 / np.sqrt(56.35), rel=1e-5)
        assert s.run(step) == 1
    with pytest.raises(ValueError, match=r"^Optimizer name should be one of \[Adagrad, Adam, Ftrl, Momentum, RMSProp, "
                                         r"SGD\], you provided Nope\.$"):
        tf.contrib.layers.optimize_loss(loss, step, optimizer="Nope", learning_rate=0.1)
    sgd = tf.contrib.layers.optimize_loss(loss, None, learning_rate=0.5, name="plain",
                                          optimizer=lambda lr: tf.train.GradientDescentOptimizer(lr), summaries=[])
    assert sgd.name == "plain/control_dependency:0"
