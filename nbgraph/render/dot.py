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

from ..engine.graph import Graph
from ..engine.tensor import Operation, Tensor
from ..engine.variables import RefVariable
from . import style as S

__all__ = ["to_dot", "to_svg", "options", "RenderTooLarge", "RenderTimeout", "DotNotFound", "select_ops",
           "highlight_css", "svg_id", "drawn_ids", "inline_svg", "Exactly"]

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


class Exactly:
    """A drawing target: exactly these ops, not what they need (the stepper's window on a graph
    too big to lay out whole)."""

    def __init__(self, ops):
        self.ops = list(ops)
        if not self.ops:
            raise ValueError("nothing to draw: the list of ops is empty")


def select_ops(target):
    """(graph, ops to draw, number of ops left out) for a Graph, a Tensor/Operation/Variable or a
    list of them (then only what they need is drawn), or `Exactly(ops)`."""
    if isinstance(target, Graph):
        return target, target.get_operations(), 0
    if isinstance(target, Exactly):
        graph = target.ops[0].graph
        wanted = set(target.ops)
        ops = [op for op in graph.get_operations() if op in wanted]
        return graph, ops, len(graph.get_operations()) - len(ops)
    items = list(target) if isinstance(target, (list, tuple, set)) else [target]
    roots = []
    for item in items:
        if isinstance(item, RefVariable):  # a variable: the node, its initializer and its read
            roots += [item.initializer, item.value().op]
            continue
        el = getattr(item, "_as_graph_element", None)
        item = el() if el is not None and not isinstance(item, (Tensor, Operation)) else item
        if isinstance(item, Tensor):
            roots.append(item.op)
        elif isinstance(item, Operation):
            roots.append(item)
        else:
            raise TypeError(f"cannot draw {type(item).__name__!s}: expected a Graph, Tensor, Operation or Variable")
    if not roots:
        raise ValueError("nothing to draw: the list of tensors is empty")
    graph = roots[0].graph
    for r in roots:
        if r.graph is not graph:
            raise ValueError(f"cannot draw {r.name!r}: it is from a different graph than {roots[0].name!r}")
    needed, stack = set(), list(roots)
    while stack:
        op = stack.pop()
        if op in needed:
            continue
        needed.add(op)
        stack.extend(t.op for t in op.inputs)
        stack.extend(op.control_inputs)
    ops = [op for op in graph.get_operations() if op in needed]
    return graph, ops, len(graph.get_operations()) - len(ops)


def _where(ops, depth, scope_names):
    """op -> the node it is drawn as: ("op", op), or ("scope", path) when collapsed into a scope."""
    where = {}
    for op in ops:
        path = _scope_of(op.name, scope_names)
        where[op] = ("scope", "/".join(path[:depth])) if depth is not None and len(path) >= depth else ("op", op)
    return where


def drawn_ids(target, depth=None) -> dict:
    """op -> the `id` of the SVG element that shows it in `to_svg(target, depth=depth)`: its own
    node, or the collapsed scope holding it (for `highlight_css(..., ids=...)`)."""
    _graph, ops, _left_out = select_ops(target)
    return {op: svg_id(op) if kind == "op" else _scope_svg_id(key)
            for op, (kind, key) in _where(ops, depth, _scope_names(ops)).items()}


def _scope_of(name, names):
    """The scope path an op belongs to: its own name when other ops live under it (`v`)."""
    parts = name.split("/")
    if name in names:
        return parts
    return parts[:-1]


