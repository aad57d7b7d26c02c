"""Property tests for gradients, read from the registries as test_properties reads the ops:

* every registered op type has a gradient function or a `NotDifferentiable` mark;
* every op type with a gradient function has a case in `CASES` below, and its gradient (from
  `tf.gradients`, with static and with unknown input shapes) agrees with central finite
  differences in float64 on inputs drawn by hypothesis (small shapes, a per-op domain that
  keeps away from kinks and poles).

The checked function is `sum(w * op(x))` for a fixed random `w`, so every output element's
gradient is weighed differently.
"""
from __future__ import annotations

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nbgraph as tf
from nbgraph.engine import grad_registry, registry
from nbgraph.engine.ops import grad_ops as G

SETTINGS = settings(max_examples=4, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
F64 = np.float64


# -- inputs -----------------------------------------------------------------------------------
def shapes(min_dims=0, max_dims=2, min_side=1, max_side=3):
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


_GRID = st.integers(-20, 20).map(lambda k: k * 0.1 + 0.05)  # never 0, 0.5 or an integer; gaps of 0.1

DOMAINS = {
    "": st.floats(-2, 2),
    "positive": st.floats(0.5, 3),
    "nonzero": st.floats(0.5, 2) | st.floats(-2, -0.5),
    "log1p": st.floats(-0.5, 2),
    "grid": _GRID,                                                 # away from kinks and jumps
    "relu6": st.integers(-10, 70).map(lambda k: k * 0.1 + 0.05),  # both sides of 0 and 6
    "elu_out": st.integers(-9, 20).map(lambda k: k * 0.1 + 0.05),  # ELU outputs are > -1
}


def arrays(data, shape, domain="", unique=False):
    return data.draw(hnp.arrays(F64, shape, elements=DOMAINS[domain], unique=unique))


# -- the cases: op type -> fn(data) returning (inputs, build) -----------------------------------
CASES = {}


def case(*op_types):
    def deco(fn):
        for t in op_types:
            CASES[t] = (lambda data, t=t: fn(data, t))
        return fn
    return deco


_UNARY = {
    "Neg": (tf.negative, ""), "Abs": (tf.abs, "grid"), "Square": (tf.square, ""), "Sqrt": (tf.sqrt, "positive"),
    "Rsqrt": (tf.rsqrt, "positive"), "Exp": (tf.exp, ""), "Log": (tf.log, "positive"),
    "Log1p": (tf.log1p, "log1p"), "Sigmoid": (tf.sigmoid, ""), "Tanh": (tf.tanh, ""),
    "Relu": (tf.nn.relu, "grid"), "Relu6": (tf.nn.relu6, "relu6"), "Softplus": (tf.nn.softplus, ""),
    "Elu": (tf.nn.elu, "grid"), "Sign": (tf.sign, "grid"), "Floor": (tf.floor, "grid"), "Ceil": (tf.ceil, "grid"),
    "Round": (tf.round, "grid"), "Reciprocal": (tf.reciprocal, "nonzero"), "Sin": (tf.sin, ""),
    "Cos": (tf.cos, ""), "Identity": (tf.identity, ""), "L2Loss": (tf.nn.l2_loss, ""),
    "Softmax": (tf.nn.softmax, ""), "LogSoftmax": (tf.nn.log_softmax, ""),
    "Print": (lambda x: tf.Print(x, [x], message="p"), ""),
    "PlaceholderWithDefault": (lambda x: tf.placeholder_with_default(x, x.shape), ""),
}


@case(*_UNARY)
def _unary(data, op_type):
    fn, domain = _UNARY[op_type]
    min_dims = 1 if op_type in ("Softmax", "LogSoftmax") else 0
    return [arrays(data, data.draw(shapes(min_dims=min_dims)), domain)], fn


_BINARY = {
    "Add": (tf.add, "", ""), "AddV2": (lambda x, y: x + y, "", ""), "Sub": (tf.subtract, "", ""),
    "Mul": (tf.multiply, "", ""), "RealDiv": (tf.truediv, "", "nonzero"), "Pow": (tf.pow, "positive", ""),
    "Maximum": (tf.maximum, "grid", "grid"), "Minimum": (tf.minimum, "grid", "grid"),
    "SquaredDifference": (tf.squared_difference, "", ""),
    "FloorDiv": (tf.floordiv, "grid", "divisor"), "FloorMod": (tf.mod, "grid", "divisor"),
}


@case(*_BINARY)
def _binary(data, op_type):
    fn, dx, dy = _BINARY[op_type]
    sx, sy = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=2, max_side=3)).input_shapes
    x = arrays(data, sx, dx)
    if dy == "divisor":  # x / y is never an integer: the grid has 5 in the hundredths, these multiples 0
        y = data.draw(hnp.arrays(F64, sy, elements=st.sampled_from([0.7, 1.3, -2.1, 1.9])))
    else:
        y = arrays(data, sy, dy)
    if op_type in ("Maximum", "Minimum"):  # no ties: y's grid is shifted by 0.03
        y = np.asarray(y + 0.03)
    return [x, y], fn


