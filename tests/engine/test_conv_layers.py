"""`tf.layers.conv2d` / `max_pooling2d` / `average_pooling2d`: TF 1.x's layer names, variables
and op names, the values they compute, and gradients flowing through a small conv net."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf
from tests.engine.test_linalg_conv_ops import conv_reference, pool_reference


def test_layers_build_tfs_names_and_variables():
    x = tf.placeholder(tf.float32, [None, 6, 6, 1], name="x")
    c = tf.layers.conv2d(x, 4, 3, padding="same", activation=tf.nn.relu)
    p = tf.layers.max_pooling2d(c, 2, 2)
    c2 = tf.layers.conv2d(p, 2, [2, 2])
    a = tf.layers.average_pooling2d(c2, 2, 1, padding="same")
    assert str(c) == 'Tensor("conv2d/Relu:0", shape=(?, 6, 6, 4), dtype=float32)'
    assert str(p) == 'Tensor("max_pooling2d/MaxPool:0", shape=(?, 3, 3, 4), dtype=float32)'
    assert str(c2) == 'Tensor("conv2d_1/BiasAdd:0", shape=(?, 2, 2, 2), dtype=float32)'
    assert str(a) == 'Tensor("average_pooling2d/AvgPool:0", shape=(?, 2, 2, 2), dtype=float32)'
    assert [v.name for v in tf.trainable_variables()] == ["conv2d/kernel:0", "conv2d/bias:0", "conv2d_1/kernel:0",
                                                          "conv2d_1/bias:0"]
    assert tf.trainable_variables()[0].shape.as_list() == [3, 3, 1, 4]
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert "conv2d/Conv2D" in names and "conv2d/BiasAdd" in names and "conv2d/kernel/read" in names


def test_layers_compute_what_the_ops_define():
    rng = np.random.default_rng(3)
    img = rng.normal(size=(2, 5, 5, 2)).astype(np.float32)
    x = tf.constant(img)
    c = tf.layers.conv2d(x, 3, (3, 2), strides=(2, 1), padding="valid", name="c")
    m = tf.layers.max_pooling2d(x, (2, 2), (2, 2), padding="same")
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        kernel, bias, got, pooled = s.run([tf.trainable_variables()[0], tf.trainable_variables()[1], c, m])
    limit = np.sqrt(6.0 / (3 * 2 * 2 + 3 * 2 * 3))  # Glorot: fan_in 12, fan_out 18
    assert np.all(np.abs(kernel) <= limit) and np.all(bias == 0)
    np.testing.assert_allclose(got, conv_reference(img, kernel, (2, 1), "VALID"), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(pooled, pool_reference(img, (2, 2), (2, 2), "SAME", "max"), rtol=1e-6)


def test_reuse_and_errors():
    x = tf.ones([1, 4, 4, 2])
    tf.layers.conv2d(x, 2, 2, name="shared")
    y = tf.layers.conv2d(x, 2, 2, name="shared", reuse=True)
    assert len(tf.trainable_variables()) == 2 and y.name == "shared_1/BiasAdd:0"
    with pytest.raises(ValueError, match='^The `padding` argument must be one of "valid", "same"'):
        tf.layers.conv2d(x, 2, 2, padding="full")
    with pytest.raises(ValueError, match="expected ndim=4, found ndim=2"):
        tf.layers.conv2d(tf.ones([2, 2]), 2, 2)


def test_a_small_conv_net_learns_by_gradient_descent():
    """Gradients flow through Conv2D, BiasAdd, Relu, MaxPool, AvgPool: plain gradient steps
    (built with tf.gradients and assign_sub) lower the loss."""
    rng = np.random.default_rng(0)
    images = rng.normal(size=(8, 6, 6, 1)).astype(np.float32)
    targets = images.mean(axis=(1, 2, 3)).reshape(8, 1).astype(np.float32)
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, 6, 6, 1])
    y = tf.placeholder(tf.float32, [None, 1])
    h = tf.layers.conv2d(x, 4, 3, padding="same", activation=tf.nn.relu)
    h = tf.layers.max_pooling2d(h, 2, 2)
    h = tf.layers.average_pooling2d(h, 3, 3)
    pred = tf.reduce_sum(h, axis=[1, 2, 3], keepdims=False)
    loss = tf.reduce_mean(tf.square(tf.reshape(pred, [-1, 1]) - y))
    params = tf.trainable_variables()
    grads = tf.gradients(loss, params)
    assert all(g is not None for g in grads)
    step = tf.group(*[tf.assign_sub(v, 0.05 * g) for v, g in zip(params, grads)])
    feed = {x: images, y: targets}
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        before = s.run(loss, feed)
        for _ in range(30):
            s.run(step, feed)
        after = s.run(loss, feed)
    assert after < 0.5 * before, (before, after)


def test_unnamed_layers_take_tf1_scopes_per_variable_scope_and_a_second_call_reuses():
    """TF 1.x: an unnamed layer's variable scope is `conv2d` made unique in the current variable
    scope (so `a/conv2d`, `b/conv2d`), its name scope `conv2d` made unique in the graph; calling
    a layer object again reuses its variables and its first name scope."""
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 8, 8, 1])
        for s in ("a", "b"):
            with tf.variable_scope(s):
                h = tf.layers.max_pooling2d(tf.layers.conv2d(x, 2, 3, padding="same"), 2, 2)
                tf.layers.conv2d(h, 2, 3, padding="same")
        tf.nn.relu(x, name="conv2d")
        layer = tf.layers.Conv2D(2, 3)
        layer(x)
        layer(x)
        pool = tf.layers.MaxPooling2D(2, 2)
        pool(x)
        pool(x)
        names = [v.name for v in tf.global_variables()]
        assert names == ["a/conv2d/kernel:0", "a/conv2d/bias:0", "a/conv2d_1/kernel:0", "a/conv2d_1/bias:0",
                         "b/conv2d/kernel:0", "b/conv2d/bias:0", "b/conv2d_1/kernel:0", "b/conv2d_1/bias:0",
                         "conv2d/kernel:0", "conv2d/bias:0"]
        ops = [o.name for o in g.get_operations() if o.type in ("Conv2D", "MaxPool")]
        assert ops == ["a/conv2d/Conv2D", "a/max_pooling2d/MaxPool", "a/conv2d_1/Conv2D", "b/conv2d/Conv2D",
                       "b/max_pooling2d/MaxPool", "b/conv2d_1/Conv2D", "conv2d_1/Conv2D", "conv2d_1/Conv2D_1",
                       "max_pooling2d/MaxPool", "max_pooling2d/MaxPool_1"]
