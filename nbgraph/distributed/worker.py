"""What runs inside a task's process: its variables and its part of each step (`TaskPlan`);
`serve.py` answers the channel's requests with them.

A TF task keeps its variables in its own memory, by name, shared by every session that runs on
the cluster (two notebooks connected to one cluster see each other's `assign`s, as TF's ps
tasks share a resource container). A restarted worker process starts with none: TF's
"a restarted server comes back uninitialised".

A step is one `run` request per task (`channel.py`, `serve.py`): the task's plan (its ops in the order the
client partitioned them, which tensors it receives from other tasks and which it sends) is
shipped once and cached here, as is the graph (pickled once per graph version), so a step
carries only its id, its feeds and where the peer tasks listen. The ops run with the engine's
own kernels; a tensor another task needs is pushed to it as soon as it is made (TF's `_Send`),
and an op waits for the tensors pushed to it (TF's `_Recv`). A plan with `tf.cond` /
`tf.while_loop` runs on the engine's frame-aware dataflow executor, with the same pushes.
"""
from __future__ import annotations

import io
import threading
import time
from collections.abc import MutableMapping

import numpy as np

__all__ = ["RemoteOpError", "TaskPlan", "task_variables", "dumps_graph"]

_VARIABLES: dict = {}   # variable name -> ndarray: this task's variables
_COUNTERS: dict = {}
_RNGS: dict = {}
_RLOCK, _LOCK = type(threading.RLock()), type(threading.Lock())


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

    def start(self, step, feeds: dict, send, timed: bool = True):
        """A generator that runs the ops: it yields each key it must receive from another task
        before it can go on (send it the value), and calls `send(key, value)` for what other
        tasks need. Returns (wanted values, seconds per op (None unless `timed`), {sent key:
        bytes}). For a straight plan only (not `dataflow`)."""
        from ..engine.errors import KernelError, OpError
        vals = dict(feeds)
        seconds, sent = ([] if timed else None), {}
        clock = time.perf_counter
        ctx = _CTX
        op = None
        try:
            with np.errstate(all="ignore"):
                for op, kernel, ins, outs, waits, sends in self.steps:
                    if waits:
                        for k in waits:
                            if k not in vals:
                                vals[k] = yield k
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
            raise  # a task it sends to is gone
        except Exception as e:  # noqa: BLE001 - numpy failures become TF errors naming the op
            raise RemoteOpError("InvalidArgumentError", op.name, f"{type(e).__name__}: {e}", self.task) from None
        return {n: _owned(vals[n]) for n in self.wanted}, seconds, sent

    def run(self, step, feeds: dict, send) -> tuple:
        """Runs a `dataflow` plan (tf.cond/tf.while_loop) on the frame-aware executor, blocking
        on the task's Rendezvous for what other tasks push; returns as `start` does."""
        with np.errstate(all="ignore"):
            return self._run_dataflow(step, feeds, send)

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


# -- where a dataflow plan waits for what other tasks push (serve.py sets it per thread) -----------
_local = threading.local()


def _rendezvous_take_any(step, keys):
    return _local.rendezvous.take_any(step, keys)
