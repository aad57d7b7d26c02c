"""An nbgraph Graph as TF's GraphDef: `Graph.as_graph_def`, `Operation.node_def`, `get_attr`.

Each NodeDef carries what TF 1.15's would: name, op, inputs (`x`, `x:1`, `^ctrl`), device and
every attr of the op's OpDef (`op_attrs.attr_values`), `_output_shapes` when asked.
"""
from __future__ import annotations

from ..engine.tensor import _input_name
from .op_attrs import attr_types, attr_values
from .protos import pb
from .tensors import attr_value, shape_proto

__all__ = ["node_def", "as_graph_def", "get_attr", "GRAPH_DEF_VERSION", "GRAPH_DEF_VERSION_MIN_CONSUMER"]

# TF 1.15's graph versions (tensorflow/core/public/version.h)
GRAPH_DEF_VERSION = 134
GRAPH_DEF_VERSION_MIN_CONSUMER = 0


def node_def(op, add_shapes: bool = False):
    """The NodeDef of `op`, with every attr TF has."""
    nd = pb().NodeDef(name=op._name, op=op._type, device=op._device or "")
    nd.input.extend([_input_name(t) for t in op._inputs] + [f"^{c._name}" for c in op._control_inputs])
    types = attr_types(op._type)
    for name, value in attr_values(op).items():
        nd.attr[name].CopyFrom(attr_value(value, types.get(name)))
    if add_shapes and op._outputs:
        nd.attr["_output_shapes"].list.shape.extend(shape_proto(t._shape) for t in op._outputs)
    return nd


def as_graph_def(graph, from_version: int | None = None, add_shapes: bool = False):
    """The GraphDef of `graph` (ops added after version `from_version` only, when given)."""
    gd = pb().GraphDef()
    for op in graph.get_operations():
        if from_version is None or op._id > from_version:
            gd.node.add().CopyFrom(node_def(op, add_shapes))
    gd.versions.producer = GRAPH_DEF_VERSION
    gd.versions.min_consumer = GRAPH_DEF_VERSION_MIN_CONSUMER
    return gd


def get_attr(op, name: str):
    """`Operation.get_attr(name)` as TF answers it: DType for a type, TensorShapeProto for a
    shape, TensorProto for a tensor, bytes for a string, lists for list attrs. Without the
    protobuf packages, shapes and tensors come back as TensorShape and ndarray."""
    values = attr_values(op)
    if name not in values:
        raise ValueError(f"Operation '{op._name}' has no attr named '{name}'.")
    value = values[name]
    typ = attr_types(op._type).get(name, "")
    if typ in ("shape", "tensor", "list(shape)", "list(tensor)"):
        try:
            a = attr_value(value, typ)
        except ImportError:
            return value
        from .tensors import attr_python
        return attr_python(a, raw=True)
    return value
