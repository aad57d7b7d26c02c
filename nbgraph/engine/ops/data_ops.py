"""`tf.data` ops: dataset ops whose value (a `variant`) is a recipe for elements, and the
iterator ops that walk one (`IteratorV2`, `OneShotIterator`, `MakeIterator`, `IteratorGetNext`).

A dataset op's kernel builds a `DatasetValue` from its inputs; `elements(ctx)` gives a fresh
Python iterator over flat element tuples (numpy values). An iterator is a per-session resource
(`engine/resources.py`): `MakeIterator` points it at a dataset, each `IteratorGetNext` run
advances it once, and its end is TF's `OutOfRangeError: End of sequence`. Functions
(`map`, `filter`, `flat_map`) are `engine/functions.py` TracedFunctions held in the op's attrs.
The transformations are in `dataset_transform_ops.py`.
"""
from __future__ import annotations

import threading

import numpy as np

from .. import dtypes as _dt
from ..errors import FailedPreconditionError, NotFoundError, OpError, OutOfRangeError
from ..functions import FunctionError, bound
from ..registry import register
from ..resources import get_or_create, resource_store, unique_resource_name
from ..shapes import TensorShape
from .common import KernelError

__all__ = ["DatasetValue", "IteratorResource"]


def _structure_shapes(op):
    return [TensorShape([])]


class DatasetValue:
    """What a dataset op evaluates to: `elements(ctx)` is a new iterator of flat tuples."""

    def __init__(self, make):
        self._make = make

    def __repr__(self):
        return "<dataset>"

    def elements(self, ctx):
        return self._make(ctx)


def _call(fn, ctx, args, captured):
    try:
        return fn.call(ctx, args, captured)
    except FunctionError as e:
        raise KernelError(e.message, e.cls) from None


def _dataset(type_, kernel, doc):
    register(type_, "io", _structure_shapes, kernel, gpu=False, doc=doc)


# -- sources ---------------------------------------------------------------------------------
def _slices(op):
    def k(ctx, *comps):
        n = {np.shape(c)[0] if np.ndim(c) else None for c in comps}
        if None in n:
            raise KernelError("Batch dimension of a tensor slice dataset component must be at least rank 1")
        if len(n) != 1:
            sizes = [np.shape(c)[0] for c in comps]
            raise KernelError(f"All components must have the same size in the 0th dimension: {sizes}")
        size = n.pop()
        return DatasetValue(lambda ctx: (tuple(c[i] for c in comps) for i in range(size)))
    return k


_dataset("TensorSliceDataset", _slices, "a dataset of the slices of its inputs along dimension 0")
_dataset("TensorDataset", lambda op: (lambda ctx, *comps: DatasetValue(lambda ctx: iter([tuple(comps)]))),
         "a dataset of one element")


def _range(op):
    def k(ctx, start, stop, step):
        if step == 0:
            raise KernelError("step must be a non-zero integer.")
        return DatasetValue(lambda ctx: ((np.int64(i),) for i in range(int(start), int(stop), int(step))))
    return k


_dataset("RangeDataset", _range, "a dataset of the integers start, start+step, ... below stop")


