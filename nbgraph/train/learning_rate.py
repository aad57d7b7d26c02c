"""The global step (`get_or_create_global_step`...) and the TF 1.15 learning-rate schedules
(`exponential_decay`, `inverse_time_decay`, `natural_exp_decay`, `polynomial_decay`,
`piecewise_constant`): graph ops of the step, computed in the learning rate's dtype, in the
name scopes TF gives them (`ExponentialDecay/...`)."""
from __future__ import annotations

from ..engine import dtypes as _dt
from ..engine import initializers as _init
from ..engine.convert import convert_to_tensor
from ..engine.graph import GraphKeys, get_default_graph
from ..engine.ops import math_ops as _m
from ..engine.ops.array_ops import cast
from ..engine.tensor import Tensor
from ..engine.variables import RefVariable, get_variable

__all__ = ["get_global_step", "create_global_step", "get_or_create_global_step", "global_step",
           "exponential_decay", "inverse_time_decay", "natural_exp_decay", "polynomial_decay",
           "piecewise_constant"]


# -- global step -----------------------------------------------------------------------------------
def get_global_step(graph=None):
    """The graph's global step: the one variable in the `global_step` collection, else the tensor
    named `global_step:0`, else None."""
    graph = graph or get_default_graph()
    found = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(found) == 1:
        step = found[0]
    elif not found:
        try:
            step = graph.get_tensor_by_name("global_step:0")
        except (KeyError, ValueError):
            return None
    else:
        return None
    assert_global_step(step)
    return step


def assert_global_step(global_step_tensor) -> None:
    if not isinstance(global_step_tensor, (RefVariable, Tensor)):
        raise TypeError(f"Existing \"global_step\" must be a Variable or Tensor: {global_step_tensor}.")
    if not global_step_tensor.dtype.base_dtype.is_integer:
        raise TypeError(f"Existing \"global_step\" does not have integer type: {global_step_tensor.dtype}")
    if global_step_tensor.get_shape().ndims != 0 and global_step_tensor.get_shape().is_fully_defined():
        raise TypeError(f"Existing \"global_step\" is not scalar: {global_step_tensor.get_shape()}")


def create_global_step(graph=None):
    """An int64 scalar variable `global_step` (zeros, not trainable) in GLOBAL_VARIABLES and GLOBAL_STEP."""
    graph = graph or get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError("\"global_step\" already exists.")
    with graph.as_default(), graph.name_scope(None):
        return get_variable(GraphKeys.GLOBAL_STEP, shape=[], dtype=_dt.int64, initializer=_init.Zeros(),
                            trainable=False, collections=[GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP])


def get_or_create_global_step(graph=None):
    graph = graph or get_default_graph()
    step = get_global_step(graph)
    return step if step is not None else create_global_step(graph)


def global_step(sess, global_step_tensor) -> int:
    """`tf.train.global_step(sess, global_step_tensor)`: its value as a Python int."""
    return int(sess.run(global_step_tensor))


# -- learning-rate schedules ------------------------------------------------------------------------
def _cast(x, dtype):
    """TF's `math_ops.cast`: converts Python values to `Cast/x` inside a `Cast` scope, and adds the
    Cast op only when the dtype differs."""
    if isinstance(x, (Tensor, RefVariable)) and x.dtype.base_dtype == dtype:
        return x
    g = get_default_graph()
    with g.name_scope("Cast") as scope:
        t = convert_to_tensor(x, name="x")
        return cast(t, dtype, name=scope) if t.dtype.base_dtype != dtype else t


def _need_step(global_step, fn):
    if global_step is None:
        raise ValueError(f"global_step is required for {fn}.")


