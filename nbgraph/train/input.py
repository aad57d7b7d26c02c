"""TF 1.x queue-based input pipelines: `string_input_producer`, `input_producer`,
`range_input_producer`, `slice_input_producer`, `limit_epochs`, `batch`, `shuffle_batch`.

Each builds the queue, its enqueue op and a QueueRunner in the graph's QUEUE_RUNNERS
collection, with TF 1.15's names (`input_producer`, `batch/fifo_queue`, ...). The queue-fill
summaries TF adds are added only where `tf.summary` is available in this build.
"""
from __future__ import annotations

from ..engine import dtypes as _dt
from ..engine.convert import convert_to_tensor
from ..engine.graph import GraphKeys, get_default_graph, name_scope
from ..engine.ops.array_ops import identity, shape as _shape, size as _size
from ..engine.ops.control_ops import Assert
from ..engine.ops.data_flow_ops import FIFOQueue, PaddingFIFOQueue, RandomShuffleQueue
from ..engine.ops.index_ops import gather
from ..engine.ops.input_ops import count_up_to, random_shuffle
from ..engine.ops.array_ops import cast
from ..engine.ops.math_ops import greater
from ..engine.shapes import as_shape
from ..engine.tensor import Tensor
from .queue_runner import QueueRunner, add_queue_runner

__all__ = ["limit_epochs", "input_producer", "string_input_producer", "range_input_producer",
           "slice_input_producer", "batch", "shuffle_batch", "match_filenames_once"]


def match_filenames_once(pattern, name=None):
    """A local variable (`matching_filenames`) holding the files that match `pattern` (a glob),
    found once when `tf.local_variables_initializer()` runs, as TF 1.x does."""
    from ..engine.ops.io_ops import matching_files
    from ..engine.variables import Variable
    with name_scope(name, "matching_filenames", [pattern]) as scope:
        return Variable(matching_files(pattern), name=scope, trainable=False, validate_shape=False,
                        collections=[GraphKeys.LOCAL_VARIABLES])


def _summary_scalar(name, value):
    try:
        from ..summary import scalar  # present once tf.summary is merged in
    except ImportError:
        return None
    return scalar(name, value)


def limit_epochs(tensor, num_epochs=None, name=None) -> Tensor:
    """`tensor`, but only `num_epochs` times: then OutOfRangeError (a local `epochs` counter)."""
    if num_epochs is None:
        return tensor
    if num_epochs <= 0:
        raise ValueError(f"num_epochs must be > 0 not {num_epochs}.")
    from ..engine.ops.array_ops import constant
    from ..engine.variables import Variable
    with name_scope(name, "limit_epochs", [tensor]) as scope:
        zero64 = constant(0, dtype=_dt.int64)
        epochs = Variable(zero64, name="epochs", trainable=False, collections=[GraphKeys.LOCAL_VARIABLES])
        counter = count_up_to(epochs, num_epochs)
        with get_default_graph().control_dependencies([counter]):
            return identity(tensor, name=scope)


def input_producer(input_tensor, element_shape=None, num_epochs=None, shuffle=True, seed=None, capacity=32,
                   shared_name=None, summary_name=None, name=None, cancel_op=None) -> FIFOQueue:
    """A FIFOQueue fed with the rows of `input_tensor` (shuffled, `num_epochs` times) by a QueueRunner."""
    with name_scope(name, "input_producer", [input_tensor]) as scope:
        input_tensor = convert_to_tensor(input_tensor, name="input_tensor")
        element_shape = input_tensor.shape[1:].merge_with(as_shape(element_shape)) \
            if input_tensor.shape.ndims is not None else as_shape(element_shape)
        if not element_shape.is_fully_defined():
            raise ValueError("Either `input_tensor` must have a fully defined shape or `element_shape` must be "
                             "specified")
        if shuffle:
            input_tensor = random_shuffle(input_tensor, seed=seed)
        input_tensor = limit_epochs(input_tensor, num_epochs)
        q = FIFOQueue(capacity=capacity, dtypes=[input_tensor.dtype.base_dtype], shapes=[element_shape],
                      shared_name=shared_name, name=scope)
        enq = q.enqueue_many([input_tensor])
        add_queue_runner(QueueRunner(q, [enq], cancel_op=cancel_op))
        if summary_name is not None:
            _summary_scalar(summary_name, cast(q.size(), _dt.float32) * (1.0 / capacity))
        return q


def string_input_producer(string_tensor, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None,
                          name=None, cancel_op=None) -> FIFOQueue:
    """A queue of file names (or any strings) for a reader, refilled every epoch."""
    not_null_err = "string_input_producer requires a non-null input tensor"
    if not isinstance(string_tensor, Tensor) and not string_tensor:
        raise ValueError(not_null_err)
    with name_scope(name, "input_producer", [string_tensor]) as scope:
        string_tensor = convert_to_tensor(string_tensor, dtype=_dt.string)
        with get_default_graph().control_dependencies([Assert(greater(_size(string_tensor), 0), [not_null_err])]):
            string_tensor = identity(string_tensor)
        return input_producer(input_tensor=string_tensor, element_shape=[], num_epochs=num_epochs, shuffle=shuffle,
                              seed=seed, capacity=capacity, shared_name=shared_name, name=scope,
                              summary_name=f"fraction_of_{capacity}_full", cancel_op=cancel_op)


