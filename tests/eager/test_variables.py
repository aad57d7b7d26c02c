"""Eager variables: TF 1.15's eager texts, fresh reads, in-place updates, no collections."""
from __future__ import annotations

import pytest

import nbgraph as tf
from nbgraph.eager import EagerTensor, EagerVariable


def test_variable_prints_its_value():
    v = tf.Variable(1.0)
    assert isinstance(v, EagerVariable)
    assert repr(v) == str(v) == "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>"
    w = tf.Variable([[1, 2], [3, 4]], name="weights")
    assert repr(w) == ("<tf.Variable 'weights:0' shape=(2, 2) dtype=int32, numpy=\n"
                       "array([[1, 2],\n       [3, 4]], dtype=int32)>")
    # eager names are not made unique (TF: every unnamed one is Variable:0)
    assert tf.Variable(2.0).name == "Variable:0"
    assert v.dtype == tf.float32 and v.shape == tf.TensorShape([]) and v.trainable


def test_reads_are_fresh_and_assign_updates_in_place():
    v = tf.Variable(1.0)
    r = v.read_value()
    assert isinstance(r, EagerTensor)
    out = v.assign(4.0)
    assert repr(out) == "<tf.Variable 'UnreadVariable' shape=() dtype=float32, numpy=4.0>"
    assert r.numpy() == 1.0 and v.numpy() == 4.0
    v.assign_add(1.5)
    v.assign_sub(0.5)
    assert float(v) == 5.0 and (v + 1).numpy() == 6.0 and (v * v).numpy() == 25.0
    assert v.assign(7.0, read_value=False) is None and v.value().numpy() == 7.0
    c = tf.Variable(0)
    for _ in range(5):
        c.assign_add(2)
    assert int(c) == 10


def test_variables_take_part_in_ops_and_numpy():
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    assert (w @ w).numpy().tolist() == [[7.0, 10.0], [15.0, 22.0]]
    assert w[0].numpy().tolist() == [1.0, 2.0] and (-w).numpy()[0, 0] == -1.0
    assert tf.reduce_sum(w).numpy() == 10.0
    import numpy as np
    assert np.array(w).sum() == 10.0
    assert tf.nn.embedding_lookup(w, [1]).numpy().tolist() == [[3.0, 4.0]]


def test_no_collections_and_get_variable_makes_new_ones():
    tf.Variable(1.0)
    assert tf.global_variables() == [] and tf.trainable_variables() == []
    g1 = tf.get_variable("g", shape=[2], initializer=tf.constant_initializer(3.0))
    g2 = tf.get_variable("g", shape=[2], initializer=tf.constant_initializer(5.0))
    assert g1.name == g2.name == "g:0" and g1.numpy().tolist() == [3.0, 3.0] and g2.numpy().tolist() == [5.0, 5.0]
    with pytest.raises(RuntimeError, match="When eager execution is enabled variable reuse is only supported "
                                           "when an EagerVariableStore is active."):
        with tf.variable_scope("s", reuse=True):
            tf.get_variable("g", shape=[2])


def test_assign_checks_the_shape():
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(ValueError, match=r"^Shapes \(2,\) and \(3,\) are incompatible$"):
        v.assign([1.0, 2.0, 3.0])
    assert v.numpy().tolist() == [1.0, 2.0]


def test_global_step_in_eager():
    gs = tf.train.get_or_create_global_step()
    assert repr(gs) == "<tf.Variable 'global_step:0' shape=() dtype=int64, numpy=0>"


def test_values_never_change_after_later_updates():
    init = tf.constant([1.0, 2.0])
    v = tf.Variable(init)
    r = tf.assign_add(v, [1.0, 1.0])
    read = v.value()
    v.assign_add([1.0, 1.0])
    assert init.numpy().tolist() == [1.0, 2.0] and r.numpy().tolist() == [2.0, 3.0]
    assert read.numpy().tolist() == [2.0, 3.0] and v.numpy().tolist() == [3.0, 4.0]
    assert r.dtype == tf.float32  # eager values have no ref dtypes
