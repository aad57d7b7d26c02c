"""The one definition of evaluation.

`build_plan` prunes a graph to what a set of fetches needs (stopping at fed tensors), orders it
(inputs first, in input order), and computes when each intermediate can be freed. `Execution`
runs a plan and yields one `StepRecord` per executed node; `Session.run` drains it, the
stepper widget and the placement views read the same records.
"""
from __future__ import annotations

import time

import numpy as np

from .errors import DeadlineExceededError, FailedPreconditionError, InvalidArgumentError, OpError, op_error
from .kernel_errors import kernel_error_for
from .ops.common import KernelError

__all__ = ["Plan", "StepRecord", "Execution", "build_plan"]

CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"


class StepRecord:
    """One executed node: `op`, the `device` it ran on, its `inputs` and `output` values
    (kept only when asked for), and the seconds it took."""

    __slots__ = ("index", "op", "device", "inputs", "output", "seconds")

    def __init__(self, index, op, device, inputs, output, seconds):
        self.index = index
        self.op = op
        self.device = device
        self.inputs = inputs
        self.output = output
        self.seconds = seconds

    def __repr__(self):
        return f"<StepRecord {self.index}: {self.op.name} ({self.op.type}) on {self.device}>"


class Plan:
    """A pruned, ordered graph for one (fetches, feeds) signature."""

    def __init__(self, graph, nodes, steps, n_slots, feed_slots, fetch_slots, fetch_tensors, feeds):
        self.graph = graph
        self.nodes = nodes            # every op the run touches, in execution order
        self.steps = steps            # (op, kernel, in_slots, out_slot(s), free_slots, multi)
        # per step: the kernel's ctx-free numpy function (elementwise ops) or None
        self.direct = [getattr(s[1], "direct", None) for s in steps]
        self.n_slots = n_slots
        self.feed_slots = feed_slots  # slot per fed tensor, same order as `feeds`
        self.fetch_slots = fetch_slots
        self.fetch_tensors = fetch_tensors
        self.feeds = feeds
        self.targets = []             # ops run for their effect (fetched as operations)
        self.devices = {}             # op -> device string, filled by the placer
        self.placement = []           # the PlacementRecords behind `devices`, filled by the placer

    @property
    def ops(self):
        return [s[0] for s in self.steps]


def build_plan(graph, fetch_tensors, target_ops, feed_tensors) -> Plan:
    fed = set(feed_tensors)
    if graph._structure_version:  # only `_add_control_input` can close a cycle
        _check_acyclic(graph)
    roots = [t._op for t in fetch_tensors if t not in fed] + list(target_ops)
    order = _topological(roots, fed)
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
        steps.append((op, op._kernel, ins, outs, tuple(frees[i] + unused), multi))
    plan = Plan(graph, order, steps, len(slots), [slots[t] for t in feed_tensors], fetch_slots,
                list(fetch_tensors), list(feed_tensors))
    plan.targets = list(target_ops)
    return plan


def _deps(op, fed, done):
    for t in op._inputs:
        if t not in fed:
            yield t._op
    ctrl = op._control_inputs
    if ctrl and not done.issuperset(ctrl):  # one C-level pass: N nested blocks make N² control edges
        yield from ctrl


def _check_acyclic(graph):
    """TF validates the whole graph when a session takes it in (Kahn's algorithm): the nodes it
    cannot order are a cycle and everything downstream of it; it names the first three."""
    ops = graph._ops
    pending = {op: len(op._inputs) + len(op._control_inputs) for op in ops}
    ready = [op for op in ops if not pending[op]]
    processed = 0
    while ready:
        op = ready.pop()
        processed += 1
        for out in [c for t in op._outputs for c in t._consumers] + op._control_outputs:
            pending[out] -= 1
            if not pending[out]:
                ready.append(out)
    if processed < len(ops):
        names = [op.name for op in ops if pending[op]][:3]
        raise InvalidArgumentError(None, None, f"Graph is invalid, contains a cycle with {len(ops) - processed} "
                                               f"nodes, including: {', '.join(names)}")


def _topological(roots, fed):
    """Iterative DFS post-order (inputs before consumers, in input order); cycles are TF's error."""
    done, active, order = set(), set(), []
    for root in roots:
        if root in done:
            continue
        stack = [(root, _deps(root, fed, done))]
        active.add(root)
        while stack:
            op, it = stack[-1]
            for dep in it:
                if dep in done:
                    continue
                if dep in active:
                    _check_acyclic(dep._graph)
                active.add(dep)
                stack.append((dep, _deps(dep, fed, done)))
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
    op, _, _, out, _, _ = plan.steps[step]
    if op._type == "VariableV2" and e.cls is FailedPreconditionError:
        reader = next((s[0] for s in plan.steps[step + 1:] if out in s[2]), None)
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
    """Runs a plan once. Iterate it for the step records; afterwards `.results` holds the
    fetched values (in the plan's fetch order)."""

    def __init__(self, plan, ctx, feed_values, *, keep_values=False, deadline=None, records=True):
        self.plan = plan
        self.records = records  # False (Session.run): no timing, no StepRecords; iterating yields nothing
        self.ctx = ctx
        self.feed_values = feed_values
        self.keep_values = keep_values
        self.deadline = deadline
        self.results = None
        self.values = None

    def __iter__(self):
        plan = self.plan
        vals = [None] * plan.n_slots
        for slot, v in zip(plan.feed_slots, self.feed_values):
            vals[slot] = v
        ctx, keep, deadline, records = self.ctx, self.keep_values, self.deadline, self.records
        devices = plan.devices
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
        if keep:
            self.values = vals