def _decay_progress(learning_rate, global_step, decay_steps, decay_rate, staircase):
    """What the decays share, built in the schedule's scope: the learning rate (its dtype sets the
    others'), the rate, and p = global_step / decay_steps (floored when `staircase`)."""
    lr = convert_to_tensor(learning_rate, name="initial_learning_rate")
    dtype = lr.dtype.base_dtype
    steps = _cast(decay_steps, dtype)
    rate = _cast(decay_rate, dtype)
    p = _m.truediv(_cast(global_step, dtype), steps)
    if staircase:
        p = _m.floor(p)
    return lr, dtype, rate, p


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * decay_rate ^ (global_step / decay_steps) (the exponent floored if staircase)."""
    _need_step(global_step, "exponential_decay")
    g = get_default_graph()
    with g.name_scope(name or "ExponentialDecay") as scope:
        lr, dtype, rate, p = _decay_progress(learning_rate, global_step, decay_steps, decay_rate, staircase)
        return _m.multiply(lr, _m.pow(rate, p), name=scope)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * exp(-decay_rate * global_step / decay_steps)."""
    _need_step(global_step, "natural_exp_decay")
    natural_exp_rate = _m.exp(_m.negative(decay_rate))
    return exponential_decay(learning_rate, global_step, decay_steps, natural_exp_rate, staircase, name)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate / (1 + decay_rate * global_step / decay_steps)."""
    _need_step(global_step, "inverse_time_decay")
    g = get_default_graph()
    with g.name_scope(name or "InverseTimeDecay") as scope:
        lr, dtype, rate, p = _decay_progress(learning_rate, global_step, decay_steps, decay_rate, staircase)
        const = _cast(convert_to_tensor(1), dtype)
        denom = _m.add(const, _m.multiply(rate, p))
        return _m.div(lr, denom, name=scope)


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False,
                     name=None):
    """(lr - end) * (1 - min(step, decay_steps) / decay_steps) ^ power + end; with `cycle`,
    decay_steps grows to the first multiple of itself past the step."""
    _need_step(global_step, "polynomial_decay")
    from ..engine.ops.index_ops import where
    g = get_default_graph()
    with g.name_scope(name or "PolynomialDecay") as scope:
        lr = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = lr.dtype.base_dtype
        end = _cast(end_learning_rate, dtype)
        power_t = _cast(power, dtype)
        step = _cast(global_step, dtype)
        steps = _cast(decay_steps, dtype)
        if cycle:
            ratio = _m.ceil(_m.truediv(step, steps))
            one = convert_to_tensor(1.0, dtype=dtype)
            multiplier = where(_m.equal(step, convert_to_tensor(0.0, dtype=dtype)), one, ratio)
            steps = _m.multiply(steps, multiplier)
        else:
            step = _m.minimum(step, steps)
        p = _m.div(step, steps)
        return _m.add(_m.multiply(_m.subtract(lr, end), _m.pow(_m.subtract(1.0, p), power_t)), end, name=scope)


def piecewise_constant(x, boundaries, values, name=None):
    """values[0] while x <= boundaries[0], values[i] while boundaries[i-1] < x <= boundaries[i],
    values[-1] past the last boundary: a `tf.case` of those conditions, built as TF builds it
    (the boundaries and values converted, and int32 boundaries cast to an int64 x, outside the
    `PiecewiseConstant` scope)."""
    from ..engine.ops.control_flow_ops import case
    if len(boundaries) != len(values) - 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    bounds = [convert_to_tensor(b) for b in boundaries]
    vals = [convert_to_tensor(v) for v in values]
    x = convert_to_tensor(x)
    xdt = x.dtype.base_dtype
    for i, b in enumerate(bounds):
        if b.dtype.base_dtype != xdt:
            if b.dtype.base_dtype == _dt.int32 and xdt == _dt.int64:
                bounds[i] = cast(b, _dt.int64)
            else:
                raise ValueError(f"Boundaries ({b.dtype.base_dtype}) must have the same dtype as x ({xdt}).")
    for v in vals[1:]:
        if v.dtype.base_dtype != vals[0].dtype.base_dtype:
            raise ValueError(f"Values must have elements all with the same dtype ({vals[0].dtype.base_dtype} "
                             f"vs {v.dtype.base_dtype}).")
    g = get_default_graph()
    with g.name_scope(name or "PiecewiseConstant"):
        pairs = [(_m.less_equal(x, bounds[0]), lambda: vals[0]), (_m.greater(x, bounds[-1]), lambda: vals[-1])]
        for low, high, v in zip(bounds[:-1], bounds[1:], vals[1:-1]):
            pred = _m.greater(x, low) & _m.less_equal(x, high)  # the `&` operator: an op named "and"
            pairs.append((pred, lambda v=v: v))
        return case(pairs, lambda: vals[0], exclusive=True)