_FUSED = {"SigmoidGrad": "", "TanhGrad": "", "RsqrtGrad": "positive", "SqrtGrad": "positive",
          "ReciprocalGrad": "", "ReluGrad": "grid", "Relu6Grad": "relu6", "SoftplusGrad": "", "EluGrad": "elu_out"}


@case(*_FUSED)
def _fused(data, op_type):
    shape = data.draw(shapes())
    first_is_grad = op_type in ("ReluGrad", "Relu6Grad", "SoftplusGrad", "EluGrad")
    a = arrays(data, shape, "" if first_is_grad else _FUSED[op_type])
    b = arrays(data, shape, _FUSED[op_type] if first_is_grad else "")
    return [a, b], lambda a, b: G.fused(op_type, a, b)


@case("AddN")
def _add_n(data, op_type):
    shape = data.draw(shapes())
    return [arrays(data, shape) for _ in range(data.draw(st.integers(2, 3)))], lambda *xs: tf.add_n(list(xs))


@case("Sum", "Mean", "Max", "Min", "Prod")
def _reduce(data, op_type):
    fn = {"Sum": tf.reduce_sum, "Mean": tf.reduce_mean, "Max": tf.reduce_max, "Min": tf.reduce_min,
          "Prod": tf.reduce_prod}[op_type]
    shape = data.draw(shapes(min_dims=1, max_dims=3))
    x = arrays(data, shape, "grid" if op_type in ("Max", "Min") else "", unique=op_type in ("Max", "Min"))
    r = x.ndim
    axis = data.draw(st.none() | st.lists(st.integers(-r, r - 1), min_size=1, max_size=r, unique_by=lambda a: a % r))
    keep = data.draw(st.booleans())
    return [x], lambda x: fn(x, axis=axis, keepdims=keep)


@case("ArgMax", "ArgMin")
def _arg(data, op_type):
    fn = tf.argmax if op_type == "ArgMax" else tf.argmin
    x = arrays(data, data.draw(shapes(min_dims=1)), "grid", unique=True)
    return [x], lambda x: tf.cast(fn(x, axis=0), tf.float64)


@case("MatMul")
def _matmul(data, op_type):
    n, k, m = (data.draw(st.integers(1, 3)) for _ in range(3))
    ta, tb = data.draw(st.booleans()), data.draw(st.booleans())
    a = arrays(data, (k, n) if ta else (n, k))
    b = arrays(data, (m, k) if tb else (k, m))
    return [a, b], lambda a, b: tf.matmul(a, b, transpose_a=ta, transpose_b=tb)


@case("BatchMatMulV2")
def _batch_matmul(data, op_type):
    n, k, m = (data.draw(st.integers(1, 3)) for _ in range(3))
    ta, tb = data.draw(st.booleans()), data.draw(st.booleans())
    ba, bb = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1, max_dims=2, max_side=2)).input_shapes
    a = arrays(data, ba + ((k, n) if ta else (n, k)))
    b = arrays(data, bb + ((m, k) if tb else (k, m)))
    return [a, b], lambda a, b: tf.matmul(a, b, adjoint_a=ta, adjoint_b=tb)


