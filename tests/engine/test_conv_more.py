"""conv1d, conv2d_transpose, 1-D pooling layers and LRN against numpy (corpus p79 has the TF
comparison; the gradients' finite-difference checks are in test_gradient_properties)."""
import numpy as np
import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


def test_conv1d_is_a_correlation_over_width():
    x = np.random.RandomState(0).randn(2, 5, 3).astype(np.float32)
    f = np.random.RandomState(1).randn(2, 3, 4).astype(np.float32)
    y = tf.nn.conv1d(x, f, stride=1, padding="VALID")
    assert [op.type for op in tf.get_default_graph().get_operations()][-3:] == ["ExpandDims", "Conv2D", "Squeeze"]
    expected = np.stack([np.einsum("bkc,kco->bo", x[:, i:i + 2], f) for i in range(4)], axis=1)
    with tf.Session() as s:
        np.testing.assert_allclose(s.run(y), expected, rtol=1e-5, atol=1e-5)


def test_conv2d_transpose_is_the_gradient_of_conv2d():
    x = tf.constant(np.random.RandomState(2).rand(1, 6, 6, 2).astype(np.float32))
    k = tf.constant(np.random.RandomState(3).rand(3, 3, 2, 4).astype(np.float32))
    dy = tf.constant(np.random.RandomState(4).rand(1, 3, 3, 4).astype(np.float32))
    y = tf.nn.conv2d(x, k, [1, 2, 2, 1], "SAME")
    grad = tf.gradients(y, x, grad_ys=dy)[0]
    t = tf.nn.conv2d_transpose(dy, k, [1, 6, 6, 2], [1, 2, 2, 1])
    assert t.op.type == "Conv2DBackpropInput" and t.op.name == "conv2d_transpose"
    with tf.Session() as s:
        np.testing.assert_allclose(*s.run([t, grad]), rtol=1e-5)


def test_layers_shapes_and_variables():
    seq = tf.placeholder(tf.float32, [None, 8, 3])
    img = tf.placeholder(tf.float32, [None, 4, 4, 3])
    assert tf.layers.conv1d(seq, 5, 3, padding="same").shape.as_list() == [None, 8, 5]
    assert tf.layers.max_pooling1d(seq, 2, 2).shape.as_list() == [None, 4, 3]
    assert tf.layers.average_pooling1d(seq, 3, 1).shape.as_list() == [None, 6, 3]
    assert tf.layers.conv2d_transpose(img, 2, 3, strides=2, padding="valid").shape.as_list() == [None, 9, 9, 2]
    assert [v.name for v in tf.global_variables()] == ["conv1d/kernel:0", "conv1d/bias:0",
                                                       "conv2d_transpose/kernel:0", "conv2d_transpose/bias:0"]
    assert tf.global_variables()[2].shape.as_list() == [3, 3, 2, 3]


def test_lrn_matches_its_formula():
    x = np.random.RandomState(5).rand(1, 2, 2, 6).astype(np.float32)
    y = tf.nn.lrn(x, depth_radius=1, bias=2.0, alpha=0.5, beta=0.75)
    sq = np.pad(x ** 2, [(0, 0)] * 3 + [(1, 1)])
    window = sq[..., :-2] + sq[..., 1:-1] + sq[..., 2:]
    with tf.Session() as s:
        np.testing.assert_allclose(s.run(y), x / (2.0 + 0.5 * window) ** 0.75, rtol=1e-5)
    with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 2"):
        tf.nn.lrn(tf.ones([2, 3]))
