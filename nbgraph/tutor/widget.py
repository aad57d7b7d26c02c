"""`LessonTutor`: steps through a lesson notebook one cell at a time.

Markdown is shown rendered, code is shown and run in the user's namespace; the output appears
beside the output the lesson recorded with a verdict; the graph after the cell is drawn with
what the cell added highlighted, next to the open sessions; cells that call `run`/`eval` offer
"Step into", which opens the `Stepper` on that fetch.
"""
from __future__ import annotations

import ipywidgets as W
from IPython.display import Markdown, display

from ..engine import graph as _graph
from ..ipython.widgets import Stepper
from ..render import DotNotFound, RenderTooLarge, inline_svg, to_svg
from ..render.cards import sessions_table
from ..render.style import h
from .compare import differing_lines
from .lesson import LessonRunner, lesson_path, step_targets
from .notebook_file import clip

__all__ = ["LessonTutor"]

_CELL = "text-align:left;vertical-align:top;padding:2px 12px;border:1px solid #d1d5db"
_MARK = "<mark class='nbgraph-diff' style='background:#fde68a'>"


def _marked(text: str, lines: set[int]) -> str:
    """`text` escaped, with the lines whose indices are in `lines` wrapped in a <mark>."""
    return "\n".join(f"{_MARK}{h(line)}</mark>" if i in lines else h(line)
                     for i, line in enumerate(text.replace("\r\n", "\n").split("\n")))


class LessonTutor(W.VBox):
    """`LessonTutor(name=None, shell=None)`; `LessonTutor.from_notebook(path)`."""

    def __init__(self, name=None, shell=None, *, path=None, namespace=None):
        if shell is None:
            try:
                from IPython import get_ipython
                shell = get_ipython()
            except ImportError:  # pragma: no cover - IPython is a dependency
                shell = None
        self.path = path if path is not None else lesson_path(name)
        self.runner = LessonRunner.from_notebook(self.path, shell=shell, namespace=namespace)
        self.position = 0
        self.stepper = None
        # -- the view ---------------------------------------------------------------------------
        self.progress = W.IntProgress(min=0, max=len(self.cells), description="lesson")
        self.label = W.Label()
        self.buttons = {n: W.Button(description=n) for n in
                        ("Prev", "Run", "Next", "Run all up to here", "Step into", "Restart")}
        actions = {"Prev": self.prev, "Run": self.run_cell, "Next": self.next,
                   "Run all up to here": self.run_up_to_here, "Step into": self.step_into,
                   "Restart": self.restart}
        for n, b in self.buttons.items():
            b.on_click(lambda _b, f=actions[n]: f())
        self.cell_view = W.Output()
        self.output_view = W.HTML()
        self.graph_view = W.HTML()
        self.sessions_view = W.HTML()
        self.step_view = W.VBox()
        super().__init__([W.HBox([self.progress, self.label]), W.HBox(list(self.buttons.values())),
                          self.cell_view, self.output_view,
                          W.HBox([self.graph_view, self.sessions_view]), self.step_view])
        self.add_class("nbgraph-tutor")
        self._show()

    @classmethod
    def from_notebook(cls, path, shell=None, namespace=None):
        return cls(shell=shell, path=path, namespace=namespace)

    # -- the Python API ---------------------------------------------------------------------------
    @property
    def cells(self):
        return self.runner.cells

    @property
    def current_cell(self):
        return self.cells[self.position]

    @property
    def results(self):
        return self.runner.results

    def next(self):
        return self.goto(self.position + 1)

    def prev(self):
        return self.goto(self.position - 1)

    def goto(self, position):
        position = max(0, min(int(position), len(self.cells) - 1))
        if position != self.position:
            self.position = position
            self._close_stepper()  # a stepper belongs to the cell it stepped into
        self._show()
        return self.current_cell

    def _close_stepper(self):
        self.stepper = None
        self.step_view.children = []

    def run_cell(self):
        """Runs the current cell if it is code; returns its `CellResult` (None for markdown)."""
        if self.current_cell.cell_type != "code":
            return None
        result = self.runner.run(self.position)
        self._show()
        return result

    def run_up_to_here(self):
        """A clean restart, then every code cell up to and including the current one."""
        here = self.position
        self.restart()
        out = [self.runner.run(i) for i in self.runner.code_indices if i <= here]
        self.position = here
        self._show()
        return out

    def run_all(self):
        """A clean restart, then every code cell in order: one `CellResult` per code cell."""
        self.restart()
        out = [self.runner.run(i) for i in self.runner.code_indices]
        self._show()
        return out

    def restart(self):
        self.runner.restart()
        self._close_stepper()
        self._show()

    @property
    def step_targets(self):
        cell = self.current_cell
        return step_targets(cell.source) if cell.cell_type == "code" else []

    def step_into(self):
        """Opens the Stepper on the first fetch of the current cell that names a tensor/op."""
        ns = self.runner.namespace
        for expr in self.step_targets:
            try:
                fetch = eval(expr, ns)  # noqa: S307 - the lesson's own expression
            except Exception:  # noqa: BLE001 - e.g. a name defined only inside a `with` block
                continue
            if hasattr(fetch, "graph"):
                self.stepper = Stepper(fetch)
                self.step_view.children = [W.HTML(f"<b>Stepping into</b> <code>{h(expr)}</code>"), self.stepper]
                return self.stepper
        return None

    # -- the view ---------------------------------------------------------------------------------
    def _show(self):
        cell = self.current_cell
        self.progress.value = self.position + 1   # cells counted from 1, as the label and `run_all()` count them
        self.label.value = f"cell {self.position + 1} of {len(self.cells)} ({cell.cell_type})"
        if self.runner.shell is not None:  # the front end renders (and sanitises) the markdown
            self.cell_view.clear_output()
            with self.cell_view:
                display(Markdown(cell.source if cell.cell_type == "markdown" else f"```python\n{cell.source}\n```"))
        is_code = cell.cell_type == "code"
        self.buttons["Run"].disabled = not is_code
        self.buttons["Step into"].disabled = not (is_code and self.position in self.results and self.step_targets)
        result = self.results.get(self.position)
        self.output_view.value = self._result_html(result) if result else ""
        if result is not None:
            self.graph_view.value = self._graphs_html(result, self.runner.namespace)
            self.sessions_view.value = sessions_table()
        else:
            self.graph_view.value = ""
            self.sessions_view.value = ""

    @staticmethod
    def _result_html(result):
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

    @staticmethod
    def _graphs_html(result, namespace):
        graphs = []
        for op in sorted(result.added_ops, key=lambda op: op.name):
            if op.graph not in graphs:
                graphs.append(op.graph)
        default = _graph.get_default_graph()
        if default not in graphs and default.version:
            graphs.append(default)
        names = {id(v): k for k, v in namespace.items() if isinstance(v, _graph.Graph) and not k.startswith("_")}
        graphs.sort(key=lambda g: (g is not default, names.get(id(g), "")))
        parts = []
        for g in graphs:   # called as the lesson calls it (g1, g2), else by its number
            title = "default graph" if g is default else names.get(id(g), f"graph {g.serial}")
            try:
                svg = inline_svg(to_svg(g, highlight=[op for op in result.added_ops if op.graph is g],
                                        depth=None if g.version <= 150 else 1, title=title))
            except (DotNotFound, RenderTooLarge) as e:
                svg = f"<p><i>{h(str(e))}</i></p>"
            parts.append(f"<div class='nbgraph-cell-graph'>{svg}</div>")
        return "".join(parts) or "<p><i>no graph yet</i></p>"
