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
from .legend import Legend, add_to_dot, device_text, ordered
from .layout import COLLAPSED, Exactly, Layout, drawn_ids, layout, op_id, scope_id, scope_of, scope_svg_id, select_ops, svg_id

__all__ = ["to_dot", "draw", "Drawing", "to_svg", "render_svg", "options", "RenderTooLarge", "RenderTimeout",
           "DotNotFound", "select_ops", "layout", "Layout", "highlight_css", "svg_id", "drawn_ids", "inline_svg",
           "Exactly", "DotFailed"]

RANKDIRS = ("TB", "LR", "BT", "RL")


class _Options:
    """Module-wide render settings (`nbgraph.render.options.max_nodes = 1000`).

    `max_nodes`: the most nodes drawn without collapsing scopes; `timeout`: seconds `dot` may
    spend on one layout; `compact_above`: beyond this many nodes the layout search is bounded
    and a tensor's shape is written in the node that makes it, not on its way to its consumers:
    long edges through a label each turn a graph of ~100 ops from a second of `dot` into minutes."""

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
    """A picture: the DOT graph, the `id` of the SVG element showing each op (`ids`), the device
    each op is coloured by (`devices`) and what its legend lists (`legend`, drawn inside the DOT
    unless `draw(..., legend=False)`)."""

    dot: graphviz.Digraph
    ids: dict
    devices: dict = {}
    legend: Legend = Legend()

    def legend_at(self, current=None, done=(), failed=None) -> Legend:
        """The legend of this picture restyled by `highlight_css(current=..., done=...,
        failed=...)`: the step marks it shows and the devices still visible."""
        own = {op for op, i in self.ids.items() if i == svg_id(op)}
        return self.legend.at_step(self.devices, own, current, done, failed)


class _Marks(NamedTuple):
    """How nodes are marked: device colours, and the highlighted/current/done/failed ops."""

    devices: dict
    palette: dict
    highlight: set
    current: object
    done: set
    failed: object
    notes: dict = {}


def to_dot(target, **kwargs) -> graphviz.Digraph:
    """Builds the picture of `target` (Graph, Tensor/Operation/Variable or list of them); the
    keywords are `draw`'s."""
    return draw(target, **kwargs).dot


def draw(target, *, depth=None, highlight=(), current=None, done=(), failed=None, shapes=True,
         rankdir="TB", session=None, max_nodes=None, title=None, collapse=COLLAPSED, legend=True) -> Drawing:
    """The picture of `target` and the SVG ids of its ops (what `to_dot` draws). `target` may also
    be a GraphDef, a MetaGraphDef or a .pb/.pbtxt/.meta path (a graph exported from TensorFlow).
    The name scopes in `collapse` (default: `gradients` and the optimizers') are drawn as one node
    each; `collapse=()` opens them. `legend=False` leaves the legend out of the DOT (a view that
    shows `Drawing.legend` itself, as HTML)."""
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
    edges, edge_kinds, notes = _edges(tree, lay, shapes, compact)
    _add_nodes(dot, tree, "", members, marks._replace(notes=notes), set())
    for tail, head, attrs in edges:
        dot.edge(tail, head, **attrs)
    if lay.left_out:
        dot.node("left_out", label=f"<<I>+ {_count(lay.left_out, 'more op')} in the graph, not needed here</I>>",
                 shape="plaintext", style="", fontcolor="#9ca3af")
    key = _legend(lay, marks, session, edge_kinds)._replace(shapes=("nodes" if compact else "edges") if shapes else "")
    if legend:
        add_to_dot(dot, key)
    return Drawing(dot, lay.ids, devices, key)


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
    layout_attrs = {"ranksep": "0.25", "mclimit": "0.1", "nslimit": "2", "nslimit1": "2", "searchsize": "10"} \
        if compact else {"ranksep": "0.2"}
    dot = graphviz.Digraph("nbgraph", graph_attr={"rankdir": rankdir, "fontname": "Helvetica", "fontsize": "12",
                                                  "nodesep": "0.3", **layout_attrs},
                           node_attr={"fontname": "Helvetica", "fontsize": str(S.FONT["node"]), "style": "filled"},
                           edge_attr={"fontname": "Helvetica", "fontsize": str(S.FONT["edge"]),
                                      "color": S.EDGE_COLOUR})
    if title:
        dot.attr(label=f"<<B>{S.h(title)}</B>>", labelloc="t")
    return dot


def _scope_tree(lay: Layout):
    """(nested scope tree: part -> subtree, None -> the nodes at that level; collapsed scope ->
    the ops it stands for)."""
    tree, members = {}, {}
    for op in lay.ops:
        kind, key = lay.where[op]
        node = _level(tree, _path_of(lay, lay.where[op]))
        node.setdefault(None, []).append(lay.where[op])
        if kind == "scope":
            members.setdefault(key, set()).add(op)
    return tree, members


def _path_of(lay: Layout, item):
    """The scope path of the cluster a drawn node sits in."""
    kind, obj = item
    return scope_of(obj.name, lay.scope_names) if kind == "op" else obj.split("/")[:-1]


