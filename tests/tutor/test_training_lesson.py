"""The tutor handles a training lesson (issue 11): both linear-regression lessons run cell by cell
in the tutor's own context, every cell as recorded, the loss falls, and "step into" on the training
step steps through the forward pass, the gradient ops and the variable update."""
from __future__ import annotations

import pathlib
import re

import pytest
from IPython.core.interactiveshell import InteractiveShell

from nbgraph.engine.session import open_sessions
from nbgraph.ipython import alias
from nbgraph.tutor import LessonRunner
from nbgraph.tutor.widget import LessonTutor

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[2] / "notebooks"


@pytest.fixture
def shell():
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "nbgraph")
    yield ip
    for s in open_sessions():
        s.close()
    if "nbgraph" in ip.extension_manager.loaded:
        ip.run_line_magic("unload_ext", "nbgraph")
    ip.reset(new_session=False)
    alias.disable()


@pytest.mark.parametrize("name", ["03_linear_regression.ipynb", "03_线性回归.ipynb"])
def test_every_cell_of_the_training_lesson_runs_as_recorded(shell, name):
    runner = LessonRunner.from_notebook(NOTEBOOKS / name, shell=shell)
    results = [runner.run(i) for i in runner.code_indices]
    assert [r.number for r in results if r.error] == []
    differs = [(r.number, r.verdict) for r in results if r.matches is False]
    assert differs == []
    assert sum(r.matches is True for r in results) >= 3   # the lesson records what it prints
    losses = [float(x) for r in results for x in re.findall(r"loss[^0-9\n]*([0-9]+\.[0-9]+)", r.output)]
    assert len(losses) >= 3 and losses[-1] < losses[0]


def test_step_into_the_training_step_reaches_the_update(shell):
    tutor = LessonTutor(path=NOTEBOOKS / "03_linear_regression.ipynb", shell=shell)
    stepper = None
    for _ in tutor.runner.code_indices:
        tutor.run_cell()
        if any("train" in t for t in tutor.step_targets):
            stepper = tutor.step_into()
            if stepper is not None:
                break
        tutor.next()
    assert stepper is not None, "no cell of the lesson could be stepped into"
    stepper.last()
    types = [r.op.type for r in stepper.records]
    assert any(t.startswith("Apply") for t in types), types
    assert any(r.op.name.startswith("gradients/") for r in stepper.records)
