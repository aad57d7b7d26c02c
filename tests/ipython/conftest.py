"""A real IPython shell with `%load_ext nbgraph` done, unloaded (and the tensorflow alias
turned off) after each test; `run` executes a cell and captures what it showed."""
from __future__ import annotations

import re

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from nbgraph.ipython import alias


@pytest.fixture
def shell():
    sh = InteractiveShell.instance()
    sh.run_line_magic("load_ext", "nbgraph")
    sh.run_cell("import nbgraph as tf", store_history=False)
    yield sh
    if "nbgraph" in sh.extension_manager.loaded:
        sh.run_line_magic("unload_ext", "nbgraph")
    alias.disable()
    sh.reset(new_session=False)


class Ran:
    """One executed cell: its ExecutionResult, stdout, stderr and displayed mime bundles."""

    def __init__(self, result, cap):
        self.result, self.stdout, self.stderr = result, cap.stdout, cap.stderr
        self.outputs = [o.data for o in cap.outputs]

    def of(self, mime):
        return [o[mime] for o in self.outputs if mime in o]

    @property
    def widgets(self):
        """The widget objects the cell displayed, found by the model_id of each widget view."""
        from ipywidgets.widgets import widget as _w
        instances = getattr(_w, "_instances", None) or _w.Widget.widgets
        return [instances[view["model_id"]] for view in self.of(WIDGET)]

    @property
    def text(self):
        """stdout + stderr without terminal colours."""
        return ANSI.sub("", self.stdout + self.stderr)


WIDGET = "application/vnd.jupyter.widget-view+json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def run(shell):
    def run(code, ok=True):
        with capture_output() as cap:
            result = shell.run_cell(code, store_history=False)
        ran = Ran(result, cap)
        if ok:
            assert result.success, (code, ran.stdout, ran.stderr, result.error_in_exec)
        return ran
    return run


LESSON_ADD = """\
a = tf.constant([1.0, 2.0], name="a")
b = tf.constant([2.0, 3.0], name="b")
result = tf.add(a, b)
"""


@pytest.fixture
def lesson_add(run):
    run(LESSON_ADD)
