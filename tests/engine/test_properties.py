"""Property tests: every op registered as "elementwise" or "reduction" runs through a Session
on random arrays and agrees with its numpy twin, and its static shape inference agrees with
the shape it actually produces (exactly for known input shapes, compatibly for unknown ones).

The test enumerates `registry.registered()`: an op registered in one of those categories
without a twin in `TWINS` below fails, so a new op cannot slip in untested.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Callable

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nbgraph as tf
from nbgraph.engine.ops import nn_extra_grad as _nn_extra_grad
from nbgraph.engine import registry
from nbgraph.engine.ops import grad_ops as _grad_ops

CATEGORIES = ("elementwise", "reduction")
FLOAT = (np.float32, np.float64)
INT = (np.int32, np.int64)
NUM = FLOAT + INT
BOOL = (np.bool_,)

SETTINGS = settings(max_examples=12, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@dataclass(frozen=True)
class Twin:
    kind: str                  # how inputs are drawn: unary, binary, pair, nary, matmul, batch_matmul, cast,
                               # softmax, xent, sparse_xent, reduce, arg
    build: Callable            # the public nbgraph function that makes the op
    numpy: Callable            # the numpy twin
    dtypes: tuple = NUM
    domain: str = ""           # "nonzero_int": integer divisors drawn non-zero;
                               # "small_exp": integer exponents in [0, 4]


def _quiet(fn):
    def f(*a, **k):
        with np.errstate(all="ignore"):
            return fn(*a, **k)
    return f


def _floor_div(x, y):
    # TF: floor(x / y) for floats (numpy's // differs, e.g. 1.0 // 0.1 == 9.0), floor for ints
    return np.floor(x / y).astype(x.dtype) if x.dtype.kind == "f" else np.floor_divide(x, y)


def _reciprocal(x):
    return (1 / x).astype(x.dtype) if x.dtype.kind == "f" else np.trunc(1 / x).astype(x.dtype)


def _softmax(x, log=False):
    z = x.astype(np.float64) - x.max(axis=-1, keepdims=True)
    lse = np.log(np.exp(z).sum(axis=-1, keepdims=True))
    return (z - lse if log else np.exp(z - lse)).astype(x.dtype)


def _mean(x, axis, keepdims):
    if x.dtype.kind == "f":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # the mean of nothing is NaN in TF too
            return np.mean(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    total = np.sum(x, axis=axis, keepdims=keepdims, dtype=np.int64)
    n = x.size // max(np.size(total), 1) if x.size else 1
    return (np.sign(total) * (np.abs(total) // n)).astype(x.dtype)  # C's truncating division


def _extreme(np_fn, sign):
    """Max/Min of nothing is TF's identity: -inf/+inf for floats, the integer's min/max."""
    def f(x, axis, keepdims):
        if x.dtype.kind == "f":
            initial = sign * np.inf
        else:
            info = np.iinfo(x.dtype)
            initial = info.min if sign < 0 else info.max
        return np_fn(x, axis=axis, keepdims=keepdims, initial=initial)
    return f


def _xent(logits, labels):
    z = logits.astype(np.float64) - logits.max(axis=-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    return (-(labels * log_p).sum(axis=-1)).astype(logits.dtype)


def _reducer(np_fn, keep_dtype=False):
    """TF reduces in the input's dtype (numpy would widen int32 sums to int64)."""
    if keep_dtype:
        return lambda x, axis, keepdims: np_fn(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    return lambda x, axis, keepdims: np_fn(x, axis=axis, keepdims=keepdims)


def _cplx(re, im):
    """numpy's complex of two float arrays, complex64 for float32 parts as TF's `Complex`."""
    out = np.complex64 if np.result_type(re, im) == np.float32 else np.complex128
    return np.asarray(np.asarray(re, out) + 1j * np.asarray(im, out), out)


TWINS = {
    # complex numbers (built from real parts)
    "Complex": Twin("binary", tf.complex, _cplx, FLOAT),
    "Real": Twin("unary", lambda x: tf.real(tf.complex(x, -x)), lambda x: x.copy(), FLOAT),
    "Imag": Twin("unary", lambda x: tf.imag(tf.complex(x, -x)), np.negative, FLOAT),
    "Conj": Twin("unary", lambda x: tf.conj(tf.complex(x, x)), lambda x: np.conj(_cplx(x, x)), FLOAT),
    "ComplexAbs": Twin("unary", lambda x: tf.abs(tf.complex(x, x)), lambda x: np.abs(_cplx(x, x)), FLOAT),
    # unary
    "Neg": Twin("unary", tf.negative, np.negative),
    "Abs": Twin("unary", tf.abs, np.abs),
    "Square": Twin("unary", tf.square, np.square),
    "Sqrt": Twin("unary", tf.sqrt, np.sqrt, FLOAT),
    "Rsqrt": Twin("unary", tf.rsqrt, lambda x: (1 / np.sqrt(x)).astype(x.dtype), FLOAT),
    "Exp": Twin("unary", tf.exp, np.exp, FLOAT),
    "Log": Twin("unary", tf.log, np.log, FLOAT),
    "Log1p": Twin("unary", tf.log1p, np.log1p, FLOAT),
    "Sigmoid": Twin("unary", tf.sigmoid, lambda x: (1 / (1 + np.exp(-x))).astype(x.dtype), FLOAT),
    "Tanh": Twin("unary", tf.tanh, np.tanh, FLOAT),
    "Relu": Twin("unary", tf.nn.relu, lambda x: np.maximum(x, x.dtype.type(0))),
    "Relu6": Twin("unary", tf.nn.relu6, lambda x: np.minimum(np.maximum(x, x.dtype.type(0)), x.dtype.type(6))),
    "Softplus": Twin("unary", tf.nn.softplus,
                     lambda x: (np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0)).astype(x.dtype), FLOAT),
    "Sign": Twin("unary", tf.sign, np.sign),
    "Floor": Twin("unary", tf.floor, np.floor, FLOAT),
    "Ceil": Twin("unary", tf.ceil, np.ceil, FLOAT),
    "Round": Twin("unary", tf.round, np.round),  # half to even, as TF
    "Reciprocal": Twin("unary", tf.reciprocal, _reciprocal, NUM, "nonzero_int"),
    "Sin": Twin("unary", tf.sin, np.sin, FLOAT),
    "Cos": Twin("unary", tf.cos, np.cos, FLOAT),
    "LogicalNot": Twin("unary", tf.logical_not, np.logical_not, BOOL),
    "Elu": Twin("unary", lambda x: tf.nn.elu(x), lambda x: np.where(x > 0, x, np.expm1(x)).astype(x.dtype), FLOAT),
    "L2Loss": Twin("unary", lambda t: tf.nn.l2_loss(t), lambda x: (np.sum(np.square(x)) / 2).astype(x.dtype), FLOAT),
    # binary (broadcasting)
    "Add": Twin("binary", tf.add, np.add),
    "AddV2": Twin("binary", lambda x, y: x + y, np.add),
    "Sub": Twin("binary", tf.subtract, np.subtract),
    "Mul": Twin("binary", tf.multiply, np.multiply),
    "RealDiv": Twin("binary", tf.truediv, np.true_divide, FLOAT),
    "FloorDiv": Twin("binary", tf.floordiv, _floor_div, NUM, "nonzero_int"),
    "FloorMod": Twin("binary", tf.mod, np.mod, NUM, "nonzero_int"),
    "Pow": Twin("binary", tf.pow, np.power, NUM, "small_exp"),
    "Maximum": Twin("binary", tf.maximum, np.maximum),
    "Minimum": Twin("binary", tf.minimum, np.minimum),
    "SquaredDifference": Twin("binary", tf.squared_difference, lambda x, y: np.square(x - y)),
    "Equal": Twin("binary", tf.equal, np.equal, NUM + BOOL),
    "NotEqual": Twin("binary", tf.not_equal, np.not_equal, NUM + BOOL),
    "Less": Twin("binary", tf.less, np.less),
    "LessEqual": Twin("binary", tf.less_equal, np.less_equal),
    "Greater": Twin("binary", tf.greater, np.greater),
    "GreaterEqual": Twin("binary", tf.greater_equal, np.greater_equal),
    "LogicalAnd": Twin("binary", tf.logical_and, np.logical_and, BOOL),
    "LogicalOr": Twin("binary", tf.logical_or, np.logical_or, BOOL),
    "TruncateDiv": Twin("binary", tf.truncatediv,
                        lambda x, y: np.trunc(x / y).astype(x.dtype),
                        NUM, "nonzero_int"),
    "TruncateMod": Twin("binary", tf.truncatemod, np.fmod, NUM, "nonzero_int"),
    "AddN": Twin("nary", lambda *xs: tf.add_n(list(xs)), lambda *xs: np.sum(xs, axis=0, dtype=xs[0].dtype)),
    # others
    "Cast": Twin("cast", tf.cast, lambda x, dst: x.astype(dst), NUM + BOOL),
    "MatMul": Twin("matmul", tf.matmul, None, NUM),
    "BatchMatMulV2": Twin("batch_matmul", tf.matmul, None, NUM),
    "Softmax": Twin("softmax", tf.nn.softmax, _softmax, FLOAT),
    "LogSoftmax": Twin("softmax", tf.nn.log_softmax, lambda x: _softmax(x, log=True), FLOAT),
    "SoftmaxCrossEntropyWithLogits": Twin(
        "xent", lambda logits, labels: tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits),
        _xent, FLOAT),
    "Softsign": Twin("unary", tf.nn.softsign, lambda x: (x / (1 + np.abs(x))).astype(x.dtype), FLOAT),
    "Selu": Twin("unary", tf.nn.selu, lambda x: (1.0507009873554805 * np.where(
        x > 0, x, 1.6732632423543772 * np.expm1(np.minimum(x, 0)))).astype(x.dtype), FLOAT),
    "LeakyRelu": Twin("unary", tf.nn.leaky_relu, lambda x: np.where(x > 0, x, x * x.dtype.type(0.2)), FLOAT),
    "DivNoNan": Twin("binary", tf.div_no_nan, lambda x, y: np.where(y == 0, 0, x / np.where(y == 0, 1, y)).astype(
        np.result_type(x, y)), FLOAT),
    "SoftsignGrad": Twin("pair", _nn_extra_grad.softsign_grad,
                         lambda g, x: (g / np.square(1 + np.abs(x))).astype(g.dtype), FLOAT),
    "SeluGrad": Twin("pair", _nn_extra_grad.selu_grad, lambda g, y: np.where(
        y > 0, g * 1.0507009873554805, g * (y + 1.0507009873554805 * 1.6732632423543772)).astype(g.dtype), FLOAT),
    "LeakyReluGrad": Twin("pair", _nn_extra_grad.leaky_relu_grad,
                          lambda g, x: np.where(x > 0, g, g * g.dtype.type(0.2)), FLOAT),
    "SparseSoftmaxCrossEntropyWithLogits": Twin(
        "sparse_xent", lambda logits, labels: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                                            logits=logits),
        lambda logits, labels: _xent(logits, np.eye(logits.shape[-1], dtype=logits.dtype)[labels]), FLOAT),
    # reductions
    "Sum": Twin("reduce", tf.reduce_sum, _reducer(np.sum, keep_dtype=True), NUM),
    "Prod": Twin("reduce", tf.reduce_prod, _reducer(np.prod, keep_dtype=True), NUM),
    "Mean": Twin("reduce", tf.reduce_mean, _mean, NUM),
    "Max": Twin("reduce", tf.reduce_max, _extreme(np.max, -1), NUM),
    "Min": Twin("reduce", tf.reduce_min, _extreme(np.min, +1), NUM),
    "All": Twin("reduce", tf.reduce_all, _reducer(np.all), BOOL),
    "Any": Twin("reduce", tf.reduce_any, _reducer(np.any), BOOL),
    "ArgMax": Twin("arg", tf.argmax, np.argmax, NUM),
    "ArgMin": Twin("arg", tf.argmin, np.argmin, NUM),
    # the fused derivative ops gradients build (two inputs of one shape)
    "SigmoidGrad": Twin("pair", _grad_ops.sigmoid_grad, lambda y, dy: dy * y * (1 - y), FLOAT),
    "TanhGrad": Twin("pair", _grad_ops.tanh_grad, lambda y, dy: dy * (1 - y * y), FLOAT),
    "RsqrtGrad": Twin("pair", _grad_ops.rsqrt_grad, lambda y, dy: (dy * y ** 3 * -0.5).astype(y.dtype), FLOAT),
    "SqrtGrad": Twin("pair", _grad_ops.sqrt_grad, _quiet(lambda y, dy: (dy * 0.5 / y).astype(y.dtype)), FLOAT),
    "ReciprocalGrad": Twin("pair", _grad_ops.reciprocal_grad, lambda y, dy: -dy * y * y, FLOAT),
    "ReluGrad": Twin("pair", _grad_ops.relu_grad, lambda g, x: np.where(x > 0, g, g.dtype.type(0))),
    "Relu6Grad": Twin("pair", _grad_ops.relu6_grad, lambda g, x: np.where((x > 0) & (x < 6), g, g.dtype.type(0))),
    "SoftplusGrad": Twin("pair", _grad_ops.softplus_grad,
                         _quiet(lambda g, x: (g / (1 + np.exp(-x.astype(np.float64)))).astype(g.dtype)), FLOAT),
    "EluGrad": Twin("pair", _grad_ops.elu_grad, lambda g, y: np.where(y > 0, g, g * (y + 1)).astype(g.dtype), FLOAT),
}


