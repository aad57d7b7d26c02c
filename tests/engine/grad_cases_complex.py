"""Finite-difference cases for the gradients of the complex-number ops (Complex, Real, Imag,
Conj, ComplexAbs): each builds a real-valued output from float64 inputs through complex
arithmetic, so the check also covers TF's conjugates in the Mul/Square gradients.
`test_gradient_properties.CASES` takes them in: op type -> fn(data) returning (inputs, build)."""
from __future__ import annotations

import hypothesis.extra.numpy as hnp
import numpy as np
from hypothesis import strategies as st

import nbgraph as tf

CASES = {}


def _arr(data, shape, lo=-2.0, hi=2.0):
    return data.draw(hnp.arrays(np.float64, shape, elements=st.floats(lo, hi)))


def _shapes(data):
    s = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=2, max_side=3))
    return s.input_shapes


def _complex(data):
    a, b = _shapes(data)
    return [_arr(data, a), _arr(data, b)], lambda x, y: tf.real(tf.complex(x, y) * tf.complex(y, 2.0 * x))


def _real(data):
    return [_arr(data, _shapes(data)[0])], lambda x: tf.real(tf.square(tf.complex(x, 0.5 * x)))


def _imag(data):
    return [_arr(data, _shapes(data)[0])], lambda x: tf.imag(tf.complex(x, x) * tf.complex(x, -0.5 * x))


def _conj(data):
    a, b = _shapes(data)
    return [_arr(data, a), _arr(data, a)], lambda x, y: tf.imag(tf.conj(tf.complex(x, y)) * tf.complex(y, 2.0 * x))


def _complex_abs(data):
    shape = _shapes(data)[0]
    sign = np.where(_arr(data, shape) < 0, -1.0, 1.0)
    return [np.asarray(sign * _arr(data, shape, 0.5, 2.0)), _arr(data, shape)], lambda x, y: tf.abs(tf.complex(x, y))


CASES.update({"Complex": _complex, "Real": _real, "Imag": _imag, "Conj": _conj, "ComplexAbs": _complex_abs})
