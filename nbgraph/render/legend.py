"""The legend of a picture: exactly what that picture shows — the node kinds drawn, the devices
whose colour some node shows, the marks (added by a cell, current/done/failed step) and the edge
kinds — drawn inside the SVG (`add_to_dot`, a cluster beside the graph) or as HTML next to a
picture that is restyled without a new layout (`to_html`, the stepper). Every text is escaped."""
from __future__ import annotations

import re
from typing import NamedTuple

from . import style as S

__all__ = ["Legend", "add_to_dot", "to_html", "device_text"]

LEGEND_ID = "nbglegend"   # prefix of every SVG id in the legend (no op's id starts with it)


class Legend(NamedTuple):
    """What a picture's legend lists, each part in a fixed order so the text is deterministic.

    `kinds`: op kinds drawn (keys of `style.KIND_STYLE`); `devices`: (device, colour, text) of
    the devices some node is filled with; `device_title`: "devices" or "requested devices";
    `no_device`: what a white node means when the picture is coloured by device ("not placed
    yet"), or None; `marks`: keys of `style.MARKS` some node shows; `edges`: keys of
    `style.EDGE_STYLE` drawn; `by_device`: node fills are devices, so kinds are drawn white;
    `shapes`: where a tensor's shape and dtype is written: "edges" (on its way), "nodes" (in the
    node that makes it, `→ (2,) float32`) or "" (not shown)."""

    kinds: tuple = ()
    devices: tuple = ()
    device_title: str = "devices"
    no_device: str | None = None
    marks: tuple = ()
    edges: tuple = ()
    by_device: bool = False
    shapes: str = "edges"

    @property
    def empty(self) -> bool:
        return not (self.kinds or self.devices or self.no_device or self.marks or self.edges)

    def kind_entries(self) -> list[tuple[str, str, str, str]]:
        """(key, shape, fill, text) of each node kind shown. In a picture coloured by device the
        kinds are white, so kinds of one shape are one entry (`op` for every ellipse)."""
        if not self.by_device:
            return [(k, *S.KIND_STYLE[k], S.KIND_NAMES[k]) for k in self.kinds]
        by_shape = {}
        for k in self.kinds:
            by_shape.setdefault(S.KIND_STYLE[k][0], []).append(k)
        out = []
        for shape, kinds in by_shape.items():
            text = "op" if set(kinds) <= {"math", "array", "random"} else " / ".join(S.KIND_NAMES[k] for k in kinds)
            out.append(("_".join(kinds), shape, S.NO_DEVICE, text))
        return out

    def entries(self) -> list[tuple[str, str, str]]:
        """(section, key, text) for every line of the legend, in the order it shows them."""
        out = [("nodes", f"kind_{key}", text) for key, _shape, _fill, text in self.kind_entries()]
        out += [("devices", f"device_{i}", text) for i, (_d, _c, text) in enumerate(self.devices)]
        if self.no_device:
            out.append(("devices", "device_none", self.no_device))
        out += [("marks", f"mark_{m}", S.MARKS[m][0]) for m in self.marks]
        out += [("edges", f"edge_{e}", self.edge_text(e)) for e in self.edges]
        return out

    def edge_text(self, kind) -> str:
        """What an edge kind means, and where this picture writes a tensor's shape."""
        text = S.EDGE_STYLE[kind][1]
        if kind == "data" and self.shapes:
            text += {"edges": ", labelled with its shape and dtype",
                     "nodes": " (its shape and dtype: \u2192 in the node that makes it)"}[self.shapes]
        return text

    def at_step(self, devices: dict, own: set, current=None, done=(), failed=None) -> "Legend":
        """This legend for a picture restyled to show a step (`highlight_css`): the step marks
        shown, and only the devices some node not yet done still shows. `devices`: op -> device
        it is coloured by; `own`: the ops drawn as their own node."""
        done = set(done or ())
        shown, plain = set(), False
        for op in own:
            if op is current or op is failed or op in done:
                continue
            if op in devices:
                shown.add(devices[op])
            else:
                plain = True
        marks = {m for m, on in (("current", current is not None), ("done", bool(done)),
                                 ("failed", failed is not None)) if on}
        return self._replace(devices=tuple(d for d in self.devices if d[0] in shown),
                             no_device=self.no_device if plain else None, marks=ordered(marks, S.MARKS))


def ordered(keys, order) -> tuple:
    """`keys` in the order of `order` (a dict or sequence), each once."""
    keys = set(keys)
    return tuple(k for k in order if k in keys)


