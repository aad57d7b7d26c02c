"""`LessonTutor`: the original lesson, one cell at a time, through the widget's Python API."""
from __future__ import annotations

import re

import pytest

import nbgraph as tf
from nbgraph.ipython import alias
from nbgraph.render import style as S
from nbgraph.tutor import lessons
from nbgraph.widgets import LessonTutor, Stepper
from tests.conftest import ORIGINAL_LESSON
from tests.render.markup import html_scan, op_nodes

ORIGINAL = "00_original_graphs_and_sessions"


@pytest.fixture
def tutor():
    yield LessonTutor(ORIGINAL)
    alias.disable()


def position_of(tutor, text):
    return next(i for i, c in enumerate(tutor.cells) if c.cell_type == "code" and text in c.source)


def test_the_original_lesson_is_listed_and_opens_by_name_or_path(tutor):
    assert ORIGINAL in lessons()
    from_path = LessonTutor.from_notebook(ORIGINAL_LESSON)
    assert [c.source for c in from_path.cells] == [c.source for c in tutor.cells]
    assert tutor.path == ORIGINAL_LESSON


def test_run_all_gives_one_result_per_code_cell_and_the_recorded_ones_match(tutor):
    results = tutor.run_all()
    code = [i for i, c in enumerate(tutor.cells) if c.cell_type == "code"]
    assert [r.index for r in results] == code
    assert [r.output.splitlines()[-1:] for r in results] == [[], ["[1.]"]] + [["[3. 5.]"]] * 6 + [
        ["Device mapping: no known devices."], ["[3. 5.]"]]                 # literal: today's numpy
    recorded = [r for r in results if r.recorded is not None]
    assert len(recorded) >= 9 and all(r.matches is True for r in recorded)
    for r in results:
        assert isinstance(r.output, str) and isinstance(r.added_ops, list) and r.error is None


def test_run_all_numbers_cells_as_the_tutor_label_does(tutor):
    results = tutor.run_all()
    first = results[0]
    assert repr(first) == "<cell 2: matches the recorded output>" and first.number == 2
    tutor.goto(first.index)
    assert tutor.label.value == f"cell 2 of {len(tutor.cells)} (code)"
    assert tutor.progress.value == 2
    assert repr(results) == "[" + ", ".join(f"<cell {r.number}: {r.verdict}>" for r in results) + "]"
    assert [r.number for r in results] == [i + 1 for i, c in enumerate(tutor.cells) if c.cell_type == "code"]


def test_next_prev_goto_and_progress(tutor):
    assert tutor.position == 0 and tutor.progress.value == 1
    assert tutor.progress.max == len(tutor.cells)
    assert tutor.label.value == f"cell 1 of {len(tutor.cells)} (markdown)"
    assert tutor.next().cell_type == "code" and tutor.position == 1
    assert tutor.label.value == f"cell 2 of {len(tutor.cells)} (code)"
    tutor.prev()
    tutor.prev()
    assert tutor.position == 0
    tutor.goto(len(tutor.cells) + 5)
    assert tutor.position == len(tutor.cells) - 1 == tutor.progress.value - 1
    tutor.next()
    assert tutor.position == len(tutor.cells) - 1
    tutor.buttons["Prev cell"].click()
    assert tutor.position == len(tutor.cells) - 2


@pytest.mark.needs_dot
def test_run_cell_shows_output_beside_the_recording_and_the_graph_with_what_it_added(tutor):
    tutor.goto(position_of(tutor, "import tensorflow"))
    tutor.run_cell()
    tutor.goto(position_of(tutor, "result = tf.add(a, b)"))
    result = tutor.run_cell()
    assert result.matches
    text = html_scan(tutor.output_view.value)[1]
    assert text == ["matches the recorded output (only numpy's print spacing differs)", "this run",
                    "recorded in the lesson",
                    'Tensor("Add:0", shape=(2,), dtype=float32)\n[3. 5.]\n',
                    'Tensor("Add:0", shape=(2,), dtype=float32)\n[ 3.  5.]']
    assert "<mark" not in tutor.output_view.value
    assert "No open sessions in the lesson." in tutor.sessions_view.value      # the cell closed its session
    svg = tutor.graph_view.value
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg        # an <svg> element inside HTML
    assert svg.count("<svg") == 1, svg[:300]
    nodes = op_nodes(svg[svg.index("<svg"):svg.index("</svg>") + 6])
    assert set(nodes) == {"a", "b", "Add"}
    assert {n for n, v in nodes.items() if v["stroke"] == S.HIGHLIGHT["color"]} == {"a", "b", "Add"}