def range_input_producer(limit, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None,
                         name=None) -> FIFOQueue:
    from ..engine.ops.array_ops import range as _range
    with name_scope(name, "input_producer", [limit]) as scope:
        range_tensor = _range(limit)
        return input_producer(range_tensor, [], num_epochs, shuffle, seed, capacity, shared_name,
                              f"fraction_of_{capacity}_full", scope)


def slice_input_producer(tensor_list, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None,
                         name=None) -> list:
    """One row of each tensor in `tensor_list` per dequeue (the same row index for all)."""
    with name_scope(name, "input_producer", tensor_list):
        tensor_list = [convert_to_tensor(t) for t in tensor_list]
        if not tensor_list:
            raise ValueError("Expected at least one tensor in slice_input_producer().")
        range_size = _shape(tensor_list[0])[0]
        queue = range_input_producer(range_size, num_epochs=num_epochs, shuffle=shuffle, seed=seed,
                                     capacity=capacity, shared_name=shared_name)
        index = queue.dequeue()
        return [gather(t, index) for t in tensor_list]


def _as_list(tensors):
    if isinstance(tensors, dict):
        return [tensors[k] for k in sorted(tensors)]
    return list(tensors)  # a lone Tensor is TF's "only iterable when eager execution is enabled"


def _as_original(tensors, dequeued):
    if isinstance(tensors, dict):
        if not isinstance(dequeued, list):
            dequeued = [dequeued]
        return dict(zip(sorted(tensors), dequeued))
    return dequeued  # as the queue's dequeue gives it: one component is a lone Tensor, as in TF


def _queue_shapes(tensor_list, shapes, enqueue_many):
    if shapes is not None:
        return [as_shape(s) for s in shapes]
    out = []
    for t in tensor_list:
        s = t.shape[1:] if enqueue_many and t.shape.ndims is not None else t.shape
        out.append(s)
    return out


def _batch(kind, tensors, batch_size, num_threads, capacity, enqueue_many, shapes, allow_smaller_final_batch,
           shared_name, name, dynamic_pad=False, min_after_dequeue=0, seed=None):
    tensor_list = _as_list(tensors)
    if not tensor_list:
        raise ValueError("Expected at least one tensor in batch().")
    with name_scope(name, kind, tensor_list) as scope:
        tensor_list = [convert_to_tensor(t) for t in tensor_list]
        types = [t.dtype.base_dtype for t in tensor_list]
        qshapes = _queue_shapes(tensor_list, shapes, enqueue_many)
        if kind == "shuffle_batch":
            queue = RandomShuffleQueue(capacity=capacity, min_after_dequeue=min_after_dequeue, seed=seed, dtypes=types,
                                       shapes=qshapes, shared_name=shared_name)
        elif dynamic_pad:
            queue = PaddingFIFOQueue(capacity=capacity, dtypes=types, shapes=qshapes, shared_name=shared_name)
        else:
            queue = FIFOQueue(capacity=capacity, dtypes=types, shapes=qshapes, shared_name=shared_name)
        enqueue = queue.enqueue_many(tensor_list) if enqueue_many else queue.enqueue(tensor_list)
        add_queue_runner(QueueRunner(queue, [enqueue] * num_threads))
        size = cast(queue.size(), _dt.float32)
        if kind == "shuffle_batch":
            from ..engine.ops.math_ops import maximum, subtract
            full = maximum(0.0, subtract(size, float(min_after_dequeue))) * (1.0 / (capacity - min_after_dequeue))
            _summary_scalar(f"fraction_over_{min_after_dequeue}_of_{capacity - min_after_dequeue}_full", full)
        else:
            _summary_scalar(f"fraction_of_{capacity}_full", size * (1.0 / capacity))
        if allow_smaller_final_batch:
            dequeued = queue.dequeue_up_to(batch_size, name=scope)
        else:
            dequeued = queue.dequeue_many(batch_size, name=scope)
        return _as_original(tensors, dequeued)


def batch(tensors, batch_size, num_threads=1, capacity=32, enqueue_many=False, shapes=None, dynamic_pad=False,
          allow_smaller_final_batch=False, shared_name=None, name=None):
    """`tf.train.batch`: batches from a FIFOQueue filled by `num_threads` QueueRunner threads."""
    return _batch("batch", tensors, batch_size, num_threads, capacity, enqueue_many, shapes,
                  allow_smaller_final_batch, shared_name, name, dynamic_pad=dynamic_pad)


def shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, num_threads=1, seed=None, enqueue_many=False,
                  shapes=None, allow_smaller_final_batch=False, shared_name=None, name=None):
    """`tf.train.shuffle_batch`: batches drawn at random from a RandomShuffleQueue."""
    return _batch("shuffle_batch", tensors, batch_size, num_threads, capacity, enqueue_many, shapes,
                  allow_smaller_final_batch, shared_name, name, min_after_dequeue=min_after_dequeue, seed=seed)
