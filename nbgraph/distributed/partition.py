"""Partitioning a placed plan by task, as TF's `graph_partition.cc` does for a cluster.

The plan's ops are re-ordered (a topological order that stays on one task as long as it can) and
cut into *partitions*: runs of consecutive ops on one task. Every data edge between partitions
on different tasks is a transfer, shown as TF shows it: a `_Send` on the producer's device and a
`_Recv` on the consumer's (`Transfer` steps in the records; their names follow TF's `x/_N`).
A partition also waits for the previous partition of its task (a task runs its partitions in
order, so an `assign` and a later read of the same variable keep their order).
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Partition", "Transfer", "partition_plan", "task_of", "task_specs"]


def task_of(device: str) -> str:
    """`/job:ps/replica:0/task:0/device:CPU:0` -> `/job:ps/replica:0/task:0`."""
    return device.split("/device:", 1)[0]


class Transfer:
    """A `_Send` or `_Recv` step: `tensor` crossing from `send_device` to `recv_device`.

    It stands where a StepRecord's `op` stands (`name`, `type`, `inputs` are what the stepper and
    the placement views read); `bytes` is filled when the run has moved the value."""

    def __init__(self, name: str, type_: str, tensor, send_device: str, recv_device: str) -> None:
        self.name = self._name = name
        self.type = self._type = type_
        self.tensor = tensor
        self.send_device = send_device
        self.recv_device = recv_device
        self.device = send_device if type_ == "_Send" else recv_device
        self.bytes = 0
        self._inputs = (tensor,) if type_ == "_Send" else ()
        self._outputs = ()
        self._control_inputs = []
        self._attrs = {"tensor_name": tensor.name, "send_device": send_device, "recv_device": recv_device}

    inputs = property(lambda self: list(self._inputs))

    def __repr__(self):
        return f"<{self.type} {self.tensor.name}: {self.send_device} -> {self.recv_device} ({self.bytes} bytes)>"


@dataclass
class Partition:
    """Consecutive ops of one task; `after` are the partitions it waits for (by index)."""

    index: int
    task: str
    device: str
    ops: list = field(default_factory=list)
    after: set = field(default_factory=set)
    feeds: list = field(default_factory=list)      # fed tensors it reads
    recvs: list = field(default_factory=list)      # Transfers into it
    sends: list = field(default_factory=list)      # Transfers out of it
    wanted: list = field(default_factory=list)     # tensor names it returns


def _executed_order(plan, devices):
    """The plan's executed ops in a dependency order that changes task as rarely as it can."""
    executed = [s[0] for s in plan.steps]
    position = {op: i for i, op in enumerate(executed)}
    fed = set(plan.feeds)
    deps = {op: set() for op in executed}
    users = {op: [] for op in executed}
    for op in executed:
        merge = op._type in ("Merge", "RefMerge")
        for t in op._inputs:
            if merge and t._op._type in ("NextIteration", "RefNextIteration"):
                continue  # a while loop's back edge
            if t not in fed and t._op in position and t._op is not op:
                deps[op].add(t._op)
        for c in op._control_inputs:
            if c in position:
                deps[op].add(c)
        for d in deps[op]:
            users[d].append(op)
    waiting = {op: len(d) for op, d in deps.items()}
    ready = sorted((op for op in executed if not waiting[op]), key=position.get)
    order, current = [], None
    while ready:
        pick = next((op for op in ready if task_of(devices[op]) == current), ready[0])
        ready.remove(pick)
        order.append(pick)
        current = task_of(devices[pick])
        for u in users[pick]:
            waiting[u] -= 1
            if not waiting[u]:
                ready.append(u)
        ready.sort(key=position.get)
    return order