@case("Cast")
def _cast(data, op_type):
    x = data.draw(hnp.arrays(np.float32, data.draw(shapes()), elements=st.floats(-2, 2, width=32)))
    return [x], lambda x: tf.cast(x, tf.float64)


@case("Reshape", "ExpandDims", "Squeeze", "Transpose", "Tile", "Pad", "PadV2", "MirrorPad", "Cumsum", "Cumprod",
      "StridedSlice", "Slice")
def _array(data, op_type):
    shape = data.draw(shapes(min_dims=1, max_dims=3, max_side=3))
    x = arrays(data, shape, "nonzero" if op_type == "Cumprod" else "")
    r = x.ndim
    if op_type == "Reshape":
        return [x], lambda x: tf.reshape(x, [-1])
    if op_type == "ExpandDims":
        axis = data.draw(st.integers(-r - 1, r))
        return [x], lambda x: tf.expand_dims(x, axis)
    if op_type == "Squeeze":
        return [x[None]], lambda x: tf.squeeze(x, axis=[0])
    if op_type == "Transpose":
        perm = data.draw(st.permutations(list(range(r))))
        return [x], lambda x: tf.transpose(x, perm)
    if op_type == "Tile":
        mult = data.draw(st.lists(st.integers(1, 2), min_size=r, max_size=r))
        return [x], lambda x: tf.tile(x, mult)
    if op_type in ("Pad", "PadV2", "MirrorPad"):
        hi = {"MirrorPad": 0}.get(op_type, 2)
        pads = [[data.draw(st.integers(0, min(hi, d - 1) if op_type == "MirrorPad" else hi)) for _ in range(2)]
                for d in shape]
        if op_type == "MirrorPad":
            mode = data.draw(st.sampled_from(["REFLECT", "SYMMETRIC"]))
            pads = [[data.draw(st.integers(0, d - 1 if mode == "REFLECT" else d)) for _ in range(2)] for d in shape]
            return [x], lambda x: tf.pad(x, pads, mode=mode)
        value = 0 if op_type == "Pad" else 1.5
        return [x], lambda x: tf.pad(x, pads, constant_values=value)
    if op_type in ("Cumsum", "Cumprod"):
        fn = tf.cumsum if op_type == "Cumsum" else G.cumprod
        axis, exclusive, reverse = data.draw(st.integers(0, r - 1)), data.draw(st.booleans()), data.draw(st.booleans())
        return [x], lambda x: fn(x, axis, exclusive=exclusive, reverse=reverse)
    if op_type == "StridedSlice":
        return [x], lambda x: x[::-1, 1:] if r > 1 else x[::2]
    begin = [data.draw(st.integers(0, d - 1)) for d in shape]
    size = [data.draw(st.integers(1, d - b)) for d, b in zip(shape, begin)]
    return [x], lambda x: tf.slice(x, begin, size)


@case("Pack", "Unpack", "ConcatV2")
def _joins(data, op_type):
    shape = data.draw(shapes(min_dims=1, max_dims=2))
    if op_type == "Unpack":
        x = arrays(data, shape)
        axis = data.draw(st.integers(0, x.ndim - 1))
        return [x], lambda x: tf.unstack(x, num=shape[axis], axis=axis)
    n = data.draw(st.integers(2, 3))
    axis = data.draw(st.integers(0, len(shape) - (0 if op_type == "Pack" else 1)))
    xs = []
    for _ in range(n):
        s = list(shape)
        if op_type == "ConcatV2":
            s[axis] = data.draw(st.integers(1, 3))
        xs.append(arrays(data, tuple(s)))
    fn = tf.stack if op_type == "Pack" else tf.concat
    return xs, lambda *xs: fn(list(xs), axis)


@case("Fill")
def _fill(data, op_type):
    dims = data.draw(st.lists(st.integers(1, 3), max_size=2))
    return [arrays(data, ())], lambda v: tf.fill(dims, v)


