"""Queue ops: `FIFOQueueV2`, `RandomShuffleQueueV2`, `PaddingFIFOQueueV2` and the ops that
enqueue, dequeue, close and measure them.

A queue is a per-session resource (`engine/resources.py`): the queue op's kernel hands out the
session's `QueueResource`, made on first use. Enqueues and dequeues are thread-safe and block
as TF's do — on a full or empty queue they wait (honouring the run's deadline, a closed
session and Ctrl-C) until another thread makes room or brings elements, or the queue closes.
The texts are TF's (`FIFOQueue '_0_fifo_queue' is closed and has insufficient elements ...`).
"""
from __future__ import annotations

import threading
from collections import deque

import numpy as np

from .. import dtypes as _dt
from ..errors import CancelledError, OutOfRangeError
from ..registry import register
from ..resources import get_or_create, unique_resource_name, wait_for
from ..shapes import TensorShape, unknown_shape
from .common import KernelError, fmt_shape

__all__ = ["QueueResource"]

_KINDS = {"FIFOQueueV2": "FIFOQueue", "RandomShuffleQueueV2": "RandomShuffleQueue",
          "PaddingFIFOQueueV2": "PaddingFIFOQueue"}


class QueueResource:
    """One session's queue: a bounded buffer of element tuples with TF's blocking rules."""

    def __init__(self, op, ctx):
        self.kind = _KINDS[op._type]
        self.name = unique_resource_name(op)
        self.capacity = op._attrs["capacity"]
        self.dtypes = op._attrs["component_types"]
        self.shapes = op._attrs["shapes"]
        self.min_after_dequeue = op._attrs.get("min_after_dequeue", 0)
        self.items = deque()
        self.cond = threading.Condition()
        self.closed = False
        self.cancelled = False
        self.blocked = 0  # callers waiting right now (for views and tests)
        self.blocked_enqueues = 0
        self._rng = ctx.rng(op) if self.kind == "RandomShuffleQueue" else None

    def __repr__(self):
        state = ", closed" if self.closed else ""
        return f"<{self._label()}: {len(self.items)} of {self.capacity}{state}>"

    def _label(self):
        return f"{self.kind} '{self.name}'"

    def _closed_error(self):
        return KernelError(f"{self._label()} is closed.", CancelledError)

    def _check(self, comps, batched):
        if len(comps) != len(self.dtypes):
            raise KernelError(f"Expected {len(self.dtypes)} components, got {len(comps)}")
        if not self.shapes:
            return
        for i, (value, shape) in enumerate(zip(comps, self.shapes)):
            got = np.shape(value)[1:] if batched else np.shape(value)
            if not shape.is_compatible_with(got):
                what = "component" if not batched else "component elements"
                raise KernelError(f"Shape mismatch in tuple {what} {i}. Expected {fmt_shape(shape)}, got "
                                  f"{fmt_shape(TensorShape(got))}")

    def _full(self):
        return 0 <= self.capacity <= len(self.items)

    def enqueue(self, ctx, comps, batched: bool = False) -> None:
        self._check(comps, batched)
        rows = [tuple(comps)] if not batched else list(zip(*comps)) if comps else []
        if batched and comps and len({np.shape(c)[0] if np.ndim(c) else -1 for c in comps}) != 1:
            raise KernelError("Dimension 0 in both shapes must be equal")
        with self.cond:
            if self.closed:
                raise self._closed_error()
            for row in rows:
                if self._full():
                    self.blocked_enqueues += 1
                    try:
                        self._wait(lambda: self.cancelled or not self._full(), ctx)
                    finally:
                        self.blocked_enqueues -= 1
                        self.cond.notify_all()
                if self.cancelled:
                    raise KernelError("Enqueue operation was cancelled", CancelledError)
                self.items.append(tuple(np.array(v) for v in row))
                self.cond.notify_all()

    def _wait(self, ready, ctx):
        if ready():
            return
        self.blocked += 1
        try:
            wait_for(self.cond, ready, ctx)
        finally:
            self.blocked -= 1

    def _take(self, n):
        if self._rng is None:
            return [self.items.popleft() for _ in range(n)]
        out = []
        for _ in range(n):
            i = int(self._rng.integers(len(self.items)))
            self.items.rotate(-i)
            out.append(self.items.popleft())
            self.items.rotate(i)
        return out

    def dequeue(self, ctx, n: "int | None", up_to: bool = False) -> tuple:
        """`n` elements (None: one, unbatched); blocks until they are there or the queue closes."""
        want = 1 if n is None else n
        if n is not None and n < 0:
            raise KernelError(f"Dequeue{'UpTo' if up_to else 'Many'} requested {n} < 0 elements")
        keep = self.min_after_dequeue if self._rng is not None else 0
        with self.cond:
            closed_on_entry = self.closed
            self._wait(lambda: self.closed or len(self.items) >= want + keep, ctx)
            have = len(self.items)
            if have < want and not (up_to and have > 0):
                # TF's waiting dequeue has already taken what was there (it puts it back on
                # failure), so its text counts what it still wanted and what was left
                taken = 0 if closed_on_entry else max(0, have - keep)
                raise KernelError(f"{self._label()} is closed and has insufficient elements (requested "
                                  f"{want - taken}, current size {have - taken})", OutOfRangeError)
            rows = self._take(min(want, have))
            self.cond.notify_all()
        if n is None:
            return rows[0]
        return tuple(self._stack([r[i] for r in rows], i) for i in range(len(self.dtypes)))

    def _stack(self, values, i):
        npdt = self.dtypes[i].as_numpy_dtype
        if not values:
            shape = self.shapes[i].as_list() if self.shapes else []
            return np.zeros([0] + [d or 0 for d in shape], dtype=npdt)
        if self.kind == "PaddingFIFOQueue":
            top = np.max([np.shape(v) for v in values], axis=0) if np.ndim(values[0]) else ()
            pad = b"" if self.dtypes[i] is _dt.string else 0
            out = np.full((len(values),) + tuple(int(d) for d in top), pad, dtype=npdt)
            for j, v in enumerate(values):
                out[(j,) + tuple(slice(0, d) for d in np.shape(v))] = v
            return out
        shapes = {np.shape(v) for v in values}
        if len(shapes) > 1:
            raise KernelError(f"Shape mismatch in tuple component {i}. Expected "
                              f"{fmt_shape(TensorShape(np.shape(values[0])))}, got "
                              f"{fmt_shape(TensorShape(np.shape(values[-1])))}")
        return np.stack(values).astype(npdt, copy=False)

    def close(self, ctx, cancel_pending_enqueues: bool) -> None:
        """TF's close: with `cancel_pending_enqueues`, blocked enqueues fail at once; without,
        the close waits behind them (they complete as dequeues make room)."""
        with self.cond:
            if cancel_pending_enqueues:
                self.cancelled = True
            else:
                self._wait(lambda: self.blocked_enqueues == 0, ctx)
            self.closed = True
            self.cond.notify_all()

    def size(self) -> int:
        with self.cond:
            return len(self.items)


