"""Lessons: finding lesson notebooks, and running their cells one at a time in the lesson's own
namespace, default graph and sessions (`LessonContext`), comparing each cell's output with what
the lesson recorded.

No widgets here: `LessonRunner` is what the `LessonTutor` widget and the tests drive.
"""
from __future__ import annotations

import ast
import contextlib
import io
import os
import pathlib
import sys
import traceback
import warnings
from dataclasses import dataclass, field

from ..engine import graph as _graph
from ..engine.session import InteractiveSession, open_sessions
from .compare import only_spacing_differs, outputs_match
from .context import LessonContext
from .notebook_file import notebook_cells

__all__ = ["lessons", "lesson_path", "LessonRunner", "LessonCell", "CellResult", "read_cells", "step_targets", "step_feeds",
           "summarize"]


def lesson_dirs():
    dirs = []
    if os.environ.get("NBGRAPH_LESSONS"):
        dirs.append(pathlib.Path(os.environ["NBGRAPH_LESSONS"]))
    dirs.append(pathlib.Path(__file__).resolve().parents[2] / "notebooks")      # a source checkout
    dirs.append(pathlib.Path(sys.prefix) / "share" / "nbgraph" / "notebooks")   # pip install
    return [d for d in dirs if d.is_dir()]


def lessons() -> list[str]:
    """Names of the lessons found (notebook file stems, sorted; the original lesson first)."""
    names = []
    for d in lesson_dirs():
        for p in sorted(d.glob("*.ipynb")):
            if p.stem not in names and p.stem != "index":
                names.append(p.stem)
    return names


def lesson_path(name=None) -> pathlib.Path:
    found = lessons()
    if not found:
        raise FileNotFoundError("no lessons found: set NBGRAPH_LESSONS to a folder of lesson notebooks")
    name = name or found[0]
    if name not in found:  # only a lesson's own name: never a path out of the lesson folders
        raise ValueError(f"unknown lesson {name!r} (lessons: {', '.join(found)})")
    for d in lesson_dirs():
        p = d / f"{name}.ipynb"
        if p.exists():
            return p
    raise ValueError(f"unknown lesson {name!r} (lessons: {', '.join(found)})")


@dataclass
class LessonCell:
    """One notebook cell, as the runner needs it (nbformat's cells work the same way)."""
    cell_type: str
    source: str
    metadata: dict = field(default_factory=dict)
    saved_output: str | None = None   # what the saved notebook shows the cell printed


def recorded_output(cell) -> str | None:
    """What a lesson cell is compared with: the output recorded from TensorFlow in its metadata
    (the original lesson), else what the saved notebook shows it printed."""
    recorded = cell.metadata.get("nbgraph", {}).get("recorded_output")
    return recorded if recorded is not None else getattr(cell, "saved_output", None)


def read_cells(path) -> list[LessonCell]:
    """The cells of a lesson notebook (nbformat 4 JSON). Read directly: importing nbformat and
    its JSON-schema validator costs seconds, a long wait for the first `%nbgraph lesson`."""
    return [LessonCell(*parts) for parts in notebook_cells(path)]


@dataclass(repr=False)
class CellResult:
    index: int                 # position among the lesson's cells, from 0 (the learner sees `number`)
    source: str
    output: str
    recorded: str | None       # None: the lesson recorded nothing to compare with
    matches: bool | None
    added_ops: list = field(default_factory=list)
    error: str | None = None

    @property
    def number(self) -> int:
        """The cell's number as the tutor shows it ("cell 2 of 18"): counted from 1, every cell."""
        return self.index + 1

    def __repr__(self) -> str:
        return f"<cell {self.number}: {self.verdict}>"

    @property
    def verdict(self) -> str:
        if self.error:
            return "raised an error"
        if self.matches is None:
            return "ran (nothing recorded to compare)"
        if not self.matches:
            return "differs from the recorded output"
        if only_spacing_differs(self.output, self.recorded):   # the learner sees two different texts
            return "matches the recorded output (only numpy's print spacing differs)"
        return "matches the recorded output"


