"""Running plans that contain TF 1.x control flow (`Switch`/`Merge`, `Enter`/`Exit`/`NextIteration`).

The straight-line executor runs each op once, in order. `tf.cond` and `tf.while_loop` need TF's
own execution model instead, which this module implements for the plans that use them:

- **Deadness.** `Switch` forwards its data to one output; the other output is *dead*. An op with a
  dead input (or a dead control input) does not run and its outputs are dead too, except `Merge`,
  which forwards the first live input it receives. That is how only the taken branch of a `cond`
  runs.
- **Frames.** `Enter` moves a value into a loop's frame, `NextIteration` into the next iteration
  of that frame, `Exit` back to the enclosing frame. Every op instance is keyed by (op, frame,
  iteration). Loop-invariant values (`Enter` with `is_constant=True`) are visible in every
  iteration. A dead value out of `NextIteration` is dropped: that is how a loop ends.

Ops are scheduled in dataflow order (a FIFO of ready instances, seeded in plan order), so the
stepper sees the ops of every iteration in the order they ran, with their frame and iteration.
"""
from __future__ import annotations

import collections
import time

import numpy as np

from .errors import DeadlineExceededError, InvalidArgumentError, OpError, op_error
from .kernel_failures import kernel_error_for

__all__ = ["DEAD", "CONTROL_FLOW_TYPES", "run_dataflow", "context_kind", "is_dead"]

CONTROL_FLOW_TYPES = frozenset({"Switch", "RefSwitch", "Merge", "RefMerge", "Enter", "RefEnter", "Exit",
                                "RefExit", "NextIteration", "RefNextIteration", "LoopCond"})


class _Dead:
    """The value of a tensor on the branch not taken."""

    __slots__ = ()

    def __repr__(self):
        return "<dead: on the branch not taken>"

    def __reduce__(self):
        return "DEAD"


DEAD = _Dead()


def is_dead(value) -> bool:
    """True for the value of a tensor on the branch not taken (or after a loop stopped)."""
    return value is DEAD


def context_kind(op) -> str | None:
    """'cond' for an op built inside a tf.cond branch, 'while' inside a tf.while_loop, else None."""
    ctx = op._cf_context
    if ctx is None:
        return None
    return "while" if hasattr(ctx, "loop_exits") else "cond"

ROOT = ()  # the root frame; a loop frame is (parent frame, parent iteration, frame name)


class _Instance:
    __slots__ = ("args", "arrived", "dead", "fired", "index")

    def __init__(self, n_args):
        self.args = [None] * n_args
        self.arrived = 0
        self.dead = False
        self.fired = False
        self.index = 0  # Merge: which input it forwarded


class _Node:
    """What the scheduler needs to know about one op of the plan."""

    __slots__ = ("op", "kernel", "arg_of", "expected", "consumers", "kind", "loop_merge", "frame_name",
                 "constant", "order")

    def __init__(self, op, kernel, order):
        self.op = op
        self.kernel = kernel
        self.order = order
        self.arg_of = {}       # input index -> kernel argument index (ref inputs take none)
        self.expected = 0      # arrivals that make an instance ready (data inputs + control inputs)
        self.consumers = []    # per output: [(node, arg index)]; control consumers under key -1
        base = op._type[3:] if op._type.startswith("Ref") else op._type
        self.kind = base if base in ("Switch", "Merge", "Enter", "Exit", "NextIteration") else None
        self.loop_merge = base == "Merge" and any(t._op._type in ("NextIteration", "RefNextIteration")
                                                  for t in op._inputs)
        self.frame_name = op._attrs.get("frame_name") if base == "Enter" else None
        self.constant = bool(op._attrs.get("is_constant")) if base == "Enter" else False


def _build_nodes(plan):
    fed = set(plan.feeds)
    nodes = {}
    for order, step in enumerate(plan.steps):
        op, kernel = step[0], step[1]
        nodes[op] = _Node(op, kernel, order)
    for node in nodes.values():
        op = node.op
        refs = op._opdef.ref_inputs
        node.consumers = [[] for _ in op._outputs] + [[]]
        k = 0
        for i, t in enumerate(op._inputs):
            if i in refs:
                continue
            node.arg_of[i] = k
            k += 1
    for node in nodes.values():
        op = node.op
        for i, t in enumerate(op._inputs):
            if i not in node.arg_of or t in fed:
                continue
            src = nodes.get(t._op)
            if src is None:  # produced by an op the plan does not run (cannot happen for data)
                continue
            src.consumers[t._value_index].append((node, node.arg_of[i]))
            node.expected += 1
        for c in op._control_inputs:
            src = nodes.get(c)
            if src is not None:
                src.consumers[-1].append((node, -1))
                node.expected += 1
    return nodes


