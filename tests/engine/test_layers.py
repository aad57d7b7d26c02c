"""tf.layers: dense / dropout / flatten and their classes — variable and op names, reuse through
variable_scope, trainable, regularizers into REGULARIZATION_LOSSES, TF's error texts, and a small
dense network trained with Adam against the weights TensorFlow 1.x-mode computes."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def test_dense_names_shapes_and_variables():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    h = tf.layers.dense(x, 3, activation=tf.nn.relu)
    o = tf.layers.dense(h, 2, use_bias=False)
    assert str(h) == 'Tensor("dense/Relu:0", shape=(?, 3), dtype=float32)'
    assert str(o) == 'Tensor("dense_1/MatMul:0", shape=(?, 2), dtype=float32)'
    assert [v.name for v in tf.global_variables()] == ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0"]
    assert [v.name for v in tf.trainable_variables()] == ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0"]
    g = tf.get_default_graph()
    names = [op.name for op in g.get_operations()]
    for name in ("dense/kernel/Initializer/random_uniform", "dense/bias/Initializer/zeros", "dense/MatMul",
                 "dense/BiasAdd", "dense/Relu"):
        assert name in names
    assert [t.name for t in g.get_operation_by_name("dense/MatMul").inputs] == ["x:0", "dense/kernel/read:0"]
    assert [t.name for t in g.get_operation_by_name("dense/BiasAdd").inputs] == ["dense/MatMul:0", "dense/bias/read:0"]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        k, b = s.run(["dense/kernel:0", "dense/bias:0"])
    limit = np.sqrt(6 / (4 + 3))  # glorot_uniform by default, zeros for the bias
    assert k.shape == (4, 3) and np.all(np.abs(k) <= limit) and np.any(k != 0)
    assert b.tolist() == [0.0, 0.0, 0.0]


def test_dense_reuse_through_variable_scope_and_names():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    with tf.variable_scope("net"):
        a = tf.layers.dense(x, 2, name="fc")
    with tf.variable_scope("net", reuse=True):
        b = tf.layers.dense(x, 2, name="fc")
    c = tf.layers.dense(x, 2, name="fc2", trainable=False)
    d = tf.layers.dense(x, 2, name="fc2", reuse=True)
    assert str(a) == 'Tensor("net/fc/BiasAdd:0", shape=(?, 2), dtype=float32)'
    assert str(b) == 'Tensor("net_1/fc/BiasAdd:0", shape=(?, 2), dtype=float32)'
    assert str(c) == 'Tensor("fc2/BiasAdd:0", shape=(?, 2), dtype=float32)'
    assert d.name == "fc2_1/BiasAdd:0"
    assert [v.name for v in tf.global_variables()] == ["net/fc/kernel:0", "net/fc/bias:0", "fc2/kernel:0",
                                                       "fc2/bias:0"]
    assert [v.name for v in tf.trainable_variables()] == ["net/fc/kernel:0", "net/fc/bias:0"]
    g = tf.get_default_graph()
    assert g.get_operation_by_name("net_1/fc/MatMul").inputs[1].name == "net/fc/kernel/read:0"
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        va, vb = s.run([a, b], {x: np.ones((1, 4), np.float32)})
        np.testing.assert_array_equal(va, vb)


def test_dense_errors():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    with tf.variable_scope("net"):
        tf.layers.dense(x, 2, name="fc")
    with pytest.raises(ValueError, match=r"^Variable net/fc/kernel already exists, disallowed\."):
        with tf.variable_scope("net"):
            tf.layers.dense(x, 2, name="fc")
    tf.layers.dense(x, 2, name="frozen")
    with pytest.raises(ValueError, match=r"^Variable frozen/kernel already exists, disallowed\."):
        tf.layers.dense(x, 2, name="frozen")  # a named layer is not renamed frozen_1
    with pytest.raises(ValueError, match=r"^Trying to share variable net/fc/kernel, but specified shape \(5, 2\) and "
                                         r"found shape \(4, 2\)\.$"):
        with tf.variable_scope("net", reuse=True):
            tf.layers.dense(tf.placeholder(tf.float32, [None, 5]), 2, name="fc")
    with pytest.raises(ValueError, match=r"^The last dimension of the inputs to `Dense` should be defined\. "
                                         r"Found `None`\.$"):
        tf.layers.dense(tf.placeholder(tf.float32, [None, None]), 2)
    with pytest.raises(ValueError, match=r"^Input 0 of layer dense_\d is incompatible with the layer: expected "
                                         r"min_ndim=2, found ndim=1\. Full shape received: \[4\]$"):
        tf.layers.dense(tf.ones([4]), 2)
    with pytest.raises(TypeError, match=r"^Unable to build `Dense` layer with non-floating point dtype "
                                        r"<dtype: 'int32'>$"):
        tf.layers.dense(tf.ones([2, 4], tf.int32), 2)


def test_dense_kernel_regularizer_lands_in_the_collection():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    tf.layers.dense(x, 3, kernel_regularizer=lambda w: 0.1 * tf.reduce_sum(tf.square(w)),
                    kernel_initializer=tf.ones_initializer())
    # reusing the layer's weights does not regularise them a second time
    tf.layers.dense(x, 3, name="dense", reuse=True, kernel_regularizer=lambda w: 0.1 * tf.reduce_sum(tf.square(w)))
    reg = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert [t.name for t in reg] == ["dense/kernel/Regularizer/mul:0"]
    assert tf.losses.get_regularization_losses() == reg
    total = tf.add_n(tf.losses.get_regularization_losses())
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_allclose(s.run(total), 0.1 * 12, rtol=1e-6)


def test_dense_on_rank_3_inputs_uses_tensordot():
    y = tf.layers.dense(tf.ones([2, 5, 4]), 3, kernel_initializer=tf.ones_initializer())
    assert str(y) == 'Tensor("dense/BiasAdd:0", shape=(2, 5, 3), dtype=float32)'
    g = tf.get_default_graph()
    assert g.get_operation_by_name("dense/Tensordot").type == "Reshape"
    assert g.get_operation_by_name("dense/Tensordot/MatMul").type == "MatMul"
    p = tf.placeholder(tf.float32, [None, 5, 4])
    z = tf.layers.dense(p, 3, kernel_initializer=tf.ones_initializer())
    assert z.shape.as_list() == [None, 5, 3]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(s.run(y), np.full((2, 5, 3), 4.0, np.float32))
        assert s.run(z, {p: np.ones((3, 5, 4))}).shape == (3, 5, 3)


def test_dense_class():
    layer = tf.layers.Dense(2, name="proj", kernel_initializer=tf.ones_initializer())
    x = tf.constant([[1.0, 2.0, 3.0]])
    out = layer(x)
    assert layer.built and layer.name == "proj"
    assert [v.name for v in layer.trainable_weights] == ["proj/kernel:0", "proj/bias:0"]
    assert [v.name for v in layer.weights] == ["proj/kernel:0", "proj/bias:0"]
    assert layer.kernel.name == "proj/kernel:0" and layer.bias.name == "proj/bias:0"
    again = layer(x)  # the same weights, no new variables
    assert len(tf.global_variables()) == 2
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(s.run(out), [[6.0, 6.0]])
        np.testing.assert_array_equal(s.run(again), [[6.0, 6.0]])


def test_dropout_layer():
    h = tf.ones([1000, 2])
    off = tf.layers.dropout(h, rate=0.5, training=False)
    on = tf.layers.dropout(h, rate=0.5, training=True)
    assert str(off) == 'Tensor("dropout/Identity:0", shape=(1000, 2), dtype=float32)'
    assert on.name.startswith("dropout_1/dropout/")
    training = tf.placeholder(tf.bool, [])
    fed = tf.layers.dropout(h, rate=0.5, training=training)
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(off), np.ones((1000, 2), np.float32))
        v = s.run(on)
        assert set(np.unique(v).tolist()) == {0.0, 2.0}
        np.testing.assert_array_equal(s.run(fed, {training: False}), np.ones((1000, 2), np.float32))
        assert set(np.unique(s.run(fed, {training: True})).tolist()) == {0.0, 2.0}
    assert isinstance(tf.layers.Dropout(0.3), tf.layers.Layer)


def test_flatten():
    f = tf.layers.flatten(tf.zeros([2, 3, 4]))
    f2 = tf.layers.flatten(tf.placeholder(tf.float32, [None, 3, 4]))
    f3 = tf.layers.flatten(tf.placeholder(tf.float32, [None, None, 4]))
    assert str(f) == 'Tensor("flatten/Reshape:0", shape=(2, 12), dtype=float32)'
    assert str(f2) == 'Tensor("flatten_1/Reshape:0", shape=(?, 12), dtype=float32)'
    assert f3.shape.as_list() == [None, None]
    assert tf.get_default_graph().get_operation_by_name("flatten/Const").type == "Const"
    with tf.Session() as s:
        assert s.run(f3, {"Placeholder_1:0": np.zeros((2, 5, 4))}).shape == (2, 20)
    assert tf.layers.Flatten()(tf.zeros([3, 2, 2])).shape.as_list() == [3, 4]


def test_small_dense_network_trains_like_tensorflow():
    """30 Adam steps on a 4-5-3 network with fixed initial weights: TF's weights (4 decimals)."""
    rng = np.random.RandomState(0)
    X = rng.randn(8, 4).astype(np.float32)
    Y = rng.randint(0, 3, size=8)
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.int32, [None], name="y")
    h = tf.layers.dense(x, 5, activation=tf.nn.relu,
                        kernel_initializer=tf.constant_initializer(np.linspace(-1, 1, 20).reshape(4, 5)),
                        bias_initializer=tf.constant_initializer(0.1),
                        kernel_regularizer=lambda w: 0.01 * tf.nn.l2_loss(w))
    logits = tf.layers.dense(h, 3, kernel_initializer=tf.constant_initializer(np.linspace(1, -1, 15).reshape(5, 3)))
    loss = tf.losses.sparse_softmax_cross_entropy(y, logits) + tf.losses.get_regularization_loss()
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for _ in range(30):
            _, last = s.run([train, loss], {x: X, y: Y})
        bias, out_bias = s.run(["dense/bias:0", "dense_1/bias:0"])
    np.testing.assert_allclose(last, 0.78355, atol=1e-5)
    np.testing.assert_allclose(bias, [0.3261, 0.179, 0.1691, 0.0951, 0.0397], atol=1e-4)
    np.testing.assert_allclose(out_bias, [-0.5667, 0.3301, 0.7835], atol=1e-4)
