"""GradientTape: what it records, TF's rules and texts, and agreement with graph-mode tf.gradients."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.engine import graph as graph_mod


def test_watch_and_gradient_once():
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert str(tape.gradient(y, x)) == "tf.Tensor(6.0, shape=(), dtype=float32)"
    with pytest.raises(RuntimeError, match=r"^GradientTape.gradient can only be called once on non-persistent "
                                           r"tapes.$"):
        tape.gradient(y, x)


def test_variables_are_watched_when_read():
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    b = tf.Variable([0.5, -0.5])
    frozen = tf.Variable(5.0, trainable=False)
    with tf.GradientTape() as tape:
        out = tf.matmul(tf.constant([[1.0, 1.0]]), w) + b
        loss = tf.reduce_sum(out * out) * frozen
    dw, db, df = tape.gradient(loss, [w, b, frozen])
    assert dw.numpy().tolist() == [[45.0, 55.0], [45.0, 55.0]] and db.numpy().tolist() == [45.0, 55.0]
    assert df is None
    assert tape.watched_variables() == (w, b)


def test_watch_accessed_variables_false():
    u, k = tf.Variable(2.0), tf.Variable(5.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(k)
        y = u * k
    gu, gk = tape.gradient(y, [u, k])
    assert gu is None and gk.numpy() == 2.0 and tape.watched_variables() == (k,)


def test_persistent_and_higher_order():
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    assert tape.gradient(z, x).numpy() == 32.0 and tape.gradient(y, x).numpy() == 4.0
    assert tape.gradient(z, y).numpy() == 8.0
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = x * x * x
        dy = inner.gradient(y, x)
    assert dy.numpy() == 12.0 and outer.gradient(dy, x).numpy() == 12.0


def test_unconnected_and_unwatched_sources():
    c, d = tf.constant(1.0), tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(c)
        y = c * 2.0
    assert tape.gradient(y, d) is None
    with tf.GradientTape() as tape:
        tape.watch(c)
        y = c * 2.0
    got = tape.gradient(y, [c, d], unconnected_gradients="zero")
    assert got[0].numpy() == 2.0 and got[1].numpy().tolist() == [0.0, 0.0]
    with tf.GradientTape() as tape:
        y = c * 2.0
    assert tape.gradient(y, c) is None  # a constant is not watched unless asked
    with tf.GradientTape() as tape:
        n = tf.constant(3)
        tape.watch(n)  # integer tensors are not watched (TF)
        y = n * n
    assert tape.gradient(y, n) is None


def test_output_gradients_stop_recording_reset_and_structures():
    v = tf.Variable([1.0, 2.0, 3.0])
    u = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = v * v
    assert tape.gradient(y, v, output_gradients=tf.constant([1.0, 0.0, 2.0])).numpy().tolist() == [2.0, 0.0, 12.0]
    with tf.GradientTape() as tape:
        a = u * u
        with tape.stop_recording():
            b = u * u
        y = a + b
    assert tape.gradient(y, u).numpy() == 4.0
    with tf.GradientTape() as tape:
        y = u * 100.0
        tape.reset()
        y = u * 3.0
    assert tape.gradient(y, u).numpy() == 3.0
    with tf.GradientTape() as tape:
        y = u * 3.0 + v[0]
    grads = tape.gradient(y, {"u": u, "vs": (v,)})
    assert grads["u"].numpy() == 3.0 and grads["vs"][0].numpy().tolist() == [1.0, 0.0, 0.0]
    with pytest.raises(ValueError, match="Tape must be recording when stop_recording is called."):
        with tape.stop_recording():
            pass


def test_gradients_through_cond_and_python_loops():
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.cond(x > 2.0, lambda: x * 10.0, lambda: x)
    assert tape.gradient(y, x).numpy() == 10.0
    u = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = u
        for _ in range(3):
            y = y * u
    assert tape.gradient(y, u).numpy() == 32.0


def test_tapes_release_the_edges_they_kept(eager):
    w = tf.Variable([1.0, 2.0])
    for _ in range(20):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(w * w)
        tape.gradient(loss, w)
    assert w._variable._consumers == [] and eager._tape_refs == {}


def _graph_gradient(fn, value):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(value)
        grad = tf.gradients(fn(x), x)[0]
        with tf.Session() as sess:
            return sess.run(grad)


@pytest.mark.parametrize("fn", [
    lambda x: tf.reduce_sum(tf.sin(x) * tf.exp(x)),
    lambda x: tf.reduce_mean(tf.nn.softmax(x) * tf.constant([1.0, 2.0, 3.0])),
    lambda x: tf.reduce_sum(tf.nn.sigmoid(x) + tf.nn.relu(x) ** 2 + tf.sqrt(tf.abs(x) + 1.0)),
    lambda x: tf.reduce_sum(tf.matmul(tf.reshape(x, [1, 3]), tf.reshape(x, [3, 1]))),
    lambda x: tf.reduce_logsumexp(tf.concat([x, x * 2.0], axis=0)),
    lambda x: tf.reduce_max(tf.gather(x, [2, 0]) * tf.square(x[1])),
], ids=["sin_exp", "softmax", "activations", "matmul", "logsumexp", "gather_max"])
def test_tape_agrees_with_graph_mode_gradients(fn):
    value = np.array([0.3, -1.2, 2.0], np.float32)
    x = tf.constant(value)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    eager_grad = tape.gradient(y, x).numpy()
    graph_grad = _graph_gradient(fn, value)
    np.testing.assert_allclose(eager_grad, graph_grad, rtol=1e-6)
    assert graph_mod.get_default_graph().executing_eagerly


def test_jacobian():
    x = tf.constant([1.0, 2.0, 3.0])
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = tf.matmul(w, w)
    assert tape.jacobian(y, x).numpy().tolist() == [[2.0, 0.0, 0.0], [0.0, 4.0, 0.0], [0.0, 0.0, 6.0]]
    jw = tape.jacobian(z, w)
    assert jw.shape.as_list() == [2, 2, 2, 2]
    # d z[0,1] / d w = d (w00 w01 + w01 w11) / d w = [[w01, w00 + w11], [0, w01]]
    assert jw.numpy()[0, 1].tolist() == [[2.0, 5.0], [0.0, 2.0]]
    assert tape.jacobian(y, [x, w])[1] is None
