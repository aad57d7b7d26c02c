"""ipywidgets 8 views: `GraphView`, `Stepper` and `PlacementLog`.

Widgets hold view state only. The stepper reads the engine's `Session.steps`: the plan
`Session.run` runs, evaluated a node at a time in the session's own state (the engine owns the
partial run and its failure); the graph is laid out once and each step only
restyles it. Every action is a method (`next()`, `goto(n)`...) so tests need no browser.
"""
from __future__ import annotations

import itertools
import weakref

import ipywidgets as W

from ..engine.graph import Graph, get_default_graph
from ..engine.stepping import FailedStep
from ..render import DotNotFound, Exactly, RenderTooLarge, draw, highlight_css, inline_svg, render_svg, to_svg
from ..render.cards import placement_table
from ..render.explain import explain
from ..render.layout import collapsed_scopes
from ..render.legend import to_html as legend_html
from ..render.style import h, preview
from .step_memory import DEFAULT_BUDGET, StepValues
from .step_session import choose_session, fetch_name, session_name, uninitialised_hint

__all__ = ["GraphView", "Stepper", "PlacementLog", "refresh_all"]

_ids = itertools.count(1)
_live = weakref.WeakSet()   # views that refresh after each cell (see extension.py)


def refresh_all():
    for view in list(_live):
        if view.comm is None:  # closed: the front end shows it no more
            _live.discard(view)
        else:
            view.refresh()


def _svg_or_message(target, **kw):
    try:
        return inline_svg(to_svg(target, **kw))
    except (DotNotFound, RenderTooLarge) as e:
        return _message(e)


def _message(error):
    return f"<p><i>{h(str(error))}</i></p>"


WINDOW = 12   # steps drawn either side of the current one when the plan is too big to draw whole


def _step_picture(target, session):
    """(svg, drawing) for the stepper: the whole plan, or collapsed one level by name scope when
    it is too big to lay out (each step then lights up the scope it is in); (None, None) when
    even that is too big (the stepper then draws a window around each step). The legend is left
    out of the SVG: each step shows its own (`Drawing.legend_at`) beside the picture."""
    for depth in (None, 1):
        try:
            # every op it steps through drawn, the gradients' and optimizers' too
            drawing = draw(target, depth=depth, session=session, collapse=(), legend=False)
            return inline_svg(render_svg(drawing.dot)), drawing
        except RenderTooLarge:
            continue
        except DotNotFound as e:
            return _message(e), None
    return None, None


class GraphView(W.VBox):
    """The rendered graph with controls for scope depth, direction, shape labels, and whether
    the scopes `tf.gradients` and the optimizers add (`gradients`, `Adam`, ...) are drawn as
    one node each (the default; `expand=["gradients"]` opens that one, `["all"]` every one)."""

    def __init__(self, target=None, depth=None, rankdir="TB", shapes=True, session=None, expand=()):
        self.target = get_default_graph() if target is None else target
        self.session = session
        # ipywidgets reads a None value as "nothing selected": 0 stands for "all levels"
        self.depth = W.Dropdown(options=[("all", 0)] + [(str(i), i) for i in range(1, 7)], value=depth or 0,
                                description="depth")
        self.rankdir = W.Dropdown(options=["TB", "LR", "BT", "RL"], value=rankdir, description="direction")
        self.shapes = W.Checkbox(value=shapes, description="shapes")
        self._collapse = collapsed_scopes(expand)
        self.expand = W.Checkbox(value=not self._collapse, description="open gradients/optimizers")
        self.picture = W.HTML()
        for c in (self.depth, self.rankdir, self.shapes, self.expand):
            c.observe(lambda change: self.refresh(force=True), names="value")
        self._version = None
        super().__init__([W.HBox([self.depth, self.rankdir, self.shapes, self.expand]), self.picture])
        self.add_class("nbgraph-graphview")
        self.refresh(force=True)
        _live.add(self)

    def _state(self):
        """What the picture depends on: the graph's size and what the session has placed."""
        try:
            g = self.target if isinstance(self.target, Graph) else _graph_of(self.target)
        except TypeError:
            g = None
        return (g.version if g is not None else None,
                len(self.session.placement_log) if self.session is not None else None)

    def refresh(self, force=False):
        """Draws again when the graph grew or the session placed more (or when `force`)."""
        version = self._state()
        if not force and version == self._version:
            return
        self._version = version
        self.svg = _svg_or_message(self.target, depth=self.depth.value or None, rankdir=self.rankdir.value,
                                   shapes=self.shapes.value, session=self.session,
                                   collapse=() if self.expand.value else self._collapse)
        self.picture.value = _scrollable(self.svg)


def _scrollable(svg):
    """Wide pictures scroll sideways inside their widget instead of being cut off."""
    return f"<div class='nbgraph-picture' style='max-width:100%;overflow-x:auto'>{svg}</div>"


