"""`tf.import_graph_def`: a GraphDef's nodes become ops of the default graph, as TF 1.15 does it
(the `import/` prefix, `input_map`, `return_elements`, TF's errors for names that do not exist).

Each NodeDef goes through `Graph.create_op` like any op nbgraph builds, so an imported graph
runs, renders and steps like one built in Python. Output dtypes follow the OpDef
(`op_defs.json`); an op type nbgraph has no kernel for is TF's NotFoundError naming it.
"""
from __future__ import annotations

import socket

from ..engine import registry
from ..engine.errors import NotFoundError
from ..engine.graph import get_default_graph
from ..engine.shapes import TensorShape
from .op_attrs import attr_types, op_def
from .tensors import attr_python

__all__ = ["import_graph_def"]


def _not_registered(op_type: str) -> NotFoundError:
    return NotFoundError(None, None, (
        f"Op type not registered '{op_type}' in binary running on {socket.gethostname()}. Make sure the Op and "
        "Kernel are registered in the binary running in this process. Note that if you are loading a saved graph "
        "which used ops from tf.contrib (e.g. `tf.contrib.resampler`), accessing should be done before importing "
        "the graph, as contrib ops are lazily registered when the module is first accessed."))


def _stored_attrs(nd) -> dict:
    """The NodeDef's attrs in the form nbgraph ops keep them (str for strings, ndarray, TensorShape)."""
    types = attr_types(nd.op)
    out = {}
    for name, a in nd.attr.items():
        if name in ("_output_shapes", "_class"):
            continue
        v = attr_python(a)
        if types.get(name) == "string" and isinstance(v, bytes):
            v = v.decode("utf-8", "replace")
        out[name] = v
    return out


def _output_dtypes(nd, attrs) -> list:
    od = op_def(nd.op)
    if od is None:
        shapes = nd.attr["_output_shapes"].list.shape if "_output_shapes" in nd.attr else []
        if "T" in attrs and len(shapes) <= 1:
            return [attrs["T"]]
        raise ValueError(f"Cannot import node '{nd.name}': nbgraph does not know the outputs of op type '{nd.op}'")
    from ..engine.dtypes import as_dtype
    out = []
    for a in od["outputs"]:
        if a.get("type_list_attr"):
            dts = list(attrs.get(a["type_list_attr"], []))
        else:
            dt = as_dtype(a["type"]) if a.get("type") else attrs[a["type_attr"]]
            dts = [dt] * (attrs[a["number_attr"]] if a.get("number_attr") else 1)
        out += [d._as_ref if a.get("is_ref") else d for d in dts]
    return out


def _parse(name: str):
    """'x' / 'x:1' / '^x' -> (op name, output index or -1 for a control input)."""
    if name.startswith("^"):
        return name[1:], -1
    op, _, idx = name.partition(":")
    return op, int(idx) if idx else 0


def import_graph_def(graph_def, input_map=None, return_elements=None, name=None, op_dict=None,
                     producer_op_list=None, _opaque_unknown=False):
    """Imports `graph_def` into the default graph; returns the ops/tensors named in
    `return_elements` (None when not given). `_opaque_unknown=True` (for drawing only) keeps
    op types nbgraph has no kernel for as opaque nodes instead of failing."""
    from ..engine.tensor import Operation, Tensor
    if isinstance(graph_def, (bytes, bytearray)):
        from .protos import pb
        graph_def = pb().GraphDef.FromString(bytes(graph_def))
    if not hasattr(graph_def, "node"):
        raise TypeError("graph_def must be a GraphDef proto.")
    input_map = {(k if k.startswith("^") or ":" in k else k + ":0"): v for k, v in (input_map or {}).items()}
    if return_elements is not None and isinstance(return_elements, str):
        raise TypeError("return_elements must be a list of strings.")
    nodes = {nd.name: nd for nd in graph_def.node}
    missing = [key for key in input_map if _parse(key)[0] not in nodes]
    if missing:
        raise ValueError(f"Attempted to map inputs that were not found in graph_def: [{', '.join(missing)}]")
    unknown = set()
    for nd in graph_def.node:
        try:
            registry.get(nd.op)
        except KeyError:
            if not _opaque_unknown:
                raise _not_registered(nd.op) from None
            unknown.add(nd.name)
    n_outputs = _outputs_used(graph_def) if unknown else {}
    g = get_default_graph()
    with g.name_scope(name if name is not None else "import") as scope:
        pass
    created: dict[str, Operation] = {}
    order = _topological(graph_def)
    back_edges = []   # (Merge op, input index, NextIteration node name, output index)
    for nd in order:
        inputs, control = [], []
        for inp in nd.input:
            op_name, idx = _parse(inp)
            key = inp if inp.startswith("^") else f"{op_name}:{idx}"
            if key in input_map:
                t = input_map[key]
                (control if idx < 0 else inputs).append(g.as_graph_element(t))
                continue
            if op_name not in created and idx >= 0 and _is_back_edge(nd, nodes.get(op_name)):
                # a while loop's NextIteration -> Merge edge: the Merge is made with its
                # loop-entry input in that slot, and the edge is set once the NextIteration exists
                back_edges.append((nd.name, len(inputs), op_name, idx))
                inputs.append(None)
                continue
            src = created[op_name]
            if idx < 0:
                control.append(src)
            else:
                inputs.append(src._outputs[idx])
        if None in inputs:
            first = next((t for t in inputs if t is not None), None)
            if first is None:
                raise ValueError(f"Node '{nd.name}': a Merge with no input from outside its loop")
            inputs = [first if t is None else t for t in inputs]
        attrs = _stored_attrs(nd)
        shapes = None
        if not op_def(nd.op) and "_output_shapes" in nd.attr:
            from .tensors import shape_from_proto
            shapes = [shape_from_proto(s) for s in nd.attr["_output_shapes"].list.shape]
        full = scope + nd.name
        if full in g._ops_by_name:  # TF uniquifies imported names that are taken (`c` -> `c_1`)
            base, i = full, 1
            while f"{base}_{i}" in g._ops_by_name or f"{base}_{i}" in nodes:
                i += 1
            full = f"{base}_{i}"
        with g.control_dependencies(None), g.device(None), g.colocate_with(None, ignore_existing=True):
            if nd.name in unknown:
                op = _opaque_op(g, nd, inputs, attrs, full, n_outputs.get(nd.name, 0))
            else:
                op = g.create_op(nd.op, inputs, _output_dtypes(nd, attrs), name=full + "/", attrs=attrs,
                                 output_shapes=shapes)
        g._names_in_use[full.lower()] = max(g._names_in_use.get(full.lower(), 0), 1)
        op._device = nd.device
        for c in control:
            op._add_control_input(c._op if isinstance(c, Tensor) else c)
        if "_class" in nd.attr:
            names = [c.decode()[len("loc:@"):] for c in nd.attr["_class"].list.s]
            op._colocation = tuple(sorted(created[n]._name if n in created else scope + n for n in names))
        created[nd.name] = op
    for merge, index, src, idx in back_edges:
        created[merge]._update_input(index, created[src]._outputs[idx])
    if return_elements is None:
        return None
    out = []
    for r in return_elements:
        op_name, idx = _parse(r)
        if op_name not in created:
            kind = "tensor" if ":" in r else "operation"
            raise ValueError(f"Requested return {kind} '{r}' not found in graph def")
        op = created[op_name]
        if ":" in r:
            if idx >= len(op._outputs):
                raise ValueError(f"Requested return tensor '{r}' not found in graph def")
            out.append(op._outputs[idx])
        else:
            out.append(op)
    return out


