

def test_static_bidirectional_rnn_rejects_what_tf_1_15_rejects():
    fw, bw = tf.nn.rnn_cell.BasicLSTMCell(2), tf.nn.rnn_cell.BasicLSTMCell(2)
    inp = tf.placeholder(tf.float32, [None, 3, 2])
    with pytest.raises(TypeError, match="^inputs must be a sequence$"):
        tf.nn.static_bidirectional_rnn(fw, bw, inp, dtype=tf.float32)
    with pytest.raises(ValueError, match="^inputs must not be empty$"):
        tf.nn.static_bidirectional_rnn(fw, bw, [], dtype=tf.float32)
    with pytest.raises(TypeError, match="'cell_bw'"):
        tf.nn.static_bidirectional_rnn(fw, "not a cell", tf.unstack(inp, 3, 1), dtype=tf.float32)
    assert tf.contrib.rnn.static_bidirectional_rnn is tf.nn.static_bidirectional_rnn


def test_static_bidirectional_rnn_reverses_each_row_within_its_length():
    """With sequence_length, the backward cell reads each row's own steps reversed: an identity-like
    check through a cell whose output is its input (a zero-weight, unit-bias-free BasicRNNCell would
    squash; compare with the reversed dynamic computation instead)."""
    rng = np.random.RandomState(3)
    data = rng.uniform(-1, 1, [2, 3, 2]).astype(np.float32)
    inp = tf.placeholder(tf.float32, [None, 3, 2])
    lengths = tf.placeholder(tf.int32, [None])
    cell_fw, cell_bw = tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicRNNCell(2)
    outs, _, state_bw = tf.nn.static_bidirectional_rnn(cell_fw, cell_bw, tf.unstack(inp, 3, 1), dtype=tf.float32,
                                                       sequence_length=lengths)
    assert [o.shape.as_list() for o in outs] == [[None, 4]] * 3
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        kernel, bias = sess.run(cell_bw.variables)
        o, sb = sess.run([outs, state_bw], {inp: data, lengths: [3, 2]})
    for row, n in enumerate([3, 2]):
        h = np.zeros(2, np.float32)
        bw_outputs = {}
        for t in reversed(range(n)):  # the backward cell meets the row's steps last-first
            h = np.tanh(np.concatenate([data[row, t], h]) @ kernel + bias)
            bw_outputs[t] = h
        np.testing.assert_allclose(sb[row], h, rtol=1e-5, atol=1e-6)
        for t in range(3):
            expected = bw_outputs.get(t, np.zeros(2, np.float32))
            np.testing.assert_allclose(o[t][row, 2:], expected, rtol=1e-5, atol=1e-6)
