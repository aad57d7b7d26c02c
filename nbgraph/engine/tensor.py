"""`Operation` and `Tensor`: the nodes and edges of a graph, printed exactly as TF 1.x does.

A Tensor is the `value_index`-th output of its op; it holds no value. Values exist only inside
a session run. Python operators on tensors are installed by `engine/ops/operators.py`.
"""
from __future__ import annotations

import os
import sys

import numpy as np

from . import registry
from .devices import canonical_name
from .dtypes import DType, as_dtype
from .errors import _NodeDef
from .formatting import fmt_shape, fmt_value
from .graph_state import ControlSeg, control_outputs, seg_ops
from .shapes import TensorShape, as_shape
from .source_labels import source_label

__all__ = ["Operation", "Tensor"]

_PKG_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _user_frame(depth=2):
    """(filename, line) of the first caller outside nbgraph; formatted only when shown."""
    f = sys._getframe(depth)
    while f is not None and f.f_code.co_filename.startswith(_PKG_DIR):
        f = f.f_back
    return None if f is None else (f.f_code.co_filename, f.f_lineno)


def _user_location():
    """`file:line` of the first caller outside nbgraph (cheap: no traceback objects)."""
    where = _user_frame(3)
    return None if where is None else source_label(*where)


class Operation:
    """A node: its type, inputs, attrs, the device asked for and the graph it lives in."""

    __slots__ = ("_graph", "_name", "_type", "_inputs", "_outputs", "_attrs", "_device", "_device_colocated",
                 "_ctrl", "_ctrl_segs", "_colocation", "_where", "_id",
                 "_opdef", "_kernel", "_cf_context", "__weakref__")

    def __init__(self, graph, op_type, name, inputs, output_dtypes, attrs, control_inputs, device):
        """`control_inputs`: a shared `ControlSeg` (graph_state.py), a sequence of ops, or None."""
        self._graph = graph
        self._name = name
        self._type = op_type
        self._opdef = registry.get(op_type)
        self._inputs = tuple(inputs)
        self._attrs = attrs
        self._device = device
        if control_inputs is not None and not isinstance(control_inputs, ControlSeg):
            control_inputs = ControlSeg(None, tuple(control_inputs)) if control_inputs else None
        self._ctrl = control_inputs  # shared with the other ops made in the same blocks
        self._ctrl_segs = None       # the ControlSegs holding this op (its control outputs' way in)
        self._colocation = ()
        self._device_colocated = False  # True when the device was copied from a colocated op
        self._where = _user_frame()
        self._kernel = None
        self._cf_context = None  # the cond branch or while loop this op was built in
        self._id = graph._next_id()
        self._outputs = tuple(Tensor(self, i, dt) for i, dt in enumerate(output_dtypes))
        for t in self._inputs:
            t._consumers.append(self)
        if control_inputs is not None:
            control_inputs.users.append(self)

    @property
    def _defined_at(self):
        where = self._where
        return None if where is None else source_label(*where)

    # -- public surface ------------------------------------------------------------------
    name = property(lambda self: self._name)
    type = property(lambda self: self._type)
    graph = property(lambda self: self._graph)
    outputs = property(lambda self: list(self._outputs))
    device = property(lambda self: self._device)
    control_inputs = property(lambda self: list(seg_ops(self._ctrl)))

    @property
    def _control_inputs(self) -> tuple:
        """The control input ops, in order (materialised from the shared segments)."""
        return seg_ops(self._ctrl)

    @property
    def _control_outputs(self) -> list:
        """The ops with this one as a control input, in creation order."""
        return control_outputs(self)

    @property
    def inputs(self):
        return _InputList(self._inputs)

    @property
    def serial(self) -> int:
        """The op's creation number in its graph: 1 for the first op, `graph.version` for the
        newest (the ops a cell added are those with a serial above the version before it)."""
        return self._id

    @property
    def node_def(self):
        """TF's NodeDef (a protobuf message; the name/op/device stand-in without the extra)."""
        try:
            from ..formats.graph_def import node_def
            return node_def(self)
        except ImportError:
            from .errors import _NodeDef
            return _NodeDef(self)

    @property
    def op_def(self):
        return self._opdef

    def values(self):
        return tuple(self._outputs)

    def attr_value(self, name: str, default=None):
        """Attr `name` as nbgraph holds it (a Const's value as a numpy array, strings as str), or
        `default`: for the layers above (pictures, sentences); `get_attr` answers as TF does."""
        return self._attrs.get(name, default)

    def get_attr(self, name):
        """The value of attr `name`, every attr TF's NodeDef has (nbgraph/formats/graph_def.py)."""
        from ..formats.graph_def import get_attr
        return get_attr(self, name)

    def _set_device(self, device):
        self._device = canonical_name(device)

    def _add_control_input(self, op):
        if op._graph is not self._graph:
            raise ValueError(f"{op} must be from the same graph as {self}.")
        if op not in self._control_inputs:
            old = self._ctrl
            if old is not None:
                old.users.remove(self)
            self._ctrl = ControlSeg(old, (op,))
            self._ctrl.users.append(self)
            self._graph._structure_changed()

    def _update_input(self, index, tensor):
        """Rewires input `index` to `tensor` (tf.cond and tf.while_loop route values this way)."""
        old = self._inputs[index]
        old._consumers.remove(self)
        self._inputs = self._inputs[:index] + (tensor,) + self._inputs[index + 1:]
        tensor._consumers.append(self)
        self._kernel = None

    def _get_control_flow_context(self):
        return self._cf_context

    def _add_control_inputs(self, ops):
        for op in ops:
            self._add_control_input(op)

    def colocation_groups(self):
        return [f"loc:@{n}".encode() for n in (self._colocation or (self._name,))]

    def run(self, feed_dict=None, session=None):
        """Runs this op in `session` (default: the default session)."""
        from .session import _run_using_default_session
        _run_using_default_session(self, feed_dict, self._graph, session)

    def __repr__(self):
        return f"<tf.Operation '{self._name}' type={self._type}>"

    def __str__(self):
        lines = [f'name: "{self._name}"', f'op: "{self._type}"']
        lines += [f'input: "{_input_name(t)}"' for t in self._inputs]
        lines += [f'input: "^{c._name}"' for c in self._control_inputs]
        if self._device:
            lines.append(f'device: "{self._device}"')
        for k in sorted(self._attrs):
            lines += ["attr {", f'  key: "{k}"', "  value {"]
            lines += ["    " + line for line in _attr_lines(self._attrs[k])]
            lines += ["  }", "}"]
        return "\n".join(lines) + "\n"