def _outputs_used(graph_def) -> dict:
    """{node name: how many outputs it must have} from the highest output index its consumers read."""
    out: dict[str, int] = {}
    for nd in graph_def.node:
        for inp in nd.input:
            src, idx = _parse(inp)
            if idx >= 0:
                out[src] = max(out.get(src, 0), idx + 1)
    return out


def _opaque_op(g, nd, inputs, attrs, full, used):
    """A node of an op type nbgraph cannot run, kept for drawing: its type, inputs, attrs and
    (from `_output_shapes` or the OpDef) its outputs; running it is an error naming the type."""
    from ..engine.dtypes import float32
    from ..engine.registry import OpDef
    from .tensors import shape_from_proto
    shapes = ([shape_from_proto(s) for s in nd.attr["_output_shapes"].list.shape]
              if "_output_shapes" in nd.attr else [])
    try:
        dtypes = _output_dtypes(nd, attrs) if op_def(nd.op) else []
    except (KeyError, ValueError):
        dtypes = []
    n = max(len(dtypes), len(shapes), used)
    dtypes = (dtypes + [float32] * n)[:n]
    shapes = (shapes + [TensorShape(None)] * n)[:n]
    op = g.create_op("NoOp", inputs, dtypes, name=full + "/", attrs=attrs, output_shapes=shapes)

    def no_kernel(_op):
        raise _not_registered(nd.op)
    op._type = nd.op
    op._opdef = OpDef(nd.op, "io", lambda _op, s=tuple(shapes): list(s), no_kernel, gpu=False)
    return op


def _is_back_edge(nd, src) -> bool:
    """Whether `src` -> `nd` is a while loop's back edge (NextIteration into Merge)."""
    return (src is not None and nd.op in ("Merge", "RefMerge")
            and src.op in ("NextIteration", "RefNextIteration"))


def _topological(graph_def) -> list:
    """NodeDefs in an order where every input comes first (GraphDefs need not be sorted; a while
    loop's back edges, NextIteration -> Merge, are left out of the order)."""
    nodes = {nd.name: nd for nd in graph_def.node}
    done: set[str] = set()
    seen: set[str] = set()
    out = []
    for root in graph_def.node:
        stack = [(root, False)]
        while stack:
            nd, expanded = stack.pop()
            if nd.name in done:
                continue
            if expanded:
                done.add(nd.name)
                out.append(nd)
                continue
            if nd.name in seen:
                raise ValueError(f"GraphDef has a cycle through node '{nd.name}'")
            seen.add(nd.name)
            stack.append((nd, True))
            for inp in nd.input:
                src = _parse(inp)[0]
                if src not in nodes:
                    raise ValueError(f"Node '{nd.name}': Unknown input node '{inp}'")
                if src not in done and not _is_back_edge(nd, nodes[src]):
                    stack.append((nodes[src], False))
    return out

