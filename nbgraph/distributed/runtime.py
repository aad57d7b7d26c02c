"""The client side of a cluster session: `tf.Session(server.target)` runs here.

`attach(session, "grpc://host:port")` finds the cluster serving that address (a
`tf.train.Server` started it) and returns a `ClusterRuntime`: the session's devices are every
task's (`/job:worker/replica:0/task:1/device:CPU:0`, plus virtual GPUs per task), feeds and
fetches sit on the master task (the one whose address the session used), and each run is
partitioned by task (`partition.py`) and submitted to Dask as one task per partition, restricted
to the worker serving that task. Dask moves the tensors that cross tasks from worker to worker;
the records show them as `_Send`/`_Recv` steps with their byte counts.

Faults: when a task's worker is gone (killed, restarting) the run fails with TF's
`UnavailableError` naming the task; the other tasks keep their state and later runs that do
not need the lost task work. A restarted task comes back with no variables.
"""
from __future__ import annotations

import itertools
import threading
import time
import uuid

from ..engine.errors import (DeadlineExceededError, UnavailableError, exception_type_from_error_code,
                             op_error)
from ..engine import errors as _errors
from ..engine.executor import StepRecord
from ..engine.local_devices import session_devices
from .backend import resolve_target
from .partition import partition_plan
from .worker import GraphBox, RemoteOpError, collect, run_partition

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
        self._boxes = {}       # (graph version, structure version) -> scattered GraphBox future
        self.transfers = []    # the latest run's Transfers (name, tensor, devices, bytes)

    def devices(self, config) -> list:
        """(type, index, description, task) for every device of every task."""
        local = session_devices(config)
        return [(t, i, d, task) for task in self.cluster.tasks for t, i, d in local]

    def _graph(self):
        g = self.session._graph
        key = (id(g), g.version, g._structure_version)
        fut = self._boxes.get(key)
        if fut is None:
            self._boxes.clear()
            fut = self.cluster.client.scatter(GraphBox.of(g), broadcast=True, hash=False)
            self._boxes[key] = fut
        return fut

    def execution(self, plan, ctx, feed_values, *, placement=None, keep_values=False, deadline=None, records=True):
        return RemoteExecution(self, plan, feed_values, placement=placement, records=records, deadline=deadline)


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
        if plan.control_flow:
            raise _errors.UnimplementedError(None, None, "nbgraph does not run tf.cond/tf.while_loop on a cluster yet: "
                                                         "run them in a local session")
        parts, client_recvs = partition_plan(plan, rt.client_device, self.devices)
        fed = dict(zip(plan.feeds, self.feed_values))
        fetch_names = tuple(t.name for t in plan.fetch_tensors)
        if not parts:
            self.results = [fed.get(t) for t in plan.fetch_tensors]
            return
        cluster = rt.cluster
        client = cluster.client
        box = rt._graph()
        run = next(_runs)
        tag = uuid.uuid4().hex[:8]
        addresses = {}
        for p in parts:
            if p.task not in addresses:
                addr = cluster.worker_of(p.task)
                if addr is None:
                    addr = cluster.worker_of(p.task, refresh=True)
                if addr is None:
                    raise _unavailable(p.task, p.ops[0])
                addresses[p.task] = addr
        futures = []
        for p in parts:
            spec = (p.task, tuple(op.name for op in p.ops), {t.name: fed[t] for t in p.feeds}, tuple(p.wanted))
            futures.append(client.submit(run_partition, box, spec, *[futures[j] for j in sorted(p.after)],
                                         key=f"nbgraph-{tag}-{run}-{p.index}-{p.task}", workers=[addresses[p.task]],
                                         allow_other_workers=False, pure=False))
        master = cluster.worker_of(rt.master)
        last = client.submit(collect, fetch_names, *futures, key=f"nbgraph-{tag}-{run}-collect",
                             workers=[master] if master else None, allow_other_workers=True, pure=False)
        try:
            values, metas = self._wait(last, futures, parts, addresses)
        except BaseException:
            client.cancel(futures + [last])
            raise
        for t, v in zip(plan.fetch_tensors, values):
            fed.setdefault(t, v)
        self.results = [fed[t] for t in plan.fetch_tensors]
        transfers = []
        for p, (seconds, nbytes) in zip(parts, metas):
            for s in p.sends:
                s.bytes = nbytes.get(s.tensor.name, 0)
            transfers += p.sends
        for r in [r for p in parts for r in p.recvs] + client_recvs:
            r.bytes = next((s.bytes for s in transfers if s.tensor is r.tensor), 0)
        rt.transfers = [t for p in parts for t in p.sends + p.recvs] + client_recvs
        if not self.records:
            return
        index = 0
        for p, (seconds, _) in zip(parts, metas):
            for r in p.recvs:
                yield StepRecord(index, r, r.device, None, None, 0.0)
                index += 1
            for op, s in zip(p.ops, seconds):
                yield StepRecord(index, op, self.devices.get(op, p.device), None, None, s)
                index += 1
            for s in p.sends:
                yield StepRecord(index, s, s.device, None, None, 0.0)
                index += 1
        for r in client_recvs:
            yield StepRecord(index, r, r.device, None, None, 0.0)
            index += 1

    def _wait(self, last, futures, parts, addresses):
        cluster = self.runtime.cluster
        by_name = {op.name: op for p in parts for op in p.ops}
        finished = threading.Event()
        last.add_done_callback(lambda _: finished.set())
        while True:
            if not finished.wait(_POLL):
                if self.deadline is not None and time.perf_counter() > self.deadline:
                    raise DeadlineExceededError(None, None, "Deadline Exceeded")
                dead = self._dead_task(addresses)
                if dead is not None:
                    raise _unavailable(dead, _first_op(parts, dead))
                continue
            try:
                return last.result()
            except RemoteOpError as e:
                op = by_name.get(e.op_name)
                cls = getattr(_errors, e.cls_name, _errors.InvalidArgumentError)
                raise op_error(cls, op, e.message) if op is not None else cls(None, None, e.message) from None
            except _errors.OpError:
                raise
            except Exception as e:  # noqa: BLE001 - a worker lost under the run (KilledWorker, comm closed)
                dead = self._dead_task(addresses)
                if dead is not None:
                    raise _unavailable(dead, _first_op(parts, dead)) from None
                raise exception_type_from_error_code(_errors.INTERNAL)(None, None, f"{type(e).__name__}: {e}") from None

    def _dead_task(self, addresses):
        now = self.runtime.cluster.refresh()
        for task, addr in addresses.items():
            if now.get(task) != addr:
                return task
        return None


def _first_op(parts, task):
    return next((p.ops[0] for p in parts if p.task == task), None)


def _unavailable(task, op):
    message = (f"From {task}:\nSocket closed\n(the process serving {task} is gone: its variables are lost; "
               "a restarted task comes back uninitialised)")
    return op_error(UnavailableError, op, message) if op is not None else UnavailableError(None, None, message)
