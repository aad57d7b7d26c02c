"""Random ops with TF 1.x's graph/op seed rules (`set_random_seed`).

Like TF, a random op keeps its own generator per session: each run draws new values, and a
new session with the same seeds replays the same sequence. (The numbers are numpy's, not
TF's Philox stream.)
"""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import convert_to_tensor, make_constant, to_numpy
from ..graph import get_default_graph
from ..registry import register
from .array_ops import _shape_from_const
from .common import FLOATS
from .math_ops import add, multiply

DEFAULT_GRAPH_SEED = 87654321


def set_random_seed(seed):
    get_default_graph().seed = seed


def get_seed(op_seed):
    """(graph seed, op seed) as TF 1.x derives them; (None, None) means truly random."""
    g = get_default_graph()
    if g.seed is not None:
        if op_seed is None:
            op_seed = g._op_seed()
        return g.seed, op_seed
    if op_seed is not None:
        return DEFAULT_GRAPH_SEED, op_seed
    return None, None


def _random_kernel(draw):
    def make(op):
        npdt = op._outputs[0]._dtype.as_numpy_dtype

        def k(ctx, shape):
            rng = ctx.rng(op)
            return np.asarray(draw(rng, tuple(int(d) for d in shape)), dtype=npdt)
        return k
    return make


def _truncated(rng, shape):
    out = rng.standard_normal(shape)
    bad = np.abs(out) > 2
    while bad.any():
        out[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(out) > 2
    return out


register("RandomStandardNormal", "random", lambda op: [_shape_from_const(op, 0)],
         _random_kernel(lambda rng, s: rng.standard_normal(s)), stateful=True,
         doc="draws standard-normal samples")
register("RandomUniform", "random", lambda op: [_shape_from_const(op, 0)],
         _random_kernel(lambda rng, s: rng.random(s)), stateful=True, doc="draws uniform samples in [0, 1)")
register("TruncatedNormal", "random", lambda op: [_shape_from_const(op, 0)],
         _random_kernel(_truncated), stateful=True, doc="draws normal samples within two standard deviations")


def _shape_tensor(shape):
    if hasattr(shape, "_op"):
        return shape
    from ..shapes import TensorShape
    if not isinstance(shape, (TensorShape, int, np.integer, list, tuple, np.ndarray)):
        to_numpy(shape)  # TF converts the shape: an unconvertible value (`...`) is its TypeError
    dims = shape.as_list() if isinstance(shape, TensorShape) else ([shape] if isinstance(shape, int) else list(shape))
    return make_constant(np.array(dims, dtype=np.int32).reshape(len(dims)), name="shape")


def _random(op_type, kind, shape, dtype, seed, name):
    dtype = _dt.as_dtype(dtype)
    if dtype not in FLOATS:
        raise ValueError(f"Invalid dtype {dtype!r} for {kind}")
    g = get_default_graph()
    s1, s2 = get_seed(seed)
    shape_t = _shape_tensor(shape)
    attrs = {"dtype": dtype, "seed": s1 or 0, "seed2": s2 or 0, "T": shape_t.dtype}
    return g.create_op(op_type, [shape_t], [dtype], attrs=attrs)._outputs[0]


def random_normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name=None):
    g = get_default_graph()
    with g.name_scope(name or "random_normal") as scope:
        shape_t = _shape_tensor(shape)
        mean_t = convert_to_tensor(mean, dtype=dtype, name="mean")
        std_t = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        rnd = _random("RandomStandardNormal", "random_normal", shape_t, dtype, seed, None)
        return add(multiply(rnd, std_t, name="mul"), mean_t, name=scope)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name=None):
    g = get_default_graph()
    with g.name_scope(name or "truncated_normal") as scope:
        shape_t = _shape_tensor(shape)
        mean_t = convert_to_tensor(mean, dtype=dtype, name="mean")
        std_t = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        rnd = _random("TruncatedNormal", "truncated_normal", shape_t, dtype, seed, None)
        return add(multiply(rnd, std_t, name="mul"), mean_t, name=scope)


def random_uniform(shape, minval=0, maxval=None, dtype=_dt.float32, seed=None, name=None):
    dtype = _dt.as_dtype(dtype)
    if maxval is None:
        if dtype.is_integer:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        maxval = 1
    g = get_default_graph()
    with g.name_scope(name or "random_uniform") as scope:
        shape_t = _shape_tensor(shape)
        lo = convert_to_tensor(minval, dtype=dtype, name="min")
        hi = convert_to_tensor(maxval, dtype=dtype, name="max")
        if dtype.is_integer:
            s1, s2 = get_seed(seed)
            attrs = {"seed": s1 or 0, "seed2": s2 or 0, "Tout": dtype}
            return g.create_op("RandomUniformInt", [shape_t, lo, hi], [dtype], name=scope, attrs=attrs)._outputs[0]
        rnd = _random("RandomUniform", "random_uniform", shape_t, dtype, seed, None)
        from .math_ops import subtract
        return add(multiply(rnd, subtract(hi, lo, name="sub"), name="mul"), lo, name=scope)


def _uniform_int_kernel(op):
    npdt = op._outputs[0]._dtype.as_numpy_dtype
    return lambda ctx, shape, lo, hi: ctx.rng(op).integers(lo, hi, tuple(int(d) for d in shape)).astype(npdt)


register("RandomUniformInt", "random", lambda op: [_shape_from_const(op, 0)], _uniform_int_kernel,
         stateful=True, doc="draws uniform integers")
