"""Control ops: `no_op`, `group`, `tuple`, `with_dependencies`, `Print` and `Assert`."""
from __future__ import annotations

import builtins
import sys

import numpy as np

from ..convert import convert_to_tensor
from ..errors import InvalidArgumentError
from ..graph import get_default_graph, graph_of
from ..registry import register
from ..tensor import Operation, Tensor
from .common import KernelError, no_outputs, same_shape

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
        with g.control_dependencies(ops):
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


def summarize(value, n=3):
    """TF 1.x's `Tensor::SummarizeValue`: at most `n` values (all when `n < 0`), rows in
    brackets below the first dimension (`1 2 3...`, `[1 2][3...]...`); Print and Assert put
    each summary in its own `[...]`."""
    arr = np.asarray(value)
    flat = arr.reshape(-1)
    limit = flat.size if n < 0 else min(n, flat.size)
    out = []
    idx = 0

    def one_dim(d):
        nonlocal idx
        if idx >= limit:
            return
        count = arr.shape[d]
        if d == arr.ndim - 1:
            for i in range(count):
                if idx >= limit:
                    if d != 0:
                        out.append("...")
                    return
                if i > 0:
                    out.append(" ")
                out.append(_fmt(flat[idx]))
                idx += 1
            return
        for _ in range(count):
            if idx >= limit:
                return
            out.append("[")
            one_dim(d + 1)
            out.append("]")

    if arr.ndim == 0:
        out = [_fmt(v) for v in flat[:limit]]
    else:
        one_dim(0)
    if flat.size > limit:
        out.append("...")
    return "".join(out)


def _fmt(v):
    """One element as TF's `StrCat` writes it: floats in the shortest of %.6g/%.9g (%.15g/%.17g
    for doubles) that reads back exactly, bools as 1/0, bytes unescaped."""
    if isinstance(v, bytes):
        return v.decode("utf-8", "backslashreplace")
    if isinstance(v, (np.bool_, bool)):
        return "1" if v else "0"
    if isinstance(v, np.floating):
        short, long_ = (15, 17) if v.dtype == np.float64 else (6, 9)
        text = f"{float(v):.{short}g}"
        return text if type(v)(text) == v or v != v else f"{float(v):.{long_}g}"
    return str(v)


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
        c = convert_to_tensor(condition, name="condition")
        ds = [convert_to_tensor(d) for d in data]
        return g.create_op("Assert", [c] + ds, [], name=scope, attrs={"summarize": summarize or 3})
