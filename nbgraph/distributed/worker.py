"""What runs inside a Dask worker process: the task's state and the partitions sent to it.

A TF task keeps its variables in its own memory, by name, shared by every session that runs on
the cluster (two notebooks connected to one cluster see each other's `assign`s, as TF's ps
tasks share a resource container). A restarted worker process starts with none: TF's
"a restarted server comes back uninitialised".

`run_partition` executes one partition (consecutive ops of one task, in plan order) with the
engine's own kernels, on the worker's copy of the graph (`GraphBox`, shipped once per graph
version), and returns the values other partitions and the client need.
"""
from __future__ import annotations

import io
import pickle
import threading
import time
from collections.abc import MutableMapping

import numpy as np

__all__ = ["GraphBox", "run_partition", "collect", "RemoteOpError", "task_variables"]

_VARIABLES: dict = {}   # variable name -> ndarray: this task's variables
_COUNTERS: dict = {}
_RNGS: dict = {}
_RLOCK, _LOCK = type(threading.RLock()), type(threading.Lock())


class RemoteOpError(Exception):
    """A kernel failed on a worker: the client turns it back into the TF error naming its op."""

    def __init__(self, cls_name: str, op_name: str, message: str, task: str) -> None:
        super().__init__(cls_name, op_name, message, task)
        self.cls_name, self.op_name, self.message, self.task = cls_name, op_name, message, task


def _dumps(obj) -> bytes:
    import cloudpickle

    class _Pickler(cloudpickle.Pickler):
        def reducer_override(self, o):  # a graph's locks travel as fresh locks
            if type(o) is _RLOCK:
                return threading.RLock, ()
            if type(o) is _LOCK:
                return threading.Lock, ()
            if type(o) is threading.local:  # per-thread graph-building state stays behind
                return threading.local, ()
            return super().reducer_override(o)
    f = io.BytesIO()
    _Pickler(f, protocol=5).dump(obj)
    return f.getvalue()


class GraphBox:
    """A graph as it travels to workers: pickled once on the client, unpickled once per worker."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        self._ops = None

    @classmethod
    def of(cls, graph) -> "GraphBox":
        return cls(_dumps(graph))

    def __reduce__(self):
        return GraphBox, (self.blob,)

    def ops(self) -> dict:
        if self._ops is None:
            graph = pickle.loads(self.blob)
            self._ops = {op.name: op for op in graph.get_operations()}
        return self._ops


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


def run_partition(box: GraphBox, spec: tuple, *upstream: dict) -> dict:
    """Runs the ops `spec` names. `spec` = (task, op names, {tensor name: fed value}, names of the
    tensors to return); `upstream` are earlier partitions' results (their `values` are the
    tensors received from other tasks). Returns {"values": {...}, "seconds": [...], "bytes": {...}}."""
    from ..engine.errors import KernelError
    task, names, feeds, wanted = spec
    ops = box.ops()
    vals = dict(feeds)
    for up in upstream:
        vals.update(up["values"])
    seconds = []
    clock = time.perf_counter
    for name in names:
        op = ops[name]
        if op._kernel is None:
            op._kernel = op._opdef.make_kernel(op)
        refs = op._opdef.ref_inputs
        args = [vals[t.name] for j, t in enumerate(op._inputs) if j not in refs]
        t0 = clock()
        try:
            out = op._kernel(_CTX, *args)
        except KernelError as e:
            raise RemoteOpError(e.cls.__name__, name, e.message, task) from None
        except Exception as e:  # noqa: BLE001 - numpy failures become TF errors naming the op
            raise RemoteOpError("InvalidArgumentError", name, f"{type(e).__name__}: {e}", task) from None
        seconds.append(clock() - t0)
        if len(op._outputs) != 1:
            for t, v in zip(op._outputs, out or ()):
                vals[t.name] = v
        else:
            vals[op._outputs[0].name] = out
    out = {n: _owned(vals[n]) for n in wanted}
    return {"values": out, "seconds": seconds, "bytes": {n: int(getattr(v, "nbytes", 0)) for n, v in out.items()}}


def _owned(v):
    """A value leaving the task: a copy when it is the task's own variable buffer."""
    if isinstance(v, np.ndarray) and any(v is x for x in _VARIABLES.values()):
        return v.copy()
    return v


def collect(fetch_names: tuple, *parts: dict) -> tuple:
    """The master's last step: the fetched values and every partition's timings and byte counts."""
    vals = {}
    for p in parts:
        vals.update(p["values"])
    return [vals[n] for n in fetch_names], [(p["seconds"], p["bytes"]) for p in parts]
