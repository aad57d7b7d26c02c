"""graph (or the part some fetches need) -> `graphviz.Digraph` -> SVG.

Name scopes become clusters; with `depth=N` only N levels of names are drawn and each scope at
level N is one node that says how many ops it holds (`depth=1`: one node per top-level scope).
Op kinds differ by shape; nodes are coloured by the device `session` placed them on (without a
session, by the device they asked for), with a legend; edges carry shape and dtype, control
edges are dotted and reference edges (a variable's reads and assigns) bold. Every label is an
HTML-like label built from escaped text.
"""
from __future__ import annotations

import re

import subprocess

import graphviz

from typing import NamedTuple

from . import style as S
from .layout import COLLAPSED, Exactly, Layout, drawn_ids, layout, op_id, scope_id, scope_of, scope_svg_id, select_ops, svg_id

__all__ = ["to_dot", "draw", "Drawing", "to_svg", "render_svg", "options", "RenderTooLarge", "RenderTimeout",
           "DotNotFound", "select_ops", "layout", "Layout", "highlight_css", "svg_id", "drawn_ids", "inline_svg",
           "Exactly", "DotFailed"]

RANKDIRS = ("TB", "LR", "BT", "RL")


class _Options:
    """Module-wide render settings (`nbgraph.render.options.max_nodes = 1000`).

    `max_nodes`: the most nodes drawn without collapsing scopes; `timeout`: seconds `dot` may
    spend on one layout; `compact_above`: beyond this many nodes, edge labels are placed after
    the layout (`xlabel`) and the layout search is bounded: a label placed as part of the layout
    turns a graph of ~100 ops with long edges from minutes of `dot` into a fraction of a second."""

    max_nodes = 400
    timeout = 30.0
    compact_above = 60


options = _Options()


class RenderTooLarge(ValueError):
    """More nodes to draw than the limit allows; `.ops` and `.limit` say how many."""

    def __init__(self, message, ops=0, limit=0):
        super().__init__(message)
        self.ops, self.limit = ops, limit


class RenderTimeout(RenderTooLarge):
    """`dot` took longer than `options.timeout` to lay the graph out."""


class DotNotFound(RuntimeError):
    """The graphviz `dot` executable is missing; `.source` still holds the DOT text."""

    def __init__(self, source=""):
        super().__init__("cannot draw the graph: the graphviz `dot` program is not installed "
                         "(install the 'graphviz' package, e.g. `apt-get install graphviz`)")
        self.source = source


class DotFailed(DotNotFound):
    """`dot` refused the DOT text. A subclass of `DotNotFound` so that every view that shows a
    one-line message for a missing `dot` shows this one too instead of a traceback."""

    def __init__(self, stderr, source=""):
        RuntimeError.__init__(self, f"cannot draw the graph: graphviz `dot` failed: {stderr}")
        self.source = source


class Drawing(NamedTuple):
    """A picture: the DOT graph, and the `id` of the SVG element showing each op (`ids`)."""

    dot: graphviz.Digraph
    ids: dict


class _Marks(NamedTuple):
    """How nodes are marked: device colours, and the highlighted/current/done/failed ops."""

    devices: dict
    palette: dict
    highlight: set
    current: object
    done: set
    failed: object


def to_dot(target, **kwargs) -> graphviz.Digraph:
    """Builds the picture of `target` (Graph, Tensor/Operation/Variable or list of them); the
    keywords are `draw`'s."""
    return draw(target, **kwargs).dot


