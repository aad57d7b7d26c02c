"""complex64/complex128 as TF 1.x has them: dtypes and their DataType enums, Python complex
conversion, tf.complex/real/imag/conj and tf.abs (ComplexAbs), complex arithmetic and its
gradients (TF conjugates in the Mul/Square gradients); `tf.as_dtype` of an enum value
(`tf.constant(a, dtype=1)` as the r1 PDE tutorial writes it). Values checked against TF."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def _fresh_graph():
    with tf.Graph().as_default():
        yield


def test_dtypes_names_enums_and_predicates():
    assert str(tf.complex64) == "<dtype: 'complex64'>" and repr(tf.complex128) == "tf.complex128"
    assert tf.complex64.is_complex and not tf.complex64.is_floating and not tf.float32.is_complex
    assert tf.complex64.real_dtype == tf.float32 and tf.complex128.real_dtype == tf.float64
    assert tf.as_dtype(np.complex64) == tf.complex64 and tf.as_dtype("complex128") == tf.complex128
    assert tf.dtypes.complex64 is tf.complex64
    assert [tf.as_dtype(n) for n in (1, 3, 8, 10, 18)] == [tf.float32, tf.int32, tf.complex64, tf.bool,
                                                           tf.complex128]
    assert tf.as_dtype(101) == tf.float32._as_ref
    assert tf.float32.as_datatype_enum == 1 and tf.complex128.as_datatype_enum == 18
    with pytest.raises(TypeError, match=r"^Cannot convert value 99 to a TensorFlow DType\.$"):
        tf.as_dtype(99)


def test_constant_with_enum_dtype_as_the_pde_tutorial():
    k = tf.constant(np.ones((3, 3, 1, 1)), dtype=1)
    assert k.dtype == tf.float32


def test_python_complex_is_complex128_and_variables_hold_it():
    c = tf.constant(1 + 2j)
    assert str(c) == 'Tensor("Const:0", shape=(), dtype=complex128)'
    # the second positional argument of tf.Variable is `trainable`: still complex128, as TF
    v = tf.Variable([12.3 - 4.85j, 7.5 - 6.23j], tf.complex64)
    assert str(v) == "<tf.Variable 'Variable:0' shape=(2,) dtype=complex128_ref>"
    w = tf.Variable(tf.constant([1 + 1j], tf.complex64))
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        got = s.run([c, v, w])
    assert got[0] == 1 + 2j and got[1].dtype == np.complex128 and got[2].dtype == np.complex64
    with pytest.raises(TypeError, match=r"^Expected float32, got \(1\+2j\) of type 'complex' instead\.$"):
        tf.constant(1 + 2j, tf.float32)


def test_complex_real_imag_conj_abs_values_and_names():
    x = tf.complex(tf.constant([1.0, -3.0]), tf.constant([2.0, 4.0]))
    assert str(x) == 'Tensor("Complex:0", shape=(2,), dtype=complex64)'
    ops = [tf.real(x), tf.imag(x), tf.conj(x), tf.abs(x), x * x + x]
    assert [(t.op.type, t.dtype.name) for t in ops] == [
        ("Real", "float32"), ("Imag", "float32"), ("Conj", "complex64"), ("ComplexAbs", "float32"),
        ("AddV2", "complex64")]
    assert ops[3].op.name == "Abs"
    with tf.Session() as s:
        re, im, cj, ab, y = s.run(ops)
    np.testing.assert_array_equal(re, [1, -3])
    np.testing.assert_array_equal(im, [2, 4])
    np.testing.assert_array_equal(cj, [1 - 2j, -3 - 4j])
    np.testing.assert_allclose(ab, [np.sqrt(5), 5], rtol=1e-6)
    np.testing.assert_array_equal(y, [-2 + 6j, -10 - 20j])
    r = tf.constant([1.0])
    assert tf.real(r) is r and tf.conj(r) is r and tf.imag(r).op.name == "Imag_1/zeros_like"
    with pytest.raises(TypeError, match=r"^real and imag have incorrect types: float32 float64$"):
        tf.complex(tf.constant(1.0), tf.constant(1.0, tf.float64))


def test_gradient_through_complex_arithmetic_matches_tf():
    p = tf.placeholder(tf.float32, [2])
    z = tf.complex(p, 2 * p)
    loss = tf.reduce_sum(tf.abs(z * z)) + tf.reduce_sum(tf.real(z) * tf.imag(z))
    g, = tf.gradients(loss, p)
    with tf.Session() as s:
        lv, gv = s.run([loss, g], {p: [1.0, -2.0]})
    assert lv == pytest.approx(35.0)
    np.testing.assert_allclose(gv, [14.0, -28.0], rtol=1e-5)  # TF 1.15's values


def test_mandelbrot_step_as_the_r1_tutorial_builds_it():
    Y, X = np.mgrid[-1.3:1.3:0.5, -2:1:0.5]
    Z = X + 1j * Y
    xs = tf.constant(Z.astype(np.complex64))
    zs = tf.Variable(xs)
    ns = tf.Variable(tf.zeros_like(xs, tf.float32))
    zs_ = zs * zs + xs
    not_diverged = tf.abs(zs_) < 4
    step = tf.group(zs.assign(zs_), ns.assign_add(tf.cast(not_diverged, tf.float32)))
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for _ in range(10):
            s.run(step)
        got = s.run(ns)
    z, n = Z.astype(np.complex64), np.zeros(Z.shape, np.float32)
    zz = z.copy()
    with np.errstate(all="ignore"):  # diverging points overflow, as in TF
        for _ in range(10):
            zz = zz * zz + z
            n += (np.abs(zz) < 4)
    np.testing.assert_array_equal(got, n)
