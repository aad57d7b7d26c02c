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

register("NoOp", "control", no_outputs, lambda op: (lambda ctx, *a: None), doc="does nothing; it only orders")


def no_op(name=None):
    return get_default_graph().create_op("NoOp", [], [], name=name)


def group(*inputs, **kwargs):
    """A NoOp (`group_deps`) that runs after all `inputs`."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"Unknown keyword arguments: {', '.join(kwargs)}")
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


register("Assert", "control", no_outputs, _assert_kernel, gpu=False, stateful=True, doc="checks a condition")


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TF's name
    g = graph_of([condition] + list(data))
    with g.as_default(), g.name_scope(name or "Assert") as scope:
        ds = [convert_to_tensor(d) for d in data]
        if ds and all(d.dtype.base_dtype in (_dt.string, _dt.int32) for d in ds):
            # TF: string/int32 data live on the host, so the op is `Assert/Assert` (no guard), taking the
            # data as given (`Assert/Assert/data_0`, ...)
            with g.name_scope("Assert") as inner:
                c = convert_to_tensor(condition, name="condition")
                ds = [d if hasattr(d, "_op") else convert_to_tensor(d, name=f"data_{i}") for i, d in enumerate(data)]
                return g.create_op("Assert", [c] + ds, [], name=inner, attrs={"summarize": summarize or 3})
        c = convert_to_tensor(condition, name="condition")
        return g.create_op("Assert", [c] + ds, [], name=scope, attrs={"summarize": summarize or 3})
