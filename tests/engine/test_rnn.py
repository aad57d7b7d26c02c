"""tf.nn.rnn_cell and dynamic_rnn / static_rnn / bidirectional_dynamic_rnn: TF 1.15's variable and op
names, outputs against a numpy LSTM, sequence_length semantics, and Adam training equal to
tensorflow.compat.v1 (its numbers are below)."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _numpy_lstm(x, kernel, bias, lengths=None, forget_bias=1.0):
    """Batch-major x [B, T, D] through TF's BasicLSTMCell; finished rows keep state, output zeros."""
    b, t, _ = x.shape
    n = bias.shape[0] // 4
    c, h = np.zeros((b, n)), np.zeros((b, n))
    outs = np.zeros((b, t, n))
    for step in range(t):
        z = np.concatenate([x[:, step], h], 1) @ kernel + bias
        i, j, f, o = np.split(z, 4, axis=1)
        new_c = c * _sigmoid(f + forget_bias) + _sigmoid(i) * np.tanh(j)
        new_h = np.tanh(new_c) * _sigmoid(o)
        live = np.ones(b, bool) if lengths is None else step < np.asarray(lengths)
        c = np.where(live[:, None], new_c, c)
        h = np.where(live[:, None], new_h, h)
        outs[:, step] = np.where(live[:, None], new_h, 0.0)
    return outs, c, h


def _set_weights(sess, seed=0):
    rng = np.random.RandomState(seed)
    values = {}
    for v in sorted(tf.trainable_variables(), key=lambda v: v.name):
        values[v.name] = rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(np.float32)
        sess.run(tf.assign(v, values[v.name]))
    return values, rng


def test_dynamic_rnn_names_as_tf():
    x = tf.placeholder(tf.float32, [2, 3, 4], name="x")
    out, st = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(5), x, dtype=tf.float32)
    assert str(out) == 'Tensor("rnn/transpose_1:0", shape=(2, 3, 5), dtype=float32)'
    assert isinstance(st, tf.nn.rnn_cell.LSTMStateTuple)
    assert (st.c.name, st.h.name) == ("rnn/while/Exit_3:0", "rnn/while/Exit_4:0")
    assert [v.name for v in tf.global_variables()] == ["rnn/basic_lstm_cell/kernel:0", "rnn/basic_lstm_cell/bias:0"]
    g = tf.get_default_graph()
    matmul = g.get_operation_by_name("rnn/while/basic_lstm_cell/MatMul")
    assert [t.name for t in matmul.inputs] == ["rnn/while/basic_lstm_cell/concat:0",
                                               "rnn/while/basic_lstm_cell/MatMul/Enter:0"]
    assert g.get_operation_by_name("rnn/while/basic_lstm_cell/MatMul/Enter").inputs[0].name == \
        "rnn/basic_lstm_cell/kernel/read:0"
    for name in ("rnn/BasicLSTMCellZeroState/zeros", "rnn/TensorArray", "rnn/TensorArray_1",
                 "rnn/TensorArrayUnstack/TensorArrayScatter/TensorArrayScatterV3", "rnn/while/TensorArrayReadV3",
                 "rnn/while/basic_lstm_cell/split", "rnn/while/TensorArrayWrite/TensorArrayWriteV3",
                 "rnn/TensorArrayStack/TensorArrayGatherV3", "rnn/concat/values_0"):
        g.get_operation_by_name(name)


def test_multi_rnn_cell_and_bidirectional_variable_names():
    x = tf.placeholder(tf.float32, [2, 3, 4])
    multi = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(3), tf.nn.rnn_cell.GRUCell(3)])
    tf.nn.dynamic_rnn(multi, x, dtype=tf.float32)
    tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.LSTMCell(2), tf.nn.rnn_cell.BasicRNNCell(2), x, dtype=tf.float32)
    with tf.variable_scope("s"):
        tf.nn.static_rnn(tf.nn.rnn_cell.BasicRNNCell(2), tf.unstack(x, axis=1), dtype=tf.float32)
    assert [v.name for v in tf.trainable_variables()] == [
        "rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel:0", "rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias:0",
        "rnn/multi_rnn_cell/cell_1/gru_cell/gates/kernel:0", "rnn/multi_rnn_cell/cell_1/gru_cell/gates/bias:0",
        "rnn/multi_rnn_cell/cell_1/gru_cell/candidate/kernel:0", "rnn/multi_rnn_cell/cell_1/gru_cell/candidate/bias:0",
        "bidirectional_rnn/fw/lstm_cell/kernel:0", "bidirectional_rnn/fw/lstm_cell/bias:0",
        "bidirectional_rnn/bw/basic_rnn_cell/kernel:0", "bidirectional_rnn/bw/basic_rnn_cell/bias:0",
        "s/rnn/basic_rnn_cell/kernel:0", "s/rnn/basic_rnn_cell/bias:0"]
    g = tf.get_default_graph()
    g.get_operation_by_name("rnn/while/rnn/multi_rnn_cell/cell_0/basic_lstm_cell/MatMul")  # TF's doubled rnn/
    g.get_operation_by_name("bidirectional_rnn/fw/fw/while/lstm_cell/MatMul")
    g.get_operation_by_name("s/rnn/basic_rnn_cell/MatMul_1")  # static_rnn: the second step shares the scope