@case("Select")
def _select(data, op_type):
    shape = data.draw(shapes())
    c = data.draw(hnp.arrays(np.bool_, shape))
    return [arrays(data, shape), arrays(data, shape)], lambda x, y: tf.where(c, x, y)


@case("GatherV2")
def _gather(data, op_type):
    x = arrays(data, data.draw(shapes(min_dims=1, max_dims=3)))
    axis = data.draw(st.integers(0, x.ndim - 1))
    idx = data.draw(st.lists(st.integers(0, x.shape[axis] - 1), min_size=1, max_size=4))
    return [x], lambda x: tf.gather(x, idx, axis=axis)


@case("UnsortedSegmentSum")
def _segment_sum(data, op_type):
    x = arrays(data, data.draw(shapes(min_dims=1)))
    ids = data.draw(st.lists(st.integers(-1, 2), min_size=x.shape[0], max_size=x.shape[0]))
    return [x], lambda x: G.unsorted_segment_sum(x, np.array(ids, np.int32), 3)


@case("DynamicStitch")
def _stitch(data, op_type):
    perm = data.draw(st.permutations(list(range(5))))
    return [arrays(data, (2, 2)), arrays(data, (3, 2))], lambda a, b: G.dynamic_stitch(
        [np.array(perm[:2], np.int32), np.array(perm[2:], np.int32)], [a, b])


@case("StridedSliceGrad")
def _strided_slice_grad(data, op_type):
    dy = arrays(data, (2, 2))
    return [dy], lambda dy: G.strided_slice_grad(np.array([4, 3], np.int32), np.array([3, 1], np.int32),
                                                 np.array([0, 3], np.int32), np.array([-2, 1], np.int32), dy)


@case("MirrorPadGrad")
def _mirror_pad_grad(data, op_type):
    mode = data.draw(st.sampled_from(["REFLECT", "SYMMETRIC"]))
    return [arrays(data, (5, 4))], lambda g: G.mirror_pad_grad(g, np.array([[1, 1], [0, 1]], np.int32), mode)


@case("SoftmaxCrossEntropyWithLogits")
def _xent(data, op_type):
    n, k = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 4))
    raw = arrays(data, (n, k))
    labels = np.exp(raw) / np.exp(raw).sum(axis=-1, keepdims=True)  # each row a distribution, as TF assumes
    return [arrays(data, (n, k)), labels], lambda logits, labels: (
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits))


@case("Switch", "Merge")
def _cond(data, op_type):
    """Both branches of a cond: which one runs depends on the drawn input."""
    x = arrays(data, data.draw(shapes(min_dims=1)), "nonzero")
    return [x], lambda x: tf.cond(tf.reduce_sum(x) > 0, lambda: x * x, lambda: tf.sin(x))


@case("Enter", "Exit", "NextIteration")
def _while_loop(data, op_type):
    """A loop variable and a loop invariant (x enters both ways), over 0 to 3 iterations; the body is
    plain, holds a tf.cond, or holds an inner loop."""
    x = arrays(data, data.draw(shapes(min_dims=1)))
    n = data.draw(st.integers(0, 3))
    kind = data.draw(st.sampled_from(["plain", "cond", "nested"]))

    def body(x):
        def step(i, v):
            if kind == "cond":
                return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: tf.sin(v) * x + v, lambda: v * x)
            if kind == "nested":
                return i + 1, tf.while_loop(lambda j, u: j < i, lambda j, u: (j + 1, tf.sin(u) * x),
                                            [tf.constant(0), v])[1] + v
            return i + 1, tf.sin(v) * x + v
        return step
    return [x], lambda x: tf.while_loop(lambda i, v: i < n, body(x), [tf.constant(0), x])[1]


@case("TensorArrayWriteV3", "TensorArrayReadV3")
def _tensor_array_write_read(data, op_type):
    x = arrays(data, data.draw(shapes()))
    return [x], lambda x: (lambda ta: ta.read(0) * ta.read(1))(
        tf.TensorArray(x.dtype, size=2, clear_after_read=False).write(0, x).write(1, tf.sin(x)))


