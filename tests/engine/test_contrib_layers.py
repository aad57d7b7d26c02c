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
