"""Group 5 of issue 15: when the code inside `%%nbgraph` raises, the cell fails too (so Run All
and `nbconvert --execute` stop there), after showing what it added; the traceback shows once
and the failure itself is one line."""
from __future__ import annotations

import re

import pytest

from nbgraph.ipython.cell_failed import CellFailed
from tests.ipython.conftest import Ran, run, shell  # noqa: F401 - the IPython fixtures

pytestmark = pytest.mark.usefixtures("shell")


def test_a_raising_cell_fails_and_still_reports_what_it_added(run):  # noqa: F811
    run("a = tf.constant([1.0, 2.0], name='a')")
    shown = run("%%nbgraph\nc = a * 2.0\nraise ValueError('boom')", ok=False)
    assert not shown.result.success
    assert isinstance(shown.result.error_in_exec, CellFailed)
    assert isinstance(shown.result.error_in_exec.error, ValueError)
    assert "the cell added 2 op(s): mul/y, mul" in shown.stdout
    out = re.sub(r"\x1b\[[0-9;]*m", "", shown.stdout + shown.stderr)   # no colours
    assert out.count("ValueError: boom") == 1                  # the inner traceback, once
    assert "the %%nbgraph cell raised ValueError (traceback above)" in out
    assert out.count("Traceback") <= 1


def test_a_syntax_error_inside_fails_the_cell(run):  # noqa: F811
    shown = run("%%nbgraph\nx = (", ok=False)
    assert not shown.result.success
    assert isinstance(shown.result.error_in_exec.error, SyntaxError)


def test_an_op_error_inside_fails_the_cell(run):  # noqa: F811
    shown = run("%%nbgraph\nx = tf.placeholder(tf.float32, name='x')\ntf.Session().run(x * 2.0)", ok=False)
    assert isinstance(shown.result.error_in_exec.error, Exception)
    assert "InvalidArgumentError" in shown.stdout + shown.stderr
    assert "the cell added 3 op(s)" in shown.stdout


def test_a_cell_that_works_still_succeeds(run):  # noqa: F811
    shown = run("%%nbgraph\nc = tf.constant(1.0, name='c')")
    assert shown.result.success and "the cell added 1 op(s): c" in shown.stdout
