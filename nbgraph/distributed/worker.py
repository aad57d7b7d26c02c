"""What runs inside a task's process: its variables, its copies of the graphs, its step plans,
and the channel requests that run them.

A TF task keeps its variables in its own memory, by name, shared by every session that runs on
the cluster (two notebooks connected to one cluster see each other's `assign`s, as TF's ps
tasks share a resource container). A restarted worker process starts with none: TF's
"a restarted server comes back uninitialised".

A step is one `run` request per task (`channel.py`): the task's plan (its ops in the order the
client partitioned them, which tensors it receives from other tasks and which it sends) is
shipped once and cached here, as is the graph (pickled once per graph version), so a step
carries only its id, its feeds and where the peer tasks listen. The ops run with the engine's
own kernels; a tensor another task needs is pushed to it as soon as it is made (TF's `_Send`),
and an op waits for the tensors pushed to it (TF's `_Recv`). A plan with `tf.cond` /
`tf.while_loop` runs on the engine's frame-aware dataflow executor, with the same pushes.
"""
from __future__ import annotations

import collections
import io
import pickle
import threading
import time
from collections.abc import MutableMapping

import numpy as np

__all__ = ["RemoteOpError", "task_variables", "start_channel", "stop_channel", "channel_address", "dumps_graph"]

_VARIABLES: dict = {}   # variable name -> ndarray: this task's variables
_COUNTERS: dict = {}
_RNGS: dict = {}
_RLOCK, _LOCK = type(threading.RLock()), type(threading.Lock())
_GRAPHS: collections.OrderedDict = collections.OrderedDict()   # graph key -> {op name: op}
_PLANS: collections.OrderedDict = collections.OrderedDict()    # plan key -> TaskPlan
_KEEP_GRAPHS, _KEEP_PLANS = 8, 512
_CHANNELS: dict = {}    # plugin name -> (channel.Server, Rendezvous, channel.Pool)
_cache_lock = threading.Lock()


class RemoteOpError(Exception):
    """A kernel failed on a worker: the client turns it back into the TF error naming its op."""

    def __init__(self, cls_name: str, op_name: str, message: str, task: str) -> None:
        super().__init__(cls_name, op_name, message, task)
        self.cls_name, self.op_name, self.message, self.task = cls_name, op_name, message, task


def _aborted(step):
    """The client gave the step up (another task failed or vanished)."""
    from ..engine.errors import AbortedError
    return AbortedError(None, None, f"step {step} was aborted")


def _peer_gone(task):
    from ..engine.errors import UnavailableError
    return UnavailableError(None, None, task)


def dumps_graph(graph) -> bytes:
    """The graph as it travels to tasks (once per graph version): locks travel as fresh locks."""
    import cloudpickle

    class _Pickler(cloudpickle.Pickler):
        def reducer_override(self, o):
            if type(o) is _RLOCK:
                return threading.RLock, ()
            if type(o) is _LOCK:
                return threading.Lock, ()
            if type(o) is threading.local:  # per-thread graph-building state stays behind
                return threading.local, ()
            return super().reducer_override(o)
    f = io.BytesIO()
    _Pickler(f, protocol=5).dump(graph)
    return f.getvalue()


class _ByName(MutableMapping):
    """`ctx.variables` keyed by the variable op's name: the task's variables, for any graph copy."""

    def __getitem__(self, op):
        return _VARIABLES[op.name]

    def __setitem__(self, op, value):
        _VARIABLES[op.name] = value

    def __delitem__(self, op):
        del _VARIABLES[op.name]

    def __contains__(self, op):
        return op.name in _VARIABLES

    def __iter__(self):
        return iter(_VARIABLES)

    def __len__(self):
        return len(_VARIABLES)


class _TaskContext:
    """The RunContext kernels see on a worker: the task's variables, counters and generators."""

    closed = False

    def __init__(self) -> None:
        self.variables = _ByName()
        self.counters = _COUNTERS

    def rng(self, op):
        g = _RNGS.get(op.name)
        if g is None:
            s1, s2 = op._attrs.get("seed", 0), op._attrs.get("seed2", 0)
            seq = np.random.SeedSequence([s1, s2]) if (s1 or s2) else np.random.SeedSequence()
            g = _RNGS[op.name] = np.random.default_rng(seq)
        return g


_CTX = _TaskContext()


def task_variables() -> dict:
    """{name: value} of the variables this worker's task holds (copies)."""
    return {k: np.array(v) for k, v in _VARIABLES.items()}


# -- receiving: the rendezvous of one task --------------------------------------------------------
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


