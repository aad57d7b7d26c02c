"""`LessonTutor`: steps through a lesson notebook one cell at a time.

The lesson runs in its own namespace, default graph and sessions (`LessonContext`): the
learner's names, graph and sessions are never touched. "Copy names to notebook"
(`export_names()`) copies the lesson's names into the notebook when the learner wants to explore
them. Markdown is shown rendered in a framed box; code is shown and run; the output appears
beside the output the lesson recorded with a verdict; the lesson's graph (what the cell added
highlighted) sits next to the lesson's open sessions; cells that call `run`/`eval` offer
"Step into", which puts the `Stepper` on that fetch in place of those panels.
"""
from __future__ import annotations

import ipywidgets as W
from IPython.display import Markdown, display

from ..ipython.widgets import Stepper
from ..render.style import h
from .lesson import LessonRunner, lesson_path, step_feeds, step_targets, summarize
from .panels import TUTOR_CSS, graphs_html, result_html, sessions_html, tidy_markdown

__all__ = ["LessonTutor"]

_BUTTONS = ("Prev cell", "Run", "Next cell", "Run all up to here", "Step into", "Restart", "Copy names to notebook")


def _panel(widget, *classes, flex=None):
    widget.add_class("nbgraph-panel")
    for c in classes:
        widget.add_class(c)
    if flex:
        widget.layout = W.Layout(flex=flex, min_width="0")
    return widget


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
        self.notice = ""            # a line over the cell: the run-all summary, names copied
        self._notice_at = None      # the position the notice belongs to
        self._drawn_cell = None
        # -- the view ---------------------------------------------------------------------------
        self.progress = W.IntProgress(min=0, max=len(self.cells), description="lesson")
        self.label = W.Label()
        self.buttons = {n: W.Button(description=n, layout=W.Layout(width="auto")) for n in _BUTTONS}
        actions = {"Prev cell": self.prev, "Run": self.run_cell, "Next cell": self.next,
                   "Run all up to here": self.run_up_to_here, "Step into": self.step_into,
                   "Restart": self.restart, "Copy names to notebook": self.export_names}
        for n, b in self.buttons.items():
            b.on_click(lambda _b, f=actions[n]: f())
        self.notice_view = _panel(W.HTML(), "nbgraph-notice")
        self.cell_view = _panel(W.Output(), "nbgraph-lesson-cell")
        self.output_view = _panel(W.HTML(), "nbgraph-output-panel")
        self.graph_view = _panel(W.HTML(), "nbgraph-graph-panel", flex="1 1 360px")
        self.sessions_view = _panel(W.HTML(), "nbgraph-sessions-panel", flex="1 1 540px")  # its table, unwrapped
        self.panels = W.VBox([self.output_view,
                              W.HBox([self.graph_view, self.sessions_view], layout=W.Layout(flex_flow="row wrap"))])
        back = W.Button(description="Back to the cell", layout=W.Layout(width="auto"))
        back.on_click(lambda _b: self.back_to_cell())
        self.step_title = W.HTML()
        self.step_view = W.VBox()
        self.stepping = _panel(W.VBox([W.HBox([self.step_title, back]), self.step_view]), "nbgraph-step-panel")
        self.body = W.VBox([self.panels])
        super().__init__([W.HTML(TUTOR_CSS), W.HBox([self.progress, self.label]),
                          W.HBox(list(self.buttons.values()), layout=W.Layout(flex_flow="row wrap")),
                          self.notice_view, self.cell_view, self.body],
                         layout=W.Layout(max_width="100%"))
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

    @property
    def context(self):
        """The lesson's namespace, default graph and sessions (`LessonContext`)."""
        return self.runner.context

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
        self.body.children = [self.panels]

    def back_to_cell(self):
        """Closes the stepper: the cell's output, graph and sessions come back."""
        self._close_stepper()
        self._show()

    def run_cell(self):
        """Runs the current cell if it is code; returns its `CellResult` (None for markdown)."""
        if self.current_cell.cell_type != "code":
            return None
        result = self.runner.run(self.position)
        self._close_stepper()
        self._show()
        return result

    def run_up_to_here(self):
        """A clean restart, then every code cell up to and including the current one; the
        notice sums them up ("cells 2–7: 5 match, 1 differs (cell 4)")."""
        here = self.position
        self.restart()
        out = [self.runner.run(i) for i in self.runner.code_indices if i <= here]
        self.position = here
        self._say(f"Ran {summarize(out)}." if out else "No code cells up to here.")
        return out

    def run_all(self):
        """A clean restart, then every code cell in order: one `CellResult` per code cell."""
        self.restart()
        out = [self.runner.run(i) for i in self.runner.code_indices]
        self._say(f"Ran {summarize(out)}.")
        return out

    def restart(self):
        """Closes the lesson's sessions and starts its namespace and graph afresh."""
        self.runner.restart()
        self._close_stepper()
        self.notice = ""
        self._show()

    def export_names(self, namespace: dict | None = None) -> list[str]:
        """Copies the lesson's names (`a`, `b`, `result`, `sess`…) into the notebook's namespace
        (or `namespace`), for exploring; returns the names copied."""
        names = self.runner.export_names(namespace)
        self._say(f"Copied {len(names)} name(s) from the lesson into the notebook: {', '.join(names)}."
                  if names else "The lesson has no names yet: run a cell first.")
        return names

    @property
    def step_targets(self):
        cell = self.current_cell
        return step_targets(cell.source) if cell.cell_type == "code" else []

    def step_into(self):
        """Puts the Stepper on the first fetch of the current cell that names a tensor/op in
        place of the output, graph and sessions panels (where the learner is looking)."""
        ns = self.runner.namespace
        cell = self.current_cell
        feeds = step_feeds(cell.source) if cell.cell_type == "code" else {}
        for expr in self.step_targets:
            try:
                fetch = eval(expr, ns)  # noqa: S307 - the lesson's own expression
            except Exception:  # noqa: BLE001 - e.g. a name defined only inside a `with` block
                continue
            feed = None
            if feeds.get(expr):
                try:   # the cell's own feed_dict (placeholders the step needs), evaluated again
                    feed = eval(feeds[expr], ns)  # noqa: S307 - a dict of the lesson's names
                except Exception:  # noqa: BLE001 - a loop variable gone, say: step without it
                    feed = None
            if hasattr(fetch, "graph"):
                with self.context.active():   # a session it opens is the lesson's
                    self.stepper = Stepper(fetch, feed_dict=feed)
                self.step_title.value = f"<b>Stepping into</b> <code>{h(expr)}</code> (cell {self.position + 1})"
                self.step_view.children = [self.stepper]
                self.body.children = [self.stepping]
                return self.stepper
        return None

    # -- the view ---------------------------------------------------------------------------------
    def _say(self, text: str):
        self.notice, self._notice_at = text, self.position
        self._show()

    def _show(self):
        cell = self.current_cell
        self.progress.value = self.position + 1   # cells counted from 1, as the label and `run_all()` count them
        self.label.value = f"cell {self.position + 1} of {len(self.cells)} ({cell.cell_type})"
        if self.runner.shell is not None and self._drawn_cell != self.position:
            self._drawn_cell = self.position      # the front end renders (and sanitises) the markdown
            self.cell_view.clear_output()
            with self.cell_view:
                display(Markdown(tidy_markdown(cell.source) if cell.cell_type == "markdown"
                                 else f"```python\n{cell.source}\n```"))
        is_code = cell.cell_type == "code"
        self.buttons["Run"].disabled = not is_code
        self.buttons["Step into"].disabled = not (is_code and self.position in self.results and self.step_targets)
        self.buttons["Copy names to notebook"].disabled = self.runner.shell is None
        show_notice = self.notice and self._notice_at == self.position
        self.notice_view.value = f"<p class='nbgraph-summary'>{h(self.notice)}</p>" if show_notice else ""
        result = self.results.get(self.position)
        self.output_view.value = result_html(result) if result else ""
        self.graph_view.value = graphs_html(result, self.context.graph, self.runner.namespace)
        self.sessions_view.value = sessions_html(self.context.open_sessions())
