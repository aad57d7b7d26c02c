"""The LessonTutor on the original lesson, driven through its buttons in a real page."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import nbformat
import pytest

from nbgraph.tutor.notebook_file import saved_output

from ._lab import DOCS, HIGHLIGHTED_NODES_JS, LAB_PYTHON, NOTEBOOKS, ROOT, STEPPER_STATE_JS, expect, write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]  # JupyterLab + Chromium start-up

STEP_CELL = 6   # `print(sess.run(result))`: the first cell with something to step into
LESSON = NOTEBOOKS / "00_original_graphs_and_sessions.ipynb"

# What each code cell of the lesson adds to its graphs, computed outside the page (in a child
# process: the runner turns the `tensorflow` alias on, which must not leak into pytest).
_ADDED_PY = r"""
import json, sys
from nbgraph.tutor.lesson import LessonRunner
r = LessonRunner.from_notebook(sys.argv[1])
print(json.dumps({i: [op.name for op in r.run(i).added_ops] for i in r.code_indices}))
"""


def _expected_additions():
    out = subprocess.run([LAB_PYTHON, "-c", _ADDED_PY, str(LESSON)], capture_output=True, text=True,
                         cwd=ROOT, timeout=120, check=True)
    return {int(k): v for k, v in json.loads(out.stdout).items()}


def _highlighted(tutor):
    """Names of the nodes the tutor's graph panel marks as added by the cell."""
    return tutor.evaluate(f"""(root) => Array.from(root.querySelectorAll('.nbgraph-cell-graph'))
                                   .flatMap(el => ({HIGHLIGHTED_NODES_JS})(el))""")


def test_tutor_runs_the_original_lesson(lab):
    nb = nbformat.read(str(LESSON), as_version=4)
    added = _expected_additions()
    write_notebook(lab.server.root / "tutor.ipynb", ["%nbgraph lesson"])
    lab.open("tutor.ipynb")
    lab.run_all()
    assert lab.error_outputs() == []
    tutor = lab.page.locator(".nbgraph-tutor")
    expect(tutor).to_be_visible()
    button = {name: tutor.get_by_role("button", name=name, exact=True)
              for name in ("Prev cell", "Run", "Next cell", "Run all up to here", "Step into", "Restart")}
    verdict = tutor.locator(".nbgraph-verdict")
    n = len(nb.cells)
    seen = []
    for i, cell in enumerate(nb.cells):
        expect(tutor).to_contain_text(f"cell {i + 1} of {n} ({cell.cell_type})")
        if cell.cell_type != "code":
            expect(button["Run"]).to_be_disabled()
        else:
            expect(button["Run"]).to_be_enabled()
            expect(verdict).to_have_count(0)       # a cell not run yet shows no verdict
            button["Run"].click()
            expect(verdict).to_be_visible(timeout=20_000)
            result = tutor.locator(".nbgraph-result").inner_text()
            recorded = cell.metadata.get("nbgraph", {}).get("recorded_output") or saved_output(cell.get("outputs"))
            if recorded is not None:
                expect(verdict, f"cell {i}: {result}").to_have_text(
                    re.compile(r"^matches the recorded output( \(only numpy's print spacing differs\))?$"))
            else:
                expect(verdict, f"cell {i}: {result}").not_to_have_text("raised an error")
            # the graph panel shows the cell's additions highlighted (scoped ops by their last name part)
            if added[i]:
                expect(tutor.locator(".nbgraph-cell-graph svg").first).to_be_visible()
            want = sorted(name.rsplit("/", 1)[-1] for name in added[i])
            assert sorted(_highlighted(tutor)) == want, f"cell {i}: highlighted {_highlighted(tutor)}, added {added[i]}"
            if i == STEP_CELL:
                _step_into(lab, tutor, button)
        if i < n - 1:
            button["Next cell"].click()
    # the last cell: run everything up to here from a clean start; then Restart clears it all
    button["Run all up to here"].click()
    last = nb.cells[-1]
    if saved_output(last.get("outputs")) is None and "recorded_output" not in last.metadata.get("nbgraph", {}):
        expect(verdict).to_have_text("ran (nothing recorded to compare)", timeout=30_000)
    else:   # the saved notebook shows what the last cell printed: the tutor compares with it
        expect(verdict).to_have_text(re.compile(r"^matches the recorded output"), timeout=30_000)
    expect(tutor).to_contain_text(f"cell {n} of {n} (code)")
    button["Restart"].click()
    expect(verdict).to_have_count(0)
    expect(tutor.locator(".nbgraph-stepper")).to_have_count(0)
    button["Prev cell"].click()
    expect(tutor).to_contain_text(f"cell {n - 1} of {n} (markdown)")


def _step_into(lab, tutor, button):
    """"Step into" on `sess.run(result)`: the Stepper opens in place of the cell's panels and steps to Add."""
    expect(button["Step into"]).to_be_enabled()
    button["Step into"].click()
    stepper = tutor.locator(".nbgraph-stepper")
    expect(stepper).to_be_visible()
    expect(tutor).to_contain_text("Stepping into result")
    stepper.get_by_role("button", name="Last", exact=True).click()
    expect(stepper.locator(".nbgraph-explain")).to_contain_text("[1. 2.] + [2. 3.] = [3. 5.]")
    state = stepper.evaluate(STEPPER_STATE_JS)
    assert state["current"] == ["Add"] and state["rows"]["output"].startswith("[3. 5.]"), state
    path = lab.screenshot("tutor-step-into", tutor)
    # the README's picture: refreshed on request only, so a test run leaves the checkout clean
    readme_shot = DOCS / "lesson_stepper.png"
    if not readme_shot.exists() or os.environ.get("NBGRAPH_UPDATE_DOCS_SCREENSHOT") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(path, readme_shot)