def _input_name(t):
    return t._op._name if t._value_index == 0 else f"{t._op._name}:{t._value_index}"


def _attr_lines(v):
    """An AttrValue in protobuf text format, as TF prints a NodeDef."""
    if isinstance(v, DType):
        return [f"type: DT_{v.base_dtype._proto_name.upper()}"]
    if isinstance(v, TensorShape):
        return ["shape {"] + ["  " + line for line in _shape_lines(v)] + ["}"]
    if isinstance(v, bool):
        return [f"b: {str(v).lower()}"]
    if isinstance(v, int):
        return [f"i: {v}"]
    if isinstance(v, float):
        return [f"f: {v:g}"]
    if isinstance(v, (str, bytes)):
        return [f's: "{_c_escape(v)}"']
    if isinstance(v, (list, tuple)):
        return ["list {"] + [f"  {_attr_lines(x)[0]}" for x in v] + ["}"]
    if isinstance(v, np.ndarray):
        dt = as_dtype(v.dtype)
        body = [f"dtype: DT_{dt._proto_name.upper()}", "tensor_shape {"]
        body += ["  " + line for line in _shape_lines(TensorShape(v.shape))] + ["}"]
        if dt.name == "string":
            body += [f'string_val: "{_c_escape(x)}"' for x in v.reshape(-1)]
        elif v.size > 1:
            body.append(f'tensor_content: "{_c_escape(np.ascontiguousarray(v).tobytes())}"')
        else:
            field = {"float16": "half_val", "float32": "float_val", "float64": "double_val", "int64": "int64_val",
                     "bool": "bool_val"}.get(dt.name, "int_val")
            body += [f"{field}: {str(bool(x)).lower() if dt.is_bool else fmt_value(x)}" for x in v.reshape(-1)]
        return ["tensor {"] + ["  " + line for line in body] + ["}"]
    return [f"s: {type(v).__name__!r}"]


