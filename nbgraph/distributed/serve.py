"""A task process's end of the direct channel (`channel.py`, `taskloop.py`): what it answers.

`run` (from a client: run this task's part of a step; the task's plan and the graph come with
it the first time and are cached here), `push` (from another task: a tensor, or a control
token, for a step) and `abort` (from a client: give a step up). A push for a step that waits
for it resumes that step at once; one that comes early waits in the task's `Rendezvous`.
`start_channel` is called by the Dask worker plugin (`plugin.py`) when the worker starts.
"""
from __future__ import annotations

import collections
import pickle
import threading

import numpy as np

from . import worker
from .worker import RemoteOpError, TaskPlan, _aborted, _peer_gone

__all__ = ["Rendezvous", "start_channel", "stop_channel", "channel_address"]

_GRAPHS: collections.OrderedDict = collections.OrderedDict()   # graph key -> {op name: op}
_PLANS: collections.OrderedDict = collections.OrderedDict()    # plan key -> TaskPlan
_KEEP_GRAPHS, _KEEP_PLANS = 8, 512
_CHANNELS: dict = {}    # plugin name -> TaskService
_cache_lock = threading.Lock()


class Rendezvous:
    """Tensors pushed to this task, keyed by (step, tensor name or `^op`), until an op takes them.
    A waiting op sleeps on its step's own condition: a push wakes only the run it is for."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values = {}
        self._waiting = {}     # step -> Condition (on _lock) its run sleeps on
        self._aborted = collections.OrderedDict()

    def put(self, step, key, value) -> None:
        with self._lock:
            if step in self._aborted:
                return
            self._values[(step, key)] = value
            cond = self._waiting.get(step)
            if cond is not None:
                cond.notify()

    def abort(self, step) -> None:
        with self._lock:
            self._aborted[step] = True
            while len(self._aborted) > 1000:
                self._aborted.popitem(last=False)
            for k in [k for k in self._values if k[0] == step]:
                del self._values[k]
            cond = self._waiting.get(step)
            if cond is not None:
                cond.notify_all()

    def take_any(self, step, keys):
        """(key, value) of the first of `keys` that has arrived; blocks until one has."""
        with self._lock:
            values = self._values
            for key in keys:
                v = values.pop((step, key), self)
                if v is not self:
                    return key, v
            cond = self._waiting[step] = threading.Condition(self._lock)
            try:
                while True:
                    if step in self._aborted:
                        raise _aborted(step)
                    cond.wait(1.0)
                    for key in keys:
                        v = values.pop((step, key), self)
                        if v is not self:
                            return key, v
            finally:
                del self._waiting[step]

    def take_now(self, step, key, missing):
        """The value pushed for (`step`, `key`), taken; `missing` when it has not come."""
        with self._lock:
            return self._values.pop((step, key), missing)

    def aborted(self, step) -> bool:
        return step in self._aborted


def _graph_ops(key, blob):
    with _cache_lock:
        ops = _GRAPHS.get(key)
        if ops is not None:
            _GRAPHS.move_to_end(key)
            return ops
    if blob is None:
        return None
    graph = pickle.loads(blob)
    ops = {op.name: op for op in graph.get_operations()}
    with _cache_lock:
        _GRAPHS[key] = ops
        while len(_GRAPHS) > _KEEP_GRAPHS:
            _GRAPHS.popitem(last=False)
    return ops


def _task_plan(key, graph_key, spec, blob):
    with _cache_lock:
        plan = _PLANS.get(key)
        if plan is not None:
            return plan
    if spec is None:
        return None
    ops = _graph_ops(graph_key, blob)
    if ops is None:
        return None
    plan = TaskPlan(ops, spec)
    with _cache_lock:
        _PLANS[key] = plan
        while len(_PLANS) > _KEEP_PLANS:
            _PLANS.popitem(last=False)
    return plan


class _Run:
    """A straight plan's step in progress on the loop: its generator and where to reply."""

    __slots__ = ("step", "gen", "conn")

    def __init__(self, step, gen, conn) -> None:
        self.step, self.gen, self.conn = step, gen, conn