@pytest.mark.parametrize("time_major", [False, True])
def test_basic_lstm_outputs_equal_numpy_with_sequence_length(time_major):
    x = tf.placeholder(tf.float32, [3, 4, 2])
    lengths = tf.placeholder(tf.int32, [3])
    inputs = tf.transpose(x, [1, 0, 2]) if time_major else x
    out, st = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), inputs, sequence_length=lengths,
                                dtype=tf.float32, time_major=time_major)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        w, rng = _set_weights(s)
        xv = rng.uniform(-1, 1, [3, 4, 2]).astype(np.float32)
        got_out, got_c, got_h = s.run([out, st.c, st.h], {x: xv, lengths: [4, 2, 0]})
    want_out, want_c, want_h = _numpy_lstm(xv, w["rnn/basic_lstm_cell/kernel:0"], w["rnn/basic_lstm_cell/bias:0"],
                                           [4, 2, 0])
    if time_major:
        got_out = got_out.transpose(1, 0, 2)
    np.testing.assert_allclose(got_out, want_out, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_c, want_c, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_h, want_h, rtol=1e-5, atol=1e-6)


def test_static_rnn_equals_dynamic_rnn_and_initial_state_is_used():
    x = tf.placeholder(tf.float32, [2, 3, 2])
    cell = tf.nn.rnn_cell.BasicLSTMCell(3, state_is_tuple=False)
    init = tf.placeholder(tf.float32, [2, 6])
    with tf.variable_scope("shared"):
        dyn, dyn_state = tf.nn.dynamic_rnn(cell, x, initial_state=init)
    with tf.variable_scope("shared", reuse=True):
        outs, st = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), initial_state=init)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        _, rng = _set_weights(s)
        feed = {x: rng.uniform(-1, 1, [2, 3, 2]), init: rng.uniform(-1, 1, [2, 6])}
        a, b, c, d = s.run([dyn, tf.stack(outs, axis=1), dyn_state, st], feed)
    np.testing.assert_allclose(a, b, rtol=1e-6)
    np.testing.assert_allclose(c, d, rtol=1e-6)


def test_bidirectional_backward_direction_reverses_each_sequence():
    x = tf.placeholder(tf.float32, [2, 3, 1])
    lengths = tf.constant([3, 2])
    (fw, bw), _ = tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(1, activation=tf.identity),
                                                  tf.nn.rnn_cell.BasicRNNCell(1, activation=tf.identity), x,
                                                  sequence_length=lengths, dtype=tf.float32)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for v in tf.trainable_variables():  # h_t = x_t + h_{t-1}: a running sum
            s.run(tf.assign(v, np.array([[1.0], [1.0]], np.float32) if "kernel" in v.name else np.zeros(1, np.float32)))
        f, b = s.run([fw, bw], {x: np.array([[[1.0], [2.0], [3.0]], [[4.0], [5.0], [6.0]]], np.float32)})
    np.testing.assert_allclose(f[..., 0], [[1, 3, 6], [4, 9, 0]])
    np.testing.assert_allclose(b[..., 0], [[6, 5, 3], [9, 5, 0]])


# tensorflow.compat.v1 (legacy cells) on the same program: losses of 3 Adam steps and a trained row
TF_LOSSES = [0.47499242424964905, 0.44538578391075134, 0.42159250378608704]
TF_KERNEL0_ROW0 = [-0.0181468166410923, 0.3134933114051819, -0.28135979175567627, -0.43413296341896057,
                   -0.37683647871017456, 0.4759038984775543, 0.13488292694091797, 0.24846479296684265,
                   0.6286353468894958, 0.17534223198890686, -0.17087703943252563, 0.43046051263809204]


def test_adam_training_through_a_multi_rnn_cell_equals_tf():
    x = tf.placeholder(tf.float32, [3, 4, 2], name="x")
    y = tf.placeholder(tf.float32, [3, 3], name="y")
    lengths = tf.placeholder(tf.int32, [3], name="L")
    multi = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(3), tf.nn.rnn_cell.GRUCell(3)])
    _, st = tf.nn.dynamic_rnn(multi, x, sequence_length=lengths, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(st[1] - y))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        _, rng = _set_weights(s)
        feed = {x: rng.uniform(-1, 1, [3, 4, 2]).astype(np.float32),
                y: rng.uniform(-1, 1, [3, 3]).astype(np.float32), lengths: [4, 2, 3]}
        losses = [s.run([loss, train], feed)[0] for _ in range(3)]
        kernel = s.run(tf.trainable_variables()[0])
    np.testing.assert_allclose(losses, TF_LOSSES, rtol=1e-5)
    np.testing.assert_allclose(kernel[0], TF_KERNEL0_ROW0, rtol=1e-5, atol=1e-6)


def test_cell_errors_are_tfs():
    with pytest.raises(ValueError, match="If there is no initial_state, you must give a dtype."):
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), tf.zeros([1, 2, 3]))
    with pytest.raises(TypeError, match="inputs must be a sequence"):
        tf.nn.static_rnn(tf.nn.rnn_cell.GRUCell(2), tf.zeros([1, 2, 3]), dtype=tf.float32)
    with pytest.raises(ValueError, match="Input size \\(depth of inputs\\) must be accessible via shape inference"):
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), tf.placeholder(tf.float32, [1, 2, None]), dtype=tf.float32)
    with pytest.raises(ValueError, match="Expected inputs.shape\\[-1\\] to be known"):
        tf.nn.rnn_cell.GRUCell(2)(tf.placeholder(tf.float32, [1, None]), tf.zeros([1, 2]))
