"""The scopes `minimize` adds (`gradients`, `GradientDescent`, `Adam`, ...) are drawn as one
node each unless opened, so a picture of a trained model shows the model."""
from __future__ import annotations

import nbgraph as tf
from nbgraph.render import to_dot
from nbgraph.render.layout import COLLAPSED, collapsed_scopes, layout


def _model(optimizer):
    x = tf.constant([1.0, 2.0], name="x")
    w = tf.Variable(3.0, name="w")
    loss = tf.reduce_mean(tf.square(w * x), name="loss")
    return optimizer.minimize(loss)


def _scopes(lay):
    return {key for kind, key in lay.where.values() if kind == "scope"}


def test_gradients_and_the_optimizer_are_one_node_each_by_default():
    _model(tf.train.GradientDescentOptimizer(0.1))
    g = tf.get_default_graph()
    lay = layout(g)
    assert _scopes(lay) == {"gradients", "GradientDescent"}
    assert lay.where[g.get_operation_by_name("gradients/mul_grad/Mul")] == ("scope", "gradients")
    assert lay.where[g.get_operation_by_name("GradientDescent")] == ("scope", "GradientDescent")   # the train op
    assert lay.where[g.get_operation_by_name("mul")][0] == "op"        # the model stays open
    src = to_dot(g).source
    assert "<B>gradients/</B>" in src and 'tooltip="gradients/mul_grad/Mul (Mul)"' not in src
    assert 'tooltip="mul (Mul)"' in src


def test_collapse_opens_what_it_does_not_name():
    _model(tf.train.GradientDescentOptimizer(0.1))
    g = tf.get_default_graph()
    assert _scopes(layout(g, collapse=())) == set()
    assert _scopes(layout(g, collapse=collapsed_scopes(["gradients"]))) == {"GradientDescent"}
    assert collapsed_scopes(["all"]) == () and "gradients" not in collapsed_scopes(["gradients"])
    assert 'tooltip="gradients/mul_grad/Mul (Mul)"' in to_dot(g, collapse=()).source


def test_adam_its_slots_and_a_second_minimize_collapse_too():
    train = _model(tf.train.AdamOptimizer(0.1))
    loss = tf.get_default_graph().get_tensor_by_name("loss:0")
    tf.train.AdamOptimizer(0.2).minimize(loss)
    scopes = _scopes(layout(tf.get_default_graph()))
    assert {"gradients", "gradients_1", "Adam", "Adam_1", "w/Adam", "w/Adam_1"} <= scopes
    assert train.name == "Adam" and "Adam" in COLLAPSED


def test_depth_still_collapses_higher_up():
    with tf.name_scope("train"):
        _model(tf.train.GradientDescentOptimizer(0.1))
    g = tf.get_default_graph()
    assert layout(g).where[g.get_operation_by_name("train/gradients/train/mul_grad/Mul")] == ("scope", "train/gradients")
    assert layout(g, depth=1).where[g.get_operation_by_name("train/gradients/train/mul_grad/Mul")] == ("scope", "train")