def device_text(device: str, virtual: bool = False) -> str:
    """A device as a legend names it: `CPU:0`, `GPU:1 (virtual)`, `ps:1 CPU:0` on a cluster."""
    short = device.split("/device:")[-1] if "/device:" in device else device
    task = re.match(r"/job:([^/]+)/replica:\d+/task:(\d+)/", device)
    if task and task.group(1) != "localhost":  # a cluster: say which task (`ps:1 CPU:0`)
        short = f"{task.group(1)}:{task.group(2)} {short}"
    return short + (" (virtual)" if virtual else "")


# -- inside the SVG ----------------------------------------------------------------------------
_SWATCH = 'WIDTH="26" HEIGHT="14" FIXEDSIZE="TRUE"'
KINDS_PER_ROW = 3


def _swatch_cell(fill, stroke="#374151", width="1") -> str:
    return f'<TD {_SWATCH} BGCOLOR="{fill}" COLOR="{stroke}" BORDER="{width}"></TD>'


_HEADS = {"diamond": "\u25c6", "odot": "\u25cb"}   # the arrowheads of EDGE_STYLE, as text


def _edge_cell(kind) -> str:
    """A short line in the edge kind's colour, width and dots (a cell's bottom border), and its
    arrowhead."""
    attrs = S.EDGE_STYLE[kind][0]
    colour = attrs.get("color", S.EDGE_COLOUR)
    line = ('BORDER="2"' if attrs.get("style") == "bold" else 'BORDER="1"') + \
        (' STYLE="dotted"' if attrs.get("style") == "dotted" else "")
    half = 'WIDTH="20" HEIGHT="6" FIXEDSIZE="TRUE"'
    head = _HEADS.get(attrs.get("arrowhead"), "\u25b6")
    return (f'<TD><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD SIDES="B" {line} COLOR="{colour}" '
            f'{half}></TD><TD ROWSPAN="2"><FONT COLOR="{colour}">{head}'
            f'</FONT></TD></TR><TR><TD {half}></TD></TR></TABLE></TD>')


def _row(first_cell, text) -> str:
    return f'<TR>{first_cell}<TD ALIGN="LEFT">{S.h(text)}</TD></TR>'


def _table(legend: Legend) -> str:
    """Device colours, marks and edge kinds: a swatch and a text per row."""
    rows = []
    if legend.devices or legend.no_device:
        rows.append(f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT COLOR="#6b7280"><I>{S.h(legend.device_title)}'
                    f'</I></FONT></TD></TR>')
        rows += [_row(_swatch_cell(colour), text) for _d, colour, text in legend.devices]
        if legend.no_device:
            rows.append(_row(_swatch_cell(S.NO_DEVICE), legend.no_device))
    for m in legend.marks:
        text, style = S.MARKS[m]
        rows.append(_row(_swatch_cell(style.get("fillcolor", S.NO_DEVICE), style.get("color", "#374151"),
                                      "3" if "penwidth" in style else "1"), text))
    rows += [_row(_edge_cell(e), legend.edge_text(e)) for e in legend.edges]
    if not rows:
        return ""
    return ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">' + "".join(rows) + "</TABLE>>")


