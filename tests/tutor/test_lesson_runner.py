"""The lesson runner (no widgets): finding lessons, running the original lesson's cells, comparing
with what it recorded, restarting, and what "step into" may evaluate."""
from __future__ import annotations

import json
import sys

import pytest

import nbgraph as tf
from nbgraph.ipython import alias
from nbgraph.tutor import CellResult, LessonRunner, lesson_path, lessons
from nbgraph.tutor.lesson import read_cells, step_targets
from tests.conftest import ORIGINAL_LESSON

ORIGINAL = "00_original_graphs_and_sessions"


@pytest.fixture
def runner():
    yield LessonRunner.from_notebook(ORIGINAL_LESSON)
    alias.disable()


def recorded_indices(runner):
    return [i for i in runner.code_indices if "recorded_output" in runner.cells[i].metadata.get("nbgraph", {})]


def test_lessons_are_found_and_the_original_comes_first():
    names = lessons()
    assert names[0] == ORIGINAL
    assert lesson_path(ORIGINAL) == ORIGINAL_LESSON
    assert lesson_path() == ORIGINAL_LESSON


def test_an_unknown_lesson_names_the_ones_there_are():
    with pytest.raises(ValueError, match=rf"unknown lesson 'nope' \(lessons: {ORIGINAL}"):
        lesson_path("nope")


def test_cells_are_read_as_they_are_in_the_notebook():
    raw = json.loads(ORIGINAL_LESSON.read_text(encoding="utf-8"))["cells"]
    ours = read_cells(ORIGINAL_LESSON)
    assert [(c.cell_type, c.source, c.metadata) for c in ours] == \
        [(c["cell_type"], "".join(c["source"]), c["metadata"]) for c in raw]
    assert ours[1].source == "import tensorflow as tf"


SUM = "[3. 5.]\n"
PLACED = "/job:localhost/replica:0/task:0/device:CPU:0"
# what each code cell of the original lesson prints today (literal, independent of outputs_match)
ORIGINAL_OUTPUTS = {
    1: "",
    2: "[0.]\n[1.]\n",
    4: 'Tensor("Add:0", shape=(2,), dtype=float32)\n' + SUM,
    6: SUM, 8: SUM, 10: SUM, 11: SUM + SUM, 13: SUM,
    15: "Device mapping: no known devices.\n" * 2,
    17: (f"Device mapping: no known devices.\nAdd: (Add): {PLACED}\na: (Const): {PLACED}\n"
         f"b: (Const): {PLACED}\n" + SUM),
}


def test_every_recorded_cell_of_the_original_lesson_matches(runner):
    results = [runner.run(i) for i in runner.code_indices]
    assert all(isinstance(r, CellResult) for r in results)
    assert {r.index: r.output for r in results} == ORIGINAL_OUTPUTS
    recorded = recorded_indices(runner)
    assert len(recorded) >= 9
    for r in results:
        if r.index in recorded:
            assert r.matches is True and r.error is None, (r.source, r.output, r.recorded)
            assert r.verdict == ("matches the recorded output (only numpy's print spacing differs)"
                                 if "[ 3.  5.]" in r.recorded else "matches the recorded output")


def test_results_hold_the_output_the_recording_and_the_added_ops(runner):
    results = {r.index: r for r in (runner.run(i) for i in runner.code_indices)}
    graphs_cell = next(r for r in results.values() if "g1 = tf.Graph()" in r.source)
    assert graphs_cell.output == "[0.]\n[1.]\n" and graphs_cell.recorded == "[0.]\n[1.]"
    assert sorted(op.name for op in graphs_cell.added_ops) == sorted(
        ["v/Initializer/zeros", "v", "v/Assign", "v/read", "init",
         "v/Initializer/ones", "v", "v/Assign", "v/read", "init"])
    tensor_cell = next(r for r in results.values() if "result = tf.add(a, b)" in r.source)
    assert [op.name for op in tensor_cell.added_ops] == ["a", "b", "Add"]
    assert tensor_cell.output.splitlines()[0] == 'Tensor("Add:0", shape=(2,), dtype=float32)'
    assert tensor_cell.recorded.endswith("[ 3.  5.]") and tensor_cell.matches


