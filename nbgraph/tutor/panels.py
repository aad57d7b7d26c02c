"""What the tutor's panels show, as HTML (no widgets): a cell's output beside the recording, the
lesson's graphs, the lesson's open sessions, and the style that keeps all of them inside their
panels (tables wrap, graphs shrink, the lesson's markdown sits in a framed box with small
headings so it does not read as the notebook's own).

Every string from the lesson or a session is escaped.
"""
from __future__ import annotations

import re

from ..engine import graph as _graph
from ..render import DotNotFound, RenderTooLarge, inline_svg, to_svg
from ..render.cards import graph_name, session_summary
from ..render.style import h, preview
from .compare import differing_lines
from .notebook_file import clip

__all__ = ["TUTOR_CSS", "result_html", "graphs_html", "sessions_html", "tidy_markdown"]

TUTOR_CSS = """<style>
.nbgraph-tutor .nbgraph-lesson-cell { border: 1px solid #94a3b8; border-left: 5px solid #6366f1;
  border-radius: 4px; background: #f8fafc; padding: 2px 12px; margin: 6px 0; box-sizing: border-box;
  max-width: 100%; overflow-x: auto; }
.nbgraph-tutor .nbgraph-lesson-cell h1 { font-size: 1.25em; margin: 0.5em 0 0.3em; }
.nbgraph-tutor .nbgraph-lesson-cell h2 { font-size: 1.12em; margin: 0.5em 0 0.3em; }
.nbgraph-tutor .nbgraph-lesson-cell h3, .nbgraph-tutor .nbgraph-lesson-cell h4,
.nbgraph-tutor .nbgraph-lesson-cell h5, .nbgraph-tutor .nbgraph-lesson-cell h6 { font-size: 1.02em;
  margin: 0.4em 0 0.2em; }
.nbgraph-tutor .nbgraph-panel { min-width: 0; max-width: 100%; box-sizing: border-box; overflow-x: auto; }
.nbgraph-tutor .nbgraph-cell-graph svg { max-width: 100%; height: auto; }
.nbgraph-tutor .nbgraph-result table, .nbgraph-tutor .nbgraph-tutor-sessions table { width: 100%;
  border-collapse: collapse; }
.nbgraph-tutor .nbgraph-result table { table-layout: fixed; }
.nbgraph-tutor .nbgraph-result pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 2px 0; }
.nbgraph-tutor .nbgraph-tutor-sessions { font-size: 12px; }
.nbgraph-tutor .nbgraph-tutor-sessions th { text-align: left; padding: 2px 6px; border-bottom: 1px solid #999;
  white-space: nowrap; }
.nbgraph-tutor .nbgraph-tutor-sessions td { text-align: left; vertical-align: top; padding: 2px 6px;
  font-family: monospace; }
.nbgraph-tutor .nbgraph-tutor-sessions td.nbgraph-short { white-space: nowrap; }
.nbgraph-tutor .nbgraph-tutor-sessions td.nbgraph-long { overflow-wrap: anywhere; min-width: 8em; }
.nbgraph-tutor .nbgraph-notice { margin: 2px 0; }
</style>"""

_CELL = "text-align:left;vertical-align:top;padding:2px 12px;border:1px solid #d1d5db"
_MARK = "<mark class='nbgraph-diff' style='background:#fde68a'>"


def _marked(text: str, lines: set[int]) -> str:
    """`text` escaped, with the lines whose indices are in `lines` wrapped in a <mark>."""
    return "\n".join(f"{_MARK}{h(line)}</mark>" if i in lines else h(line)
                     for i, line in enumerate(text.replace("\r\n", "\n").split("\n")))


