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
    """With sequence_length the backward cell reads each row's own steps last-first, and a step
    past a row's length outputs zeros: checked against the BasicRNNCell arithmetic in numpy."""
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
        for t in reversed(range(n)):
            h = np.tanh(np.concatenate([data[row, t], h]) @ kernel + bias)
            bw_outputs[t] = h
        np.testing.assert_allclose(sb[row], h, rtol=1e-5, atol=1e-6)
        for t in range(3):
            np.testing.assert_allclose(o[t][row, 2:], bw_outputs.get(t, np.zeros(2, np.float32)), rtol=1e-5, atol=1e-6)


def test_minimize_takes_a_dict_view_as_var_list():
    """`minimize(loss, var_list=weights.values())` (TF's nest flattens dict views, in dict order)."""
    weights = {"w": tf.Variable(1.0, name="w"), "b": tf.Variable(2.0, name="b")}
    other = tf.Variable(5.0, name="other")
    loss = weights["w"] * weights["b"] * other
    opt = tf.train.GradientDescentOptimizer(0.1)
    pairs = opt.compute_gradients(loss, var_list=weights.values())
    assert [v.op.name for _, v in pairs] == ["w", "b"]
    step = opt.minimize(loss, var_list=weights.values())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        assert sess.run([weights["w"], weights["b"], other]) == pytest.approx([0.0, 1.5, 5.0])


def _csv(tmp_path, text):
    path = tmp_path / "d.csv"
    path.write_text(text)
    return str(path)


def test_csv_dataset_quoted_field_spanning_lines_and_crlf(tmp_path):
    path = _csv(tmp_path, 'a,"two\nlines"\r\nb,plain\r\n')
    row = tf.data.experimental.CsvDataset(path, [tf.string, tf.string]).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert sess.run(row) == (b"a", b"two\nlines")
        assert sess.run(row) == (b"b", b"plain")
        with pytest.raises(tf.errors.OutOfRangeError, match="End of sequence"):
            sess.run(row)


@pytest.mark.parametrize("text, defaults, message", [
    ("1,2,3\n", [tf.int32, tf.int32], "^Expect 2 fields but have more in record"),
    ("1\n", [tf.int32, tf.int32], "^Expect 2 fields but have 1 in record"),
    ("1,x\n", [tf.int32, tf.int32], "^Field 1 in record is not a valid int32: x"),
    ("1,\n", [tf.int32, tf.float32], "^Field 1 is required but missing in record!"),
])
def test_csv_dataset_bad_records(tmp_path, text, defaults, message):
    row = tf.data.experimental.CsvDataset(_csv(tmp_path, text), defaults).make_one_shot_iterator().get_next()
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match=message):
        sess.run(row)


def test_csv_dataset_rejects_a_dtype_it_cannot_parse():
    with pytest.raises(TypeError, match="^Failed to convert object of type .*DType.* to Tensor"):
        tf.data.experimental.CsvDataset("x.csv", [tf.bool])
    with pytest.raises(TypeError, match="DataType bool not in list of allowed values"):
        tf.data.experimental.CsvDataset("x.csv", [[True]])


def test_image_resize_is_resize_images():
    assert tf.image.resize is tf.image.resize_images
    assert tf.image.resize_with_crop_or_pad is tf.image.resize_image_with_crop_or_pad
    assert tf.image.random_crop is tf.random_crop


def test_shapes_from_partly_known_shape_tensors():
    """TF 1.15's ConstantPartialShape: what a Fill/Reshape/random op learns from a shape tensor."""
    x = tf.placeholder(tf.float32, [None, 6, 2])
    batch = tf.shape(x)[0]
    assert tf.zeros(tf.stack([batch, -1, 3])).shape.as_list() == [None, None, 3]  # -1 in a Pack: unknown
    assert tf.fill(tf.shape(x)[1:], 1.0).shape.as_list() == [6, 2]
    assert tf.fill(tf.shape(x)[::2], 1.0).shape.as_list() == [None, 2]  # a stride: still a slice of x's shape
    assert tf.zeros(tf.shape(x)[-1:]).shape.as_list() == [2]
    assert tf.zeros(tf.concat([tf.shape(x)[:1], tf.placeholder(tf.int32, [2])], 0)).shape.as_list() == [None] * 3
    assert tf.zeros(tf.concat([[2], tf.placeholder(tf.int32)], 0)).shape.ndims is None  # a part of unknown length
    assert tf.reshape(x, tf.stack([batch, 12])).shape.as_list() == [None, 12]
    known = tf.zeros([4, 6])
    assert tf.reshape(known, tf.stack([tf.shape(known)[0] // 2, -1])).shape.as_list() == [2, 12]
    assert tf.reshape(known, tf.stack([tf.placeholder(tf.int32, []), 8])).shape.as_list() == [3, 8]
    with pytest.raises(ValueError, match="Fill dimensions must be >= 0"):
        tf.fill([-2, 3], 1.0)
    with tf.Session() as sess:
        out = sess.run(tf.zeros(tf.stack([batch, 3])), {x: np.zeros([5, 6, 2], np.float32)})
    assert out.shape == (5, 3)