def _queue_kernel(op):
    return lambda ctx: get_or_create(ctx, op, lambda: QueueResource(op, ctx))


def _resource_shape(op):
    return [TensorShape([])]


for _type in _KINDS:
    register(_type, "io", _resource_shape, _queue_kernel, gpu=False, stateful=True,
             doc="holds a queue that lives in the session")


def _component_shapes(op, batch=None):
    queue_op = op._inputs[0]._op
    shapes = queue_op._attrs.get("shapes") or []
    n = len(op._outputs)
    if len(shapes) != n:
        shapes = [unknown_shape()] * n
    if batch is False:
        return list(shapes)
    return [TensorShape([batch]).concatenate(s) for s in shapes]


def _dequeue_many_shapes(op):
    from ..convert import constant_value
    n = constant_value(op._inputs[1])
    if op._type == "QueueDequeueUpToV2":
        n = None
    return _component_shapes(op, None if n is None else int(n))


def _enqueue_kernel(batched):
    def make(op):
        return lambda ctx, q, *comps: q.enqueue(ctx, comps, batched)
    return make


def _dequeue_kernel(op):
    multi = len(op._outputs) != 1

    def k(ctx, q):
        row = q.dequeue(ctx, None)
        return row if multi else row[0]
    return k


def _dequeue_n_kernel(op):
    multi = len(op._outputs) != 1
    up_to = op._type == "QueueDequeueUpToV2"

    def k(ctx, q, n):
        out = q.dequeue(ctx, int(n), up_to)
        return out if multi else out[0]
    return k


def _close_kernel(op):
    cancel = op._attrs.get("cancel_pending_enqueues", False)
    return lambda ctx, q: q.close(ctx, cancel)


register("QueueEnqueueV2", "io", lambda op: [], _enqueue_kernel(False), gpu=False, stateful=True,
         doc="puts one element into a queue")
register("QueueEnqueueManyV2", "io", lambda op: [], _enqueue_kernel(True), gpu=False, stateful=True,
         doc="puts a batch of elements into a queue, one by one")
register("QueueDequeueV2", "io", lambda op: _component_shapes(op, False), _dequeue_kernel, gpu=False,
         stateful=True, doc="takes one element from a queue (waiting while it is empty)")
register("QueueDequeueManyV2", "io", _dequeue_many_shapes, _dequeue_n_kernel, gpu=False, stateful=True,
         doc="takes n elements from a queue as one batch")
register("QueueDequeueUpToV2", "io", _dequeue_many_shapes, _dequeue_n_kernel, gpu=False, stateful=True,
         doc="takes up to n elements from a queue as one batch")
register("QueueCloseV2", "io", lambda op: [], _close_kernel, gpu=False, stateful=True,
         doc="closes a queue: no more enqueues")
register("QueueSizeV2", "io", lambda op: [TensorShape([])],
         lambda op: (lambda ctx, q: np.int32(q.size())), gpu=False, stateful=True,
         doc="counts the elements in a queue")
register("QueueIsClosedV2", "io", lambda op: [TensorShape([])],
         lambda op: (lambda ctx, q: np.bool_(q.closed)), gpu=False, stateful=True,
         doc="tells whether a queue is closed")

