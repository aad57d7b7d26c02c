"""`tf.TensorArray` as TF 1.15 builds it in a graph: the `TensorArrayV3` op family.

A TensorArray is a handle (a resource made by `TensorArrayV3`, fresh for each run) plus a *flow*: a
dummy float scalar that every write returns and every read takes, so the graph orders reads after
the writes they need and gradients can flow back through writes. The Python `TensorArray` is
immutable: `write`/`scatter`/`unstack`/`split` return a new one with the new flow. The kernels
keep TF's rules and texts: write-once elements, `clear_after_read`, `dynamic_size`, element shapes
checked against `element_shape` / the first write (`infer_shape`). Gradients: tensor_array_grad.py.
"""
from __future__ import annotations

import contextlib
import itertools

import numpy as np

from .. import dtypes as _dt
from ..convert import constant_value, convert_to_tensor
from ..errors import KernelError, UnimplementedError
from ..graph import get_default_graph
from ..registry import register
from ..shapes import TensorShape, as_shape, unknown_shape

__all__ = ["TensorArray"]


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


# -- the Python class -----------------------------------------------------------------------------
def _create(g, op_type, inputs, out_dtypes, name, default, attrs):
    """The op in its own name scope; a Python index/indices is converted there (`<op>/index`)."""
    with g.name_scope(name or default) as scope:
        inputs = [t if not isinstance(t, tuple) else convert_to_tensor(t[1], dtype=_dt.int32, name=t[0])
                  for t in inputs]
        return g.create_op(op_type, inputs, out_dtypes, name=scope, attrs=attrs)


