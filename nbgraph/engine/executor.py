"""The one definition of evaluation.

`build_plan` prunes a graph to what a set of fetches needs (stopping at fed tensors), orders it
(inputs first, in input order), and computes when each intermediate can be freed. `Execution`
runs a plan and yields one `StepRecord` per executed node; `Session.run` drains it, the
stepper widget and the placement views read the same records.
"""
from __future__ import annotations

import threading
import time
from itertools import chain
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

import numpy as np

from .compiled import compilable, compile_plan, failed_inputs, failed_step
from .dataflow import CONTROL_FLOW_TYPES, run_dataflow
from .graph_state import ControlSeg
from .kernel_failures import kernel_error_for
from .errors import (DeadlineExceededError, FailedPreconditionError, InvalidArgumentError, KernelError, OpError,
                     op_error)
from .tensor import Operation

__all__ = ["Plan", "Step", "StepRecord", "Placement", "Execution", "build_plan", "current_deadline"]

_run_local = threading.local()  # the running Execution's deadline, per thread (blocking kernels read it)


def current_deadline():
    """The `time.perf_counter()` deadline of the run executing on this thread, or None."""
    return getattr(_run_local, "deadline", None)

CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"
COMPILE_AFTER = 2   # a plan's `Execution.run` compiles it to straight-line code on this run


class StepRecord:
    """One executed node: `op`, the `device` it ran on, its `inputs` and `output` values
    (kept only when asked for), and the seconds it took."""

    __slots__ = ("index", "op", "device", "inputs", "output", "seconds", "frame", "iteration")

    def __init__(self, index, op, device, inputs, output, seconds, frame=None, iteration=0):
        self.index = index
        self.op = op
        self.device = device
        self.inputs = inputs
        self.output = output
        self.seconds = seconds
        self.frame = frame          # the while loop it ran in (its name scope; None: outside every loop)
        self.iteration = iteration  # the loop iteration, counted from 0

    def __repr__(self):
        where = f" in loop {self.frame} (iteration {self.iteration})" if self.frame else ""
        return f"<StepRecord {self.index}: {self.op.name} ({self.op.type}) on {self.device}{where}>"


class Placement(NamedTuple):
    """Where a session placed a plan's nodes: `devices` (op -> full device name) and the
    `records` (`PlacementRecord`s) behind them. Returned by `SessionPlacer.place(plan)`."""

    devices: dict
    records: list


class Step(NamedTuple):
    """One node of a plan: its `op` and `kernel`, the value slots it reads (`inputs`) and writes
    (`outputs`: one slot, a tuple of slots when `multi`, None for no output), and the slots
    that die once it ran (`frees`: their last reader is this step, or nobody reads them)."""

    op: Operation
    kernel: Callable
    inputs: tuple
    outputs: int | tuple | None
    frees: tuple
    multi: bool


@dataclass(eq=False, repr=False)
class Plan:
    """A pruned, ordered graph for one (fetches, feeds) signature. Values travel in numbered
    slots: fed tensors first, then every output the run computes."""

    graph: object
    nodes: list                   # every op the run touches, in execution order
    steps: list                   # the executed nodes, as `Step`s
    n_slots: int
    feed_slots: list              # slot per fed tensor, same order as `feeds`
    fetch_slots: list
    fetch_tensors: list
    feeds: list
    targets: list = field(default_factory=list)  # ops run for their effect (fetched as operations)
    direct: list = field(init=False)  # per step: the kernel's ctx-free numpy function, or None
    compiled: Callable | None = field(init=False, default=None)  # see engine/compiled.py
    runs: int = field(init=False, default=0)  # `Execution.run`s before it was compiled
    # tf.cond / tf.while_loop ops: the run needs deadness and loop frames (engine/dataflow.py)
    control_flow: bool = field(init=False, default=False)

    def __post_init__(self):
        self.direct = [getattr(s.kernel, "direct", None) for s in self.steps]
        self.control_flow = any(op._type in CONTROL_FLOW_TYPES for op in self.nodes)

    @property
    def ops(self) -> list:
        """The executed operations, in order."""
        return [s.op for s in self.steps]

    def __repr__(self):
        return (f"<Plan: {len(self.steps)} steps, fetches {[t.name for t in self.fetch_tensors]}, "
                f"feeds {[t.name for t in self.feeds]}>")