class TaskService:
    """A task's channel: requests and pushes are handled on one loop thread (`taskloop.py`).

    A straight plan's step runs on the loop as a generator: it stops where it needs a tensor
    another task has not pushed yet and is resumed by that push. A plan with tf.cond /
    tf.while_loop runs on a thread of its own (the frame-aware executor blocks), fed through
    the thread-safe Rendezvous."""

    def __init__(self, host: str, authkey: bytes) -> None:
        from .taskloop import LoopServer
        self.authkey = authkey
        self.rendezvous = Rendezvous()
        self.waiting = {}      # (step, key) -> _Run waiting for that push
        self.links = {}        # peer channel address -> Conn the pushes go out on
        self.server = LoopServer(host, authkey, self.handle)
        self.loop = self.server.loop
        self.address = self.server.address

    # -- the loop's thread ----------------------------------------------------------------------
    def handle(self, message, conn):
        kind = message[0]
        if kind == "push":
            _, step, key, value = message
            run = self.waiting.pop((step, key), None)
            if run is not None:
                self._advance(run, value)
            else:
                self.rendezvous.put(step, key, value)
            return None
        if kind == "run":
            return self._start(message, conn)
        if kind == "abort":
            self._abort(message[1])
            return None
        if kind == "ping":
            return ("pong",)
        return ("error", "InternalError", "", f"unknown request {kind!r}")

    def _start(self, message, conn):
        _, step, plan_key, graph_key, spec, blob, feeds, peers, timed = message
        plan = _task_plan(plan_key, graph_key, spec, blob)
        if plan is None:
            return ("missing",)
        if self.rendezvous.aborted(step):
            return ("aborted",)
        if plan.dataflow:
            threading.Thread(target=self._run_thread, args=(plan, step, feeds, peers, conn), daemon=True,
                             name="nbgraph-task-step").start()
            return None

        def send(key, value):
            for task in plan.send[key]:
                self._post(peers[task], task, ("push", step, key, value))
        self._advance(_Run(step, plan.start(step, feeds, send, timed), conn), None)
        return None

    def _advance(self, run, value) -> None:
        """Runs `run` on until it waits for a push that has not come, or ends (then replies)."""
        gen, take = run.gen, self.rendezvous.take_now
        while True:
            try:
                key = gen.send(value)
            except StopIteration as stop:
                values, seconds, sent = stop.value
                reply = ("ok", values, seconds, sent)
                break
            except BaseException as e:  # noqa: BLE001 - never leave the client waiting
                reply = _failure(e)
                break
            value = take(run.step, key, self)
            if value is self:
                self.waiting[(run.step, key)] = run
                return
        self._reply(run.conn, reply)

    def _reply(self, conn, reply) -> None:
        if not conn.closed:
            try:
                conn.send(reply)
            except OSError:
                pass

    def _abort(self, step) -> None:
        self.rendezvous.abort(step)
        for k in [k for k in self.waiting if k[0] == step]:
            run = self.waiting.pop(k)
            run.gen.close()
            self._reply(run.conn, ("aborted",))

    def _post(self, address, task, message) -> None:
        """Pushes `message` to the task listening on `address` (raises UnavailableError naming
        `task` when it is gone)."""
        address = tuple(address)
        conn = self.links.get(address)
        try:
            if conn is None or conn.closed:
                conn = self.links[address] = self.loop.connect(address, self.authkey, _ignore)
            conn.send(message)
        except Exception:  # noqa: BLE001 - the receiving task is gone
            self.links.pop(address, None)
            raise _peer_gone(task) from None

    # -- a dataflow plan's thread ---------------------------------------------------------------
    def _run_thread(self, plan, step, feeds, peers, conn) -> None:
        worker._local.rendezvous = self.rendezvous
        failed = []

        def post(address, task, message):
            try:
                self._post(address, task, message)
            except Exception:  # noqa: BLE001 - the client finds the task gone
                failed.append(task)

        def send(key, value):
            for task in plan.send[key]:
                if failed:
                    raise _peer_gone(failed[0])
                self.loop.call_soon_threadsafe(post, peers[task], task, ("push", step, key, value))
        try:
            values, seconds, sent = plan.run(step, feeds, send)
            reply = ("ok", values, seconds, sent)
        except BaseException as e:  # noqa: BLE001 - never leave the client waiting
            reply = _failure(e)
        self.loop.call_soon_threadsafe(self._reply, conn, reply)

    def close(self) -> None:
        self.server.close()


def _ignore(conn, message) -> None:
    """Peers never answer on a push connection."""


def _failure(e: BaseException) -> tuple:
    """The reply for a step that failed with `e`."""
    from ..engine.errors import UNAVAILABLE, OpError
    if isinstance(e, RemoteOpError):
        return ("error", e.cls_name, e.op_name, e.message)
    if isinstance(e, OpError):  # AbortedError (the client gave up) or UnavailableError (a peer is gone)
        return ("gone", e.message) if e.error_code == UNAVAILABLE else ("aborted",)
    return ("error", "InternalError", "", f"{type(e).__name__}: {e}")


def start_channel(name: str, host: str, authkey: bytes):
    """Starts this process's channel for plugin `name` (idempotent); returns its address."""
    found = _CHANNELS.get(name)
    if found is None:
        found = _CHANNELS[name] = TaskService(host, authkey)
    return found.address


def stop_channel(name: str) -> None:
    found = _CHANNELS.pop(name, None)
    if found is not None:
        found.close()


def channel_address(name: str):
    """The (host, port) of this process's channel for plugin `name`, or None."""
    found = _CHANNELS.get(name)
    return found.address if found is not None else None