# -- a task's part of a plan ------------------------------------------------------------------------
class TaskPlan:
    """This task's ops for one plan signature, ready to run: per op its kernel, the names it
    reads, the names it writes, the keys it must receive first and the keys it sends."""

    def __init__(self, ops_by_name: dict, spec: dict) -> None:
        self.task = spec["task"]
        self.ops = [ops_by_name[n] for n in spec["ops"]]
        self.recv = frozenset(spec["recv"])
        self.send = {k: tuple(v) for k, v in spec["send"].items()}
        self.wanted = tuple(spec["wanted"])
        self.feeds = tuple(spec["feeds"])
        self.dataflow = spec["dataflow"]
        self.steps = []
        for op in self.ops:
            if op._kernel is None:
                op._kernel = op._opdef.make_kernel(op)
            refs = op._opdef.ref_inputs
            ins = tuple(t.name for j, t in enumerate(op._inputs) if j not in refs)
            waits = tuple(k for k in ins + tuple("^" + c.name for c in op._control_inputs) if k in self.recv)
            outs = tuple(t.name for t in op._outputs)
            sends = tuple(k for k in outs + ("^" + op.name,) if k in self.send)
            self.steps.append((op, op._kernel, ins, outs, waits, sends))
        if self.dataflow:
            graph = self.ops[0]._graph
            self.sub = _SubPlan(self.ops, [graph.get_tensor_by_name(n) for n in self.feeds],
                                [graph.get_tensor_by_name(n) for n in self.wanted])

    def run(self, step, feeds: dict, send, timed: bool = True) -> tuple:
        """Runs the ops; `send(key, value)` pushes to the tasks that need it. Returns (wanted
        values, seconds per op (None unless `timed`), {sent key: bytes})."""
        from ..engine.errors import KernelError, OpError
        if self.dataflow:
            return self._run_dataflow(step, feeds, send)
        vals = dict(feeds)
        seconds, sent = ([] if timed else None), {}
        clock = time.perf_counter
        rv_take = _rendezvous_take
        ctx = _CTX
        op = None
        try:
            for op, kernel, ins, outs, waits, sends in self.steps:
                if waits:
                    for k in waits:
                        if k not in vals:
                            vals[k] = rv_take(step, k)
                if timed:
                    t0 = clock()
                    out = kernel(ctx, *[vals[n] for n in ins])
                    seconds.append(clock() - t0)
                else:
                    out = kernel(ctx, *[vals[n] for n in ins])
                if len(outs) == 1:
                    vals[outs[0]] = out
                elif outs:
                    for n, v in zip(outs, out or ()):
                        vals[n] = v
                if sends:
                    for k in sends:
                        v = vals.get(k)
                        send(k, v)
                        sent[k] = int(getattr(v, "nbytes", 0))
        except KernelError as e:
            raise RemoteOpError(e.cls.__name__, op.name, e.message, self.task) from None
        except OpError:
            raise  # the step was aborted, or a task it sends to is gone
        except Exception as e:  # noqa: BLE001 - numpy failures become TF errors naming the op
            raise RemoteOpError("InvalidArgumentError", op.name, f"{type(e).__name__}: {e}", self.task) from None
        return {n: _owned(vals[n]) for n in self.wanted}, seconds, sent

    def _run_dataflow(self, step, feeds, send):
        from ..engine.dataflow import DEAD, run_dataflow
        from ..engine.errors import AbortedError, OpError, UnavailableError
        sent = {}

        def push(key, value, dead):
            v = DEAD if dead else value
            send(key, v)
            sent[key] = int(getattr(v, "nbytes", 0))

        remote = _Remote(step, self.recv, set(self.send), push)
        feed_values = [feeds[t.name] for t in self.sub.feeds]
        try:
            gen = run_dataflow(self.sub, _CTX, feed_values, records=False, keep=False, deadline=None,
                               make_record=None, remote=remote)
            while True:
                next(gen)
        except StopIteration as stop:
            values = stop.value
        except (AbortedError, UnavailableError):
            raise
        except OpError as e:
            raise RemoteOpError(type(e).__name__, e.op.name if e.op is not None else "", e.message,
                                self.task) from None
        return {t.name: _owned(v) for t, v in zip(self.sub.fetch_tensors, values)}, None, sent


class _SubPlan:
    """What the dataflow executor reads of a plan: (op, kernel) steps, feeds and fetches."""

    def __init__(self, ops, feeds, fetches):
        self.steps = [(op, op._kernel) for op in ops]
        self.feeds = feeds
        self.fetch_tensors = fetches


class _Remote:
    """The dataflow executor's link to the other tasks of a step."""

    def __init__(self, step, inputs, sends, push):
        self.step, self.inputs, self.sends, self.send = step, inputs, sends, push

    def wait(self, keys):
        return _rendezvous_take_any(self.step, keys)


def _owned(v):
    """A value leaving the task: a copy when it is the task's own variable buffer."""
    if isinstance(v, np.ndarray) and any(v is x for x in _VARIABLES.values()):
        return v.copy()
    return v


# -- the channel: requests from the client and pushes from other tasks ------------------------------
_local = threading.local()   # the channel (Rendezvous) serving the current request


def _rendezvous_take(step, key):
    return _local.rendezvous.take(step, key)


def _rendezvous_take_any(step, keys):
    return _local.rendezvous.take_any(step, keys)


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
            _local.rendezvous = rendezvous

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