def _read_lines(name):
    try:
        with open(name, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise KernelError(f"{name}; No such file or directory", NotFoundError) from None
    except IsADirectoryError:
        raise KernelError(f"{name}; Is a directory", FailedPreconditionError) from None
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [ln[:-1] if ln.endswith(b"\r") else ln for ln in lines]


def _text_lines(op):
    def k(ctx, filenames, compression, buffer_size):
        names = [f.decode() if isinstance(f, bytes) else str(f) for f in np.reshape(filenames, -1)]

        def gen(ctx):
            for name in names:
                for line in _read_lines(name):
                    yield (np.array(line, dtype=object),)
        return DatasetValue(gen)
    return k


_dataset("TextLineDataset", _text_lines, "a dataset of the lines of text files")


def _tf_records(op):
    def k(ctx, filenames, compression, buffer_size):
        names = [f.decode() if isinstance(f, bytes) else str(f) for f in np.reshape(filenames, -1)]
        kind = compression.item() if isinstance(compression, np.ndarray) else compression
        kind = kind.decode() if isinstance(kind, bytes) else str(kind)

        def gen(ctx):
            from ...formats.records import decompress, iter_records
            for name in names:
                try:
                    with open(name, "rb") as f:
                        data = f.read()
                except FileNotFoundError:
                    raise KernelError(f"{name}; No such file or directory", NotFoundError) from None
                try:
                    records = list(iter_records(decompress(data, kind, name), name))
                except OpError as e:
                    raise KernelError(e.message, type(e)) from None
                for _, record in records:
                    yield (np.array(record, dtype=object),)
        return DatasetValue(gen)
    return k


_dataset("TFRecordDataset", _tf_records, "a dataset of the records of TFRecord files")


def _convert_yielded(value, dt, shape):
    """One yielded component as the dataset's dtype and shape (TF's texts for what does not fit)."""
    try:
        if dt is _dt.string:
            arr = np.asarray(value, dtype=object)
            if arr.ndim == 0:
                arr = np.array(value.encode() if isinstance(value, str) else value, dtype=object)
        else:
            arr = np.asarray(value, dtype=dt.as_numpy_dtype)  # TF 1.15's FuncRegistry._convert
    except (TypeError, ValueError):
        raise KernelError(f"TypeError: `generator` yielded an element that could not be converted to the expected "
                          f"type. The expected type was {dt.name}, but the yielded element was {value}.") from None
    if not shape.is_compatible_with(arr.shape):
        raise KernelError(f"ValueError: `generator` yielded an element of shape {arr.shape} where an element of "
                          f"shape {shape} was expected.")
    return arr


def _generator(op):
    gen_fn, flatten, types_text = bound(op, "generator"), bound(op, "flatten"), bound(op, "types_text")
    types, shapes = op._attrs["output_types"], op._attrs["output_shapes"]

    def k(ctx, *args):
        def gen(ctx):
            from .script_ops import _python_error
            try:
                it = iter(gen_fn(*args))
            except Exception as e:  # noqa: BLE001 - TF reports it as the py_func behind it does
                raise _python_error(e) from None
            while True:
                try:
                    item = next(it)
                except StopIteration:
                    return
                except Exception as e:  # noqa: BLE001
                    raise _python_error(e) from None
                flat = flatten(item)
                if len(flat) != len(types):
                    raise KernelError(f"TypeError: `generator` yielded an element that did not match the expected "
                                      f"structure. The expected structure was {types_text}, but the "
                                      f"yielded element was {item}.")
                yield tuple(_convert_yielded(v, dt, s) for v, dt, s in zip(flat, types, shapes))
        return DatasetValue(gen)
    return k


_dataset("GeneratorDataset", _generator, "a dataset of what a Python generator yields")


# -- iterators -------------------------------------------------------------------------------
class IteratorResource:
    """One session's iterator: the current pass over a dataset, advanced under a lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.elements = None
        self.handle = None  # its string handle, once asked for
        self.started = False  # a one-shot iterator's dataset was made

    def __repr__(self):
        return "<iterator, not initialized>" if self.elements is None else "<iterator>"

    def reset(self, ctx, dataset):
        with self.lock:
            self.elements = dataset.elements(ctx)

    def next(self):
        with self.lock:
            if self.elements is None:
                raise KernelError("GetNext() failed because the iterator has not been initialized. Ensure that "
                                  "you have run the initializer operation for this iterator before getting the "
                                  "next element.", FailedPreconditionError)
            try:
                return next(self.elements)
            except StopIteration:
                self.elements = iter(())
                raise KernelError("End of sequence", OutOfRangeError) from None


def _iterator_kernel(op):
    return lambda ctx: get_or_create(ctx, op, IteratorResource)


def _one_shot_kernel(op):
    factory = bound(op, "dataset_factory")  # a no-argument function returning the dataset

    def k(ctx):
        it = get_or_create(ctx, op, IteratorResource)
        with it.lock:  # built on first use, under the iterator's own lock (not the store's)
            if not it.started:
                it.elements = _call(factory, ctx, [], [])[0].elements(ctx)
                it.started = True
        return it
    return k


def _make_iterator_kernel(op):
    return lambda ctx, dataset, it: it.reset(ctx, dataset)


def _get_next_shapes(op):
    return list(op._attrs["output_shapes"])


def _get_next_kernel(op):
    dtypes = op._attrs["output_types"]
    multi = len(dtypes) != 1

    def k(ctx, it):
        row = it.next()
        out = tuple(np.asarray(v, dtype=dt.as_numpy_dtype) if dt is not _dt.variant else v
                    for v, dt in zip(row, dtypes))
        return out if multi else out[0]
    return k


register("IteratorV2", "io", _structure_shapes, _iterator_kernel, gpu=False, stateful=True,
         doc="holds an iterator that lives in the session")
register("OneShotIterator", "io", _structure_shapes, _one_shot_kernel, gpu=False, stateful=True,
         doc="holds an iterator over a fixed dataset, started on first use")
register("MakeIterator", "io", lambda op: [], _make_iterator_kernel, gpu=False, stateful=True,
         doc="(re)starts an iterator over a dataset")
def _to_handle_kernel(op):
    """A string naming the session's iterator, so a feedable iterator can switch between them."""
    def k(ctx, it):
        store = resource_store(ctx)
        with it.lock:
            if it.handle is None:
                it.handle = unique_resource_name(op._inputs[0]._op)
                store[("iterator handle", it.handle)] = it
        return np.array(it.handle.encode(), dtype=object)
    return k


def _from_handle_kernel(op):
    def k(ctx, handle):
        name = np.asarray(handle).item()
        name = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)
        it = resource_store(ctx).get(("iterator handle", name))
        if it is None:
            raise KernelError(f"Unable to find the iterator for handle '{name}' in this session")
        return it
    return k


register("IteratorToStringHandle", "io", lambda op: [TensorShape([])], _to_handle_kernel, gpu=False, stateful=True,
         doc="names an iterator by a string handle")
register("IteratorFromStringHandleV2", "io", _structure_shapes, _from_handle_kernel, gpu=False, stateful=True,
         doc="finds the iterator a string handle names")
register("IteratorGetNext", "io", _get_next_shapes, _get_next_kernel, gpu=False, stateful=True,
         doc="takes the next element from an iterator")

from . import dataset_transform_ops  # noqa: E402,F401  (registers the transformations)