def draw(target, *, depth=None, highlight=(), current=None, done=(), failed=None, shapes=True,
         rankdir="TB", session=None, max_nodes=None, title=None, collapse=COLLAPSED) -> Drawing:
    """The picture of `target` and the SVG ids of its ops (what `to_dot` draws). `target` may also
    be a GraphDef, a MetaGraphDef or a .pb/.pbtxt/.meta path (a graph exported from TensorFlow).
    The name scopes in `collapse` (default: `gradients` and the optimizers') are drawn as one node
    each; `collapse=()` opens them."""
    _check_options(rankdir, depth)
    from .graph_files import graph_from_source, is_graph_source
    if is_graph_source(target):
        target = graph_from_source(target)
    lay = layout(target, depth, collapse)
    _check_size(lay, options.max_nodes if max_nodes is None else max_nodes)
    devices = _devices(lay.ops, session)
    marks = _Marks(devices, {d: S.device_colour(d) for d in sorted(set(devices.values()))},
                   set(highlight or ()), current, set(done or ()), failed)
    compact = len(lay.nodes) > options.compact_above
    dot = _digraph(rankdir, compact, title)
    tree, members = _scope_tree(lay)
    _add_nodes(dot, tree, "", members, marks, set())
    _edges(dot, lay.ops, lay.where, shapes, "xlabel" if compact else "label")
    if lay.left_out:
        dot.node("left_out", label=f"<<I>+ {_count(lay.left_out, 'more op')} in the graph, not needed here</I>>",
                 shape="plaintext", style="", fontcolor="#9ca3af")
    if marks.palette:
        _legend(dot, marks.palette, session)
    return Drawing(dot, lay.ids)


def _check_options(rankdir, depth):
    if rankdir not in RANKDIRS:
        raise ValueError(f"unknown rankdir {rankdir!r} (must be one of {', '.join(repr(r) for r in RANKDIRS)})")
    if depth is not None and (not isinstance(depth, int) or isinstance(depth, bool) or depth < 1):
        raise ValueError(f"depth must be a positive int or None, got {depth!r}")


def _check_size(lay: Layout, limit: int):
    if len(lay.nodes) > limit:
        raise RenderTooLarge(
            f"the graph has {len(lay.ops)} ops, over the render limit of {limit} nodes; draw it collapsed by "
            f"name scope with depth=1 (or 2, ...), or raise nbgraph.render.options.max_nodes", len(lay.ops), limit)


def _digraph(rankdir, compact, title) -> graphviz.Digraph:
    layout_attrs = {"ranksep": "0.5", "mclimit": "0.1", "nslimit": "2", "nslimit1": "2", "searchsize": "10"} \
        if compact else {"ranksep": "0.35"}
    dot = graphviz.Digraph("nbgraph", graph_attr={"rankdir": rankdir, "fontname": "Helvetica", "fontsize": "11",
                                                  "nodesep": "0.3", **layout_attrs},
                           node_attr={"fontname": "Helvetica", "fontsize": "10", "style": "filled"},
                           edge_attr={"fontname": "Helvetica", "fontsize": "8", "color": "#6b7280"})
    if title:
        dot.attr(label=f"<<B>{S.h(title)}</B>>", labelloc="t")
    return dot


def _scope_tree(lay: Layout):
    """(nested scope tree: part -> subtree, None -> the nodes at that level; collapsed scope ->
    the ops it stands for)."""
    tree, members = {}, {}
    for op in lay.ops:
        kind, key = lay.where[op]
        path = scope_of(op.name, lay.scope_names) if kind == "op" else key.split("/")[:-1]
        node = tree
        for part in path:
            node = node.setdefault(part, {})
        node.setdefault(None, []).append(lay.where[op])
        if kind == "scope":
            members.setdefault(key, set()).add(op)
    return tree, members


def _add_nodes(container, node, prefix, members, marks: _Marks, drawn: set):
    """Draws the nodes at this level of the scope tree, then each child scope as a cluster."""
    for item in node.get(None, []):
        if item in drawn:
            continue
        drawn.add(item)
        kind, obj = item
        if kind == "scope":
            _scope_node(container, obj, members[obj], marks)
        else:
            _op_node(container, obj, marks.devices, marks.palette, marks.highlight, marks.current, marks.done,
                     marks.failed)
    for part, child in node.items():
        if part is None:
            continue
        path = f"{prefix}{part}"
        with container.subgraph(name=f"cluster_{scope_id(path)}") as sub:
            sub.attr(label=f"<{S.h(part)}>", style="rounded,dashed", color="#9ca3af", fontcolor="#4b5563")
            _add_nodes(sub, child, path + "/", members, marks, drawn)