class Stepper(W.VBox):
    """Evaluates `fetches` op by op: First / Prev / Next / Last, Play and a slider."""

    def __init__(self, fetches, session=None, feed_dict=None, memory_budget=DEFAULT_BUDGET):
        # the learner's session unless none holds the graph (see step_session.py)
        self.chosen = choose_session(_graph_of(fetches), session)
        self.session = session = self.chosen.session
        self._fetch_name = fetch_name(fetches)
        self.steps = session.steps(fetches, feed_dict, close_when_done=self.chosen.own)  # the engine's run
        self.plan = self.steps.plan
        self.values = StepValues(memory_budget)   # the oldest steps' values go past the budget
        self._valued = 0                          # records handed to `values` so far
        self.index = -1
        self._scope = f"nbg-stepper{next(_ids)}"
        self._svg, self._drawing = _step_picture(self.plan.ops or fetches, session)
        self._ids = self._drawing.ids if self._drawing is not None else {}
        self._windowed = self._svg is None   # too big even collapsed: redraw a window per step
        if self._windowed:
            self._svg = ""
        # -- the view ---------------------------------------------------------------------------
        n = self.total   # a plan with a while loop runs more nodes than it has
        self.buttons = {name: W.Button(description=name, layout=W.Layout(width="70px"))
                        for name in ("First", "Prev", "Next", "Last")}
        for name, b in self.buttons.items():
            b.on_click(lambda _b, m=name.lower(): getattr(self, m)())
        # the slider and Play count steps from 1, as the table's "step 3 of 6" does (index + 1)
        self.slider = W.IntSlider(min=1, max=max(n, 1), value=1, description="step",
                                  continuous_update=False)
        self.play = W.Play(min=1, max=max(n, 1), interval=700, description="Play")
        W.jslink((self.play, "value"), (self.slider, "value"))
        self.slider.observe(lambda ch: self.goto(ch["new"] - 1) if ch["new"] - 1 != self.index else None,
                            names="value")
        self.picture = W.HTML(_scrollable(self._svg))   # laid out once; each step only changes `style`
        self.style = W.HTML()
        self.legend = W.HTML()   # what this step's picture shows: states, devices, kinds, edges
        self.details = W.HTML()
        self.session_note = W.HTML(f"<p class='nbgraph-step-session'>{h(self.session_text)}</p>")
        super().__init__([W.HBox([*self.buttons.values(), self.play, self.slider]), self.session_note, self.style,
                          self.legend,
                          self.picture, self.details])
        self.add_class("nbgraph-stepper")
        self.picture.add_class(self._scope)
        self.next()

    # -- stepping ------------------------------------------------------------------------------
    @property
    def records(self):
        return self.steps.records

    @property
    def error(self):
        return self.steps.error

    @property
    def total(self):
        return self.steps.total

    @property
    def current(self):
        if self.error is not None and self.index == len(self.records):
            return self.error
        return self.records[self.index] if 0 <= self.index < len(self.records) else None

    @property
    def highlighted(self):
        cur = self.current
        return {cur.op.name} if cur is not None else set()

    @property
    def done(self):
        return [r.op for r in self.records[:max(self.index, 0)]]

    @property
    def finished(self):
        return self.steps.finished

    def goto(self, n):
        n = max(0, min(int(n), self.total - 1))
        self.steps.run_to(n)
        while self._valued < len(self.records):   # keep the values within the memory budget
            self.values.add(self.records[self._valued])
            self._valued += 1
        limit = len(self.records) if self.error is not None else len(self.records) - 1
        self.index = max(0, min(n, limit))
        self._show()
        return self.current

    def next(self):
        if self.error is not None and self.index >= len(self.records):
            return self.current  # stepping past a failure is a no-op
        return self.goto(self.index + 1) if self.index + 1 < self.total else self.current

    def prev(self):
        return self.goto(self.index - 1) if self.index > 0 else self.current

    def first(self):
        return self.goto(0)

    def last(self):
        return self.goto(self.total - 1)

    def explanation(self):
        cur = self.current
        if cur is None:
            return "Nothing to evaluate."
        if isinstance(cur, FailedStep):
            return (f"{cur.op.type} {cur.op.name} failed: "
                    f"{type(cur.error).__name__}: {cur.error.message.splitlines()[0]}")
        if cur.index in self.values.dropped:
            return f"{cur.op.type} {cur.op.name} ran ({self.values.note(cur.index)})."
        return explain(cur)

    def _show(self):
        cur = self.current
        failed = cur.op if isinstance(cur, FailedStep) else None
        if self._windowed:
            self.picture.value = self._window_picture(cur, failed)
        else:
            current = None if failed else (cur.op if cur else None)
            self.style.value = highlight_css(self._scope, current=current, done=self.done, failed=failed,
                                             ids=self._ids)
            if self._drawing is not None:
                self.legend.value = legend_html(self._drawing.legend_at(current, self.done, failed))
        if self.index >= 0:
            if self.slider.value != self.index + 1:
                self.slider.value = self.index + 1
            if self.play.value != self.index + 1:
                self.play.value = self.index + 1
        self.details.value = self._details_html(cur)
        self._enable_buttons()

    @property
    def session_text(self) -> str:
        """Which session the stepping runs in, and why that one."""
        return f"Stepping in {session_name(self.session)}: {self.chosen.why}."

    @property
    def hint(self) -> str | None:
        """At a failure on uninitialised variables: which ones, and how to initialise them."""
        cur = self.current
        if not isinstance(cur, FailedStep):
            return None
        return uninitialised_hint(self.chosen, self.plan.ops, cur.error, self._fetch_name)

    @property
    def at_end(self):
        """True at the last step or at a failed one: nothing lies ahead."""
        if self.error is not None and self.index >= len(self.records):
            return True
        return self.index >= self.total - 1

    def _enable_buttons(self):
        """Buttons that can do nothing are disabled: Next, Last and Play at the end or at a
        failure; First and Prev at step 1. Moving back enables them again."""
        end, start = self.at_end, self.index <= 0
        for name, off in (("First", start), ("Prev", start), ("Next", end), ("Last", end)):
            self.buttons[name].disabled = off
        self.play.disabled = end
        if end:
            self.play.playing = False

    def _window_picture(self, cur, failed):
        """The steps around the current one, laid out afresh: a few dozen nodes, not thousands."""
        if cur is None:
            return ""
        ops = self.plan.ops
        at = cur.index if cur.index < len(ops) and ops[cur.index] is cur.op else ops.index(cur.op)  # loops
        lo, hi = max(0, at - WINDOW), min(len(ops), at + WINDOW + 1)
        title = f"steps {lo + 1}-{hi} of {len(ops)} (the plan is too big to draw whole)"
        try:
            svg = to_svg(Exactly(ops[lo:hi]), current=None if failed else cur.op, failed=failed, collapse=(),
                         done=set(self.done), session=self.session, title=title)
        except (DotNotFound, RenderTooLarge) as e:
            return _message(e)
        return _scrollable(inline_svg(svg))

    def _details_html(self, cur):
        if cur is None:
            return ""
        op = cur.op
        rows = [("step", f"{cur.index + 1} of {self.total}"), ("node", f"{op.name} ({op.type})"),
                ("device", cur.device or "(not placed)")]
        if isinstance(cur, FailedStep):
            rows.append(("error", f"{type(cur.error).__name__}: {cur.error.message.splitlines()[0]}"))
            if self.hint:
                rows.append(("how to fix", self.hint))
        elif cur.index in self.values.dropped:
            rows.append(("values", self.values.note(cur.index)))
        else:
            value_inputs = [t for i, t in enumerate(op.inputs) if i not in op.op_def.ref_inputs]
            for t, v in zip(value_inputs, cur.inputs or ()):
                rows.append((f"input {t.name}", preview(v, width=80)))
            if cur.output is not None:
                out = cur.output
                shape = getattr(out, "shape", ())
                dtype = (op.outputs[0].dtype.base_dtype.name if len(op.outputs) == 1 else
                         getattr(getattr(out, "dtype", None), "name", type(out).__name__))
                rows.append(("output", f"{preview(out, width=80)}  shape={tuple(shape)} dtype={dtype}"))
        colour = "#b91c1c" if isinstance(cur, FailedStep) else "#111827"
        body = "".join(f"<tr><th style='text-align:left;padding:1px 8px'>{h(k)}</th>"
                       f"<td style='font-family:monospace;padding:1px 8px'>{h(v)}</td></tr>" for k, v in rows)
        return (f"<div class='nbgraph-step' style='color:{colour}'><p class='nbgraph-explain'>"
                f"{h(self.explanation())}</p><table>{body}</table></div>")


