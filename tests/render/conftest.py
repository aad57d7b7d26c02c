"""The graphs the render tests draw: the lesson's two graphs with a variable `v`, its
a/b/Add graph, and a 2,000-op graph under 20 name scopes."""
from __future__ import annotations

import pytest

import nbgraph as tf


def build_lesson_variable_graphs():
    """Cell 2 of the lesson: g1 holds v = zeros, g2 holds v = ones, each with an `init`."""
    graphs = []
    for init in (tf.zeros_initializer(), tf.ones_initializer()):
        g = tf.Graph()
        with g.as_default():
            tf.get_variable("v", shape=[1], initializer=init)
            tf.global_variables_initializer()
        graphs.append(g)
    return graphs


def build_add_graph():
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.constant([2.0, 3.0], name="b")
    return a, b, tf.add(a, b)


def build_big_graph(n_scopes=20, per_scope=100):
    """n_scopes name scopes of `per_scope` ops each (a chain of adds on one constant)."""
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(1.0, name="x")
        for s in range(n_scopes):
            with tf.name_scope(f"layer{s}"):
                one = tf.constant(1.0, name="one")
                for _ in range(per_scope - 1):
                    x = tf.add(x, one)
    return g


@pytest.fixture
def lesson_graphs():
    return build_lesson_variable_graphs()


@pytest.fixture
def add_graph():
    return build_add_graph()