def _remote_inputs(nodes, remote):
    """{key: [(node, arg)]} for the inputs that arrive from another task (`remote.inputs`: tensor
    names, `^op` for a control edge); counts them in the consumers' expected arrivals."""
    waiting = {}
    for node in nodes.values():
        op = node.op
        for i, t in enumerate(op._inputs):
            if i in node.arg_of and t.name in remote.inputs:
                waiting.setdefault(t.name, []).append((node, node.arg_of[i]))
                node.expected += 1
        for c in op._control_inputs:
            if "^" + c.name in remote.inputs:
                waiting.setdefault("^" + c.name, []).append((node, -1))
                node.expected += 1
    return waiting


def run_dataflow(plan, ctx, feed_values, *, records, keep, deadline, make_record, remote=None):
    """Runs `plan`; yields `make_record(index, op, inputs, output, seconds, frame, iteration)` per
    executed instance when `records`; returns the fetched values (plan fetch order).

    `remote` (a cluster task running its part of a plan, nbgraph/distributed/worker.py) links
    the run to the other tasks: `remote.inputs` are the keys (tensor names, `^op`) that arrive
    from them, `remote.wait(keys)` blocks for one and returns (key, value), and
    `remote.send(key, value, dead)` pushes a key in `remote.sends` as soon as it is made. Only
    values of the root frame cross tasks."""
    nodes = _build_nodes(plan)
    arriving = _remote_inputs(nodes, remote) if remote is not None else {}
    fed = dict(zip(plan.feeds, feed_values))
    instances = {}
    ready = collections.deque()
    frame_constants = collections.defaultdict(list)   # frame -> [(node, value, dead)] of constant Enters
    frame_iters = collections.defaultdict(lambda: {0})  # frame -> iterations started
    dead_frames = set()
    results = {}
    fetch_keys = {(t._op, t._value_index) for t in plan.fetch_tensors}

    def instance(node, frame, it):
        key = (node.op, frame, it)
        inst = instances.get(key)
        if inst is None:
            inst = instances[key] = _Instance(len(node.arg_of))
            for i, t in enumerate(node.op._inputs):
                if i in node.arg_of and t in fed:
                    inst.args[node.arg_of[i]] = fed[t]
        return key, inst

    def deliver(node, arg, frame, it, value, dead):
        key, inst = instance(node, frame, it)
        if inst.fired:
            return
        if node.kind == "Merge":
            if node.loop_merge:  # one arrival per iteration: Enter at 0, NextIteration after
                inst.args[0], inst.dead, inst.index = value, dead, arg
                inst.fired = True
                ready.append((node, frame, it, inst))
                return
            inst.arrived += 1
            if not dead and arg >= 0:
                inst.args[0], inst.dead, inst.index = value, False, arg
                inst.fired = True
                ready.append((node, frame, it, inst))
            elif inst.arrived == node.expected:
                inst.dead = True
                inst.fired = True
                ready.append((node, frame, it, inst))
            return
        if arg >= 0:
            inst.args[arg] = value
        inst.dead = inst.dead or dead
        inst.arrived += 1
        if inst.arrived == node.expected:
            inst.fired = True
            ready.append((node, frame, it, inst))

    def send(node, frame, it, outputs, dead):
        """Delivers an instance's outputs (`dead`: per output) to its consumers."""
        kind = node.kind
        if kind == "Enter":
            frame, it = (frame, it, node.frame_name), 0
            if node.constant:
                frame_constants[frame].append((node, outputs, dead))
                for later in sorted(frame_iters[frame]):
                    _send_to(node, frame, later, outputs, dead)
                return
            if dead[0]:
                dead_frames.add(frame)
        elif kind == "Exit":
            if dead[0] and frame not in dead_frames:
                return  # the loop went on: only the last iteration's Exit carries a value
            frame, it = frame[0], frame[1]
        elif kind == "NextIteration":
            if dead[0]:
                return  # the loop ended
            it += 1
            if it not in frame_iters[frame]:
                frame_iters[frame].add(it)
                for const_node, const_out, const_dead in frame_constants[frame]:
                    _send_to(const_node, frame, it, const_out, const_dead)
        _send_to(node, frame, it, outputs, dead)

    def _send_to(node, frame, it, outputs, dead):
        for idx, targets in enumerate(node.consumers[:-1]):
            value, d = outputs[idx], dead[idx]
            for consumer, arg in targets:
                deliver(consumer, arg, frame, it, value, d)
        all_dead = bool(dead) and all(dead)
        if frame == ROOT:
            for idx, value in enumerate(outputs):
                if (node.op, idx) in fetch_keys:
                    results[(node.op, idx)] = (value, dead[idx])
            if remote is not None:
                _send_remote(node.op, outputs, dead, all_dead, remote)
        for consumer, _ in node.consumers[-1]:
            deliver(consumer, -1, frame, it, None, all_dead)

    for node in sorted(nodes.values(), key=lambda n: n.order):
        if node.expected == 0:
            key, inst = instance(node, ROOT, 0)
            inst.fired = True
            ready.append((node, ROOT, 0, inst))

    clock = time.perf_counter
    index = -1
    node = inst = None
    try:
        while ready or arriving:
            if not ready:  # everything local is done: wait for a value from another task
                key, value = remote.wait(tuple(arriving))
                for consumer, arg in arriving.pop(key):
                    deliver(consumer, arg, ROOT, 0, None if arg < 0 else value, value is DEAD)
                continue
            node, frame, it, inst = ready.popleft()
            op = node.op
            index += 1
            if deadline is not None and clock() > deadline:
                raise op_error(DeadlineExceededError, op, "Timed out waiting for notification")
            n_out = len(op._outputs)
            t0 = clock()
            if node.kind != "Merge" or node.loop_merge:
                instances.pop((op, frame, it), None)  # a cond Merge stays, to ignore its late dead input
            if inst.dead and op._type == "ControlTrigger":
                inst.dead = False  # TF: a ControlTrigger runs even when its inputs are dead (`b_sync`, `f_sync`)
            if inst.dead:
                outputs, dead = [DEAD] * n_out, [True] * n_out
            elif node.kind == "Merge":
                outputs, dead = [inst.args[0], np.int32(inst.index)], [False, False]
            else:
                out = node.kernel(ctx, *inst.args)
                if n_out == 1:
                    outputs = [out]
                elif n_out == 0:
                    outputs = []
                else:
                    outputs = list(out)
                dead = [v is DEAD for v in outputs]
            seconds = clock() - t0
            if n_out == 0:
                _send_control(node, frame, it, inst.dead, deliver)
                if remote is not None and frame == ROOT:
                    _send_remote(op, (), (), inst.dead, remote)
            else:
                send(node, frame, it, outputs, dead)
            args = inst.args
            inst.args = None
            if records:
                if keep:
                    out_rec = (outputs[0] if n_out == 1 else tuple(outputs)) if n_out else None
                    yield make_record(index, op, None if inst.dead else args, out_rec, seconds, frame, it)
                else:
                    yield make_record(index, op, None, None, seconds, frame, it)
    except (OpError, KeyboardInterrupt, MemoryError):
        raise
    except Exception as e:
        if hasattr(e, "cls") and hasattr(e, "message"):  # a kernel's KernelError
            raise op_error(e.cls, node.op, e.message) from None
        raise kernel_error_for(node.op, list(inst.args or ()), "", e) from None
    out = []
    for j, t in enumerate(plan.fetch_tensors):
        if t in fed:
            out.append(fed[t])
            continue
        value, dead = results.get((t._op, t._value_index), (None, True))
        if dead:
            raise InvalidArgumentError(None, None, f"Retval[{j}] does not have value")
        out.append(value)
    return out


def _send_remote(op, outputs, dead, all_dead, remote):
    for t, value, d in zip(op._outputs, outputs, dead):
        if t.name in remote.sends:
            remote.send(t.name, value, d)
    key = "^" + op.name
    if key in remote.sends:
        remote.send(key, None, all_dead)


def _send_control(node, frame, it, dead, deliver):
    for consumer, _ in node.consumers[-1]:
        deliver(consumer, -1, frame, it, None, dead)

