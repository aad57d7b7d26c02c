"""What keeps a training step cheap keeps its meaning: kernels that read a shape/axes/multiples
input from a Const convert it once (and still honour a value fed in its place), compiled plans
inline Const/Identity/NoOp steps, a lean Tile equals numpy's, ApplyGradientDescent's fast path
keeps its errors, and `Session.run(op)` returns None with every check still made."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.engine.errors import FailedPreconditionError, InvalidArgumentError
from nbgraph.engine.ops.index_ops import _tile

RUNS = 3  # a plan is compiled on its second run


def _runs(sess, fetches, feed=None):
    return [sess.run(fetches, feed) for _ in range(RUNS)]


def _compiled_plan(sess, target):
    [plan] = [p for k, p in sess._plans.items() if target in k[0] + k[1]]
    assert plan.compiled is not None
    return plan


@pytest.mark.parametrize("shape", [(3,), (2, 3), (1, 4, 2), (2, 1, 3), (1, 1)])
def test_lean_tile_equals_numpy(shape):
    a = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    for m in itertools.product(*[(0, 1, 2, 3)] * len(shape)):
        got, want = _tile(a, m), np.tile(a, m)
        assert got.shape == want.shape and np.array_equal(got, want), m
        if a.size:
            assert not np.shares_memory(got, a)  # a fresh array, even for all-ones multiples


def test_const_inputs_read_once_and_a_fed_value_still_wins():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    r = tf.reshape(x, [-1, 1])
    t = tf.tile(x, [2, 1])
    s = tf.reduce_sum(x, axis=[0])
    f = tf.fill([2, 3], 7.0)
    val = np.array([[1, 2], [3, 4]], np.float32)
    with tf.Session() as sess:
        for got in _runs(sess, [r, t, s, f], {x: val}):
            assert got[0].tolist() == [[1], [2], [3], [4]]
            assert got[1].tolist() == np.tile(val, (2, 1)).tolist()
            assert got[2].tolist() == [4, 6]
            assert got[3].tolist() == [[7] * 3] * 2
        # the Const behind each is fed another value: that value is used
        feed = {x: val, r.op.inputs[1]: [2, 2], t.op.inputs[1]: [1, 3], s.op.inputs[1]: [1],
                f.op.inputs[0]: [1, 2]}
        for got in _runs(sess, [r, t, s, f], feed):
            assert got[0].tolist() == [[1, 2], [3, 4]]
            assert got[1].tolist() == np.tile(val, (1, 3)).tolist()
            assert got[2].tolist() == [3, 7]
            assert got[3].tolist() == [[7, 7]]
        with pytest.raises(InvalidArgumentError) as e:
            sess.run(r, {x: val, r.op.inputs[1]: [3, 1]})
    assert str(e.value).splitlines()[0] == ("Input to reshape is a tensor with 4 values, but the requested "
                                            "shape has 3")


def test_compiled_plan_inlines_const_identity_and_no_op():
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.identity(a, name="b")
    with tf.control_dependencies([b]):
        c = tf.no_op(name="c")
    d = b * 2.0
    with tf.Session() as sess:
        _runs(sess, [d, c])
        plan = _compiled_plan(sess, c)
        assert sess.run([d, c])[0].tolist() == [2.0, 4.0]
    body = plan.compiled.source.splitlines()[1:]
    calls = [line.strip() for line in body if "(" in line]
    assert len(calls) == 1 and calls[0].split(" = ")[1].startswith("d")  # the Mul (a ufunc) is the only call


def _linear_regression():
    x = tf.constant([[1.0, 2.0], [2.0, 1.0], [3.0, 4.0]], name="x")
    y = tf.constant([[5.0], [4.0], [11.0]], name="y")
    w = tf.Variable(tf.zeros([2, 1]), name="w")
    b = tf.Variable(0.0, name="b")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    return w, b, loss, tf.train.GradientDescentOptimizer(0.05).minimize(loss)


def test_train_op_steps_equal_numpy_and_return_none():
    w, b, loss, train = _linear_regression()
    xs = np.array([[1, 2], [2, 1], [3, 4]], np.float32)
    ys = np.array([[5], [4], [11]], np.float32)
    wn, bn = np.zeros((2, 1), np.float32), np.float32(0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(10):
            assert sess.run(train) is None
            err = xs @ wn + bn - ys
            grad = err * np.float32(2.0 / err.size)
            wn = wn - np.float32(0.05) * (xs.T @ grad)
            bn = bn - np.float32(0.05) * grad.sum()
        got_w, got_b = sess.run([w, b])
        assert _compiled_plan(sess, train)
    np.testing.assert_allclose(got_w, wn, rtol=1e-6)
    np.testing.assert_allclose(got_b, bn, rtol=1e-6)


def test_train_op_on_uninitialized_variables_fails_every_run():
    *_, train = _linear_regression()
    with tf.Session() as sess:
        for _ in range(RUNS):
            with pytest.raises(FailedPreconditionError) as e:
                sess.run(train)
            assert str(e.value).splitlines()[0] == "Attempting to use uninitialized value w"


def test_a_fed_gradient_of_the_wrong_dtype_or_shape_takes_the_checked_path():
    v = tf.Variable([1.0, 2.0], name="v")
    g = tf.placeholder(tf.float32, [None], name="g")
    step = tf.train.GradientDescentOptimizer(1.0).apply_gradients([(g, v)])
    with tf.Session() as sess:
        sess.run(v.initializer)
        for _ in range(RUNS):
            sess.run(step, {g: [0.5, 0.5]})
        assert sess.run(v).tolist() == [-0.5, 0.5]
        with pytest.raises(InvalidArgumentError) as e:
            sess.run(step, {g: [1.0, 2.0, 3.0]})
        assert str(e.value).splitlines()[0] == "var and grad do not have the same shape[2] [3]"
