"""Behaviours third-party TF1 teaching programs rely on, found by running them under nbgraph
(each test names the TF 1.15 behaviour it pins)."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()
    yield


def test_integer_mod_and_div_of_empty_by_zero_is_empty():
    """TF checks only the divisors it uses: `[] % 0` is `[]` (reduce_sum's gradient takes it)."""
    x = tf.placeholder(tf.int32)
    ops = [tf.floormod(x, 0), tf.floordiv(x, 0), tf.truncatemod(x, 0), tf.truncatediv(x, 0)]
    with tf.Session() as sess:
        for value in sess.run(ops, {x: np.zeros([0], np.int32)}):
            assert value.shape == (0,) and value.dtype == np.int32
        with pytest.raises(tf.errors.InvalidArgumentError, match="^Integer division by zero"):
            sess.run(ops[0], {x: np.ones([2], np.int32)})


def test_reduce_sum_of_unknown_rank_placeholder_fed_a_scalar_has_a_gradient():
    """`tf.placeholder("float")` fed a Python float, then reduce_sum and minimize (a linear
    regression fed one sample at a time)."""
    x = tf.placeholder("float")
    w = tf.Variable(2.0)
    cost = tf.reduce_sum(tf.pow(x * w, 2))
    grads = tf.gradients(cost, [w, x])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        gw, gx = sess.run(grads, {x: 3.0})
    assert gw == pytest.approx(36.0) and gx == pytest.approx(24.0)
