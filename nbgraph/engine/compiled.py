"""A plan compiled to straight-line Python: what `Session.run` executes.

`compile_plan(plan)` writes one line per executed node (`r3 = d7(r1, r2)` for an elementwise
op, `r4 = k8(ctx, r3)` for any other kernel), in the plan's order, with the plan's value
slots held in local variables. Slots share a local once the earlier one is dead, so dead
values are dropped as they would be by the step loop (`Step.frees`), and a long chain runs
as `x = add(x, c)`, exactly as numpy code written by hand.

Buffer reuse: an elementwise op whose input dies at that op writes its result into that
input's buffer (`r3 = d7(r3, r2, out=r3)`) when the buffer is certainly private to the run and
of the result's shape and dtype. Private means it was produced, in this run, by an elementwise
numpy ufunc (a fresh array) and is only read by such ufuncs (which keep no view of it): never a
fed value, a variable's value, a constant, an `Identity` or a view, never a fetched value.

The stepper and traced runs use the step loop (`Execution.__iter__`) instead: they see every
step. Errors name the failing node from the line the traceback stopped at (`failed_step`).
"""
from __future__ import annotations

import itertools
from typing import Callable

import numpy as np

from . import dtypes as _dt

__all__ = ["compile_plan", "failed_step", "reusable_inputs"]

_FLOATS = (_dt.float16, _dt.float32, _dt.float64)
_names = itertools.count()


def _pad(out, n):
    """A multi-output kernel's values, padded with None as the step loop's `zip` leaves them."""
    out = tuple(out or ())[:n]
    return out + (None,) * (n - len(out))


def _elementwise_ufunc(plan, i) -> bool:
    """Step `i` is a numpy ufunc called on ndarrays of one float dtype, giving that dtype."""
    d = plan.direct[i]
    st = plan.steps[i]
    if not isinstance(d, np.ufunc) or d.nout != 1 or st.multi or st.outputs is None:
        return False
    out = st.op._outputs[0]
    dt = out._dtype.base_dtype
    return dt in _FLOATS and all(t._dtype.base_dtype is dt for t in st.op._inputs)


def _keeps_shape(x_shape, others) -> bool:
    """Broadcasting `others` against `x_shape` certainly gives `x_shape` (static shapes)."""
    if x_shape.ndims is None or x_shape.ndims == 0:
        return False
    for y in others:
        if y.ndims is None:
            return False
        if y.ndims == 0:
            continue
        if not (x_shape.is_fully_defined() and y.is_fully_defined() and y.ndims <= x_shape.ndims):
            return False
        xs, ys = x_shape.as_list()[::-1], y.as_list()[::-1]
        if any(b not in (1, a) for a, b in zip(xs, ys)):
            return False
    return True


def reusable_inputs(plan) -> dict:
    """{step index: the input slot whose buffer that step may write its result into}."""
    n = len(plan.steps)
    ufunc = [_elementwise_ufunc(plan, i) for i in range(n)]
    keep = set(plan.fetch_slots) | set(plan.feed_slots)
    readers: dict = {}
    for i, st in enumerate(plan.steps):
        for sl in st.inputs:
            readers.setdefault(sl, []).append(i)
    private = set()  # slots holding a fresh array that nothing else can alias
    for i, st in enumerate(plan.steps):
        sl = st.outputs
        if ufunc[i] and sl not in keep and readers.get(sl) and all(ufunc[j] for j in readers[sl]):
            private.add(sl)
    out = {}
    for i, st in enumerate(plan.steps):
        if not ufunc[i]:
            continue
        tensors = dict(zip(st.inputs, (t for t in st.op._inputs)))
        for sl in st.inputs:
            if sl in private and readers[sl][-1] == i:
                x = tensors[sl]._shape
                others = [t._shape for s2, t in zip(st.inputs, st.op._inputs) if s2 != sl]
                if _keeps_shape(x, others) and st.op._outputs[0]._shape.is_compatible_with(x):
                    out[i] = sl
                    break
    return out


def compile_plan(plan) -> Callable:
    """`run(ctx, feed_values) -> fetched values`: the plan as straight-line code."""
    steps = plan.steps
    keep = set(plan.fetch_slots)
    reuse = reusable_inputs(plan)
    env: dict = {"_pad": _pad}
    reg_of: dict = {}
    pool: list = []
    count = itertools.count()

    def new_reg():
        return pool.pop() if pool else f"r{next(count)}"

    lines, line_steps = [], {}
    read = {sl for st in steps for sl in st.inputs}
    feed_regs = []
    for sl in plan.feed_slots:
        reg_of[sl] = f"r{next(count)}"
        feed_regs.append(reg_of[sl])
    for sl in plan.feed_slots:
        if sl not in read and sl not in keep:
            pool.append(reg_of[sl])
    if feed_regs:
        lines.append(f"    {', '.join(feed_regs)}, = feeds")
    for i, st in enumerate(steps):
        args = [reg_of[sl] for sl in st.inputs]
        if plan.direct[i] is not None:
            env[f"d{i}"] = plan.direct[i]
            call = f"d{i}({', '.join(args)}"
        else:
            env[f"k{i}"] = st.kernel
            call = f"k{i}(ctx" + "".join(f", {a}" for a in args)
        dying = [sl for sl in dict.fromkeys(st.inputs) if sl in st.frees]
        freed = [reg_of[sl] for sl in dying]
        pool.extend(freed)
        target = None
        if i in reuse:
            target = reg_of[reuse[i]]
            pool.remove(target)
            call += f", out={target}"
        call += ")"
        step_lines = []
        if st.outputs is None:
            step_lines.append(call)
        elif st.multi:
            regs = []
            for sl in st.outputs:
                if sl in st.frees:
                    regs.append("_")
                else:
                    regs.append(new_reg())
                    reg_of[sl] = regs[-1]
            step_lines.append(f"{', '.join(regs)}, = _pad({call}, {len(regs)})" if regs else call)
        elif st.outputs in st.frees:  # nobody reads it: dropped at once
            step_lines.append(call)
        else:
            reg = target or new_reg()
            reg_of[st.outputs] = reg
            step_lines.append(f"{reg} = {call}")
        step_lines += [f"{r} = None" for r in freed if r in pool]  # dead, and not reused by this step
        for text in step_lines:
            lines.append("    " + text)
            line_steps[len(lines) + 1] = i  # +1: the `def` line
    fetched = ", ".join(reg_of.get(sl, "None") for sl in plan.fetch_slots)
    lines.append(f"    return [{fetched}]")
    filename = f"<nbgraph plan {next(_names)}>"
    source = "def run(ctx, feeds):\n" + "\n".join(lines) + "\n"
    exec(compile(source, filename, "exec"), env)  # noqa: S102 - generated above from the plan
    fn = env["run"]
    fn.line_steps = line_steps
    fn.filename = filename
    fn.source = source
    return fn


def failed_step(plan, error: BaseException) -> int:
    """The index of the step whose line of `plan.compiled` raised `error`."""
    fn = plan.compiled
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == fn.filename:
            return fn.line_steps[tb.tb_lineno]
        tb = tb.tb_next
    raise error