def to_dot(target, *, depth=None, highlight=(), current=None, done=(), failed=None, shapes=True,
           rankdir="TB", session=None, max_nodes=None, title=None) -> graphviz.Digraph:
    """Builds the picture of `target` (Graph, Tensor/Operation/Variable or list of them)."""
    if rankdir not in RANKDIRS:
        raise ValueError(f"unknown rankdir {rankdir!r} (must be one of {', '.join(repr(r) for r in RANKDIRS)})")
    if depth is not None and (not isinstance(depth, int) or isinstance(depth, bool) or depth < 1):
        raise ValueError(f"depth must be a positive int or None, got {depth!r}")
    graph, ops, left_out = select_ops(target)
    limit = options.max_nodes if max_nodes is None else max_nodes
    scope_names = _scope_names(ops)
    where = _where(ops, depth, scope_names)
    visible = set(where.values())
    if len(visible) > limit:
        raise RenderTooLarge(
            f"the graph has {len(ops)} ops, over the render limit of {limit} nodes; draw it collapsed by "
            f"name scope with depth=1 (or 2, ...), or raise nbgraph.render.options.max_nodes", len(ops), limit)
    devices = _devices(ops, session)
    palette = {d: S.device_colour(d) for d in sorted(set(devices.values()))}
    highlight, done = set(highlight or ()), set(done or ())

    compact = len(visible) > options.compact_above
    layout = {"ranksep": "0.5", "mclimit": "0.1", "nslimit": "2", "nslimit1": "2", "searchsize": "10"} \
        if compact else {"ranksep": "0.35"}
    dot = graphviz.Digraph("nbgraph", graph_attr={"rankdir": rankdir, "fontname": "Helvetica", "fontsize": "11",
                                                  "nodesep": "0.3", **layout},
                           node_attr={"fontname": "Helvetica", "fontsize": "10", "style": "filled"},
                           edge_attr={"fontname": "Helvetica", "fontsize": "8", "color": "#6b7280"})
    if title:
        dot.attr(label=f"<<B>{S.h(title)}</B>>", labelloc="t")
    # clusters: nested scope tree
    tree = {}
    for op in ops:
        kind, key = where[op]
        path = _scope_of(op.name, scope_names) if kind == "op" else key.split("/")[:-1]
        node = tree
        for part in path:
            node = node.setdefault(part, {})
        node.setdefault(None, []).append(where[op])
    members = {}   # collapsed scope -> the ops it stands for
    for op in ops:
        if where[op][0] == "scope":
            members.setdefault(where[op][1], set()).add(op)

    drawn = set()

    def add_nodes(container, node, prefix):
        for item in node.get(None, []):
            if item in drawn:
                continue
            drawn.add(item)
            kind, obj = item
            if kind == "scope":
                inside = members[obj]
                attrs = {"fillcolor": S.KIND_STYLE["scope"][1]}  # and the styles of the ops it hides
                for style, hit in ((S.HIGHLIGHT, highlight & inside), (S.CURRENT, current in inside),
                                   (S.FAILED, failed in inside)):
                    if hit:
                        attrs.update(style)
                container.node(_scope_id(obj), label=f"<<B>{S.h(obj)}/</B><BR/>{_count(len(inside), 'op')}>",
                               shape="box3d", tooltip=S.dot_attr(obj), id=_scope_svg_id(obj), **attrs)
            else:
                _op_node(container, obj, devices, palette, highlight, current, done, failed)
        for part, child in node.items():
            if part is None:
                continue
            path = f"{prefix}{part}"
            with container.subgraph(name=f"cluster_{_scope_id(path)}") as sub:
                sub.attr(label=f"<{S.h(part)}>", style="rounded,dashed", color="#9ca3af", fontcolor="#4b5563")
                add_nodes(sub, child, path + "/")

    add_nodes(dot, tree, "")
    _edges(dot, ops, where, shapes, "xlabel" if compact else "label")
    if left_out:
        dot.node("left_out", label=f"<<I>+ {_count(left_out, 'more op')} in the graph, not needed here</I>>",
                 shape="plaintext", style="", fontcolor="#9ca3af")
    if palette:
        virtual = {d.name for d in session.list_devices() if d.virtual} if session is not None else set()
        with dot.subgraph(name="cluster_legend") as leg:
            leg.attr(label="<devices>" if session is not None else "<requested devices>", style="rounded",
                     color="#d1d5db", fontcolor="#4b5563")
            for i, (d, colour) in enumerate(palette.items()):
                leg.node(f"legend_{i}", label=f"<{S.h(_short_device(d, d in virtual))}>", shape="box",
                         fillcolor=colour, tooltip=S.dot_attr(d))
    return dot


def _count(n, noun):
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _scope_names(ops):
    """Names of ops that are also name scopes (`v`, when `v/read` exists)."""
    prefixes = set()
    for op in ops:
        parts = op.name.split("/")
        for i in range(1, len(parts)):
            prefixes.add("/".join(parts[:i]))
    return {op.name for op in ops if op.name in prefixes}


def _scope_id(path):
    return "s_" + "".join(c if c.isalnum() else f"_{ord(c):x}_" for c in path)


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
        lines.append(f"<FONT POINT-SIZE=\"8\">{S.h(S.preview(op.get_attr('value')))}</FONT>")
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
    container.node(_op_id(op), label="<" + "<BR/>".join(lines) + ">", **attrs)


def _op_id(op):
    return f"op{op._id}"


def svg_id(op):
    """The `id` of an op's `<g>` element in the SVG (see `highlight_css`)."""
    return f"nbgop{op._id}"


def _scope_svg_id(path):
    return "nbg" + _scope_id(path)


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
        return _scope_id(w[1]) if w[0] == "scope" else _op_id(w[1])

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
    dot = to_dot(target, **kwargs)
    try:
        done = subprocess.run(["dot", "-Tsvg"], input=dot.source.encode("utf-8"), capture_output=True,
                              timeout=options.timeout)
    except FileNotFoundError:
        raise DotNotFound(dot.source) from None
    except subprocess.TimeoutExpired:
        raise RenderTimeout(f"laying out the graph took over {options.timeout:g} s; draw it collapsed by name "
                            f"scope with depth=1 (or 2, ...), or raise nbgraph.render.options.timeout") from None
    if done.returncode != 0:
        raise RuntimeError(f"graphviz `dot` failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout.decode("utf-8")
