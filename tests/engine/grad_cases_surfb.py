"""Finite-difference case for the surfb round's one differentiable op, `EagerPyFunc`
(`tf.py_function`, whose gradient re-runs the function under a GradientTape).
`test_gradient_properties.CASES` takes it in: op type -> fn(data) returning (inputs, build)."""
from __future__ import annotations

import hypothesis.extra.numpy as hnp
import numpy as np
from hypothesis import strategies as st

import nbgraph as tf

CASES = {}


def _eager_py_func(data):
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=2, max_side=3))
    xs = [data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-2.0, 2.0))) for _ in range(2)]

    def build(x, y):
        return tf.py_function(lambda a, b: [a * b + tf.sin(a), tf.square(b)], [x, y], [tf.float64, tf.float64])
    return xs, build


CASES["EagerPyFunc"] = _eager_py_func
