"""tf.estimator.inputs: numpy_input_fn's batches (epochs, a short last batch, endless cycling,
shuffling keeps every row), its argument errors, and pandas_input_fn."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf

X = np.arange(10, dtype=np.float32).reshape(5, 2)
Y = np.arange(5, dtype=np.int64)


def _drain(tensors, limit=50):
    out = []
    with tf.train.MonitoredSession() as s:
        while not s.should_stop() and len(out) < limit:
            out.append(s.run(tensors))
    return out


def test_finite_epochs_end_with_a_short_batch():
    features, labels = tf.estimator.inputs.numpy_input_fn({"x": X}, Y, batch_size=2, num_epochs=2, shuffle=False)()
    assert features["x"].shape.as_list() == [None, 2] and labels.dtype == tf.int64
    batches = _drain(labels)
    assert [b.tolist() for b in batches] == [[0, 1], [2, 3], [4, 0], [1, 2], [3, 4]]


def test_endless_input_cycles_and_shuffle_keeps_rows():
    labels = tf.estimator.inputs.numpy_input_fn({"x": X}, Y, batch_size=3, num_epochs=None, shuffle=False)()[1]
    assert [b.tolist() for b in _drain(labels, limit=3)] == [[0, 1, 2], [3, 4, 0], [1, 2, 3]]
    tf.reset_default_graph()
    features, labels = tf.estimator.inputs.numpy_input_fn({"x": X}, Y, batch_size=5, num_epochs=1, shuffle=True)()
    (batch,) = _drain((features, labels))
    assert sorted(batch[1].tolist()) == [0, 1, 2, 3, 4]
    np.testing.assert_array_equal(batch[0]["x"], X[batch[1]])  # rows stay with their labels


def test_array_x_and_dict_y():
    features, labels = tf.estimator.inputs.numpy_input_fn(X, {"b": Y, "a": Y * 2}, batch_size=5, shuffle=False)()
    assert isinstance(features, tf.Tensor) and sorted(labels) == ["a", "b"]
    (batch,) = _drain((features, labels))
    np.testing.assert_array_equal(batch[1]["a"], Y * 2)


def test_numpy_input_fn_errors():
    with pytest.raises(ValueError, match="^shuffle must be provided and explicitly set as boolean"):
        tf.estimator.inputs.numpy_input_fn({"x": X}, Y)
    with pytest.raises(ValueError, match="^Length of tensors in x and y is mismatched."):
        tf.estimator.inputs.numpy_input_fn({"x": X}, Y[:3], shuffle=False)()
    with pytest.raises(ValueError, match=r"^1 duplicate keys are found in both x and y: \{'x'\}$"):
        tf.estimator.inputs.numpy_input_fn({"x": X}, {"x": Y}, shuffle=False)()
    with pytest.raises(TypeError, match="^x must be a dict or array; got list$"):
        tf.estimator.inputs.numpy_input_fn([1, 2], shuffle=False)()


def test_pandas_input_fn():
    try:
        import pandas as pd
    except ImportError:
        frame = type("DataFrame", (), {})()
        with pytest.raises(TypeError, match="^pandas_input_fn should not be called without pandas installed$"):
            tf.estimator.inputs.pandas_input_fn(frame, shuffle=False)
        return
    frame = pd.DataFrame({"b": [1., 2., 3.], "a": [4, 5, 6]})
    features, target = tf.estimator.inputs.pandas_input_fn(frame, pd.Series([7, 8, 9]), batch_size=2,
                                                           shuffle=False)()
    assert list(features) == ["b", "a"]
    batches = _drain((features, target))
    assert [b[1].tolist() for b in batches] == [[7, 8], [9]]
