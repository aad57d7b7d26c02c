"""The client side of a cluster session: `tf.Session(server.target)` runs here.

`attach(session, "grpc://host:port")` finds the cluster serving that address (a
`tf.train.Server` started it) and returns a `ClusterRuntime`: the session's devices are every
task's (`/job:worker/replica:0/task:1/device:CPU:0`, plus virtual GPUs per task), feeds and
fetches sit on the master task (the one whose address the session used), and each plan is
partitioned by task (`partition.py`) once per placement.

A run is one request per task, sent at once to every task on its direct channel
(`channel.py`; the Dask scheduler is not in the path): the task's plan and the graph travel
only the first time a task sees them (the task caches them, `worker.py`), so a step carries its
id, its feeds and the peers' addresses. Tasks push the tensors that cross tasks straight to each
other; the records show them as `_Send`/`_Recv` steps with their byte counts. Plans with
`tf.cond`/`tf.while_loop` run the same way, on each task's frame-aware executor.

Faults: when a task's process is gone (killed, restarting) its channel closes and the run fails
with TF's `UnavailableError` naming the task; the other tasks of the step are told to abort it,
keep their state, and later runs that do not need the lost task work. A task that hangs is
found by asking the Dask scheduler which workers are alive. A restarted task comes back with
no variables.
"""
from __future__ import annotations

import itertools
import time
import uuid
from multiprocessing.connection import wait

from ..engine.errors import (DeadlineExceededError, UnavailableError, exception_type_from_error_code,
                             op_error)
from ..engine import errors as _errors
from ..engine.executor import StepRecord
from ..engine.local_devices import session_devices
from . import channel
from .backend import resolve_target
from .partition import partition_plan, task_specs
from .worker import dumps_graph

__all__ = ["attach", "ClusterRuntime", "RemoteExecution"]

_runs = itertools.count()
_POLL = 0.25  # seconds between checks that the tasks of a slow run are still alive


def attach(session, target: str) -> "ClusterRuntime":
    found = resolve_target(target)
    if found is None:
        raise UnavailableError(None, None, f"failed to connect to all addresses\n(no tf.train.Server serves {target}: "
                                           "create the cluster's servers with a ClusterSpec that lists this address "
                                           "before opening a session on it)")
    cluster, master = found
    return ClusterRuntime(session, cluster, master)


class ClusterRuntime:
    """Runs one session's plans on the cluster's workers."""

    def __init__(self, session, cluster, master: str) -> None:
        self.session = session
        self.cluster = cluster
        self.master = master
        self.client_device = f"{master}/device:CPU:0"
        self.transfers = []    # the latest run's Transfers (name, tensor, devices, bytes)
        self._token = uuid.uuid4().hex[:12]
        self._blob = (None, None)   # (graph key, pickled graph)
        self._compiled = {}         # plan -> _Compiled
        self._shipped = set()       # (channel address, graph or plan key) the task has cached

    def devices(self, config) -> list:
        """(type, index, description, task) for every device of every task."""
        local = session_devices(config)
        return [(t, i, d, task) for task in self.cluster.tasks for t, i, d in local]

    def graph_key(self):
        g = self.session._graph
        return (self._token, g.version, g._structure_version)

    def graph_blob(self, key) -> bytes:
        if self._blob[0] != key:
            self._blob = (key, dumps_graph(self.session._graph))
        return self._blob[1]

    def compiled(self, plan, devices) -> "_Compiled":
        """The partitions and per-task specs of `plan` as placed (cached while the placement holds)."""
        key = self.graph_key()
        c = self._compiled.get(plan)
        if c is None or c.devices is not devices or c.graph_key != key:
            if len(self._compiled) > 256:
                self._compiled.clear()
            c = self._compiled[plan] = _Compiled(plan, devices, self.client_device, key, next(_runs))
        return c

    def execution(self, plan, ctx, feed_values, *, placement=None, keep_values=False, deadline=None, records=True):
        return RemoteExecution(self, plan, feed_values, placement=placement, records=records, deadline=deadline)