@case("TensorArrayScatterV3", "TensorArrayGatherV3")
def _tensor_array_scatter_gather(data, op_type):
    x = arrays(data, data.draw(shapes(min_dims=1)))
    return [x], lambda x: tf.TensorArray(x.dtype, size=tf.shape(x)[0]).unstack(x * x).stack()


@case("TensorArraySplitV3", "TensorArrayConcatV3")
def _tensor_array_split_concat(data, op_type):
    k = data.draw(st.integers(2, 4))
    x = arrays(data, (k,) + data.draw(shapes(max_dims=1)))
    return [x], lambda x: tf.TensorArray(x.dtype, size=2, infer_shape=False).split(
        tf.exp(x), [1, k - 1]).concat()


@case("ReverseV2")
def _reverse(data, op_type):
    x = arrays(data, data.draw(shapes(min_dims=1)))
    axis = data.draw(st.integers(0, x.ndim - 1))
    return [x], lambda x: tf.reverse(x * x, axis=[axis])


@case("ReverseSequence")
def _reverse_sequence(data, op_type):
    b, t = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 4))
    lengths = np.array(data.draw(st.lists(st.integers(0, t), min_size=b, max_size=b)), np.int32)
    return [arrays(data, (b, t))], lambda x: tf.reverse_sequence(tf.sin(x), tf.constant(lengths), seq_axis=1,
                                                                 batch_axis=0)


# training ops (nn_extra_ops.py / nn_extra_grad.py)
_NN_EXTRA = {"Softsign": (tf.nn.softsign, ""), "Selu": (tf.nn.selu, "grid"), "LeakyRelu": (tf.nn.leaky_relu, "grid")}


@case(*_NN_EXTRA)
def _nn_extra(data, op_type):
    fn, domain = _NN_EXTRA[op_type]
    return [arrays(data, data.draw(shapes()), domain)], fn


@case("SoftsignGrad", "SeluGrad", "LeakyReluGrad")
def _nn_extra_fused(data, op_type):
    from nbgraph.engine.ops import nn_extra_grad as X
    build = {"SoftsignGrad": X.softsign_grad, "SeluGrad": X.selu_grad,
             "LeakyReluGrad": lambda g, x: X.leaky_relu_grad(g, x, alpha=0.3)}[op_type]
    shape = data.draw(shapes())
    return [arrays(data, shape), arrays(data, shape, "grid")], build


@case("DivNoNan")
def _div_no_nan(data, op_type):
    sx, sy = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=2, max_side=3)).input_shapes
    return [arrays(data, sx), arrays(data, sy, "nonzero")], tf.div_no_nan


@case("SparseSoftmaxCrossEntropyWithLogits")
def _sparse_xent(data, op_type):
    n, k = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 4))
    labels = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)), np.int32)
    return [arrays(data, (n, k))], lambda logits: tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.constant(labels), logits=logits)
from .grad_cases_linalg_conv import CASES as _LINALG_CONV_CASES  # noqa: E402  (issue 13's ops)

CASES.update(_LINALG_CONV_CASES)
from .grad_cases_segment import CASES as _SEGMENT_CASES  # noqa: E402  (grouping and reordering ops)

CASES.update(_SEGMENT_CASES)
from .grad_cases_surf2 import CASES as _SURF2_CASES  # noqa: E402  (batch norm, conv1d/transpose, LRN ...)

CASES.update(_SURF2_CASES)
from .grad_cases_ops3 import CASES as _OPS3_CASES  # noqa: E402  (depthwise/3-D conv, scatter, sparse ...)

CASES.update(_OPS3_CASES)
from .grad_cases_complex import CASES as _COMPLEX_CASES  # noqa: E402  (tf.complex, tf.real/imag/conj, abs)

CASES.update(_COMPLEX_CASES)
from .grad_cases_surfb import CASES as _SURFB_CASES  # noqa: E402  (tf.py_function's EagerPyFunc)

