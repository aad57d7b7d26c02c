"""What a picture shows, before any drawing: which ops (`select_ops`), and which node each
op is drawn as (`layout`): its own, or the name scope it collapses into at `depth`. Both the
DOT builder (`dot.py`) and the stepper's restyling (`drawn_ids`) read the same `Layout`."""
from __future__ import annotations

import re
from typing import Iterable, NamedTuple

from ..engine.graph import Graph
from ..engine.tensor import Operation, Tensor
from ..engine.variables import RefVariable

__all__ = ["Exactly", "Layout", "select_ops", "layout", "drawn_ids", "svg_id", "COLLAPSED", "collapsed_scopes",
           "scope_tree", "cluster_path", "subtree"]

# Name scopes drawn as one node unless opened: what `tf.gradients` and the optimizers add, dozens
# of ops that hide the model. `gradients_1`, `Adam_1`, ... (a second minimize) count as theirs.
COLLAPSED = ("gradients", "GradientDescent", "Momentum", "Adam", "Adagrad", "AdagradDA", "RMSProp",
             "Adadelta", "Ftrl", "ProximalGradientDescent", "ProximalAdagrad")
_NUMBERED = re.compile(r"^(.*?)(?:_\d+)?$")


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


class Layout(NamedTuple):
    """The ops a picture draws (`ops`, in graph order; `left_out` more in the graph) and where each
    is drawn (`where`: op -> ("op", op), or ("scope", path) when collapsed into a scope)."""

    graph: Graph
    ops: list
    left_out: int
    scope_names: set
    where: dict

    @property
    def nodes(self) -> set:
        """The nodes drawn: each op's own, or the scope it is collapsed into."""
        return set(self.where.values())

    @property
    def ids(self) -> dict:
        """op -> the `id` of the SVG element that shows it (its node, or its collapsed scope)."""
        return {op: svg_id(op) if kind == "op" else scope_svg_id(key) for op, (kind, key) in self.where.items()}


def layout(target, depth: int | None = None, collapse: Iterable[str] = COLLAPSED) -> Layout:
    """What `to_dot(target, depth=depth, collapse=collapse)` draws, and as which nodes: a name
    scope called one of `collapse` (at any level, `_1`, `_2`, ... suffixes included) is one node."""
    graph, ops, left_out = select_ops(target)
    names = scope_names(ops)
    return Layout(graph, ops, left_out, names, _where(ops, depth, names, frozenset(collapse)))


def drawn_ids(target, depth=None, collapse: Iterable[str] = COLLAPSED) -> dict:
    """op -> the `id` of the SVG element that shows it in `to_svg(target, depth=depth)`: its own
    node, or the collapsed scope holding it (for `highlight_css(..., ids=...)`)."""
    return layout(target, depth, collapse).ids


def _where(ops, depth, scope_names, collapse=frozenset()):
    """op -> the node it is drawn as: ("op", op), or ("scope", path) when collapsed into a scope."""
    where = {}
    for op in ops:
        path = scope_of(op.name, scope_names)
        cut = depth if depth is not None and len(path) >= depth else None
        if collapse:
            closed = next((i + 1 for i, part in enumerate(path) if _NUMBERED.match(part).group(1) in collapse), None)
            if closed is not None and (cut is None or closed < cut):
                cut = closed
        where[op] = ("scope", "/".join(path[:cut])) if cut is not None else ("op", op)
    return where


def scope_tree(lay: Layout):
    """(nested scope tree: part -> subtree, None -> the nodes at that level; collapsed scope ->
    the ops it stands for)."""
    tree, members = {}, {}
    for op in lay.ops:
        kind, key = lay.where[op]
        node = subtree(tree, cluster_path(lay, lay.where[op]))
        node.setdefault(None, []).append(lay.where[op])
        if kind == "scope":
            members.setdefault(key, set()).add(op)
    return tree, members


def cluster_path(lay: Layout, item):
    """The scope path of the cluster a drawn node (`("op", op)` or `("scope", path)`) sits in."""
    kind, obj = item
    return scope_of(obj.name, lay.scope_names) if kind == "op" else obj.split("/")[:-1]


def subtree(tree, path):
    """The level of a `scope_tree` at `path`, made on the way if missing."""
    node = tree
    for part in path:
        node = node.setdefault(part, {})
    return node


def collapsed_scopes(expand: Iterable[str] = ()) -> tuple:
    """The scopes drawn as one node when the ones named in `expand` are opened (`"all"`: none)."""
    expand = set(expand)
    return () if "all" in expand else tuple(name for name in COLLAPSED if name not in expand)


def scope_of(name, names):
    """The scope path an op belongs to: its own name when other ops live under it (`v`)."""
    parts = name.split("/")
    if name in names:
        return parts
    return parts[:-1]


def scope_names(ops):
    """Names of ops that are also name scopes (`v`, when `v/read` exists)."""
    prefixes = set()
    for op in ops:
        parts = op.name.split("/")
        for i in range(1, len(parts)):
            prefixes.add("/".join(parts[:i]))
    return {op.name for op in ops if op.name in prefixes}


def scope_id(path):
    return "s_" + "".join(c if c.isalnum() else f"_{ord(c):x}_" for c in path)


def op_id(op):
    return f"op{op.serial}"


def svg_id(op):
    """The `id` of an op's `<g>` element in the SVG (see `highlight_css`)."""
    return f"nbgop{op.serial}"


def scope_svg_id(path):
    return "nbg" + scope_id(path)