def _registered_ops():
    return sorted(t for t, d in registry.registered().items() if d.category in CATEGORIES)


def test_every_elementwise_and_reduction_op_has_a_numpy_twin():
    missing = [t for t in _registered_ops() if t not in TWINS]
    assert not missing, f"ops registered without a numpy twin in test_properties.TWINS: {missing}"
    stale = sorted(set(TWINS) - set(_registered_ops()))
    assert not stale, f"TWINS names ops that are not registered as elementwise/reduction: {stale}"


# -- strategies ---------------------------------------------------------------------------------
def _values(dtype, shape, domain=""):
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        elements = st.booleans()
    elif dtype.kind == "f":
        elements = st.floats(-20, 20, width=32 if dtype == np.float32 else 64)
    else:
        elements = st.integers(-40, 40)
    return hnp.arrays(dtype, shape, elements=elements)


def _fix_domain(twin, dtype, y):
    """Integer divisors non-zero, integer exponents small and non-negative (TF errors otherwise)."""
    if np.dtype(dtype).kind not in "iu":
        return y
    if twin.domain == "nonzero_int":
        return np.where(y == 0, 1, y).astype(dtype)
    if twin.domain == "small_exp":
        return (np.abs(y) % 5).astype(dtype)
    return y


@st.composite
def _case(draw, twin):
    """(inputs as numpy arrays, extra keyword arguments for `build`, twin arguments)."""
    dtype = draw(st.sampled_from(twin.dtypes))
    kind = twin.kind
    if kind == "unary":
        x = draw(_values(dtype, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)))
        return [_fix_domain(twin, dtype, x)], {}, ()
    if kind == "binary":
        shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4))
        x = draw(_values(dtype, shapes.input_shapes[0]))
        y = draw(_values(dtype, shapes.input_shapes[1]))
        return [x, _fix_domain(twin, dtype, y)], {}, ()
    if kind == "pair":  # two inputs of one shape (the fused *Grad ops)
        shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
        return [draw(_values(dtype, shape)), draw(_values(dtype, shape))], {}, ()
    if kind == "nary":  # same shapes, no broadcasting (TF's AddN)
        shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
        return [draw(_values(dtype, shape)) for _ in range(draw(st.integers(2, 4)))], {}, ()
    if kind == "xent":
        n, k = draw(st.integers(0, 4)), draw(st.integers(1, 4))
        logits = draw(_values(dtype, (n, k)))
        labels = draw(hnp.arrays(dtype, (n, k), elements=st.floats(0, 1, width=32)))
        return [logits, labels], {}, ()
    if kind == "sparse_xent":
        n, k = draw(st.integers(0, 4)), draw(st.integers(1, 4))
        logits = draw(_values(dtype, (n, k)))
        labels = draw(hnp.arrays(draw(st.sampled_from(INT)), (n,), elements=st.integers(0, k - 1)))
        return [logits, labels], {}, ()
    if kind == "cast":
        x = draw(_values(dtype, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)))
        dst = draw(st.sampled_from([d for d in (np.float32, np.float64, np.int32, np.int64, np.bool_)
                                    if d is not dtype]))  # a same-dtype cast makes no op
        return [x], {"dtype": tf.as_dtype(dst)}, (dst,)
    if kind in ("matmul", "batch_matmul"):
        n, k, m = (draw(st.integers(0, 4)) for _ in range(3))
        ta, tb = draw(st.booleans()), draw(st.booleans())
        batch = ((), ())
        if kind == "batch_matmul":
            batch = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1, max_dims=2,
                                                           max_side=3)).input_shapes
        a = draw(_values(dtype, batch[0] + ((k, n) if ta else (n, k))))
        b = draw(_values(dtype, batch[1] + ((m, k) if tb else (k, m))))
        flags = ({"transpose_a": ta, "transpose_b": tb} if kind == "matmul"
                 else {"adjoint_a": ta, "adjoint_b": tb})
        return [a, b], flags, (ta, tb)
    if kind == "softmax":
        x = draw(_values(dtype, hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)))
        return [x], {}, ()
    if kind == "reduce":
        x = draw(_values(dtype, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)))
        r = x.ndim
        if r and draw(st.booleans()):
            axes = draw(st.lists(st.integers(-r, r - 1), min_size=1, max_size=r,
                                 unique_by=lambda a: a % r))
            axis = draw(st.sampled_from([axes, axes[0]]))
        else:
            axis = None
        keepdims = draw(st.booleans())
        np_axis = None if axis is None else tuple(np.atleast_1d(axis).tolist())
        return [x], {"axis": axis, "keepdims": keepdims}, (np_axis, keepdims)
    if kind == "arg":
        x = draw(_values(dtype, hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)))
        axis = draw(st.integers(-x.ndim, x.ndim - 1))
        return [x], {"axis": axis}, (axis,)
    raise AssertionError(f"unknown twin kind {kind!r}")