def _graph_of(fetches):
    items = fetches if isinstance(fetches, (list, tuple)) else [fetches]
    for item in items:
        g = getattr(item, "graph", None)
        if g is not None:
            return g
    raise TypeError(f"cannot step {type(fetches).__name__}: expected a Tensor, Operation, Variable or a list of them")


class PlacementLog(W.VBox):
    """A table of node, type, requested device, assigned device and why, with a filter. On a
    cluster the assigned device is shown as its task (`/job:ps/task:0`) and device (`CPU:0`), and
    the tensors the latest run moved between tasks follow, with their byte counts."""

    def __init__(self, session, filter=""):  # noqa: A002 - the widget's own word
        self.session = session
        self.filter = W.Text(value=filter, placeholder="filter (node, type or device)", description="filter")
        self.table = W.HTML()
        self.filter.observe(lambda ch: self.refresh(force=True), names="value")
        self._count = -1
        super().__init__([self.filter, self.table])
        self.add_class("nbgraph-placement")
        self.refresh(force=True)
        _live.add(self)

    @property
    def rows(self):
        text = self.filter.value.strip().lower()
        records = self.session.placement_log
        if not text:
            return records
        return [r for r in records if text in " ".join((r.node, r.op_type, r.requested, r.assigned, r.reason)).lower()]

    @property
    def transfers(self) -> list:
        """The `_Send`/`_Recv` steps of the session's latest run on a cluster ([] for a local one)."""
        remote = getattr(self.session, "_remote", None)
        return list(remote.transfers) if remote is not None else []

    def refresh(self, force=False):
        remote = getattr(self.session, "_remote", None)
        count = (len(self.session.placement_log), id(remote.transfers) if remote is not None else None)
        if not force and count == self._count:
            return
        self._count = count
        self.table.value = placement_table(self.rows, self.transfers)
