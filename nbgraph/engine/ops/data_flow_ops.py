"""The queue classes of TF 1.x: `tf.FIFOQueue`, `tf.RandomShuffleQueue`, `tf.PaddingFIFOQueue`.

Each builds the queue op and, per method, the op that acts on it, with TF's names
(`fifo_queue`, `fifo_queue_enqueue`, `fifo_queue_DequeueMany`, ...). The kernels and the
blocking rules are in `queue_ops.py`.
"""
from __future__ import annotations

from typing import Any

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..graph import get_default_graph
from ..shapes import TensorShape, as_shape
from ..tensor import Operation, Tensor
from . import queue_ops  # noqa: F401  (registers the queue ops)

__all__ = ["QueueBase", "FIFOQueue", "RandomShuffleQueue", "PaddingFIFOQueue"]


def _as_type_list(dtypes):
    if isinstance(dtypes, (list, tuple)):
        return [_dt.as_dtype(d) for d in dtypes]
    return [_dt.as_dtype(dtypes)]


def _as_shape_list(shapes, unknown_dim_allowed=False):
    """TF's `_as_shape_list`: None, one shape (a list of ints/None) or a list of shapes."""
    if unknown_dim_allowed and (not isinstance(shapes, (list, tuple)) or not shapes
                                or any(s is None or isinstance(s, int) for s in shapes)):
        raise ValueError("When providing partial shapes, a list of shapes must be provided.")
    if shapes is None:
        return None
    if isinstance(shapes, TensorShape):
        shapes = [shapes]
    if not isinstance(shapes, (tuple, list)):
        raise TypeError("shapes must be a TensorShape or a list or tuple of TensorShapes.")
    if all(s is None or isinstance(s, int) for s in shapes):
        shapes = [shapes]  # a single shape
    shapes = [as_shape(s) for s in shapes]
    if not unknown_dim_allowed and any(not s.is_fully_defined() for s in shapes):
        raise ValueError(f"All shapes must be fully defined: {shapes}")
    if any(s.ndims is None for s in shapes):
        raise ValueError(f"All shapes must have a defined rank: {shapes}")
    return shapes


class QueueBase:
    """What every queue shares: the handle (`queue_ref`), its structure and its methods."""

    def __init__(self, dtypes, shapes, names, queue_ref):
        self._dtypes = dtypes
        self._shapes = shapes if shapes is not None else [TensorShape(None)] * len(dtypes)
        self._names = names
        self._queue_ref = queue_ref
        self._name = queue_ref.op.name.split("/")[-1]

    queue_ref = property(lambda self: self._queue_ref)
    name = property(lambda self: self._queue_ref.op.name)
    dtypes = property(lambda self: self._dtypes)
    shapes = property(lambda self: self._shapes)
    names = property(lambda self: self._names)

    @staticmethod
    def from_list(index, queues):
        raise NotImplementedError("QueueBase.from_list is not supported by nbgraph")

    # -- building ----------------------------------------------------------------------------
    def _graph(self):
        return self._queue_ref.op.graph

    def _components(self, vals, batched):
        if isinstance(vals, dict):
            if self._names is None:
                raise ValueError("Queue must have names to enqueue a dictionary")
            if sorted(self._names) != sorted(vals):
                raise ValueError(f"Keys in dictionary to enqueue do not match names of Queue.  "
                                 f"Dictionary: {sorted(vals)}, Queue: {sorted(self._names)}")
            vals = [vals[k] for k in self._names]
        elif not isinstance(vals, (list, tuple)):
            vals = [vals]
        if len(vals) != len(self._dtypes):
            raise ValueError(f"Expected {len(self._dtypes)} components, got {len(vals)}")
        out = []
        for i, (v, dt) in enumerate(zip(vals, self._dtypes)):
            t = convert_to_tensor(v, dtype=dt, name=f"component_{i}")
            shape = self._shapes[i]
            got = t.shape[1:] if batched and t.shape.ndims is not None else t.shape
            if batched and t.shape.ndims == 0:
                raise ValueError(f"Shape must be at least rank 1 but is rank 0 for '{t.op.name}'")
            if not shape.is_compatible_with(got):
                raise ValueError(f"Shapes {got} and {shape} are incompatible")
            out.append(t)
        return out

    def _op(self, type_, name, default, inputs, dtypes, attrs=None):
        g = self._graph()
        with g.as_default(), g.name_scope(name or f"{self._name}_{default}") as scope:
            ins = [self._queue_ref] + (inputs() if callable(inputs) else inputs)
            return g.create_op(type_, ins, dtypes, name=scope, attrs=attrs)

    def _dequeued(self, op):
        outs = list(op._outputs)
        if self._names is not None:
            return dict(zip(self._names, outs))
        return outs[0] if len(outs) == 1 else outs

    def enqueue(self, vals, name=None) -> Operation:
        """One element (a tensor, a tuple of them, or a dict by `names`)."""
        op = self._op("QueueEnqueueV2", name, "enqueue", lambda: self._components(vals, False), [],
                      {"Tcomponents": list(self._dtypes), "timeout_ms": -1})
        return op

    def enqueue_many(self, vals, name=None) -> Operation:
        """A batch of elements, sliced along dimension 0."""
        return self._op("QueueEnqueueManyV2", name, "EnqueueMany", lambda: self._components(vals, True), [],
                        {"Tcomponents": list(self._dtypes), "timeout_ms": -1})

    def dequeue(self, name=None) -> Any:
        op = self._op("QueueDequeueV2", name, "Dequeue", [], list(self._dtypes),
                      {"component_types": list(self._dtypes), "timeout_ms": -1})
        return self._dequeued(op)

    def _dequeue_n(self, type_, n, name, default):
        def inputs():
            return [convert_to_tensor(n, dtype=_dt.int32, name="n")]
        op = self._op(type_, name, default, inputs, list(self._dtypes),
                      {"component_types": list(self._dtypes), "timeout_ms": -1})
        return self._dequeued(op)

    def dequeue_many(self, n, name=None) -> Any:
        return self._dequeue_n("QueueDequeueManyV2", n, name, "DequeueMany")

    def dequeue_up_to(self, n, name=None) -> Any:
        return self._dequeue_n("QueueDequeueUpToV2", n, name, "DequeueUpTo")

    def close(self, cancel_pending_enqueues=False, name=None) -> Operation:
        return self._op("QueueCloseV2", name, "Close", [], [],
                        {"cancel_pending_enqueues": bool(cancel_pending_enqueues)})

    def is_closed(self, name=None) -> Tensor:
        return self._op("QueueIsClosedV2", name, "IsClosed", [], [_dt.bool_])._outputs[0]

    def size(self, name=None) -> Tensor:
        return self._op("QueueSizeV2", name, "Size", [], [_dt.int32])._outputs[0]


