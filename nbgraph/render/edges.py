"""The edges of a picture: data, reference and control edges between the drawn nodes, and the
small text nodes that carry a tensor's shape and dtype on its way (see `plan_edges`)."""
from __future__ import annotations

from . import style as S
from .layout import Layout, cluster_path, op_id, scope_id, subtree

__all__ = ["plan_edges"]


def plan_edges(tree, lay: Layout, shapes: bool, compact: bool):
    """(the edges to draw as (tail, head, attributes); their kinds: "data", "reference",
    "control"; op -> the lines its node adds for the shapes it makes, in a compact picture).

    A tensor's shape and dtype is a small text node on its way (`op -> "(2,) float32" ->
    consumers`) in the producer's scope: a real node stays inside its own cluster, so the text
    never sits on a scope border the way an edge label can, and an output used twice is labelled
    once. In a `compact` picture the edges go straight and the producer's node says the shape
    (`→ (2,) float32`): a text node doubles the ranks every long edge crosses, and dozens of long
    edges turn a second of `dot` into minutes."""
    opset, where = set(lay.ops), lay.where
    seen, kinds, edges, flows = set(), set(), [], {}

    def node_id(w):
        return scope_id(w[1]) if w[0] == "scope" else op_id(w[1])

    for op in lay.ops:
        dst = where[op]
        refs = op.op_def.ref_inputs
        for i, t in enumerate(op.inputs):
            if t.op not in opset:
                continue
            src = where[t.op]
            kind = "reference" if i in refs else "data"
            if src == dst or (node_id(src), node_id(dst), kind) in seen:
                continue
            seen.add((node_id(src), node_id(dst), kind))
            kinds.add(kind)
            flows.setdefault((t, kind), []).append(node_id(dst))
        for c in op.control_inputs:
            if c not in opset:
                continue
            src = where[c]
            key = (node_id(src), node_id(dst), "ctrl")
            if src == dst or key in seen:
                continue
            seen.add(key)
            kinds.add("control")
            edges.append((node_id(src), node_id(dst), S.EDGE_STYLE["control"][0]))
    notes, data_edges = {}, []
    for (t, kind), heads in flows.items():
        src, style = where[t.op], S.EDGE_STYLE[kind][0]
        text = (f":{t.value_index} " if len(t.op.outputs) > 1 else "") + S.shape_text(t)
        if not shapes:
            data_edges += [(node_id(src), head, style) for head in heads]
            continue
        if compact:
            data_edges += [(node_id(src), head, {**style, "tooltip": S.dot_attr(f"{t.name}: {S.shape_text(t)}")})
                           for head in heads]
            if src[0] == "op" and t.op.type not in ("VariableV2", "Placeholder"):
                notes.setdefault(t.op, []).append(f"\u2192 {text}")
            continue
        tid = f"t{t.op.serial}_{t.value_index}" + ("r" if kind == "reference" else "")
        subtree(tree, cluster_path(lay, src)).setdefault(None, []).append(("tensor", (tid, tuple({
            "label": f"<{S.h(text)}>", "shape": "plaintext", "style": "", "fontsize": str(S.FONT["edge"]),
            "fontcolor": "#374151", "width": "0", "height": "0", "margin": "0.03,0.01", "id": f"nbg{tid}",
            "tooltip": S.dot_attr(f"{t.name}: {S.shape_text(t)}")}.items()))))
        data_edges.append((node_id(src), tid, {**style, "arrowhead": "none"}))
        data_edges += [(tid, head, style) for head in heads]
    return data_edges + edges, kinds, notes