def _scope_node(container, path, inside, marks: _Marks):
    """A collapsed scope: one node saying how many ops it holds, styled as the ops it hides."""
    attrs = {"fillcolor": S.KIND_STYLE["scope"][1]}
    for style, hit in ((S.HIGHLIGHT, marks.highlight & inside), (S.CURRENT, marks.current in inside),
                       (S.FAILED, marks.failed in inside)):
        if hit:
            attrs.update(style)
    container.node(scope_id(path), label=f"<<B>{S.h(path)}/</B><BR/>{_count(len(inside), 'op')}>",
                   shape="box3d", tooltip=S.dot_attr(path), id=scope_svg_id(path), **attrs)


def _legend(dot, palette, session):
    virtual = {d.name for d in session.list_devices() if d.virtual} if session is not None else set()
    with dot.subgraph(name="cluster_legend") as leg:
        leg.attr(label="<devices>" if session is not None else "<requested devices>", style="rounded",
                 color="#d1d5db", fontcolor="#4b5563")
        for i, (d, colour) in enumerate(palette.items()):
            leg.node(f"legend_{i}", label=f"<{S.h(_short_device(d, d in virtual))}>", shape="box",
                     fillcolor=colour, tooltip=S.dot_attr(d))


def _count(n, noun):
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _short_device(d, virtual=False):
    short = d.split("/device:")[-1] if "/device:" in d else d
    task = re.match(r"/job:([^/]+)/replica:\d+/task:(\d+)/", d)
    if task and task.group(1) != "localhost":  # a cluster: say which task (`ps:1 CPU:0`)
        short = f"{task.group(1)}:{task.group(2)} {short}"
    return short + (" (virtual)" if virtual else "")


def _devices(ops, session):
    """op -> the device to colour it by: where `session` placed it (ops it has not placed yet
    keep their kind's colour), or without a session the device the op asked for."""
    if session is None:
        return {op: op.device for op in ops if op.device}
    assigned = {r.node: r.assigned for r in session.placement_log}
    return {op: assigned[op.name] for op in ops if op.name in assigned}


def _op_node(container, op, devices, palette, highlight, current, done, failed):
    kind = S.op_kind(op)
    shape, fill = S.KIND_STYLE[kind]
    if op in devices:
        fill = palette[devices[op]]
    lines = [f"<B>{S.h(op.name.split('/')[-1])}</B>", f"<FONT POINT-SIZE=\"8\">{S.h(op.type)}</FONT>"]
    if op.type == "Const":
        lines.append(f"<FONT POINT-SIZE=\"8\">{S.h(S.preview(op.attr_value('value')))}</FONT>")
    elif op.type in ("VariableV2", "Placeholder"):
        t = op.outputs[0]
        lines.append(f"<FONT POINT-SIZE=\"8\">{S.h(t.dtype.base_dtype.name)} {S.h(str(t.shape))}</FONT>")
    attrs = {"shape": shape, "fillcolor": fill, "id": svg_id(op),
             "tooltip": S.dot_attr(f"{op.name} ({op.type})" + (f" on {devices[op]}" if op in devices else ""))}
    if op in done:
        attrs.update(S.DONE)
    if op in highlight:
        attrs.update(S.HIGHLIGHT)
    if current is not None and op is current:
        attrs.update(S.CURRENT)
    if failed is not None and op is failed:
        attrs.update(S.FAILED)
    container.node(op_id(op), label="<" + "<BR/>".join(lines) + ">", **attrs)