def build_plan(graph, fetch_tensors, target_ops, feed_tensors) -> Plan:
    fed = set(feed_tensors)
    if graph._structure_version:  # only `_add_control_input` can close a cycle
        _check_acyclic(graph)
    roots = [t._op for t in fetch_tensors if t not in fed] + list(target_ops)
    done, segs_done = set(), set()
    order = _topological(roots, fed, done, segs_done)
    # A while loop's body hangs off its back edges (NextIteration -> Merge), which ordering skips.
    back = [t._op for op in order if op._type == "Merge" for t in op._inputs if t._op._type == "NextIteration"]
    while back:
        more = _topological([op for op in back if op not in done], fed, done, segs_done)
        order += more
        back = [t._op for op in more if op._type == "Merge" for t in op._inputs
                if t._op._type == "NextIteration" and t._op not in done]
    # A variable reached only through ref inputs (an Assign's target) is not read.
    value_needed = {t._op for t in fetch_tensors if t not in fed}
    for op in order:
        refs = op._opdef.ref_inputs
        for i, t in enumerate(op._inputs):
            if i not in refs and t not in fed:
                value_needed.add(t._op)
    slots = {}
    for t in feed_tensors:
        slots.setdefault(t, len(slots))
    executed = [op for op in order if op in value_needed or op._type != "VariableV2"
                or op in target_ops]
    for op in executed:
        for t in op._outputs:
            if t not in fed:
                slots.setdefault(t, len(slots))
    fetch_slots = [slots[t] for t in fetch_tensors]
    keep = set(fetch_slots)
    last_use = {}
    for i, op in enumerate(executed):
        refs = op._opdef.ref_inputs
        for j, t in enumerate(op._inputs):
            if j not in refs:
                last_use[slots[t]] = i
    frees = [[] for _ in executed]
    for slot, i in last_use.items():
        if slot not in keep:
            frees[i].append(slot)
    steps = []
    for i, op in enumerate(executed):
        if op._kernel is None:
            op._kernel = op._opdef.make_kernel(op)
        refs = op._opdef.ref_inputs
        ins = tuple(slots[t] for j, t in enumerate(op._inputs) if j not in refs)
        multi = len(op._outputs) != 1
        outs = tuple(slots[t] for t in op._outputs if t in slots) if multi else slots.get(op._outputs[0])
        # outputs nobody reads are dropped right away
        unused = [slots[t] for t in op._outputs if t in slots and slots[t] not in last_use and slots[t] not in keep]
        steps.append(Step(op, op._kernel, ins, outs, tuple(frees[i] + unused), multi))
    return Plan(graph, order, steps, len(slots), [slots[t] for t in feed_tensors], fetch_slots,
                list(fetch_tensors), list(feed_tensors), list(target_ops))


def _deps(op, fed, done, segs_done):
    """`op`'s dependencies in order: data inputs (not fed ones; not a loop's back edge), then
    control inputs, outermost first. Control inputs are shared segments (graph_state.py): a
    segment whose ops and outer segments' ops are all done already (`segs_done`) is skipped,
    so N nested blocks cost O(N), not their N²/2 edges."""
    if op._type == "Merge":  # a loop's back edge (NextIteration -> Merge) is not a dependency
        for t in op._inputs:
            if t not in fed and t._op._type != "NextIteration":
                yield t._op
    else:
        for t in op._inputs:
            if t not in fed:
                yield t._op
    seg = op._ctrl
    if seg is None or seg in segs_done:
        return
    path = []
    while seg is not None and seg not in segs_done:
        path.append(seg)
        seg = seg.parent
    for seg in reversed(path):
        yield from seg.ops  # the walk finishes each yielded op before asking for the next
        segs_done.add(seg)


