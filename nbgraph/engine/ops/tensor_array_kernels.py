"""The run-time side of `tf.TensorArray`: the value a `TensorArrayV3` handle carries during one
run (`TensorArrayState`), the kernels of the `TensorArrayV3` op family and their registration,
with TF's rules and texts (write-once elements, `clear_after_read`, `dynamic_size`, element
shapes checked against `element_shape` / the first write, unwritten elements read as zeros when
the element shape is known). The graph-building class is in tensor_array_ops.py."""
from __future__ import annotations

import itertools

import numpy as np

from ..errors import KernelError, UnimplementedError
from ..registry import register
from ..shapes import TensorShape, unknown_shape

__all__ = ["TensorArrayState"]


class TensorArrayState:
    """What a `TensorArrayV3` handle carries during one run."""

    def __init__(self, name, dtype, size, dynamic_size, clear_after_read, identical_shapes, element_shape,
                 aggregate=False):
        self.name = name
        self.dtype = dtype
        self.items = [None] * size
        self.read_once = [False] * size
        self.dynamic_size = dynamic_size
        self.clear_after_read = clear_after_read
        self.identical_shapes = identical_shapes
        self.element_shape = element_shape  # list with None for unknown dims, or None (unknown rank)
        self.aggregate = aggregate          # a gradient array: writes to one index add up
        self.grads = {}
        self.closed = False

    def error(self, message):
        return KernelError(f"TensorArray {self.name}: {message}")

    def _known_shape(self):
        if self.element_shape is not None and None not in self.element_shape:
            return tuple(self.element_shape)
        for x in self.items:
            if x is not None and x is not _CLEARED:
                return np.shape(x)
        return None

    def write(self, i, value):
        i = int(i)
        if i < 0:
            raise self.error(f"Tried to write to index {i} but array size is: {len(self.items)}")
        if i >= len(self.items):
            if not self.dynamic_size:
                raise self.error(f"Tried to write to index {i} but array is not resizeable and size is: "
                                  f"{len(self.items)}")
            self.items.extend([None] * (i + 1 - len(self.items)))
            self.read_once.extend([False] * (i + 1 - len(self.read_once)))
        value = np.asarray(value, self.dtype)
        want = self.element_shape if self.identical_shapes else None
        if want is None and self.identical_shapes:
            want = next((list(np.shape(x)) for x in self.items if x is not None and x is not _CLEARED), None)
        if want is not None and (len(want) != value.ndim or any(w is not None and w != d
                                                                 for w, d in zip(want, value.shape))):
            raise self.error(f"Could not write to TensorArray index {i} because the value shape is "
                              f"{_fmt(value.shape)} which is incompatible with the TensorArray's inferred element "
                              f"shape: {_fmt(want)} (consider setting infer_shape=False).")
        old = self.items[i]
        if old is not None and old is not _CLEARED:
            if not self.aggregate:
                raise self.error(f"Could not write to TensorArray index {i} because it has already been "
                                  "written to.")
            if np.shape(old) != value.shape:
                raise self.error(f"Could not aggregate to TensorArray index {i} because the existing shape is "
                                  f"{_fmt(np.shape(old))} but the new input shape is {_fmt(value.shape)}.")
            value = old + value
        self.items[i] = value

    def read(self, i):
        i = int(i)
        if i < 0 or i >= len(self.items):
            raise self.error(f"Tried to read from index {i} but array size is: {len(self.items)}")
        value = self.items[i]
        if value is _CLEARED:
            raise self.error(f"Could not read index {i} twice because it was cleared after a previous read "
                             "(perhaps try setting clear_after_read = false?).")
        if value is None:  # never written: zeros when the element shape is known (TF's rule)
            shape = self._known_shape()
            if shape is None:
                raise self.error(f"Could not read from TensorArray index {i}.  Furthermore, the element shape is "
                                 "not fully defined: <unknown>.  It is possible you are working with a resizeable "
                                 "TensorArray and stop_gradients is not allowing the gradients to be written.  If "
                                 "you set the full element_shape property on the forward TensorArray, the proper "
                                 "all-zeros tensor will be returned instead of incurring this error.")
            return np.zeros(shape, self.dtype)
        if self.clear_after_read and not self.aggregate:
            self.items[i] = _CLEARED
        return value

    def gather(self, indices):
        indices = np.asarray(indices).reshape(-1)
        if not len(indices):
            shape = self._known_shape()
            if shape is None:
                raise KernelError("TensorArray has size zero, but element shape <unknown> is not fully defined. "
                                  "Currently only static shapes are supported when packing zero-size TensorArrays.",
                                  UnimplementedError)
            return np.zeros((0,) + tuple(shape), self.dtype)
        values = [self.read(i) for i in indices]
        first = np.shape(values[0])
        for i, v in zip(indices, values):
            if np.shape(v) != first:
                raise KernelError(f"TensorArray has inconsistent shapes.  Index 0 has shape: {_fmt(first)} but "
                                  f"index {i} has shape: {_fmt(np.shape(v))}")
        return np.stack(values).astype(self.dtype, copy=False)


class _Cleared:
    __slots__ = ()


_CLEARED = _Cleared()


def _fmt(shape):
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def _shape_attr(shape: TensorShape):
    return None if shape.ndims is None else shape.as_list()


