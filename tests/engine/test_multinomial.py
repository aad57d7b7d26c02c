"""`tf.multinomial` / `tf.random.categorical` (op `Multinomial`): names, shapes, dtypes and error
texts as TF 1.x gives them; the draws follow the softmax of each row's scores."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def test_names_shapes_and_dtypes():
    logits = tf.constant([[0.0, 0.0, 50.0], [-1e9, 10.0, -1e9]])
    s = tf.multinomial(logits, 5)
    c = tf.random.categorical(tf.log([[0.5, 0.5]]), 4, dtype=tf.int32, seed=3)
    p = tf.placeholder(tf.float32, [None, 4])
    n = tf.placeholder(tf.int32)
    assert str(s) == 'Tensor("multinomial/Multinomial:0", shape=(2, 5), dtype=int64)'
    assert str(c) == 'Tensor("categorical/Multinomial:0", shape=(1, 4), dtype=int32)'
    assert str(tf.multinomial(p, n)) == 'Tensor("multinomial_1/Multinomial:0", shape=(?, ?), dtype=int64)'
    assert str(tf.random.multinomial(p, 3, name="pick")) == 'Tensor("pick/Multinomial:0", shape=(?, 3), dtype=int64)'
    assert "multinomial/Multinomial/num_samples" in [o.name for o in tf.get_default_graph().get_operations()]
    assert tf.gradients(tf.cast(s, tf.float32), logits) == [None]
    with tf.Session() as sess:
        assert sess.run(s).tolist() == [[2] * 5, [1] * 5]


def test_draws_follow_the_softmax_and_replay_with_seeds():
    tf.set_random_seed(1)
    probs = np.array([[0.1, 0.6, 0.3]])
    s = tf.multinomial(np.log(probs), 20000)
    with tf.Session() as sess:
        first = sess.run(s)
        assert not np.array_equal(first, sess.run(s))  # each run draws anew
    with tf.Session() as sess:
        assert np.array_equal(first, sess.run(s))  # a new session replays the seeded sequence
    np.testing.assert_allclose(np.bincount(first[0], minlength=3) / 20000, probs[0], atol=0.02)


def test_errors():
    with pytest.raises(ValueError, match=r"^Shape must be rank 2 but is rank 1 for 'multinomial/Multinomial' "
                                         r"\(op: 'Multinomial'\) with input shapes: \[2\], \[\]\.$"):
        tf.multinomial([1.0, 2.0], 1)
    with pytest.raises(ValueError, match=r"^Dimension size, given by scalar input 1, must be non-negative but is -2 "
                                         r"for 'multinomial_1/Multinomial'"):
        tf.multinomial([[1.0, 2.0]], -2)
    p = tf.placeholder(tf.float32, [None, 4])
    n = tf.placeholder(tf.int32)
    d = tf.multinomial(p, n)
    with tf.Session() as sess:
        assert sess.run(d, {p: np.zeros((2, 4)), n: 0}).shape == (2, 0)
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"^num_samples should be nonnegative, got -1"):
            sess.run(d, {p: np.zeros((2, 4)), n: -1})