class LessonRunner:
    """Runs a lesson's cells in order, in the lesson's own `LessonContext`: its namespace (a new
    dict, or `namespace`), default graph and sessions; the learner's are never touched. `shell`
    (an IPython shell, or None) turns IPython syntax such as `%nbgraph graph` into Python."""

    def __init__(self, cells, shell=None, namespace=None):
        self.cells = cells            # nbformat cells
        self.shell = shell
        self.context = LessonContext(namespace, shell=shell)
        self.results: dict[int, CellResult] = {}

    @classmethod
    def from_notebook(cls, path, shell=None, namespace=None):
        return cls(read_cells(path), shell=shell, namespace=namespace)

    @property
    def namespace(self) -> dict:
        """The lesson's names (`a`, `b`, `result`, `sess`…), apart from the notebook's."""
        return self.context.namespace

    @property
    def code_indices(self):
        return [i for i, c in enumerate(self.cells) if c.cell_type == "code"]

    def restart(self):
        """The lesson's sessions closed, a fresh lesson namespace and default graph, so the
        lesson can run again from the start."""
        self.context.restart()
        self.results.clear()

    def export_names(self, target: dict | None = None) -> list[str]:
        """Copies the lesson's names into `target` (default: the notebook's namespace)."""
        if target is None:
            if self.shell is None:
                raise ValueError("no notebook to copy the lesson's names into: pass a namespace dict")
            target = self.shell.user_ns
        return self.context.export_names(target)

    def run(self, index) -> CellResult:
        cell = self.cells[index]
        if cell.cell_type != "code":
            raise ValueError(f"cell {index + 1} is {cell.cell_type}, not code")
        from ..ipython import alias
        was_on = alias.is_on()
        before = {g: g.version for g in _graph.all_graphs()}
        alias.enable()  # the lesson's `import tensorflow as tf`; put back as it was afterwards
        try:
            with self.context.active():
                output, error = self._execute(cell.source, index)
        finally:
            if not was_on:
                alias.disable()
        added = []
        for g in _graph.all_graphs():
            old = before.get(g, 0)
            added += [op for op in g.get_operations() if op.serial > old]
        recorded = recorded_output(cell)
        matches = None if recorded is None or error else outputs_match(output, recorded)
        if error and recorded is not None:
            matches = False
        result = CellResult(index, cell.source, output, recorded, matches, added, error)
        self.results[index] = result
        return result

    def _python_source(self, source: str) -> str:
        if self.shell is None:
            return source
        return self.shell.transform_cell(source)   # `%magic`, `!cmd`: IPython's own translation

    def _execute(self, source, index):
        """Runs one cell in the lesson's namespace: (what it printed, the error's first line or
        None). A last bare expression is shown as a notebook shows it (`Out`): its repr."""
        buf = io.StringIO()
        err = None
        name = f"<lesson cell {index + 1}>"
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf), warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            if _learners_interactive_sessions(self.context):   # TF warns per process; the lesson is its own
                warnings.filterwarnings("ignore", message="An interactive session is already active")
            try:
                tree = ast.parse(self._python_source(source), name)
                last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
                exec(compile(tree, name, "exec"), self.namespace)  # noqa: S102 - the lesson's own code
                if last is not None:
                    value = eval(compile(ast.Expression(last.value), name, "eval"), self.namespace)  # noqa: S307
                    if value is not None:
                        print(self._shown(value))
            except (Exception, SystemExit) as e:  # noqa: BLE001 - shown to the learner, as a notebook would
                err = f"{type(e).__name__}: {e}".splitlines()[0]
                buf.write(traceback.format_exc(limit=0))
        return buf.getvalue(), err

    def _shown(self, value) -> str:
        if self.shell is not None:
            data, _ = self.shell.display_formatter.format(value, include=("text/plain",))
            if "text/plain" in data:
                return data["text/plain"]
        return repr(value)


def _learners_interactive_sessions(context) -> bool:
    """True when an interactive session outside the lesson is open."""
    return any(isinstance(s, InteractiveSession) and s not in context.sessions for s in open_sessions())


def summarize(results) -> str:
    """One line for a run of cells: "cells 2–18: 9 match, 1 differs (cell 4), 5 nothing recorded".
    Cells are numbered from 1, as the tutor numbers them."""
    results = sorted(results, key=lambda r: r.index)
    if not results:
        return "no code cells ran"
    span = (f"cell {results[0].number}" if len(results) == 1 else
            f"cells {results[0].number}\u2013{results[-1].number}")
    groups = [("matches", "match", [r for r in results if r.matches and not r.error]),
              ("differs", "differ", [r for r in results if r.matches is False and not r.error]),
              ("raised an error", "raised errors", [r for r in results if r.error]),
              ("nothing recorded", "nothing recorded", [r for r in results if r.matches is None and not r.error])]
    parts = []
    for one, many, rs in groups:
        if not rs:
            continue
        part = f"{len(rs)} {one if len(rs) == 1 else many}"
        if one in ("differs", "raised an error"):   # which ones: the learner goes there next
            part += " (" + ", ".join(f"cell {r.number}" for r in rs) + ")"
        parts.append(part)
    return f"{span}: " + ", ".join(parts)


def _just_names(node):
    """`result`, `model.out`, `ts[0]`: safe to evaluate again (a call such as
    `tf.get_variable("v")` could build new ops)."""
    if isinstance(node, ast.Name):
        return True
    if isinstance(node, ast.Attribute):
        return _just_names(node.value)
    if isinstance(node, ast.Subscript):
        return _just_names(node.value) and isinstance(node.slice, ast.Constant)
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(_just_names(e) for e in node.elts)
    return False


def step_targets(source):
    """Expressions a cell fetches with `X.run(expr)`, `expr.eval()` (for "step into"); only
    names, attributes and lists of them, which evaluating again cannot change."""
    return list(step_feeds(source))


def step_feeds(source) -> dict:
    """{fetch expression: its feed_dict expression or None} for the fetches `step_targets` finds:
    the `feed_dict=` (or second positional) argument of `X.run(...)` / `expr.eval(feed_dict=...)`,
    kept only when evaluating it again is safe (a dict of names, attributes, subscripts and
    constants, or a name)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    out = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr == "run" and node.args and _just_names(node.args[0]):
            expr = ast.unparse(node.args[0])
            feed = node.args[1] if len(node.args) > 1 else _keyword(node, "feed_dict")
        elif node.func.attr == "eval" and not node.args and _just_names(node.func.value):
            expr = ast.unparse(node.func.value)
            feed = _keyword(node, "feed_dict")
        else:
            continue
        feed_text = ast.unparse(feed) if feed is not None and _safe_feed(feed) else None
        if expr not in out or (out[expr] is None and feed_text is not None):
            out[expr] = feed_text
    return out


def _keyword(call, name):
    return next((k.value for k in call.keywords if k.arg == name), None)


def _safe_feed(node) -> bool:
    if isinstance(node, ast.Dict):
        return all(k is not None and _safe_value(k) and _safe_value(v) for k, v in zip(node.keys, node.values))
    return isinstance(node, ast.Name)


def _safe_value(node) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(_safe_value(e) for e in node.elts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):
        return True
    if isinstance(node, ast.Subscript):
        return _safe_value(node.value) and (isinstance(node.slice, (ast.Constant, ast.Slice, ast.Name)))
    return _just_names(node)