# -- kernels --------------------------------------------------------------------------------------
_CREATED = itertools.count()  # TF names each array made at run time `<op name>_<n>`


def _ta_kernel(op):
    def k(ctx, size):
        a = op._attrs
        return (TensorArrayState(f"{a['tensor_array_name'] or op._name}_{next(_CREATED)}", a["dtype"].as_numpy_dtype, int(size), a["dynamic_size"],
                                 a["clear_after_read"], a["identical_element_shapes"],
                                 _shape_attr(a["element_shape"])), np.float32(0))
    return k


def _grad_kernel(op):
    def k(ctx, ta, flow):
        source = op._attrs["source"]
        g = ta.grads.get(source)
        if g is None:
            shape = ta.element_shape
            if shape is None or None in shape:
                known = ta._known_shape()
                shape = list(known) if known is not None else shape
            g = ta.grads[source] = TensorArrayState(f"{ta.name}@{source}", ta.dtype, len(ta.items), False, True,
                                                    ta.identical_shapes, shape, aggregate=True)
            ta.dynamic_size = False  # TF: the forward array cannot grow once its gradient exists
        return g, np.float32(0)
    return k


def _write_kernel(op):
    def k(ctx, ta, index, value, flow):
        ta.write(index, value)
        return np.float32(0)
    return k


def _read_kernel(op):
    return lambda ctx, ta, index, flow: ta.read(index)


def _gather_kernel(op):
    return lambda ctx, ta, indices, flow: ta.gather(indices)


def _scatter_kernel(op):
    def k(ctx, ta, indices, value, flow):
        indices = np.asarray(indices).reshape(-1)
        value = np.asarray(value)
        if value.ndim == 0 or value.shape[0] != len(indices):
            raise ta.error(f"Expected len(indices) == values.shape[0], but saw: {len(indices)} vs. "
                              f"{value.shape[0] if value.ndim else 0}")
        for i, v in zip(indices, value):
            ta.write(i, v)
        return np.float32(0)
    return k


def _concat_kernel(op):
    def k(ctx, ta, flow):
        values = [ta.read(i) for i in range(len(ta.items))]
        lengths = np.array([np.shape(v)[0] for v in values], np.int64)
        if not values:
            shape = op._attrs["element_shape_except0"]
            if shape.ndims is None or not shape.is_fully_defined():
                raise ta.error("TensorArray has size zero, but element_shape_except0 <unknown> is not fully "
                                  "defined. Currently only static shapes are supported when concatenating zero-size "
                                  "TensorArrays.")
            return np.zeros([0] + shape.as_list(), ta.dtype), lengths
        return np.concatenate(values).astype(ta.dtype, copy=False), lengths
    return k


def _split_kernel(op):
    def k(ctx, ta, value, lengths, flow):
        value = np.asarray(value)
        lengths = np.asarray(lengths, np.int64).reshape(-1)
        if value.ndim == 0:
            raise ta.error(f"Expected value to be at least a vector, but received shape: {_fmt(value.shape)}")
        if int(lengths.sum()) != value.shape[0]:
            raise ta.error(f"Expected sum of lengths to be equal to values.shape[0], but sum of lengths is "
                              f"{int(lengths.sum())} and value's shape is: {_fmt(value.shape)}")
        start = 0
        for i, n in enumerate(lengths):
            ta.write(i, value[start:start + int(n)])
            start += int(n)
        return np.float32(0)
    return k


def _size_kernel(op):
    return lambda ctx, ta, flow: np.int32(len(ta.items))


def _close_kernel(op):
    def k(ctx, ta):
        ta.closed = True
    return k


def _scalar(op):
    return [TensorShape([])]


register("TensorArrayV3", "state", lambda op: [TensorShape([2]), TensorShape([])], _ta_kernel, stateful=True,
         doc="makes an array of tensors for one run (its handle and flow)")
register("TensorArrayGradV3", "state", lambda op: [TensorShape([2]), TensorShape([])], _grad_kernel, stateful=True,
         doc="makes (once) the array that gathers a TensorArray's gradients")
register("TensorArrayWriteV3", "state", _scalar, _write_kernel, stateful=True,
         doc="writes one element of a TensorArray")
register("TensorArrayReadV3", "state", lambda op: [unknown_shape()], _read_kernel, stateful=True,
         doc="reads one element of a TensorArray")
register("TensorArrayGatherV3", "state",
         lambda op: [TensorShape([None]).concatenate(op._attrs["element_shape"])
                     if op._attrs["element_shape"].ndims is not None else unknown_shape()],
         _gather_kernel, stateful=True, doc="stacks the chosen elements of a TensorArray")
register("TensorArrayScatterV3", "state", _scalar, _scatter_kernel, stateful=True,
         doc="writes the rows of a tensor into chosen elements of a TensorArray")
register("TensorArrayConcatV3", "state", lambda op: [unknown_shape(), TensorShape([None])], _concat_kernel,
         stateful=True, doc="concatenates the elements of a TensorArray")
register("TensorArraySplitV3", "state", _scalar, _split_kernel, stateful=True,
         doc="splits a tensor into the elements of a TensorArray")
register("TensorArraySizeV3", "state", _scalar, _size_kernel, stateful=True,
         doc="the number of elements of a TensorArray")
register("TensorArrayCloseV3", "state", lambda op: [], _close_kernel, stateful=True,
         doc="closes a TensorArray")