def add_to_dot(dot, legend: Legend) -> None:
    """Draws `legend` as the cluster `cluster_legend`: the node kinds as small nodes of their own
    shape, a few to a row, and under them a table of device colours, marks and edge kinds."""
    if legend.empty:
        return
    text = {"fontsize": str(S.FONT["sub"]), "shape": "plaintext", "style": "", "margin": "0.02,0",
            "height": "0"}
    rows = []   # each row: its node names, left to right

    with dot.subgraph(name="cluster_legend") as leg:
        leg.attr(label="<legend>", style="rounded", color="#d1d5db", fontcolor="#6b7280", fontsize="10")
        kinds = legend.kind_entries()
        for start in range(0, len(kinds), KINDS_PER_ROW):
            row = []
            for key, shape, fill, meaning in kinds[start:start + KINDS_PER_ROW]:
                row.append(f"legend_kind_{key}")
                leg.node(row[-1], label=f"<{S.h(meaning)}>", shape=shape, id=f"{LEGEND_ID}_kind_{key}",
                         fillcolor=fill, fontsize=str(S.FONT["sub"]), height="0.3", margin="0.06,0.02",
                         tooltip=S.dot_attr(meaning))
            rows.append(row)
        table = _table(legend)
        if table:
            leg.node("legend_table", label=table, id=f"{LEGEND_ID}_table", **text)
            rows.append(["legend_table"])
        for row in rows:   # a row is one rank, its nodes in order
            if len(row) > 1:
                with leg.subgraph() as same:
                    same.attr(rank="same")
                    for name in row:
                        same.node(name)
            for left, right in zip(row, row[1:]):
                leg.edge(left, right, style="invis")
        for upper, lower in zip(rows, rows[1:]):   # each row centred on the one below it
            leg.edge(upper[len(upper) // 2], lower[len(lower) // 2], style="invis")


# -- beside the SVG (HTML) ---------------------------------------------------------------------
def _icon(shape, fill) -> str:
    """A 30x16 inline SVG of a node shape."""
    body = {
        "ellipse": '<ellipse cx="15" cy="8" rx="13" ry="6.5"/>',
        "box": '<rect x="2" y="2" width="26" height="12"/>',
        "box3d": '<rect x="2" y="4" width="23" height="10"/><path d="M2 4 L5 1 L28 1 L28 11 L25 14 M25 4 L28 1"/>',
        "cylinder": '<path d="M3 4 A12 3 0 0 0 27 4 L27 12 A12 3 0 0 1 3 12 Z"/><ellipse cx="15" cy="4" rx="12" ry="3"/>',
        "invhouse": '<path d="M2 2 L28 2 L28 9 L15 15 L2 9 Z"/>',
        "octagon": '<path d="M8 2 L22 2 L28 6 L28 10 L22 14 L8 14 L2 10 L2 6 Z"/>',
        "diamond": '<path d="M15 1 L28 8 L15 15 L2 8 Z"/>',
        "note": '<path d="M2 2 L23 2 L28 7 L28 14 L2 14 Z"/>',
    }[shape]
    return (f'<svg width="30" height="16" viewBox="0 0 30 16" style="vertical-align:middle">'
            f'<g fill="{fill}" stroke="#111827" stroke-width="1">{body}</g></svg>')


def _swatch(fill, stroke="#374151", width=1) -> str:
    return (f'<span style="display:inline-block;box-sizing:border-box;width:26px;height:14px;'
            f'vertical-align:middle;background:{fill};border:{width}px solid {stroke}"></span>')


def _line(kind) -> str:
    attrs = S.EDGE_STYLE[kind][0]
    colour = attrs.get("color", S.EDGE_COLOUR)
    dash = ' stroke-dasharray="1,2"' if attrs.get("style") == "dotted" else ""
    width = 2.5 if attrs.get("style") == "bold" else 1
    head = {"diamond": f'<path d="M22 8 L26 5 L30 8 L26 11 Z" fill="{colour}"/>',
            "odot": f'<circle cx="26" cy="8" r="3" fill="white" stroke="{colour}"/>'}.get(
        attrs.get("arrowhead"), f'<path d="M23 5 L30 8 L23 11 Z" fill="{colour}"/>')
    return (f'<svg width="30" height="16" viewBox="0 0 30 16" style="vertical-align:middle">'
            f'<line x1="1" y1="8" x2="23" y2="8" stroke="{colour}" stroke-width="{width}"{dash}/>{head}</svg>')


def to_html(legend: Legend) -> str:
    """The legend as an HTML block (class `nbgraph-legend`), one item per entry."""
    if legend.empty:
        return ""
    items = []

    def item(picture, text, key):
        items.append(f"<span class='nbgraph-legend-item' data-key='{key}' style='display:inline-flex;"
                     f"align-items:center;gap:4px;margin-right:12px;white-space:nowrap'>{picture}"
                     f"<span>{S.h(text)}</span></span>")

    for key, shape, fill, text in legend.kind_entries():
        item(_icon(shape, fill), text, f"kind_{key}")
    if legend.devices or legend.no_device:
        items.append(f"<span style='color:#6b7280;font-style:italic;margin-right:4px'>"
                     f"{S.h(legend.device_title)}:</span>")
    for i, (_d, colour, text) in enumerate(legend.devices):
        item(_swatch(colour), text, f"device_{i}")
    if legend.no_device:
        item(_swatch(S.NO_DEVICE), legend.no_device, "device_none")
    for m in legend.marks:
        text, style = S.MARKS[m]
        item(_swatch(style.get("fillcolor", S.NO_DEVICE), style.get("color", "#374151"),
                     3 if "penwidth" in style else 1), text, f"mark_{m}")
    for e in legend.edges:
        item(_line(e), legend.edge_text(e), f"edge_{e}")
    return ("<div class='nbgraph-legend' style='font-size:12px;color:#374151;line-height:22px;"
            "display:flex;flex-wrap:wrap;margin:2px 0 4px 0'>" + "".join(items) + "</div>")