CASES.update(_SURFB_CASES)
from .grad_cases_surfa import CASES as _SURFA_CASES  # noqa: E402  (Expm1, Tan, Sinh, Cosh, Asin, Acos, Atan)

CASES.update(_SURFA_CASES)


# -- the checks ---------------------------------------------------------------------------------------
def _gradient_ops():
    grads = grad_registry.registered_gradients()
    return sorted(t for t in registry.registered()
                  if grads.get(t) is not None)


def test_every_registered_op_has_a_gradient_or_a_not_differentiable_mark():
    grads = grad_registry.registered_gradients()
    missing = sorted(t for t in registry.registered() if t not in grads)
    assert not missing, f"ops with neither a gradient nor NotDifferentiable: {missing}"


def test_every_gradient_has_a_finite_difference_case():
    missing = [t for t in _gradient_ops() if t not in CASES]
    assert not missing, f"gradients without a finite-difference case in CASES: {missing}"


def _as_list(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def _analytic(inputs, build, op_type, static):
    with tf.Graph().as_default() as g:
        ps = [tf.placeholder(tf.as_dtype(x.dtype), x.shape if static else [None] * x.ndim) for x in inputs]
        outs = _as_list(build(*ps))
        built = {op.type for op in g.get_operations()}
        assert op_type in built, f"the case for {op_type} built {sorted(built)}"
        rng = np.random.default_rng(0)
        weights = [rng.standard_normal(s) for s in _shapes_of(outs, inputs, ps, g)]
        loss = tf.add_n([tf.reduce_sum(o * tf.constant(w, dtype=o.dtype)) for o, w in zip(outs, weights)])
        grads = tf.gradients(loss, ps)
        feed = dict(zip(ps, inputs))
        with tf.Session(graph=g) as s:
            got = [None if gr is None else s.run(gr, feed) for gr in grads]

            def f(values):
                return float(s.run(loss, dict(zip(ps, values))))
            numeric = _numeric(f, inputs)
    return got, numeric


def _shapes_of(outs, inputs, ps, g):
    with tf.Session(graph=g) as s:
        return [np.shape(v) for v in s.run(outs, dict(zip(ps, inputs)))]


def _numeric(f, inputs, h=1e-6):
    out = []
    for i, x in enumerate(inputs):
        step = h if x.dtype == np.float64 else 1e-2
        grad = np.zeros(x.shape, np.float64)
        for idx in np.ndindex(x.shape):
            plus, minus = [v.copy() for v in inputs], [v.copy() for v in inputs]
            plus[i][idx] += step
            minus[i][idx] -= step
            grad[idx] = (f(plus) - f(minus)) / (2 * step)
        out.append(grad)
    return out


@pytest.mark.parametrize("op_type", sorted(CASES))
def test_gradient_agrees_with_finite_differences(op_type):
    @SETTINGS
    @given(st.data())
    def check(data):
        inputs, build = CASES[op_type](data)
        for static in (True, False):
            got, numeric = _analytic(inputs, build, op_type, static)
            for i, (gv, nv) in enumerate(zip(got, numeric)):
                gv = np.zeros_like(nv) if gv is None else np.asarray(gv, np.float64)
                assert gv.shape == nv.shape, f"{op_type} input {i}: gradient shape {gv.shape} != {nv.shape}"
                np.testing.assert_allclose(gv, nv, rtol=1e-4, atol=1e-5,
                                           err_msg=f"{op_type} input {i} ({'static' if static else 'unknown'} shapes)")

    check()


def test_finite_difference_check_catches_a_wrong_gradient(monkeypatch):
    """The comparison is not vacuous: a gradient that is off by a factor of two fails."""
    fn, where = grad_registry._GRADIENTS["Sin"]
    monkeypatch.setitem(grad_registry._GRADIENTS, "Sin", (lambda op, grad: 2 * fn(op, grad), where))
    got, numeric = _analytic([np.array([0.3, 1.2])], tf.sin, "Sin", True)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(got[0], numeric[0], rtol=1e-4, atol=1e-5)