def highlight_css(scope_class, *, current=None, done=(), failed=None, highlight=(), ids=None):
    """A `<style>` block that restyles an already-drawn SVG inside an element of class
    `scope_class`: re-colouring per step costs a string, not a new layout. `ids` (from
    `drawn_ids`) says which element shows each op when scopes were collapsed; such a node is
    shaded done only once every op it holds is done."""
    ids = ids or {}
    done = set(done or ())
    holds = {}
    for op, i in ids.items():
        holds.setdefault(i, set()).add(op)

    def id_of(op):
        return ids.get(op) or svg_id(op)

    rules = []

    def rule(ops, fill=None, stroke=None, width=None):
        chosen = list(dict.fromkeys(id_of(op) for op in ops))
        sel = ", ".join(f".{scope_class} #{i} {shape}" for i in chosen for shape in ("ellipse", "polygon", "path"))
        if not sel:
            return
        decl = "".join(f"{k}:{v} !important;"
                       for k, v in (("fill", fill), ("stroke", stroke), ("stroke-width", width)) if v)
        rules.append(f"{sel} {{{decl}}}")

    rule([op for op in done if holds.get(id_of(op), {op}) <= done], fill=S.DONE["fillcolor"])
    rule(highlight, stroke=S.HIGHLIGHT["color"], width=S.HIGHLIGHT["penwidth"])
    if current is not None:
        rule([current], fill=S.CURRENT["fillcolor"], stroke=S.CURRENT["color"], width=S.CURRENT["penwidth"])
    if failed is not None:
        rule([failed], fill=S.FAILED["fillcolor"], stroke=S.FAILED["color"], width=S.FAILED["penwidth"])
    return "<style>" + "\n".join(rules) + "</style>"


def _edges(dot, ops, where, shapes, label="label"):
    opset = set(ops)
    seen = set()

    def node_id(w):
        return scope_id(w[1]) if w[0] == "scope" else op_id(w[1])

    for op in ops:
        dst = where[op]
        refs = op.op_def.ref_inputs
        for i, t in enumerate(op.inputs):
            if t.op not in opset:
                continue
            src = where[t.op]
            if src == dst:
                continue
            key = (node_id(src), node_id(dst), "data")
            if key in seen:
                continue
            seen.add(key)
            attrs = {}
            if shapes:
                attrs[label] = f"<{S.h(S.shape_text(t))}>"
            if i in refs:
                attrs.update(style="bold", color="#15803d", arrowhead="diamond")
            dot.edge(node_id(src), node_id(dst), **attrs)
        for c in op.control_inputs:
            if c not in opset:
                continue
            src = where[c]
            key = (node_id(src), node_id(dst), "ctrl")
            if src == dst or key in seen:
                continue
            seen.add(key)
            dot.edge(node_id(src), node_id(dst), style="dotted", color="#9333ea", arrowhead="odot")


def inline_svg(svg: str) -> str:
    """The `<svg>` element alone: an XML prolog and DOCTYPE do not belong inside an HTML page."""
    start = svg.find("<svg")
    return svg[start:] if start > 0 else svg


def to_svg(target, **kwargs) -> str:
    """SVG text of `to_dot(target, **kwargs)`; `DotNotFound` (with `.source`) when `dot` is
    missing, `RenderTimeout` when its layout takes longer than `options.timeout` seconds."""
    return render_svg(to_dot(target, **kwargs))


def render_svg(dot: graphviz.Digraph) -> str:
    """SVG text of a DOT graph, laid out by the graphviz `dot` program (errors as `to_svg`)."""
    try:
        done = subprocess.run(["dot", "-Tsvg"], input=dot.source.encode("utf-8"), capture_output=True,
                              timeout=options.timeout)
    except FileNotFoundError:
        raise DotNotFound(dot.source) from None
    except subprocess.TimeoutExpired:
        raise RenderTimeout(f"laying out the graph took over {options.timeout:g} s; draw it collapsed by name "
                            f"scope with depth=1 (or 2, ...), or raise nbgraph.render.options.timeout") from None
    if done.returncode != 0:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["exit status %d" % done.returncode])[0]
        raise DotFailed(first, dot.source)
    return done.stdout.decode("utf-8")
