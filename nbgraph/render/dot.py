"""graph (or the part some fetches need) -> `graphviz.Digraph` -> SVG.

Name scopes become clusters; with `depth=N` only N levels of names are drawn and each scope at
level N is one node that says how many ops it holds (`depth=1`: one node per top-level scope).
Op kinds differ by shape; nodes are coloured by the device `session` placed them on (without a
session, by the device they asked for); edges carry shape and dtype (`edges.py`), control edges
are dotted and reference edges (a variable's reads and assigns) bold; the legend (`legend.py`)
lists exactly what the picture shows. Every label is an HTML-like label built from escaped text.
"""
from __future__ import annotations

import subprocess
from typing import NamedTuple

import graphviz

from . import style as S
from .edges import plan_edges
from .layout import (COLLAPSED, Exactly, Layout, drawn_ids, layout, op_id, scope_id, scope_svg_id, scope_tree,  # noqa: F401
                     select_ops, svg_id)
from .legend import Legend, add_to_dot, device_text, ordered
from .restyle import highlight_css  # noqa: F401  (part of this module's face)

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
    compact = len(lay.nodes) > options.compact_above
    dot = _digraph(rankdir, compact, title)
    tree, members = scope_tree(lay)
    edges, edge_kinds, notes = plan_edges(tree, lay, shapes, compact)
    devices = _devices(lay.ops, session)
    marks = _Marks(devices, {d: S.device_colour(d) for d in sorted(set(devices.values()))},
                   set(highlight or ()), current, set(done or ()), failed, notes)
    _add_nodes(dot, tree, "", members, marks, set())
    for tail, head, attrs in edges:
        dot.edge(tail, head, **attrs)
    if lay.left_out:
        dot.node("left_out", label=f"<<I>+ {_count(lay.left_out, 'more op')} in the graph, not needed here</I>>",
                 shape="plaintext", style="", fontcolor="#9ca3af")
    key = _legend(lay, marks, session, edge_kinds, ("nodes" if compact else "edges") if shapes else "")
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


def _legend(lay: Layout, marks: _Marks, session, edge_kinds, shapes) -> Legend:
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
                  no_device, ordered(marked, S.MARKS), ordered(edge_kinds, S.EDGE_STYLE), by_device, shapes)


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