def _check_acyclic(graph):
    """TF validates the whole graph when a session takes it in (Kahn's algorithm): the nodes it
    cannot order are a cycle and everything downstream of it; it names the first three. Control
    edges are counted per shared segment (graph_state.py): a segment is ready once its ops and
    its parent are, an op once its data inputs and its segment are."""
    ops = graph._ops
    pending = {}
    for op in ops:
        n = len(op._inputs) + (op._ctrl is not None)
        if op._type == "Merge":  # a while loop's back edges do not count
            n -= sum(t._op._type == "NextIteration" for t in op._inputs)
        pending[op] = n
        for seg in op._ctrl_segs or ():
            pending[seg] = len(seg.ops) + (seg.parent is not None)
    ready = [op for op in ops if not pending[op]]
    processed = 0
    while ready:
        node = ready.pop()
        if isinstance(node, ControlSeg):
            outs = chain(node.users, node.kids)
        else:
            processed += 1
            outs = [c for t in node._outputs for c in t._consumers]
            if node._type == "NextIteration":
                outs = [c for c in outs if c._type != "Merge"]
            outs = chain(outs, node._ctrl_segs or ())
        for out in outs:
            pending[out] -= 1
            if not pending[out]:
                ready.append(out)
    if processed < len(ops):
        names = [op.name for op in ops if pending[op]][:3]
        raise InvalidArgumentError(None, None, f"Graph is invalid, contains a cycle with {len(ops) - processed} "
                                               f"nodes, including: {', '.join(names)}")


def _topological(roots, fed, done=None, segs_done=None):
    """Iterative DFS post-order (inputs before consumers, in input order); cycles are TF's error."""
    done = set() if done is None else done
    segs_done = set() if segs_done is None else segs_done
    active, order = set(), []
    for root in roots:
        if root in done:
            continue
        stack = [(root, _deps(root, fed, done, segs_done))]
        active.add(root)
        while stack:
            op, it = stack[-1]
            for dep in it:
                if dep in done:
                    continue
                if dep in active:
                    _check_acyclic(dep._graph)
                active.add(dep)
                stack.append((dep, _deps(dep, fed, done, segs_done)))
                break
            else:
                stack.pop()
                active.discard(op)
                done.add(op)
                order.append(op)
    return order


def _kernel_error(plan, step, e):
    """The OpError for a kernel failure. Like TF, an uninitialised variable is reported by the
    op that reads it (`v/read`), or by `_retval_v_0_N` (no graph op) when it is fetched itself."""
    op, out = plan.steps[step].op, plan.steps[step].outputs
    if op._type == "VariableV2" and e.cls is FailedPreconditionError:
        reader = next((s.op for s in plan.steps[step + 1:] if out in s.inputs), None)
        if reader is not None:
            return op_error(e.cls, reader, e.message)
        j = plan.fetch_slots.index(out) if out in plan.fetch_slots else 0
        return e.cls(None, None, f"{e.message}\n\t [[{{{{node _retval_{op.name}_0_{j}}}}}]]")
    return op_error(e.cls, op, e.message)


def _snapshot(v):
    if isinstance(v, np.ndarray) and v.flags.writeable:
        return v.copy()
    if isinstance(v, tuple):
        return tuple(_snapshot(x) for x in v)
    return v


