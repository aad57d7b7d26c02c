"""Optimizers under eager execution, and tf.contrib.eager's gradient functions."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf

tfe = tf.contrib.eager


def _data():
    rng = np.random.RandomState(0)
    x = rng.rand(32, 2).astype(np.float32)
    return x, x @ np.array([[2.0], [-1.0]], np.float32) + 0.5


def _graph_fit(make_opt, steps):
    """The same fit in graph mode: eager updates must be the graph's, step for step."""
    x, y = _data()
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable(tf.zeros([2, 1]))
        b = tf.Variable(0.0)
        train = make_opt().minimize(tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y)))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(steps):
                sess.run(train)
            return sess.run(w), sess.run(b)


@pytest.mark.parametrize("make_opt", [
    lambda: tf.train.GradientDescentOptimizer(0.3), lambda: tf.train.MomentumOptimizer(0.1, 0.9),
    lambda: tf.train.AdamOptimizer(0.05), lambda: tf.train.AdagradOptimizer(0.3),
], ids=["sgd", "momentum", "adam", "adagrad"])
def test_apply_gradients_matches_graph_mode(make_opt):
    x, y = _data()
    w = tf.Variable(tf.zeros([2, 1]))
    b = tf.Variable(0.0)
    opt = make_opt()
    for _ in range(30):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        assert opt.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b])) is None
    gw, gb = _graph_fit(make_opt, 30)
    np.testing.assert_allclose(w.numpy(), gw, rtol=1e-5)
    np.testing.assert_allclose(b.numpy(), gb, rtol=1e-5)


def test_minimize_takes_a_loss_function():
    x, y = _data()
    w = tf.Variable(tf.zeros([2, 1]))
    b = tf.Variable(0.0)
    opt = tf.train.GradientDescentOptimizer(0.3)
    loss = lambda: tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))  # noqa: E731
    for _ in range(30):
        assert opt.minimize(loss) is None
    gw, gb = _graph_fit(lambda: tf.train.GradientDescentOptimizer(0.3), 30)
    np.testing.assert_allclose(w.numpy(), gw, rtol=1e-5)
    only = tf.Variable(0.0)
    grads_and_vars = opt.compute_gradients(lambda: tf.square(only - 4.0) + w[0, 0], var_list=[only])
    assert [(float(g), v is only) for g, v in grads_and_vars] == [(-8.0, True)]
    gs = tf.train.get_or_create_global_step()
    opt.minimize(lambda: only * only, global_step=gs)
    assert int(gs.numpy()) == 1


def test_minimize_errors():
    opt = tf.train.GradientDescentOptimizer(0.1)
    v = tf.Variable(1.0)
    with pytest.raises(RuntimeError, match="^`loss` passed to Optimizer.compute_gradients should be a function "
                                           "when eager execution is enabled.$"):
        opt.minimize(v * v)
    with pytest.raises(ValueError, match="^No variables to optimize.$"):
        opt.minimize(lambda: tf.constant(1.0) * 2.0)


def test_contrib_eager_functions():
    assert tfe.executing_eagerly() and tfe.in_eager_mode() and not tfe.in_graph_mode()
    w = tfe.Variable(3.0)
    assert repr(w) == "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=3.0>"
    pairs = tfe.implicit_gradients(lambda x: w * w * x)(2.0)
    assert [(float(g), v is w) for g, v in pairs] == [(12.0, True)]
    value, pairs = tfe.implicit_value_and_gradients(lambda: w * 2.0)()
    assert float(value) == 6.0 and float(pairs[0][0]) == 2.0
    df = tfe.gradients_function(lambda x, y: x * x * y)
    assert [float(g) for g in df(2.0, 5.0)] == [20.0, 4.0]
    assert [float(g) for g in tfe.gradients_function(lambda x, y: x * x * y, params=[1])(2.0, 5.0)] == [4.0]
    d2 = tfe.gradients_function(lambda x: df(x, 1.0)[0])
    assert float(d2(3.0)[0]) == 2.0
    value, grads = tfe.value_and_gradients_function(lambda x: x ** 3)(2.0)
    assert float(value) == 8.0 and float(grads[0]) == 12.0
    with pytest.raises(ValueError, match="No trainable variables were accessed"):
        tfe.implicit_gradients(lambda: tf.constant(1.0))()


def test_defun_runs_the_function_eagerly():
    @tfe.defun
    def f(x):
        return x * x + 1.0

    assert float(f(tf.constant(3.0))) == 10.0 and tfe.defun()(f) is f
