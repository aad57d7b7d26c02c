"""Rich display: SVG pictures for graphs, tensors, operations and variables, an HTML card for
sessions. `text/plain` stays exactly TF's repr, so printed output is faithful.

The formatters are registered on IPython's mimebundle formatter when the extension loads and
removed when it unloads; plain Python never sees them.
"""
from __future__ import annotations

from ..eager import EagerTensor, EagerVariable
from ..engine.graph import Graph
from ..engine.session import BaseSession
from ..engine.tensor import Operation, Tensor
from ..engine.variables import RefVariable
from ..render import DotNotFound, RenderTooLarge, to_svg
from ..render.cards import session_card
from ..render.style import h

DISPLAYED_TYPES = (Graph, Tensor, Operation, RefVariable, BaseSession)


def graph_bundle(obj, **render_kwargs) -> dict:
    """{mime: data} for a drawable object; a one-line message instead of a traceback when the
    picture cannot be made."""
    bundle = {"text/plain": repr(obj)}
    try:
        try:
            bundle["image/svg+xml"] = to_svg(obj, **render_kwargs)
        except RenderTooLarge as e:
            if render_kwargs.get("depth") is not None:
                raise
            # too many ops to lay out: one node per top-level name scope, and say so
            bundle["image/svg+xml"] = to_svg(obj, depth=1, title=f"{e.ops} ops, collapsed by name scope "
                                                                  f"(over the limit of {e.limit} nodes)",
                                             **render_kwargs)
    except (DotNotFound, RenderTooLarge) as e:
        bundle["text/html"] = f"<pre>{h(repr(obj))}</pre><p><i>{h(str(e))}</i></p>"
    return bundle


def mimebundle(obj, include=None, exclude=None):
    if isinstance(obj, (EagerTensor, EagerVariable)):  # a value, not a graph: TF's text only
        return {"text/plain": repr(obj)}
    if isinstance(obj, BaseSession):
        return {"text/plain": repr(obj), "text/html": session_card(obj)}
    return graph_bundle(obj)


def register(shell) -> None:
    fmt = shell.display_formatter.mimebundle_formatter
    for cls in DISPLAYED_TYPES:
        fmt.for_type(cls, mimebundle)


def unregister(shell) -> None:
    fmt = shell.display_formatter.mimebundle_formatter
    for cls in DISPLAYED_TYPES:
        try:
            fmt.pop(cls)
        except KeyError:
            pass