def _expected(twin, inputs, args):
    if twin.kind == "matmul":
        (a, b), (ta, tb) = inputs, args
        return np.matmul(a.T if ta else a, b.T if tb else b)
    if twin.kind == "batch_matmul":
        (a, b), (ta, tb) = inputs, args
        return np.matmul(np.swapaxes(a, -1, -2) if ta else a, np.swapaxes(b, -1, -2) if tb else b)
    with np.errstate(all="ignore"):
        return np.asarray(twin.numpy(*inputs, *args))


def _assert_same(got, expected, op_type):
    got = np.asarray(got)
    assert got.dtype == expected.dtype, f"{op_type}: dtype {got.dtype} != numpy's {expected.dtype}"
    assert got.shape == expected.shape, f"{op_type}: shape {got.shape} != numpy's {expected.shape}"
    if expected.dtype.kind == "f":
        tol = 1e-5 if expected.dtype == np.float32 else 1e-12
        np.testing.assert_allclose(got, expected, rtol=tol, atol=tol * 10, equal_nan=True, err_msg=op_type)
    else:
        np.testing.assert_array_equal(got, expected, err_msg=op_type)


def _run_case(op_type, twin, inputs, kwargs, args):
    expected = _expected(twin, inputs, args)
    # 1) known shapes: static inference must equal the shape produced
    with tf.Graph().as_default() as g:
        out = twin.build(*[tf.constant(x) for x in inputs], **kwargs)
        assert out.op.type == op_type, f"{twin.build.__name__} built {out.op.type}, expected {op_type}"
        with tf.Session(graph=g) as s:
            got = s.run(out)
    assert out.shape.is_fully_defined(), f"{op_type}: static shape {out.shape} for known input shapes"
    assert out.shape.as_tuple() == np.shape(got), f"{op_type}: static {out.shape} vs actual {np.shape(got)}"
    _assert_same(got, expected, op_type)
    # 2) unknown dimensions: static inference must stay compatible with what runs
    with tf.Graph().as_default() as g:
        ps = [tf.placeholder(tf.as_dtype(x.dtype), [None] * x.ndim) for x in inputs]
        out = twin.build(*ps, **kwargs)
        with tf.Session(graph=g) as s:
            got = s.run(out, dict(zip(ps, inputs)))
    assert out.shape.is_compatible_with(np.shape(got)), f"{op_type}: static {out.shape} vs actual {np.shape(got)}"
    _assert_same(got, expected, op_type)