def partition_plan(plan, client_device: str, devices: dict) -> tuple:
    """(partitions in the order they can run, with their transfers; the `_Recv`s of fetched
    tensors into the client's task). `devices`: where the session's placement put each op."""
    order = _executed_order(plan, devices)
    fed = set(plan.feeds)
    parts, part_of, last_of_task = [], {}, {}
    for op in order:
        dev = devices.get(op, client_device)
        task = task_of(dev)
        if not parts or parts[-1].task != task:
            p = Partition(len(parts), task, f"{task}/device:CPU:0")
            if task in last_of_task:
                p.after.add(last_of_task[task])
            parts.append(p)
            last_of_task[task] = p.index
        parts[-1].ops.append(op)
        part_of[op] = parts[-1].index
    counter = 0
    client_recvs = []
    sent = {}  # (tensor, to task) -> Transfer pair, so a tensor crosses to a task once
    for p in parts:
        for op in p.ops:
            refs = op._opdef.ref_inputs
            for j, t in enumerate(op._inputs):
                if t in fed:
                    if j not in refs and t not in p.feeds:
                        p.feeds.append(t)
                    continue
                src = part_of.get(t._op)
                if src is None or src == p.index:
                    continue
                p.after.add(src)
                if j in refs:
                    continue  # a ref edge never crosses: the placer colocates it
                producer = parts[src]
                if t.name not in producer.wanted:
                    producer.wanted.append(t.name)
                if producer.task != p.task and (t, p.task) not in sent:
                    name = f"{t._op.name}/_{counter}"
                    counter += 1
                    send = Transfer(name, "_Send", t, devices.get(t._op, client_device), devices.get(op, client_device))
                    recv = Transfer(f"{t._op.name}/_{counter}", "_Recv", t, send.send_device, send.recv_device)
                    counter += 1
                    sent[(t, p.task)] = (send, recv)
                    producer.sends.append(send)
                    p.recvs.append(recv)
            for c in op._control_inputs:
                src = part_of.get(c)
                if src is not None and src != p.index:
                    p.after.add(src)
    for t in plan.fetch_tensors:
        if t in fed or t._op not in part_of:
            continue
        producer = parts[part_of[t._op]]
        if t.name not in producer.wanted:
            producer.wanted.append(t.name)
        if producer.task != task_of(client_device) and (t, "client") not in sent:
            send = Transfer(f"{t._op.name}/_{counter}", "_Send", t, devices.get(t._op, client_device), client_device)
            recv = Transfer(f"{t._op.name}/_{counter + 1}", "_Recv", t, send.send_device, client_device)
            counter += 2
            sent[(t, "client")] = (send, recv)
            producer.sends.append(send)
            client_recvs.append(recv)
    return parts, client_recvs


def _loop_depth(op) -> int:
    ctx, depth = op._cf_context, 0
    while ctx is not None:
        depth += hasattr(ctx, "loop_exits")
        ctx = ctx.outer
    return depth


def _crosses_in_loop(src, dst) -> bool:
    """True when the edge src -> dst carries values of a while loop's iterations (not the root
    frame): an Exit's output and an Enter's input are outside the loop."""
    out = _loop_depth(src) - (src._type in ("Exit", "RefExit"))
    into = _loop_depth(dst) - (dst._type in ("Enter", "RefEnter"))
    return out > 0 or into > 0


def task_specs(plan, parts) -> dict:
    """{task: spec} of what each task runs in one step of `plan`: its ops (in partition order),
    the keys it receives from other tasks (tensor names; `^op` for a control edge), the keys it
    sends ({key: [tasks]}), the tensors it returns to the client (`wanted`: fetches) and reads
    from the feeds, and whether it needs the frame-aware executor (`dataflow`: the plan has
    tf.cond/tf.while_loop). Raises UnimplementedError for an edge between tasks inside a loop."""
    from ..engine.errors import UnimplementedError
    fed = set(plan.feeds)
    task = {}
    specs = {}
    for p in parts:
        spec = specs.setdefault(p.task, {"task": p.task, "ops": [], "recv": set(), "send": {}, "wanted": [],
                                         "feeds": [], "dataflow": bool(plan.control_flow)})
        for op in p.ops:
            task[op] = p.task
            spec["ops"].append(op.name)
    # A step ends when every task has answered, so a NoOp that nothing in the plan waits for (the
    # `train_op` a client runs) need not wait for tokens from other tasks: its task does not
    # wait for their last ops, and they do not send it tokens (one hop less per step).
    awaited = {c for op in task for c in op._control_inputs}
    for p in parts:
        spec = specs[p.task]
        for op in p.ops:
            refs = op._opdef.ref_inputs
            edges = [(t._op, t.name, t) for j, t in enumerate(op._inputs) if j not in refs]
            terminal = op._type == "NoOp" and op not in awaited and not plan.control_flow
            edges += [(c, "^" + c.name, None) for c in op._control_inputs
                      if not (terminal and task.get(c, p.task) != p.task)]
            for src, key, t in edges:
                if t is not None and t in fed:
                    if t.name not in spec["feeds"]:
                        spec["feeds"].append(t.name)
                    continue
                st = task.get(src)
                if st is None or st == p.task:
                    continue
                if plan.control_flow and _crosses_in_loop(src, op):
                    raise UnimplementedError(None, None, (
                        f"nbgraph runs a tf.while_loop on a cluster only when the loop's ops are on one task: "
                        f"{src.name} ({st}) feeds {op.name} ({p.task}) inside the loop; pin the loop with "
                        f"tf.device"))
                spec["recv"].add(key)
                dest = specs[st]["send"].setdefault(key, [])
                if p.task not in dest:
                    dest.append(p.task)
    for t in plan.fetch_tensors:
        if t in fed or t._op not in task:
            continue
        wanted = specs[task[t._op]]["wanted"]
        if t.name not in wanted:
            wanted.append(t.name)
    for spec in specs.values():
        spec["recv"] = sorted(spec["recv"])
    return specs
