"""Control ops: `no_op`, `group`, `tuple`, `with_dependencies`, `Print` and `Assert`."""
from __future__ import annotations

import contextlib

import builtins
import sys

import numpy as np

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..errors import InvalidArgumentError
from ..graph import get_default_graph, graph_of
from ..registry import register
from ..tensor import Operation, Tensor
from .common import KernelError, no_outputs, same_shape
from .common import fmt_value as _fmt, summarize  # noqa: F401  (their old home)

def _no_op_kernel(op):
    k = lambda ctx, *a: None  # noqa: E731
    k.nothing = True  # a compiled plan leaves it out
    return k


register("NoOp", "control", no_outputs, _no_op_kernel, doc="does nothing; it only orders")


def no_op(name=None):
    g = get_default_graph()
    if g.executing_eagerly:  # TF: nothing to run later, so eager no_op/group return None
        return None
    return g.create_op("NoOp", [], [], name=name)


def group(*inputs, **kwargs):
    """A NoOp (`group_deps`) that runs after all `inputs`."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"Unknown keyword arguments: {', '.join(kwargs)}")
    if get_default_graph().executing_eagerly:
        return None
    ops = []
    for x in inputs:
        for y in (x if isinstance(x, (list, builtins.tuple)) else [x]):
            ops.append(_as_op(y))
    g = graph_of(ops) if ops else get_default_graph()
    with g.as_default(), g.name_scope(name or "group_deps") as scope:
        if not ops:
            return no_op(name=scope)
        by_device = {}  # TF's group: one NoOp per device of the inputs, under the returned NoOp
        for op in ops:
            by_device.setdefault(op._device, []).append(op)
        if len(by_device) == 1:
            (dev, deps), = by_device.items()
            with g.device(dev) if dev else contextlib.nullcontext(), g.control_dependencies(deps):
                return no_op(name=scope)
        per_device = []
        for dev in sorted(by_device, key=lambda d: d or ""):
            with g.device(dev) if dev else contextlib.nullcontext(), g.control_dependencies(by_device[dev]):
                per_device.append(no_op())
        with g.control_dependencies(per_device):
            return no_op(name=scope)


def _as_op(x):
    if isinstance(x, Operation):
        return x
    if isinstance(x, Tensor):
        return x.op
    op = getattr(x, "op", None)
    if isinstance(op, Operation):
        return op
    raise TypeError(f"'{x!r}' is not a valid group input: expected an Operation or Tensor")


def with_dependencies(dependencies, output_tensor, name=None):
    from .array_ops import identity
    g = graph_of(list(dependencies) + [output_tensor])
    with g.as_default(), g.name_scope(name or "control_dependency") as scope:
        with g.colocate_with(output_tensor), g.control_dependencies(dependencies):
            return identity(convert_to_tensor(output_tensor), name=scope)


def tuple(tensors, name=None, control_inputs=None):  # noqa: A001 - TF's name
    g = graph_of([t for t in tensors if t is not None])
    with g.as_default(), g.name_scope(name or "tuple"):
        gating = [t.op if isinstance(t, Tensor) else t for t in tensors if t is not None]
        if control_inputs:
            gating += [_as_op(c) for c in control_inputs]
        gate = group(*gating)
        return [None if t is None else with_dependencies([gate], t) if isinstance(t, Tensor) else gate
                for t in tensors]


def _print_kernel(op):
    message = op._attrs["message"]
    first_n = op._attrs["first_n"]
    n = op._attrs["summarize"]

    def k(ctx, x, *data):
        count = ctx.counters.get(op, 0)
        ctx.counters[op] = count + 1
        if first_n < 0 or count < first_n:
            stream = sys.stdout  # the notebook cell, not the server console
            stream.write(message + "".join(f"[{summarize(d, n)}]" for d in data) + "\n")
            stream.flush()
        return x
    return k


register("Print", "io", same_shape, _print_kernel, gpu=False, stateful=True, doc="prints its data, passing its input through")


def Print(input_, data, message=None, first_n=None, summarize=None, name=None):  # noqa: N802 - TF's name
    g = graph_of([input_] + list(data))
    with g.as_default(), g.name_scope(name or "Print") as scope:
        x = convert_to_tensor(input_, name="input")
        ds = [convert_to_tensor(d) for d in data]
        attrs = {"message": message or "", "first_n": -1 if first_n is None else first_n,
                 "summarize": 3 if summarize is None else summarize}
        return g.create_op("Print", [x] + ds, [x.dtype.base_dtype], name=scope, attrs=attrs)._outputs[0]


def _assert_kernel(op):
    n = op._attrs["summarize"]

    def k(ctx, cond, *data):
        if not np.all(cond):
            raise KernelError("assertion failed: " + " ".join(f"[{summarize(d, n)}]" for d in data),
                              InvalidArgumentError)
    return k


register("Assert", "control", lambda op: _assert_shape(op), _assert_kernel, gpu=False, stateful=True, doc="checks a condition")


def _assert_shape(op):
    c = op._inputs[0]._shape
    if c.ndims is not None and c.ndims != 0:
        from .common import shape_error
        raise shape_error(op, f"Shape must be rank 0 but is rank {c.ndims}")
    return []


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TF's name
    """`tf.Assert(condition, data)`: an op that fails with the data when `condition` is false. As
    in TF 1.15, unless every datum is a string or int32, the check sits in a `cond` (`AssertGuard`)
    so the data is only read when the check fails; the returned op is then the guard's Merge."""
    g = graph_of([condition] + list(data))
    with g.as_default(), g.name_scope(name or "Assert"):
        xs = [convert_to_tensor(d) for d in data]
        if all(x.dtype.base_dtype in (_dt.string, _dt.int32) for x in xs):
            return _assert_op(g, condition, data, summarize)
        condition = convert_to_tensor(condition, name="Condition")
        from .control_flow_ops import cond
        guarded = cond(condition, no_op, lambda: _assert_op(g, condition, data, summarize), name="AssertGuard")
        return guarded.op


def _assert_op(g, condition, data, summarize):
    with g.name_scope("Assert") as scope:
        c = condition if isinstance(condition, Tensor) else convert_to_tensor(condition, name="condition")
        ds = [d if isinstance(d, Tensor) or hasattr(d, "_as_graph_element") else
              convert_to_tensor(d, name=f"data_{i}") for i, d in enumerate(data)]
        ds = [convert_to_tensor(d) for d in ds]
        return g.create_op("Assert", [c] + ds, [], name=scope, attrs={"summarize": summarize or 3})