def result_html(result) -> str:
    """The verdict, and this run's output beside the recorded one (differing lines marked)."""
    colour = {True: "#15803d", False: "#b91c1c", None: "#374151"}[result.matches]
    if result.recorded is None:
        ours, theirs = h(clip(result.output)), "(nothing recorded)"
    else:   # a differing result marks the lines that differ, on both sides
        marks = differing_lines(result.output, result.recorded) if result.matches is False else (set(), set())
        ours, theirs = _marked(clip(result.output), marks[0]), _marked(clip(result.recorded), marks[1])
    return (f"<div class='nbgraph-result'><p class='nbgraph-verdict' style='color:{colour}'><b>"
            f"{h(result.verdict)}</b></p><table style='border-collapse:collapse'><tr>"
            f"<th style='{_CELL}'>this run</th><th style='{_CELL}'>recorded in the lesson</th></tr>"
            f"<tr><td style='{_CELL}'><pre>{ours}</pre></td>"
            f"<td style='{_CELL}'><pre>{theirs}</pre></td></tr></table></div>")


def graphs_html(result, default, namespace) -> str:
    """The graphs a cell added to (its additions highlighted) and the lesson's default graph
    `default`; with no `result` (the cell has not run), the lesson's default graph as it is."""
    added = result.added_ops if result is not None else []
    graphs = []
    for op in sorted(added, key=lambda op: op.name):
        if op.graph not in graphs:
            graphs.append(op.graph)
    if default not in graphs and default.version:
        graphs.append(default)
    names = {id(v): k for k, v in namespace.items() if isinstance(v, _graph.Graph) and not k.startswith("_")}
    graphs.sort(key=lambda g: (g is not default, names.get(id(g), "")))
    parts = []
    for g in graphs:   # called as the lesson calls it (g1, g2), else by its number
        title = "default graph" if g is default else names.get(id(g), f"graph {g.serial}")
        try:
            svg = inline_svg(to_svg(g, highlight=[op for op in added if op.graph is g],
                                    depth=None if g.version <= 150 else 1, title=title))
        except (DotNotFound, RenderTooLarge) as e:
            svg = f"<p><i>{h(str(e))}</i></p>"
        parts.append(f"<div class='nbgraph-cell-graph'>{svg}</div>")
    if not parts:
        return "<p class='nbgraph-panel-title'><b>The lesson's graph</b></p><p><i>no graph yet</i></p>"
    note = "" if result is not None else " <i>(as it is now)</i>"
    return f"<p class='nbgraph-panel-title'><b>The lesson's graph</b>{note}</p>" + "".join(parts)


def sessions_html(sessions) -> str:
    """The lesson's open sessions: short columns that never wrap (session, graph, devices) and
    long ones that wrap inside the panel (config, initialised variables)."""
    title = "<p class='nbgraph-panel-title'><b>The lesson's open sessions</b></p>"
    if not sessions:
        return f"<div class='nbgraph-tutor-sessions'>{title}<p>No open sessions in the lesson.</p></div>"
    heads = ["session", "graph", "devices", "config", "initialised variables"]
    rows = []
    for s in sessions:
        info = session_summary(s)
        variables = ", ".join(f"{op.name}={preview(v, width=24)}" for op, v in s.initialized_variables().items())
        cells = [("short", f"{type(s).__name__} #{s.serial}"), ("short", graph_name(s.graph)),
                 ("short", info["devices"]), ("long", info["config"]), ("long", variables or "none")]
        rows.append("<tr>" + "".join(f"<td class='nbgraph-{kind}'>{h(text)}</td>" for kind, text in cells) + "</tr>")
    head = "".join(f"<th>{h(x)}</th>" for x in heads)
    return (f"<div class='nbgraph-tutor-sessions'>{title}<p>{len(sessions)} still open: sessions hold their "
            f"variables' values until closed.</p><table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}"
            f"</tbody></table></div>")


# toc2's contents list: `<span class="toc-item-num">1&nbsp;&nbsp;</span>1.定义…` numbers a heading
# that already carries its number ("1 1.定义…"): the tutor drops the added number then.
_TOC_NUMBER = re.compile(r'<span class="toc-item-num">[\d.]+(?:&nbsp;|\s)*</span>(?=\s*\d)')


def tidy_markdown(source: str) -> str:
    """The lesson's markdown as the tutor shows it: a contents list does not number a heading
    twice (no added number when the heading starts with one)."""
    return _TOC_NUMBER.sub("", source)
