"""tf.data, tf.cond, tf.while_loop and py_func under eager execution."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.eager import EagerTensor

tfe = tf.contrib.eager


def test_a_dataset_is_a_python_iterable():
    ds = tf.data.Dataset.from_tensor_slices(np.arange(5, dtype=np.int32)).map(lambda x: x * 10).batch(2)
    batches = list(ds)
    assert all(isinstance(b, EagerTensor) for b in batches)
    assert [b.numpy().tolist() for b in batches] == [[0, 10], [20, 30], [40]]
    assert str(batches[-1]) == "tf.Tensor([40], shape=(1,), dtype=int32)"
    assert [b.numpy().tolist() for b in ds] == [[0, 10], [20, 30], [40]]  # each loop is a new pass
    pairs = tf.data.Dataset.from_tensor_slices((np.arange(4.0, dtype=np.float32), np.array([0, 1, 0, 1])))
    assert [(float(f), int(l)) for f, l in pairs.filter(lambda f, l: tf.equal(l, 1))] == [(1.0, 1), (3.0, 1)]
    d = next(iter(tf.data.Dataset.from_tensor_slices({"a": [1, 2], "b": [[1.0], [2.0]]})))
    assert sorted(d) == ["a", "b"] and int(d["a"]) == 1


def test_one_shot_iterator_and_tfe_iterator():
    ds = tf.data.Dataset.range(3)
    it = ds.make_one_shot_iterator()
    assert [int(it.get_next()) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(tf.errors.OutOfRangeError, match="End of sequence"):
        it.get_next()
    it = tfe.Iterator(ds)
    assert int(next(it)) == 0 and int(it.next()) == 1 and [int(x) for x in it] == [2]
    assert it.output_types == tf.int64


def test_dataset_errors_surface_as_tf_errors():
    ds = tf.data.Dataset.from_tensor_slices(tf.constant([1.0, -1.0])).map(
        lambda x: tf.check_numerics(tf.log(x), "bad"))
    it = iter(ds)
    next(it)
    with pytest.raises(tf.errors.InvalidArgumentError, match="bad"):
        next(it)


def test_cond_and_while_run_as_python():
    assert tf.cond(tf.constant(True), lambda: 1, lambda: 2) == 1
    assert tf.cond(tf.constant(False), lambda: tf.constant(1), lambda: tf.constant(2)).numpy() == 2
    out = tf.while_loop(lambda i: i < 5, lambda i: i + 1, [tf.constant(0)])
    assert isinstance(out, EagerTensor) and int(out) == 5
    assert tf.while_loop(lambda i, s: i < 4, lambda i, s: (i + 1, s + i), [0, 0]) == [4, 6]
    assert int(tf.while_loop(lambda i: i < 100, lambda i: i + 1, [tf.constant(0)], maximum_iterations=5)) == 5


def test_py_func_runs_when_made():
    seen = []
    tf.py_func(lambda: seen.append(1), [], [])
    assert seen == [1]
    assert tf.py_func(lambda x: x * 2, [tf.constant([1.0])], tf.float32).numpy().tolist() == [2.0]


def test_training_over_a_dataset():
    w = tf.Variable([[1.0], [2.0]])
    data = tf.data.Dataset.from_tensor_slices((np.ones((4, 2), np.float32), np.zeros((4, 1), np.float32))).batch(2)
    opt = tf.train.GradientDescentOptimizer(0.1)
    for xb, yb in data:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(xb, w) - yb))
        opt.apply_gradients(zip(tape.gradient(loss, [w]), [w]))
    np.testing.assert_allclose(w.numpy().ravel(), [0.04, 1.04], rtol=1e-6)  # two SGD steps: w - 0.1 * 6, then - 0.1 * 3.6