class _Compiled:
    """One plan partitioned by task: its partitions, transfers and the spec each task caches."""

    def __init__(self, plan, devices, client_device, graph_key, serial):
        self.devices = devices
        self.graph_key = graph_key
        self.parts, self.client_recvs = partition_plan(plan, client_device, devices)
        self.specs = task_specs(plan, self.parts)
        # Tasks that can send something before they wait for anything get their request first:
        # the step's first transfers start while the other requests are still going out.
        self.tasks = sorted(self.specs, key=lambda t: not _sends_first(self.specs[t], plan.graph))
        self.plan_keys = {t: (graph_key, serial, t) for t in self.tasks}
        # the peers each task pushes to
        self.peers = {t: sorted({d for ds in spec["send"].values() for d in ds}) for t, spec in self.specs.items()}
        self.feeds = {t: [plan.graph.get_tensor_by_name(n) for n in spec["feeds"]] for t, spec in self.specs.items()}
        self.by_name = {op.name: op for p in self.parts for op in p.ops}


class RemoteExecution:
    """One run on the cluster; iterate it for StepRecords (ops, `_Send`s and `_Recv`s)."""

    def __init__(self, runtime, plan, feed_values, *, placement=None, records=True, deadline=None):
        self.runtime = runtime
        self.plan = plan
        self.placement = placement
        self.devices = placement.devices if placement is not None else {}
        self.feed_values = feed_values
        self.records = records
        self.deadline = deadline
        self.results = None
        self.values = None

    def run(self) -> list:
        """Runs every part on its task; returns the fetched values (as `Execution.run`)."""
        for _ in self:
            pass
        return self.results

    def __iter__(self):
        rt, plan = self.runtime, self.plan
        fed = dict(zip(plan.feeds, self.feed_values))
        c = rt.compiled(plan, self.devices)
        if not c.parts:
            self.results = [fed.get(t) for t in plan.fetch_tensors]
            return
        replies = self._step(c, fed)
        values = {}
        for reply in replies.values():
            values.update(reply[1])
        self.results = [fed[t] if t in fed else values[t.name] for t in plan.fetch_tensors]
        sent = {}
        for reply in replies.values():
            sent.update(reply[3])
        transfers = [t for p in c.parts for t in p.sends + p.recvs] + c.client_recvs
        for t in transfers:
            nbytes = sent.get(t.tensor.name)
            t.bytes = nbytes if nbytes is not None else int(getattr(values.get(t.tensor.name), "nbytes", 0))
        rt.transfers = transfers
        if not self.records:
            return
        seconds = {task: iter(reply[2] or ()) for task, reply in replies.items()}
        index = 0
        for p in c.parts:
            for r in p.recvs:
                yield StepRecord(index, r, r.device, None, None, 0.0)
                index += 1
            for op in p.ops:
                yield StepRecord(index, op, self.devices.get(op, p.device), None, None, next(seconds[p.task], 0.0))
                index += 1
            for s in p.sends:
                yield StepRecord(index, s, s.device, None, None, 0.0)
                index += 1
        for r in c.client_recvs:
            yield StepRecord(index, r, r.device, None, None, 0.0)
            index += 1

    def _step(self, c, fed) -> dict:
        """Sends every task its request, then waits for every reply; {task: ("ok", values,
        seconds, sent bytes)}. Turns failures into TF's errors (after aborting the step)."""
        rt = self.runtime
        cluster = rt.cluster
        step = (rt._token, next(_runs))
        channels = {}
        for task in c.tasks:
            ch = cluster.channel_of(task)
            if ch is None:
                raise _unavailable(task, _first_op(c.parts, task))
            channels[task] = ch
        for task in {p for ps in c.peers.values() for p in ps}:
            if task not in channels:
                ch = cluster.channel_of(task)
                if ch is None:
                    raise _unavailable(task, _first_op(c.parts, task))
                channels[task] = ch
        pending = {}
        try:
            for task in c.tasks:
                pending[self._send(c, task, step, channels, fed)] = task
            return self._wait(c, step, pending, channels, fed)
        except BaseException:
            self._abort(step, pending, channels)
            raise

    def _send(self, c, task, step, channels, fed, inline=False):
        rt = self.runtime
        address = channels[task]
        plan_key = c.plan_keys[task]
        spec = blob = None
        if inline or (address, plan_key) not in rt._shipped:
            spec = c.specs[task]
            if inline or (address, c.graph_key) not in rt._shipped:
                blob = rt.graph_blob(c.graph_key)
        feeds = {t.name: fed[t] for t in c.feeds[task]}
        peers = {p: channels[p] for p in c.peers[task]}
        try:
            conn = rt.cluster.pool.conn(address)
            channel.send(conn, ("run", step, plan_key, c.graph_key, spec, blob, feeds, peers, self.records))
        except (OSError, EOFError):
            rt.cluster.pool.drop(address)
            rt.cluster.forget(task)
            raise _unavailable(task, _first_op(c.parts, task)) from None
        if spec is not None:
            rt._shipped.add((address, plan_key))
        if blob is not None:
            rt._shipped.add((address, c.graph_key))
        return conn

    def _wait(self, c, step, pending, channels, fed) -> dict:
        rt = self.runtime
        replies = {}
        polls = 0
        while pending:
            ready = wait(list(pending), timeout=_POLL)
            if not ready:
                polls += 1
                if self.deadline is not None and time.perf_counter() > self.deadline:
                    raise DeadlineExceededError(None, None, "Deadline Exceeded")
                dead = self._dead_task(pending.values())
                if dead is not None:
                    raise _unavailable(dead, _first_op(c.parts, dead))
                continue
            for conn in ready:
                task = pending.pop(conn)
                try:
                    reply = channel.recv(conn)
                except (OSError, EOFError):
                    rt.cluster.pool.drop(channels[task])
                    rt.cluster.forget(task)
                    raise _unavailable(task, _first_op(c.parts, task)) from None
                kind = reply[0]
                if kind == "ok":
                    replies[task] = reply
                elif kind == "missing":  # the task's caches dropped the plan or graph: ship them again
                    pending[self._send(c, task, step, channels, fed, inline=True)] = task
                elif kind == "error":
                    _, cls_name, op_name, message = reply
                    op = c.by_name.get(op_name)
                    cls = getattr(_errors, cls_name, _errors.InvalidArgumentError)
                    raise op_error(cls, op, message) if op is not None else cls(None, None, message)
                elif kind == "gone":
                    gone = reply[1]
                    rt.cluster.forget(gone)
                    raise _unavailable(gone, _first_op(c.parts, gone))
                else:  # aborted: another task failed first; its reply says why
                    raise exception_type_from_error_code(_errors.ABORTED)(None, None, f"step aborted on {task}")
        return replies

    def _abort(self, step, pending, channels):
        """Tells every task of the step to give it up; drops the connections that owe a reply."""
        pool = self.runtime.cluster.pool
        for address in set(channels.values()):
            try:
                pool.post(address, ("abort", step))
            except Exception:  # noqa: BLE001 - that task is gone already
                pass
        for conn, task in pending.items():
            pool.drop(channels[task])

    def _dead_task(self, tasks):
        now = self.runtime.cluster.refresh()
        for task in tasks:
            if now.get(task) is None:
                return task
        return None


def _sends_first(spec, graph) -> bool:
    """Whether the task pushes a tensor to another task before it first waits for one."""
    recv, send = set(spec["recv"]), spec["send"]
    for name in spec["ops"]:
        op = graph.get_operation_by_name(name)
        if any(t.name in recv for t in op.inputs) or any("^" + c.name in recv for c in op.control_inputs):
            return False
        if any(t.name in send for t in op.outputs):
            return True
    return False


def _first_op(parts, task):
    return next((p.ops[0] for p in parts if p.task == task), None)


def _unavailable(task, op):
    message = (f"From {task}:\nSocket closed\n(the process serving {task} is gone: its variables are lost; "
               "a restarted task comes back uninitialised)")
    return op_error(UnavailableError, op, message) if op is not None else UnavailableError(None, None, message)
