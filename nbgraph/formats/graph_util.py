"""`tf.graph_util`: freezing a trained graph for export, as TF 1.x lessons do before writing a
`.pb` — `convert_variables_to_constants`, `extract_sub_graph`, `remove_training_nodes` — on real
`GraphDef` messages."""
from __future__ import annotations

import copy

__all__ = ["extract_sub_graph", "convert_variables_to_constants", "remove_training_nodes",
           "tensor_shape_from_node_def_name"]

_VARIABLE_OPS = ("Variable", "VariableV2", "VarHandleOp")


def _node_name(name: str) -> str:
    name = name[1:] if name.startswith("^") else name
    return name.split(":")[0]


def _check_graph_def(graph_def):
    from .protos import pb
    if not isinstance(graph_def, pb().GraphDef):
        raise TypeError(f"graph_def must be a graph_pb2.GraphDef proto, but got type {type(graph_def)}.")


def extract_sub_graph(graph_def, dest_nodes):
    """The nodes `dest_nodes` need (through data and control inputs), in the GraphDef's order."""
    from .protos import pb
    _check_graph_def(graph_def)
    if isinstance(dest_nodes, str):
        raise TypeError("dest_nodes must be a list.")
    by_name = {n.name: n for n in graph_def.node}
    for d in dest_nodes:
        if d not in by_name:
            raise AssertionError(f"{d} is not in graph")
    keep, todo = set(), list(dest_nodes)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        todo.extend(_node_name(i) for i in by_name[name].input)
    out = pb().GraphDef()
    out.node.extend(copy.deepcopy(n) for n in graph_def.node if n.name in keep)
    out.library.CopyFrom(graph_def.library)
    out.versions.CopyFrom(graph_def.versions)
    return out


def convert_variables_to_constants(sess, input_graph_def, output_node_names, variable_names_whitelist=None,
                                   variable_names_blacklist=None):
    """The part of the graph `output_node_names` need, with every variable replaced by a Const
    holding its value in `sess` (what TF calls freezing)."""
    from .protos import pb
    from .tensors import make_tensor_proto
    inference = extract_sub_graph(input_graph_def, output_node_names)
    names = [n.name for n in inference.node if n.op in _VARIABLE_OPS
             and (variable_names_whitelist is None or n.name in variable_names_whitelist)
             and (variable_names_blacklist is None or n.name not in variable_names_blacklist)]
    values = dict(zip(names, sess.run([f"{n}:0" for n in names]))) if names else {}
    out = pb().GraphDef()
    for node in inference.node:
        if node.name in values:
            const = out.node.add()
            const.op, const.name = "Const", node.name
            dtype = node.attr["dtype"]
            const.attr["dtype"].CopyFrom(dtype)
            const.attr["value"].tensor.CopyFrom(make_tensor_proto(values[node.name]))
            if node.device:
                const.device = node.device
        else:
            out.node.add().CopyFrom(node)
    out.library.CopyFrom(inference.library)
    out.versions.CopyFrom(inference.versions)
    return out


def remove_training_nodes(input_graph, protected_nodes=None):
    """The graph without CheckNumerics and with Identity nodes bypassed (except protected ones)."""
    from .protos import pb
    _check_graph_def(input_graph)
    protected = set(protected_nodes or [])
    drop = {n.name for n in input_graph.node if n.op == "CheckNumerics" and n.name not in protected}
    bypass = {}
    for n in input_graph.node:
        if n.op in ("Identity", "CheckNumerics") and n.name not in protected and n.input and \
                not any(i.startswith("^") for i in n.input):
            bypass[n.name] = n.input[0]

    def resolve(name):
        seen = set()
        base = _node_name(name)
        while base in bypass and base not in seen:
            seen.add(base)
            name = bypass[base]
            base = _node_name(name)
        return name
    out = pb().GraphDef()
    for n in input_graph.node:
        if n.name in bypass or n.name in drop:
            continue
        new = out.node.add()
        new.CopyFrom(n)
        del new.input[:]
        new.input.extend(i if i.startswith("^") else resolve(i) for i in n.input)
    out.library.CopyFrom(input_graph.library)
    out.versions.CopyFrom(input_graph.versions)
    return out


def tensor_shape_from_node_def_name(graph, input_name):
    name = input_name if ":" in input_name else input_name + ":0"
    return graph.get_tensor_by_name(name).get_shape()
