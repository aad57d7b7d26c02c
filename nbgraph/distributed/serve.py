"""A task process's end of the direct channel (`channel.py`): the requests it answers.

`run` (from a client: run this task's part of a step; the task's plan and the graph come with
it the first time and are cached here), `push` (from another task: a tensor, or a control
token, for a step) and `abort` (from a client: give a step up). Pushed values wait in the
task's `Rendezvous` until the op that needs them takes them. `start_channel` is called by the
Dask worker plugin (`plugin.py`) when the worker starts.
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
_CHANNELS: dict = {}    # plugin name -> (channel.Server, Rendezvous, channel.Pool)
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

    def take(self, step, key):
        return self.take_any(step, (key,))[1]


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


def _handler(rendezvous, pool):
    from ..engine.errors import UNAVAILABLE, OpError

    def handle(message):
        kind = message[0]
        if kind == "push":
            _, step, key, value = message
            rendezvous.put(step, key, value)
            return None
        if kind == "abort":
            rendezvous.abort(message[1])
            return None
        if kind == "run":
            _, step, plan_key, graph_key, spec, blob, feeds, peers, timed = message
            plan = _task_plan(plan_key, graph_key, spec, blob)
            if plan is None:
                return ("missing",)
            worker._local.rendezvous = rendezvous

            def send(key, value):
                for task in plan.send[key]:
                    try:
                        pool.post(peers[task], ("push", step, key, value))
                    except Exception:  # noqa: BLE001 - the receiving task is gone
                        raise _peer_gone(task) from None
            try:
                with np.errstate(all="ignore"):
                    values, seconds, sent = plan.run(step, feeds, send, timed)
            except RemoteOpError as e:
                return ("error", e.cls_name, e.op_name, e.message)
            except OpError as e:  # AbortedError (the client gave up) or UnavailableError (a peer is gone)
                return ("gone", e.message) if e.error_code == UNAVAILABLE else ("aborted",)
            except Exception as e:  # noqa: BLE001 - never leave the client waiting
                return ("error", "InternalError", "", f"{type(e).__name__}: {e}")
            return ("ok", values, seconds, sent)
        if kind == "ping":
            return ("pong",)
        return ("error", "InternalError", "", f"unknown request {kind!r}")
    return handle


def start_channel(name: str, host: str, authkey: bytes):
    """Starts this process's channel for plugin `name` (idempotent); returns its address."""
    from .channel import Pool, Server
    found = _CHANNELS.get(name)
    if found is None:
        rendezvous, pool = Rendezvous(), Pool(authkey)
        found = _CHANNELS[name] = (Server(host, authkey, _handler(rendezvous, pool)), rendezvous, pool)
    return found[0].address


def stop_channel(name: str) -> None:
    found = _CHANNELS.pop(name, None)
    if found is not None:
        found[0].close()
        found[2].close()


def channel_address(name: str):
    """The (host, port) of this process's channel for plugin `name`, or None."""
    found = _CHANNELS.get(name)
    return found[0].address if found is not None else None
