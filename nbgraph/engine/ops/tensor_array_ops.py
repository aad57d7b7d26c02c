"""`tf.TensorArray` as TF 1.15 builds it in a graph: the `TensorArrayV3` op family.

A TensorArray is a handle (a resource made by `TensorArrayV3`, fresh for each run) plus a *flow*: a
dummy float scalar that every write returns and every read takes, so the graph orders reads after
the writes they need and gradients can flow back through writes. The Python `TensorArray` is
immutable: `write`/`scatter`/`unstack`/`split` return a new one with the new flow. The kernels
keep TF's rules and texts: write-once elements, `clear_after_read`, `dynamic_size`, element shapes
checked against `element_shape` / the first write (`infer_shape`): tensor_array_kernels.py.
Gradients: tensor_array_grad.py.
"""
from __future__ import annotations

import contextlib

import numpy as np

from .. import dtypes as _dt
from ..convert import constant_value, convert_to_tensor
from ..graph import get_default_graph
from ..shapes import TensorShape, as_shape, unknown_shape
from . import tensor_array_kernels  # noqa: F401  (registers the TensorArrayV3 ops)

__all__ = ["TensorArray"]


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
        if get_default_graph().executing_eagerly:  # TF's eager TensorArray keeps what was read
            clear_after_read = False
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