def test_a_rerun_after_restart_never_hits_variable_already_exists(runner):
    for _ in range(3):
        runner.restart()
        results = [runner.run(i) for i in runner.code_indices]
        assert [r.error for r in results] == [None] * len(results)
        assert not any("already exists" in r.output for r in results)


def test_running_the_variables_cell_twice_in_a_row_is_fine(runner):
    cell = next(i for i in runner.code_indices if "get_variable" in runner.cells[i].source)
    runner.run(runner.code_indices[0])
    assert runner.run(cell).matches and runner.run(cell).matches


def test_a_markdown_cell_cannot_be_run(runner):
    with pytest.raises(ValueError, match="is markdown, not code"):
        runner.run(0)


def test_a_failing_cell_reports_its_error_and_does_not_match():
    from types import SimpleNamespace as Cell
    cells = [Cell(cell_type="code", source="import tensorflow as tf\nprint(tf.constant(1.0).eval())",
                  metadata={"nbgraph": {"recorded_output": "1.0"}})]
    result = LessonRunner(cells).run(0)
    assert result.error.startswith("ValueError: Cannot evaluate tensor using `eval()`: No default session")
    assert result.matches is False and result.verdict == "raised an error"


def test_the_tensorflow_alias_is_only_on_while_a_cell_runs(runner, monkeypatch):
    monkeypatch.delitem(sys.modules, "tensorflow", raising=False)
    runner.run(runner.code_indices[0])
    assert runner.namespace["tf"] is tf
    assert "tensorflow" not in sys.modules


def test_in_a_shell_the_lesson_runs_in_its_own_namespace():
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    try:
        runner = LessonRunner.from_notebook(ORIGINAL_LESSON, shell=shell)
        results = [runner.run(i) for i in runner.code_indices[:3]]
        assert results[-1].output == 'Tensor("Add:0", shape=(2,), dtype=float32)\n[3. 5.]\n'
        assert runner.namespace["result"].name == "Add:0"
        assert "result" not in shell.user_ns and runner.namespace is not shell.user_ns
    finally:
        shell.reset(new_session=False)
        alias.disable()


def test_a_last_bare_expression_is_shown_as_a_notebook_shows_it():
    from types import SimpleNamespace as Cell
    cells = [Cell(cell_type="code", source="x = 2\nx * 3", metadata={}),
             Cell(cell_type="code", source="print('p')\nNone", metadata={})]
    runner = LessonRunner(cells)
    assert [runner.run(i).output for i in (0, 1)] == ["6\n", "p\n"]


@pytest.mark.parametrize("source,targets", [
    ("print(sess.run(result))", ["result"]),
    ("print(result.eval())\nprint(result.eval(session=sess))", ["result"]),
    ("sess.run([a, b])\nsess.run(model.out)", ["[a, b]", "model.out"]),
    ('print(sess.run(tf.get_variable("v")))', []),          # evaluating it again would build ops
    ("tf.global_variables_initializer().run()", []),
    ("x = (", []),
])
def test_step_targets_are_only_expressions_safe_to_evaluate_again(source, targets):
    assert step_targets(source) == targets


def test_step_feeds_keeps_a_cells_safe_feed_dict():
    from nbgraph.tutor.lesson import step_feeds
    src = ("for i in range(3):\n"
           "    sess.run(train_op, feed_dict={x: xs, y: data['y'], keep: 0.5})\n"
           "print(sess.run([w, b]))\n"
           "print(loss.eval(feed_dict={x: next_batch()}))\n"
           "sess.run(acc, {x: test_x})\n")
    assert step_feeds(src) == {"train_op": "{x: xs, y: data['y'], keep: 0.5}", "[w, b]": None, "loss": None,
                               "acc": "{x: test_x}"}
