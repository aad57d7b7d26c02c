"""Finite-difference cases for the gradients of the elementwise ops branch surfa added (Expm1, Tan,
Sinh, Cosh, Asin, Acos, Atan). `test_gradient_properties.CASES` takes them in:
op type -> fn(data) returning (float64 inputs, build)."""
from __future__ import annotations

import hypothesis.extra.numpy as hnp
import numpy as np
from hypothesis import strategies as st

import nbgraph as tf

CASES = {}
# op type -> (function, open interval its inputs are drawn from, away from poles and branch ends)
_DOMAINS = {"Expm1": (tf.math.expm1, -2.0, 2.0), "Tan": (tf.math.tan, -1.2, 1.2), "Sinh": (tf.math.sinh, -2.0, 2.0),
            "Cosh": (tf.math.cosh, -2.0, 2.0), "Asin": (tf.math.asin, -0.9, 0.9), "Acos": (tf.math.acos, -0.9, 0.9),
            "Atan": (tf.math.atan, -3.0, 3.0)}


def _case(op_type):
    fn, lo, hi = _DOMAINS[op_type]

    def make(data):
        shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=2, max_side=3))
        x = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(lo, hi)))
        return [x], fn
    return make


for _t in _DOMAINS:
    CASES[_t] = _case(_t)


def _identity_n(data):
    x = data.draw(hnp.arrays(np.float64, (2, 3), elements=st.floats(-2, 2)))
    y = data.draw(hnp.arrays(np.float64, (3,), elements=st.floats(-2, 2)))
    return [x, y], lambda a, b: [t * t for t in tf.identity_n([a, b])]


CASES["IdentityN"] = _identity_n
