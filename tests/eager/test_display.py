"""In a notebook an eager value shows as TF's text: there is no graph to draw."""
from __future__ import annotations

import nbgraph as tf
from nbgraph.ipython.display import mimebundle


def test_eager_values_display_as_text_only():
    t = tf.constant([1, 2])
    assert mimebundle(t) == {"text/plain": repr(t)}
    v = tf.Variable(1.0)
    assert mimebundle(v) == {"text/plain": "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>"}
