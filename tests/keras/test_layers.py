"""Keras layers in the graph: the learning phase (Dropout, BatchNormalization), recurrent layers
against a numpy recurrence, subclassed models, and Keras layers used in plain TF code."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf

K = tf.keras.backend


def test_dropout_follows_the_learning_phase():
    x = tf.keras.Input(shape=(1000,))
    y = tf.keras.layers.Dropout(0.5)(x)
    sess = K.get_session()
    ones = np.ones([1, 1000], np.float32)
    np.testing.assert_array_equal(sess.run(y, {x: ones}), ones)
    trained = sess.run(y, {x: ones, K.learning_phase(): True})
    assert set(np.unique(trained)) <= {0.0, 2.0} and 0.35 < (trained == 0).mean() < 0.65
    assert K.learning_phase().op.name == "keras_learning_phase"


def test_batch_norm_moves_its_statistics_only_while_training():
    model = tf.keras.Sequential([tf.keras.layers.BatchNormalization(momentum=0.5, input_shape=(2,))])
    model.compile("sgd", loss="mse")
    x = np.array([[1.0, 2.0], [3.0, 6.0]], np.float32)
    bn = model.layers[0]
    model.predict(x)
    np.testing.assert_array_equal(K.get_value(bn.moving_mean), [0.0, 0.0])
    model.train_on_batch(x, np.zeros_like(x))
    np.testing.assert_allclose(K.get_value(bn.moving_mean), [1.0, 2.0])  # 0.5 * 0 + 0.5 * mean
    np.testing.assert_allclose(K.get_value(bn.moving_variance), [1.0, 2.5])  # 0.5 * 1 + 0.5 * var
    assert [v.name for v in model.non_trainable_weights] == ["batch_normalization/moving_mean:0",
                                                            "batch_normalization/moving_variance:0"]


def test_simple_rnn_equals_numpy_recurrence():
    layer = tf.keras.layers.SimpleRNN(3, return_sequences=True)
    x = tf.keras.Input(shape=(4, 2))
    out = layer(x)
    rng = np.random.RandomState(0)
    w, u, b = [rng.uniform(-1, 1, v.shape.as_list()).astype(np.float32) for v in layer.weights]
    layer.set_weights([w, u, b])
    data = rng.uniform(-1, 1, [2, 4, 2]).astype(np.float32)
    h = np.zeros([2, 3], np.float32)
    expected = []
    for t in range(4):
        h = np.tanh(data[:, t] @ w + h @ u + b)
        expected.append(h)
    np.testing.assert_allclose(K.get_session().run(out, {x: data}), np.stack(expected, 1), rtol=1e-5, atol=1e-6)


def test_lstm_starts_with_a_forget_bias_of_one_and_needs_a_known_time_axis():
    lstm = tf.keras.layers.LSTM(2)
    lstm(tf.keras.Input(shape=(3, 4)))
    np.testing.assert_array_equal(lstm.get_weights()[2], [0, 0, 1, 1, 0, 0, 0, 0])
    with pytest.raises(ValueError, match="time axis of its input .* must have a known length"):
        tf.keras.layers.GRU(2)(tf.keras.Input(shape=(None, 4)))


def test_subclassed_model_summary_and_weights(capsys):
    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = tf.keras.layers.Dense(3, activation="relu")
            self.out = tf.keras.layers.Dense(1)

        def call(self, inputs):
            return self.out(self.hidden(inputs))

    net = Net()
    assert net.name == "net" and [layer.name for layer in net.layers] == ["dense", "dense_1"]
    net.compile("sgd", loss="mse")
    net.fit(np.ones([4, 2], np.float32), np.ones([4, 1], np.float32), verbose=0)
    assert [v.name for v in net.weights] == ["net/dense/kernel:0", "net/dense/bias:0", "net/dense_1/kernel:0",
                                             "net/dense_1/bias:0"]
    assert net.output_names == ["output_1"] and net.count_params() == 13
    net.summary()
    out = capsys.readouterr().out
    assert out.startswith('Model: "net"\n') and "dense (Dense)                (None, 3)                 9" in out


def test_keras_layer_in_plain_graph_code_with_a_user_session():
    x = tf.placeholder(tf.float32, [None, 3])
    dense = tf.keras.layers.Dense(2, kernel_initializer="ones", bias_initializer="zeros")
    y = dense(x)
    assert dense.output_shape == (None, 2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(y, {x: [[1.0, 2.0, 3.0]]}), [[6.0, 6.0]])
        assert K.get_session() is sess  # Keras uses the default session when there is one
        np.testing.assert_array_equal(dense.get_weights()[0], np.ones([3, 2]))


def test_bidirectional_is_a_forward_and_a_reversed_backward_pass():
    x = tf.keras.Input(shape=(4, 3))
    bi = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(2, return_sequences=True))
    y = bi(x)
    assert bi.name == "bidirectional" and y.shape.as_list() == [None, 4, 4]
    assert [v.name for v in bi.weights][::3] == ["bidirectional/forward_lstm/lstm_cell/kernel:0",
                                                 "bidirectional/backward_lstm/lstm_cell/kernel:0"]
    rng = np.random.RandomState(1)
    weights = [rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(np.float32) for v in bi.weights]
    bi.set_weights(weights)
    single = tf.keras.layers.LSTM(2, return_sequences=True)
    s = single(x)
    data = rng.uniform(-1, 1, [2, 4, 3]).astype(np.float32)
    sess = K.get_session()
    single.set_weights(weights[:3])
    both = sess.run(y, {x: data})
    np.testing.assert_allclose(both[..., :2], sess.run(s, {x: data}), rtol=1e-5, atol=1e-6)
    single.set_weights(weights[3:])
    backward = sess.run(s, {x: data[:, ::-1]})[:, ::-1]
    np.testing.assert_allclose(both[..., 2:], backward, rtol=1e-5, atol=1e-6)
    with pytest.raises(ImportError, match="h5py"):
        tf.keras.models.load_model("model.h5")


def test_time_distributed_dense_applies_the_same_weights_at_every_step():
    x = tf.keras.Input(shape=(4, 3))
    td = tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(5))
    y = td(x)
    assert td.name == "time_distributed" and y.shape.as_list() == [None, 4, 5]
    assert [v.name for v in td.weights] == ["time_distributed/kernel:0", "time_distributed/bias:0"]
    kernel, bias = td.get_weights()
    data = np.random.RandomState(0).uniform(-1, 1, [2, 4, 3]).astype(np.float32)
    np.testing.assert_allclose(K.get_session().run(y, {x: data}), data @ kernel + bias, rtol=1e-5, atol=1e-6)