class Execution:
    """Runs a plan once, on the devices its placement gave (`devices`: op -> device name).
    `run()` runs it whole (the plan's compiled code, no records); iterating it instead yields
    one `StepRecord` per executed node (`records=False`: none). Afterwards `.results` holds the
    fetched values, in the plan's fetch order."""

    def __init__(self, plan: Plan, ctx, feed_values, *, placement: Placement | None = None, keep_values=False,
                 deadline=None, records=True):
        self.plan = plan
        self.records = records
        self.ctx = ctx
        self.feed_values = feed_values
        self.placement = placement if placement is not None else Placement({}, [])
        self.devices = self.placement.devices
        self.keep_values = keep_values
        self.deadline = deadline
        self.results = None

    def run(self) -> list:
        """Runs every node; returns the fetched values. Without a deadline or records, from the
        plan's second run on, this is the plan's compiled straight-line code (engine/compiled.py)."""
        plan = self.plan
        fn = plan.compiled
        _run_local.deadline = self.deadline
        if fn is None and self.deadline is None and not self.records and not plan.control_flow:
            plan.runs += 1
            # a plan run once (an initializer, a lesson cell) stays uncompiled; compiling is tried once
            if plan.runs == COMPILE_AFTER and compilable(plan):
                fn = plan.compiled = compile_plan(plan)
        if fn is None or self.deadline is not None or self.records:
            for _ in self:
                pass
            return self.results
        try:
            self.results = fn(self.ctx, self.feed_values)
        except KernelError as e:
            raise _kernel_error(plan, failed_step(plan, e), e) from None
        except (OpError, KeyboardInterrupt, MemoryError):
            raise
        except Exception as e:  # numpy failures become the op's TF error, without numpy's text
            step = failed_step(plan, e)
            op = plan.steps[step].op
            raise kernel_error_for(op, failed_inputs(plan, e, step), self.devices.get(op, CPU0), e) from None
        return self.results

    def __iter__(self):
        plan = self.plan
        _run_local.deadline = self.deadline
        if plan.control_flow:
            devices = self.devices

            def record(index, op, inputs, output, seconds, frame, iteration):
                loop = frame[2].rsplit("/while_context", 1)[0] if frame else None
                return StepRecord(index, op, devices.get(op, CPU0), inputs, output, seconds, loop, iteration)
            self.results = yield from run_dataflow(plan, self.ctx, self.feed_values, records=self.records,
                                                   keep=self.keep_values, deadline=self.deadline,
                                                   make_record=record)
            return
        vals = [None] * plan.n_slots
        for slot, v in zip(plan.feed_slots, self.feed_values):
            vals[slot] = v
        ctx, keep, deadline, records = self.ctx, self.keep_values, self.deadline, self.records
        devices = self.devices
        clock = time.perf_counter
        step = -1
        op = None
        try:
            for (op, kernel, ins, outs, free, multi), direct in zip(plan.steps, plan.direct):
                step += 1
                if deadline is not None and clock() > deadline:
                    raise op_error(DeadlineExceededError, op, "Timed out waiting for notification")
                if records:
                    args = [vals[s] for s in ins]
                    t0 = clock()
                    with np.errstate(all="ignore"):  # per step: the stepper runs user code between steps
                        out = kernel(ctx, *args)
                    seconds = clock() - t0
                elif direct is not None:  # elementwise: call numpy straight away
                    out = direct(vals[ins[0]], vals[ins[1]]) if len(ins) == 2 else direct(*[vals[s] for s in ins])
                else:
                    out = kernel(ctx, *[vals[s] for s in ins])
                if multi:
                    for s, v in zip(outs, out or ()):
                        vals[s] = v
                elif outs is not None:
                    vals[outs] = out
                for s in free:
                    vals[s] = None
                if not records:
                    continue
                if keep:  # snapshots: a later in-place variable update must not rewrite history
                    yield StepRecord(step, op, devices.get(op, CPU0), [_snapshot(a) for a in args],
                                     _snapshot(out), seconds)
                else:
                    yield StepRecord(step, op, devices.get(op, CPU0), None, None, seconds)
        except KernelError as e:
            raise _kernel_error(plan, step, e) from None
        except (OpError, KeyboardInterrupt):
            raise
        except Exception as e:  # numpy failures (out of memory too) become TF errors naming the op
            if op is None:
                raise
            raise kernel_error_for(op, [vals[s] for s in ins], devices.get(op, CPU0), e) from None
        self.results = [vals[s] for s in plan.fetch_slots]