@pytest.mark.parametrize("op_type", _registered_ops())
def test_op_agrees_with_its_numpy_twin(op_type):
    twin = TWINS.get(op_type)
    assert twin is not None, f"op {op_type!r} is registered as elementwise/reduction but has no numpy twin"

    @SETTINGS
    @given(_case(twin))
    def check(case):
        inputs, kwargs, args = case
        _run_case(op_type, twin, inputs, kwargs, args)

    check()


def test_twin_harness_detects_a_wrong_kernel(monkeypatch):
    """The comparison is not vacuous: a kernel that is off by one is caught."""
    opdef = registry.get("Neg")
    bad = registry.OpDef(opdef.type, opdef.category, opdef.shape_fn, lambda op: (lambda ctx, x: np.negative(x) + 1))
    monkeypatch.setitem(registry._REGISTRY, "Neg", bad)
    with pytest.raises(AssertionError):
        _run_case("Neg", TWINS["Neg"], [np.array([1.0, 2.0], np.float32)], {}, ())


# branch surfa: IsNan/IsInf/IsFinite and the extra unary functions (asin/acos of |x| > 1 is NaN in both)
TWINS.update({
    "IsNan": Twin("unary", tf.math.is_nan, np.isnan, FLOAT), "IsInf": Twin("unary", tf.math.is_inf, np.isinf, FLOAT),
    "IsFinite": Twin("unary", tf.math.is_finite, np.isfinite, FLOAT),
    "Expm1": Twin("unary", tf.math.expm1, _quiet(np.expm1), FLOAT), "Tan": Twin("unary", tf.math.tan, np.tan, FLOAT),
    "Sinh": Twin("unary", tf.math.sinh, _quiet(np.sinh), FLOAT), "Cosh": Twin("unary", tf.math.cosh, _quiet(np.cosh), FLOAT),
    "Asin": Twin("unary", tf.math.asin, _quiet(np.arcsin), FLOAT),
    "Acos": Twin("unary", tf.math.acos, _quiet(np.arccos), FLOAT), "Atan": Twin("unary", tf.math.atan, np.arctan, FLOAT),
})