class TensorArray:
    """`tf.TensorArray`: a list of tensors written and read by index inside a graph (TF 1.x)."""

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None, tensor_array_name=None,
                 handle=None, flow=None, infer_shape=True, element_shape=None, colocate_with_first_write_call=True,
                 name=None):
        if handle is not None and tensor_array_name:
            raise ValueError("Cannot construct with both handle and tensor_array_name")
        if handle is not None and size is not None:
            raise ValueError("Cannot provide both a handle and size at the same time")
        if handle is None and size is None:
            raise ValueError("Size must be provided if handle is not provided")
        if handle is not None and element_shape is not None:
            raise ValueError("Cannot provide both a handle and element_shape at the same time")
        if handle is not None and dynamic_size is not None:
            raise ValueError("Cannot provide both a handle and dynamic_size at the same time")
        if handle is not None and clear_after_read is not None:
            raise ValueError("Cannot provide both a handle and clear_after_read at the same time")
        if clear_after_read is None:
            clear_after_read = True
        self._dynamic_size = bool(dynamic_size)
        self._dtype = _dt.as_dtype(dtype).base_dtype
        self._colocate_with_first_write_call = colocate_with_first_write_call
        self._colocate_with = [] if colocate_with_first_write_call else None
        self._element_shape = [as_shape(element_shape) if element_shape is not None else unknown_shape()]
        self._infer_shape = infer_shape
        self._size = size
        g = get_default_graph()
        with g.name_scope(name or "TensorArray") as scope:
            if handle is not None:
                if flow is None:
                    raise ValueError("flow must not be None if handle is not None.")
                self._handle, self._flow = handle, flow
                return
            size_t = convert_to_tensor(size, dtype=_dt.int32, name="size")
            with g.device(None), g.colocate_with(None, ignore_existing=True):
                op = g.create_op("TensorArrayV3", [size_t], [_dt.resource, _dt.float32], name=scope,
                                 attrs={"dtype": self._dtype, "element_shape": self._element_shape[0],
                                        "dynamic_size": self._dynamic_size, "clear_after_read": clear_after_read,
                                        "identical_element_shapes": infer_shape,
                                        "tensor_array_name": tensor_array_name or ""})
            self._handle, self._flow = op._outputs

    @property
    def flow(self):
        return self._flow

    @property
    def dtype(self):
        return self._dtype

    @property
    def handle(self):
        return self._handle

    @property
    def element_shape(self):
        return self._element_shape[0]

    def _new_flow(self, flow):
        ta = TensorArray.__new__(TensorArray)
        ta.__dict__.update(self.__dict__)
        ta._flow = flow
        return ta

    def _check_element_shape(self, shape):
        if not shape.is_compatible_with(self.element_shape):
            raise ValueError(f"Inconsistent shapes: saw {shape} but expected {self.element_shape} ")
        if self._infer_shape:
            self._element_shape[0] = self.element_shape.merge_with(shape)

    def _check_dtype(self, value):
        if value._dtype.base_dtype != self._dtype:
            raise ValueError(f"TensorArray dtype is {self._dtype.name} but Op is trying to write dtype "
                             f"{value._dtype.base_dtype.name}.")

    def _colocation(self, g, value):
        if not self._colocate_with_first_write_call:
            return contextlib.nullcontext()
        if not self._colocate_with:
            self._colocate_with.append(value)
        return g.colocate_with(self._colocate_with[0]._op)

    def identity(self):
        from .array_ops import identity
        return self._new_flow(identity(self._flow))

    def grad(self, source, flow=None, name=None):
        from .array_ops import identity
        if flow is None:
            flow = self.flow
        g = get_default_graph()
        with g.name_scope(name or "TensorArrayGrad"), g.colocate_with(self._handle._op):
            with g.name_scope(name or "TensorArrayGradV3") as scope:
                op = g.create_op("TensorArrayGradV3", [self._handle, flow], [_dt.resource, _dt.float32], name=scope,
                                 attrs={"source": source})
            g_handle = op._outputs[0]
            with g.control_dependencies([g_handle]):
                flow = identity(flow, name="gradient_flow")
            ta = TensorArray(dtype=self._dtype, handle=g_handle, flow=flow, infer_shape=self._infer_shape,
                             colocate_with_first_write_call=False)
            ta._element_shape = self._element_shape
            return ta

    def read(self, index, name=None):
        g = get_default_graph()
        op = _create(g, "TensorArrayReadV3", [self._handle, ("index", index), self._flow], [self._dtype], name,
                     "TensorArrayReadV3", {"dtype": self._dtype})
        value = op._outputs[0]
        value.set_shape(self._element_shape[0])
        return value

    def write(self, index, value, name=None):
        g = get_default_graph()
        with g.name_scope(name or "TensorArrayWrite"):
            value = convert_to_tensor(value, preferred_dtype=self._dtype, name="value")
            self._check_dtype(value)
            self._check_element_shape(value._shape)
            with self._colocation(g, value):
                op = _create(g, "TensorArrayWriteV3", [self._handle, ("index", index), value, self._flow], [_dt.float32], name,
                             "TensorArrayWriteV3", {"T": self._dtype})
            return self._new_flow(op._outputs[0])

    def stack(self, name=None):
        from .array_ops import range as range_
        g = get_default_graph()
        with g.colocate_with(self._handle._op), g.name_scope(name or "TensorArrayStack"):
            value = self.gather(range_(0, self.size()), name=name)
            if self.element_shape.ndims is not None and not self._dynamic_size and self._size is not None:
                n = constant_value(convert_to_tensor(self._size)) if not isinstance(self._size, int) else self._size
                value.set_shape(TensorShape([None if n is None else int(n)]).concatenate(self.element_shape))
            return value

    def gather(self, indices, name=None):
        g = get_default_graph()
        op = _create(g, "TensorArrayGatherV3", [self._handle, ("indices", indices), self._flow], [self._dtype], name,
                     "TensorArrayGatherV3", {"dtype": self._dtype, "element_shape": self._element_shape[0]})
        value = op._outputs[0]
        if self.element_shape.ndims is not None:
            value.set_shape(TensorShape([None]).concatenate(self.element_shape))
        return value

    def concat(self, name=None):
        g = get_default_graph()
        rest = self.element_shape[1:] if self.element_shape.ndims else unknown_shape()
        op = _create(g, "TensorArrayConcatV3", [self._handle, self._flow], [self._dtype, _dt.int64], name,
                     "TensorArrayConcatV3", {"dtype": self._dtype, "element_shape_except0": rest})
        value = op._outputs[0]
        if self.element_shape.ndims:
            value.set_shape(TensorShape([None]).concatenate(self.element_shape[1:]))
        return value

    def unstack(self, value, name=None):
        from .array_ops import range as range_, shape
        g = get_default_graph()
        with g.name_scope(name or "TensorArrayUnstack"):
            value = convert_to_tensor(value, preferred_dtype=self._dtype)
            num_elements = shape(value)[0]
            return self.scatter(indices=range_(0, num_elements), value=value, name=name)

    def scatter(self, indices, value, name=None):
        g = get_default_graph()
        with g.name_scope(name or "TensorArrayScatter"):
            value = convert_to_tensor(value, preferred_dtype=self._dtype, name="value")
            self._check_dtype(value)
            if value._shape.ndims:
                self._check_element_shape(value._shape[1:])
            with self._colocation(g, value):
                op = _create(g, "TensorArrayScatterV3", [self._handle, ("indices", indices), value, self._flow], [_dt.float32],
                             name, "TensorArrayScatterV3", {"T": self._dtype})
            return self._new_flow(op._outputs[0])

    def split(self, value, lengths, name=None):
        g = get_default_graph()
        with g.name_scope(name or "TensorArraySplit"):
            value = convert_to_tensor(value, dtype=self._dtype, name="value")
            with self._colocation(g, value):
                with g.name_scope("Cast") as scope:  # math_ops.cast: the Const is `Cast/x`
                    lengths_64 = convert_to_tensor(lengths, name="x")
                    if lengths_64._dtype.base_dtype != _dt.int64:
                        lengths_64 = g.create_op("Cast", [lengths_64], [_dt.int64], name=scope, attrs={
                            "SrcT": lengths_64._dtype.base_dtype, "DstT": _dt.int64})._outputs[0]
                clengths = constant_value(lengths_64)
                if value._shape.ndims is not None and clengths is not None:
                    clengths = np.asarray(clengths).reshape(-1)
                    if clengths.size and clengths.max() == clengths.min():
                        self._check_element_shape(TensorShape([int(clengths[0])]).concatenate(value._shape[1:]))
                op = _create(g, "TensorArraySplitV3", [self._handle, value, lengths_64, self._flow], [_dt.float32],
                             name, "TensorArraySplitV3", {"T": self._dtype})
            return self._new_flow(op._outputs[0])

    def size(self, name=None):
        g = get_default_graph()
        op = _create(g, "TensorArraySizeV3", [self._handle, self._flow], [_dt.int32], name, "TensorArraySizeV3", {})
        return op._outputs[0]

    def close(self, name=None):
        g = get_default_graph()
        return _create(g, "TensorArrayCloseV3", [self._handle], [], name, "TensorArrayCloseV3", {})