def _level(tree, path):
    node = tree
    for part in path:
        node = node.setdefault(part, {})
    return node


def _add_nodes(container, node, prefix, members, marks: _Marks, drawn: set):
    """Draws the nodes at this level of the scope tree, then each child scope as a cluster."""
    for item in node.get(None, []):
        if item in drawn:
            continue
        drawn.add(item)
        kind, obj = item
        if kind == "scope":
            _scope_node(container, obj, members[obj], marks)
        elif kind == "tensor":
            container.node(obj[0], **dict(obj[1]))
        else:
            _op_node(container, obj, marks)
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


def _legend(lay: Layout, marks: _Marks, session, edge_kinds) -> Legend:
    """What the picture shows, for its legend: the kinds drawn, the devices some node is filled
    with (a current, done or failed node shows its step instead), the marks, the edge kinds."""
    kinds, shown, marked, plain = set(), set(), set(), False
    for op, (kind, key) in lay.where.items():
        if kind == "scope":
            kinds.add("scope")
            inside = {o for o, w in lay.where.items() if w == (kind, key)}
            marked |= {m for m, hit in (("highlight", marks.highlight & inside), ("current", marks.current in inside),
                                        ("failed", marks.failed in inside)) if hit}
            continue
        kinds.add(S.op_kind(op))
        state = _state(op, marks)
        marked |= {state} - {None}
        if op in marks.highlight:
            marked.add("highlight")
        if state in (None, "highlight"):
            if op in marks.devices:
                shown.add(marks.devices[op])
            else:
                plain = True
    by_device = bool(marks.palette)
    virtual = {d.name for d in session.list_devices() if d.virtual} if session is not None else set()
    devices = tuple((d, marks.palette[d], device_text(d, d in virtual)) for d in sorted(shown))
    no_device = None
    if by_device and plain:
        no_device = "not placed yet" if session is not None else "no device requested"
    return Legend(ordered(kinds, S.KIND_STYLE), devices, "devices" if session is not None else "requested devices",
                  no_device, ordered(marked, S.MARKS), ordered(edge_kinds, S.EDGE_STYLE), by_device)


def _state(op, marks: _Marks):
    """The step mark that replaces `op`'s fill: failed, current or done (or None)."""
    if marks.failed is not None and op is marks.failed:
        return "failed"
    if marks.current is not None and op is marks.current:
        return "current"
    return "done" if op in marks.done else None


def _count(n, noun):
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _devices(ops, session):
    """op -> the device to colour it by: where `session` placed it (ops it has not placed yet
    are white), or without a session the device the op asked for."""
    if session is None:
        return {op: op.device for op in ops if op.device}
    assigned = {r.node: r.assigned for r in session.placement_log}
    return {op: assigned[op.name] for op in ops if op.name in assigned}


def _op_node(container, op, marks: _Marks):
    kind = S.op_kind(op)
    shape, fill = S.KIND_STYLE[kind]
    if marks.palette:   # the picture is coloured by device: an op without one is white
        fill = marks.palette.get(marks.devices.get(op), S.NO_DEVICE)
    sub = f"<FONT POINT-SIZE=\"{S.FONT['sub']}\">"
    lines = [f"<B>{S.h(op.name.split('/')[-1])}</B>", f"{sub}{S.h(op.type)}</FONT>"]
    if op.type == "Const":
        lines.append(f"{sub}{S.h(S.preview(op.attr_value('value')))}</FONT>")
    elif op.type in ("VariableV2", "Placeholder"):
        lines.append(f"{sub}{S.h(S.shape_text(op.outputs[0]))}</FONT>")
    lines += [f"{sub}{S.h(note)}</FONT>" for note in marks.notes.get(op, ())]
    attrs = {"shape": shape, "fillcolor": fill, "id": svg_id(op),
             "tooltip": S.dot_attr(f"{op.name} ({op.type})" + (f" on {marks.devices[op]}" if op in marks.devices
                                                               else ""))}
    if op in marks.done:
        attrs.update(S.DONE)
    if op in marks.highlight:
        attrs.update(S.HIGHLIGHT)
    if marks.current is not None and op is marks.current:
        attrs.update(S.CURRENT)
    if marks.failed is not None and op is marks.failed:
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


def _edges(tree, lay: Layout, shapes, compact):
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
        _level(tree, _path_of(lay, src)).setdefault(None, []).append(("tensor", (tid, tuple({
            "label": f"<{S.h(text)}>", "shape": "plaintext", "style": "", "fontsize": str(S.FONT["edge"]),
            "fontcolor": "#374151", "width": "0", "height": "0", "margin": "0.03,0.01", "id": f"nbg{tid}",
            "tooltip": S.dot_attr(f"{t.name}: {S.shape_text(t)}")}.items()))))
        data_edges.append((node_id(src), tid, {**style, "arrowhead": "none"}))
        data_edges += [(tid, head, style) for head in heads]
    return data_edges + edges, kinds, notes


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
