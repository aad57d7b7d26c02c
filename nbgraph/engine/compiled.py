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

A run of such in-place steps on one value whose other inputs are scalars (a chain like
`((x + 1) * 2) - 3`) goes over the value block by block (`BLOCK_BYTES`), every step on one
block before the next, so the value stays in the CPU cache instead of streaming through memory
once per step; a big value's blocks are shared out among the CPUs (`THREADS`), as TF's
intra-op thread pool shares out an elementwise op.

The stepper and traced runs use the step loop (`Execution.__iter__`) instead: they see every
step. Errors name the failing node from the line the traceback stopped at (`failed_step`).
"""
from __future__ import annotations

import concurrent.futures
import itertools
import os
from typing import Callable, NamedTuple

import numpy as np

from . import dtypes as _dt

__all__ = ["compile_plan", "compilable", "failed_step", "failed_inputs", "reusable_inputs"]

_FLOATS = (_dt.float16, _dt.float32, _dt.float64)
BLOCK_BYTES = 1 << 19   # a run of in-place steps goes over its value in blocks this big (fits in cache)
PARALLEL_BYTES = 1 << 21  # a value this big has its blocks shared out among threads
THREADS = os.cpu_count() or 1
_names = itertools.count()
# tf.cond / tf.while_loop ops: a plan with them needs deadness and loop frames, which only the
# step loop provides (a dataflow scheduler), so it is never compiled
CONTROL_FLOW_TYPES = frozenset({"Switch", "RefSwitch", "Merge", "RefMerge", "Enter", "RefEnter", "Exit",
                                "RefExit", "NextIteration", "RefNextIteration", "LoopCond"})


def compilable(plan) -> bool:
    """Whether `plan` may run as straight-line code (no control-flow ops)."""
    return not any(st.op._type in CONTROL_FLOW_TYPES for st in plan.steps)


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


class _Line(NamedTuple):
    """One step's code: its `text`, the registers it clears afterwards, and (for an in-place
    step whose other inputs are scalars) the register it updates and its text on a block `_b`."""

    step: int
    text: str
    clears: tuple
    inplace: str | None = None
    block_text: str | None = None
    itemsize: int = 0
    block_regs: tuple = ()
    args: tuple = ()         # the registers holding its inputs (read back when it fails)


def _blocks(a, n):
    """`a` (C-contiguous, over `n` elements) as views of `n` elements each, else `a` itself."""
    if a.size <= n or not a.flags.c_contiguous:
        return (a,)
    flat = a.reshape(-1)
    return [flat[i:i + n] for i in range(0, flat.size, n)]


def _over_blocks(fn, a, n):
    """Calls `fn(block)` for each block of `a` (see `_blocks`). A value of `PARALLEL_BYTES` or
    more is shared out among `THREADS` threads, each taking consecutive blocks: numpy releases
    the GIL inside a ufunc, and the blocks are disjoint views of a buffer private to the run."""
    blocks = _blocks(a, n)
    k = min(THREADS, len(blocks)) if a.nbytes >= PARALLEL_BYTES else 1
    if k < 2:
        for b in blocks:
            fn(b)
        return
    per = -(-len(blocks) // k)
    pool = _pool()
    futures = [pool.submit(_each, fn, blocks[i:i + per]) for i in range(per, len(blocks), per)]
    try:
        _each(fn, blocks[:per])  # this thread takes the first share
    finally:
        concurrent.futures.wait(futures)
    for f in futures:
        f.result()  # a worker's error, with its traceback


def _each(fn, blocks):
    for b in blocks:
        fn(b)


_POOL = None


def _pool():
    global _POOL
    if _POOL is None:
        _POOL = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, THREADS - 1),
                                                      thread_name_prefix="nbgraph-block")
    return _POOL


def compile_plan(plan) -> Callable:
    """`run(ctx, feed_values) -> fetched values`: the plan as straight-line code."""
    lines, env = _step_lines(plan)
    body, line_steps = [], {}

    def emit(text, step=None):
        body.append("    " + text)
        if step is not None:
            line_steps[len(body) + 1] = step  # +1: the `def` line

    feeds = [f"r{i}" for i in range(len(plan.feed_slots))]
    if feeds:
        emit(f"{', '.join(feeds)}, = feeds")
    i = 0
    while i < len(lines):
        run = _fusable_run(lines, i)
        if len(run) >= 2:  # a run of in-place steps on one value: block by block, in cache
            first = run[0]
            used = sorted({a for ln in run for a in ln.block_regs}, key=lambda r: int(r[1:]))
            emit(f"def _run{first.step}(_b{''.join(f', {r}={r}' for r in used)}):")
            for ln in run:
                emit("    " + ln.block_text, ln.step)
            emit(f"_over_blocks(_run{first.step}, {first.inplace}, {max(1, BLOCK_BYTES // first.itemsize)})")
            for r in dict.fromkeys(r for ln in run for r in ln.clears):
                emit(f"{r} = None")
            i += len(run)
            continue
        ln = lines[i]
        emit(ln.text, ln.step)
        for r in ln.clears:
            emit(f"{r} = None", ln.step)
        i += 1
    emit(f"return [{', '.join(env.pop('_fetched'))}]")
    filename = f"<nbgraph plan {next(_names)}>"
    source = "def run(ctx, feeds):\n" + "\n".join(body) + "\n"
    env.update(_pad=_pad, _over_blocks=_over_blocks)
    exec(compile(source, filename, "exec"), env)  # noqa: S102 - generated above from the plan
    fn = env["run"]
    fn.line_steps = line_steps
    fn.step_args = {ln.step: ln.args for ln in lines}
    fn.filename = filename
    fn.source = source
    return fn


def _fusable_run(lines, i):
    """The in-place lines from `i` on that update one register (the registers they clear are
    cleared after the run: none of them is written inside it)."""
    run = []
    for ln in lines[i:]:
        if ln.block_text is None or (run and ln.inplace != run[0].inplace):
            break
        run.append(ln)
    return run


def _step_lines(plan):
    """(one `_Line` per step, the names its code uses), with the plan's value slots assigned to
    local registers: a register is reused once the slot it held is dead."""
    steps = plan.steps
    keep = set(plan.fetch_slots)
    reuse = reusable_inputs(plan)
    env: dict = {}
    reg_of: dict = {}
    pool: list = []
    count = itertools.count()

    def new_reg():
        return pool.pop() if pool else f"r{next(count)}"

    read = {sl for st in steps for sl in st.inputs}
    for sl in plan.feed_slots:
        reg_of[sl] = f"r{next(count)}"
    for sl in plan.feed_slots:
        if sl not in read and sl not in keep:
            pool.append(reg_of[sl])
    lines = []
    # constants first: a constant's value is the graph's own (no memory to save by waiting), and
    # a chain like `x * 2.0 + 1.0 ...` then has nothing between its in-place steps
    hoisted = [i for i, st in enumerate(steps) if st.op._type == "Const" and st.op._ctrl is None]
    order = hoisted + [i for i in range(len(steps)) if i not in set(hoisted)]
    for i in order:
        st = steps[i]
        args = [reg_of[sl] for sl in st.inputs]
        kernel = st.kernel
        value = None  # an inlined step's value: a name or a register, no call
        if plan.direct[i] is not None:
            env[f"d{i}"] = plan.direct[i]
            call = f"d{i}({', '.join(args)}"
        elif hasattr(kernel, "constant") and not args:  # a Const: its value
            env[f"c{i}"] = kernel.constant
            value = f"c{i}"
        elif getattr(kernel, "passthrough", False) and len(args) == 1 and not st.multi:  # Identity
            value = args[0]
        elif getattr(kernel, "nothing", False) and not st.op._outputs:  # NoOp
            value = "None"
        else:  # `quiet`: the kernel without its own np.errstate (Session.run ignores them all)
            env[f"k{i}"] = getattr(kernel, "quiet", kernel)
            call = f"k{i}(ctx" + "".join(f", {a}" for a in args)
        freed = [reg_of[sl] for sl in dict.fromkeys(st.inputs) if sl in st.frees]
        pool.extend(freed)
        target = block_text = None
        itemsize = 0
        block_regs = ()
        if i in reuse:
            target = reg_of[reuse[i]]
            pool.remove(target)
            if all(t._shape.ndims == 0 for sl, t in zip(st.inputs, st.op._inputs) if sl != reuse[i]):
                block_args = ["_b" if sl == reuse[i] else reg_of[sl] for sl in st.inputs]
                block_regs = tuple(a for a in block_args if a != "_b")
                block_text = f"d{i}({', '.join(block_args)}, out=_b)"
                itemsize = st.op._outputs[0]._dtype.base_dtype.size
            call += f", out={target}"
        call = value if value is not None else call + ")"
        if st.outputs is None:
            text = call
        elif st.multi:
            regs = []
            for sl in st.outputs:
                if sl in st.frees:
                    regs.append("_")
                else:
                    regs.append(new_reg())
                    reg_of[sl] = regs[-1]
            text = f"{', '.join(regs)}, = _pad({call}, {len(regs)})" if regs else call
        elif st.outputs in st.frees:  # nobody reads it: dropped at once
            text = call
        else:
            reg = target or new_reg()
            reg_of[st.outputs] = reg
            text = f"{reg} = {call}"
        clears = tuple(r for r in freed if r in pool)  # dead, and not reused by this step
        lines.append(_Line(i, text, clears, target, block_text, itemsize, block_regs, tuple(args)))
    env["_fetched"] = [reg_of.get(sl, "None") for sl in plan.fetch_slots]
    return lines, env


def failed_step(plan, error: BaseException) -> int:
    """The index of the step whose line of `plan.compiled` raised `error` (the innermost such
    line: a block function runs inside the line that hands it out)."""
    fn = plan.compiled
    found = None
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == fn.filename and tb.tb_lineno in fn.line_steps:
            found = fn.line_steps[tb.tb_lineno]
        tb = tb.tb_next
    if found is None:
        raise error
    return found


def failed_inputs(plan, error: BaseException, step: int) -> list:
    """The input values of `step` when it raised `error` inside `plan.compiled` (from the frame
    of the compiled function: its registers), for the TF text of the failure."""
    fn = plan.compiled
    tb = error.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_filename == fn.filename and frame.f_code.co_name == "run":
            local = frame.f_locals
            return [local.get(r) for r in fn.step_args.get(step, ())]
        tb = tb.tb_next
    return []