def test_markdown_cells_do_not_run(tutor):
    assert tutor.current_cell.cell_type == "markdown"
    assert tutor.run_cell() is None and tutor.buttons["Run"].disabled


def test_run_up_to_here_restarts_and_runs_every_code_cell_before(tutor):
    here = position_of(tutor, "with tf.Session() as sess:\n    print(sess.run(result))")
    tutor.goto(here)
    results = tutor.run_up_to_here()
    assert [r.index for r in results] == [i for i in tutor.runner.code_indices if i <= here]
    assert tutor.position == here and all(r.matches for r in results)


def test_a_rerun_after_restart_never_hits_variable_already_exists(tutor):
    first = tutor.run_all()
    tutor.restart()
    assert tutor.results == {} and tutor.stepper is None
    second = tutor.run_all()
    assert [r.output for r in second] == [r.output for r in first]
    assert not any(r.error or "already exists" in r.output for r in second)


def test_step_into_the_tensor_cell_opens_a_stepper_on_result(tutor):
    tutor.goto(position_of(tutor, "import tensorflow"))
    tutor.run_cell()
    tutor.goto(position_of(tutor, "result = tf.add(a, b)"))
    assert tutor.buttons["Step into"].disabled          # not run yet
    tutor.run_cell()
    assert tutor.step_targets == ["result"] and not tutor.buttons["Step into"].disabled
    stepper = tutor.step_into()
    assert isinstance(stepper, Stepper) and stepper in tutor.step_view.children
    assert stepper.last().op.name == "Add" and stepper.current.output.tolist() == [3.0, 5.0]
    assert tutor.runner.namespace["result"] is stepper.plan.fetch_tensors[0]


def test_step_into_a_cell_without_fetches_opens_nothing(tutor):
    tutor.goto(position_of(tutor, "import tensorflow"))
    tutor.run_cell()
    assert tutor.step_into() is None and tutor.stepper is None


def test_buttons_drive_the_tutor(tutor):
    tutor.buttons["Next cell"].click()
    tutor.buttons["Run"].click()
    assert tutor.results[1].source == "import tensorflow as tf"
    assert tutor.runner.namespace["tf"] is tf
    tutor.buttons["Restart"].click()
    assert tutor.results == {}


@pytest.mark.needs_dot
def test_the_graphs_a_cell_built_are_drawn_under_the_lessons_names_for_them(tutor):
    for text in ("import tensorflow", "g1 = tf.Graph()"):
        tutor.goto(position_of(tutor, text))
        tutor.run_cell()
    titles = [t for t in html_scan(tutor.graph_view.value)[1] if t in ("g1", "g2", "default graph")]
    assert titles == ["g1", "g2"]
    assert tutor.graph_view.value.count("<svg") == 2


def test_a_stepper_belongs_to_its_cell_and_closes_when_the_tutor_moves_on(tutor):
    tutor.goto(position_of(tutor, "result = tf.add(a, b)"))
    tutor.run_up_to_here()
    assert tutor.step_into() is not None and tutor.step_view.children == (tutor.stepper,)
    assert tutor.body.children == (tutor.stepping,)       # in place of the output, graph and sessions
    tutor.next()
    assert tutor.stepper is None and tutor.step_view.children == ()
    assert tutor.body.children == (tutor.panels,)
    tutor.prev()
    assert tutor.stepper is None       # coming back does not bring it back either


def test_the_output_table_separates_this_run_from_the_recording(tutor):
    tutor.goto(position_of(tutor, "result = tf.add(a, b)"))
    tutor.run_up_to_here()
    cells = re.findall(r"<t[hd] style='([^']*)'", tutor.output_view.value)
    assert len(cells) == 4 and all("padding" in c and "border" in c for c in cells)