def _make_queue(type_, default_name, name, capacity, dtypes, shapes, names, shared_name, extra=None,
                unknown_dim_allowed=False):
    dtypes = _as_type_list(dtypes)
    shapes = _as_shape_list(shapes, unknown_dim_allowed)
    if names is not None:
        names = list(names) if isinstance(names, (list, tuple)) else [names]
        if len(names) != len(dtypes):
            raise ValueError("Queue names must have the same length as dtypes")
    if shapes is not None and len(shapes) != len(dtypes):
        if unknown_dim_allowed:
            raise ValueError(f"Shapes must be provided for all components, but received {len(dtypes)} dtypes "
                             f"and {len(shapes)} shapes.")
        raise ValueError("Queue shapes must have the same length as dtypes")
    attrs = {"component_types": dtypes, "shapes": shapes or [], "capacity": int(capacity),
             "container": "", "shared_name": shared_name or ""}
    attrs.update(extra or {})
    g = get_default_graph()
    ref = g.create_op(type_, [], [_dt.resource], name=name or default_name, attrs=attrs)._outputs[0]
    return dtypes, shapes, names, ref


class FIFOQueue(QueueBase):
    """`tf.FIFOQueue(capacity, dtypes, shapes=None, names=None, shared_name=None, name='fifo_queue')`."""

    def __init__(self, capacity, dtypes, shapes=None, names=None, shared_name=None, name="fifo_queue"):
        super().__init__(*_make_queue("FIFOQueueV2", "fifo_queue", name, capacity, dtypes, shapes, names,
                                      shared_name))


class PaddingFIFOQueue(QueueBase):
    """A FIFO queue whose `dequeue_many` pads each component to the batch's largest shape."""

    def __init__(self, capacity, dtypes, shapes, names=None, shared_name=None, name="padding_fifo_queue"):
        super().__init__(*_make_queue("PaddingFIFOQueueV2", "padding_fifo_queue", name, capacity, dtypes,
                                      shapes, names, shared_name, unknown_dim_allowed=True))


class RandomShuffleQueue(QueueBase):
    """A queue that dequeues a random element, keeping at least `min_after_dequeue` until closed."""

    def __init__(self, capacity, min_after_dequeue, dtypes, shapes=None, names=None, seed=None,
                 shared_name=None, name="random_shuffle_queue"):
        from .random_ops import get_seed
        seed1, seed2 = get_seed(seed)
        super().__init__(*_make_queue("RandomShuffleQueueV2", "random_shuffle_queue", name, capacity, dtypes,
                                      shapes, names, shared_name,
                                      {"min_after_dequeue": int(min_after_dequeue), "seed": seed1 or 0,
                                       "seed2": seed2 or 0}))