def _shape_lines(shape):
    if shape.ndims is None:
        return ["unknown_rank: true"]
    out = []
    for d in shape.dims:
        out += ["dim {", f"  size: {-1 if d.value is None else d.value}", "}"]
    return out


def _c_escape(text):
    """protobuf's CEscape: printable ASCII as is, the usual backslash escapes, octal for the rest."""
    data = text.encode() if isinstance(text, str) else bytes(text)
    named = {10: "\\n", 13: "\\r", 9: "\\t", 34: '\\"', 39: "\\'", 92: "\\\\"}
    return "".join(named.get(b) or (chr(b) if 32 <= b < 127 else f"\\{b:03o}") for b in data)


class _InputList(tuple):
    """`op.inputs`: a tuple of Tensors (TF returns a list-like `_InputList`)."""

    def __repr__(self):
        return f"<nbgraph._InputList {list(self)!r}>"


class Tensor:
    """A symbolic handle to the `value_index`-th output of an Operation."""

    __slots__ = ("_op", "_value_index", "_dtype", "_shape", "_consumers", "__weakref__")

    # Make numpy defer to our operators (`np.float32(2) * t` builds an op).
    __array_priority__ = 100
    OVERLOADABLE_OPERATORS = frozenset()

    def __init__(self, op, value_index, dtype):
        self._op = op
        self._value_index = value_index
        self._dtype = dtype
        self._shape = TensorShape(None)
        self._consumers = []

    op = property(lambda self: self._op)
    value_index = property(lambda self: self._value_index)
    dtype = property(lambda self: self._dtype)
    graph = property(lambda self: self._op._graph)
    device = property(lambda self: self._op._device)
    shape = property(lambda self: self._shape)

    @property
    def name(self):
        return f"{self._op._name}:{self._value_index}"

    def get_shape(self) -> TensorShape:
        return self._shape

    def set_shape(self, shape):
        """Merges `shape` into the static shape (TF's error when they are incompatible)."""
        shape = as_shape(shape)
        if not self._shape.is_compatible_with(shape):
            old = self._shape
            if old.ndims != shape.ndims:
                raise ValueError(f"Shapes must be equal rank, but are {old.ndims} and {shape.ndims}")
            i = next(i for i, (a, b) in enumerate(zip(old.as_list(), shape.as_list()))
                     if a is not None and b is not None and a != b)
            raise ValueError(f"Dimension {i} in both shapes must be equal, but are {old[i]} and {shape[i]}. "
                             f"Shapes are {fmt_shape(old)} and {fmt_shape(shape)}.")
        self._shape = self._shape.merge_with(shape)

    def consumers(self):
        return list(self._consumers)

    def eval(self, feed_dict=None, session=None):
        """The tensor's value, computed in `session` (default: the default session)."""
        from .session import _eval_using_default_session
        return _eval_using_default_session(self, feed_dict, self._op._graph, session)

    def _as_node_def_input(self):
        return _input_name(self)

    def __repr__(self):
        return f"<tf.Tensor '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    def __str__(self):
        dev = f", device={self._op._device}" if self._op._device else ""
        shape = f", shape={self._shape}" if self._shape.ndims is not None else ""  # TF omits an unknown rank
        return f'Tensor("{self.name}"{shape}, dtype={self._dtype.name}{dev})'

    def __iter__(self):
        # TF 1.x in graph mode; a generator, so `iter(t)` works and the first `next` fails
        raise TypeError("Tensor objects are only iterable when eager execution is enabled. To iterate over "
                        "this tensor use tf.map_fn.")
        yield  # noqa: unreachable - makes this a generator, as TF's is

    def __bool__(self):
        raise TypeError("Using a `tf.Tensor` as a Python `bool` is not allowed. Use `if t is not "
                        "None:` instead of `if t:` to test if a tensor is defined, and use "
                        "TensorFlow ops such as tf.cond to execute subgraphs conditioned on the "
                        "value of a tensor.")

    def __len__(self):
        raise TypeError(f"len is not well defined for symbolic Tensors. ({self.name}) Please "
                        "call `x.shape` rather than `len(x)` for shape information.")

    def __array__(self, dtype=None, copy=None):
        raise TypeError(f"Cannot convert a symbolic Tensor ({self.name}) to a numpy array. This "
                        "error may indicate that you're trying to pass a Tensor to a NumPy call, "
                        "which is not supported")

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self
