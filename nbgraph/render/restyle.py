"""Restyling a drawn SVG for a step (the stepper): a `<style>` block, no new layout."""
from __future__ import annotations

from . import style as S
from .layout import svg_id

__all__ = ["highlight_css"]


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
