"""The tutor's "differs from the recorded output" path: the comparison itself (against literal
outputs, not against itself), the runner's verdict, and what the widget shows: the verdict in red
and the two outputs side by side with the differing lines marked."""
from __future__ import annotations

import html
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from nbgraph.ipython import alias
from nbgraph.tutor import LessonRunner
from nbgraph.tutor.compare import differing_lines, normalize_output, only_spacing_differs, outputs_match
from nbgraph.tutor.lesson import CellResult
from nbgraph.widgets import LessonTutor

GREEN, RED = "#15803d", "#b91c1c"

SUM_CELL = ("a = tf.constant([1.0, 2.0], name='a')\nb = tf.constant([2.0, 3.0], name='b')\n"
            "result = tf.add(a, b)\nprint(result)\nwith tf.Session() as sess:\n    print(sess.run(result))")
# (source, what the lesson recorded (old numpy spacing), what this run prints (today's numpy))
CELLS = [
    ("import tensorflow as tf", "", ""),
    (SUM_CELL, 'Tensor("Add:0", shape=(2,), dtype=float32)\n[ 3.  6.]',          # 6: the recording is wrong
     'Tensor("Add:0", shape=(2,), dtype=float32)\n[3. 5.]\n'),
    ("with tf.Session() as sess:\n    print(sess.run(result * 2.0))", "[  6.  10.]", "[ 6. 10.]\n"),
    ("print(tf.constant(7, name='seven'))", 'Tensor("seven:0", shape=(), dtype=int32)\nextra line',
     'Tensor("seven:0", shape=(), dtype=int32)\n'),
]


@pytest.fixture
def lesson(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# A lesson whose first recording is wrong")])
    for source, recorded, _ in CELLS:
        nb.cells.append(new_code_cell(source, metadata={"nbgraph": {"recorded_output": recorded}}))
    path = tmp_path / "mismatch.ipynb"
    nbformat.write(nb, str(path))
    yield path
    alias.disable()


# -- the comparison, against literal outputs ------------------------------------------------------
@pytest.mark.parametrize("actual, recorded, same", [
    ("[3. 5.]\n", "[ 3.  5.]", True),
    ("[3. 5.]\n", "[ 3.  6.]", False),
    ("[[1. 2.]\n [3. 4.]]\n", "[[ 1.  2.]\n [ 3.  4.]]", True),
    ("[1. 2.]\n[3. 4.]\n", "[ 1.  2.]", False),                        # a line too many
    ("", "[ 1.  2.]", False),
    ("Device mapping: no known devices.\n[3. 5.]\n", "[ 3.  5.]", True),  # TF printed those to the console
    ("3.0\n", "3", False),
])
def test_outputs_match_on_literal_outputs(actual, recorded, same):
    assert outputs_match(actual, recorded) is same


@pytest.mark.parametrize("actual, recorded, only_spacing", [
    ("[3. 5.]\n", "[ 3.  5.]", True),                                   # what the learner saw side by side
    ("[3. 5.]\n", "[3. 5.]", False),                                     # the same text: nothing to note
    ("Device mapping: no known devices.\n[3. 5.]\n", "[3. 5.]", False),  # console lines are not spacing
    ("[3. 5.]\n", "[ 3.  6.]", False),                                   # differs: not a match at all
])
def test_only_spacing_differs_on_literal_outputs(actual, recorded, only_spacing):
    assert only_spacing_differs(actual, recorded) is only_spacing


def test_a_match_says_when_only_numpys_print_spacing_differs():
    def verdict(output, recorded):
        return CellResult(1, "", output, recorded, outputs_match(output, recorded)).verdict
    assert verdict("[3. 5.]\n", "[ 3.  5.]") == "matches the recorded output (only numpy's print spacing differs)"
    assert verdict("[3. 5.]\n", "[3. 5.]") == "matches the recorded output"
    assert verdict("[3. 5.]\n", "[ 3.  6.]") == "differs from the recorded output"


def test_normalize_output_gives_literal_forms():
    assert normalize_output("[ 3.  5.]\n\n") == "[3. 5.]"
    assert normalize_output("\n  [[ 1.  2.]\n [ 3.  4.]]  \n") == "[[1. 2.]\n[3. 4.]]"


@pytest.mark.parametrize("actual, recorded, ours, theirs", [
    ('T\n[3. 5.]\n', 'T\n[ 3.  6.]', {1}, {1}),
    ('[3. 5.]\n', '[ 3.  5.]\nextra', set(), {1}),
    ('Device mapping: no known devices.\nx\n', 'y', {1}, {0}),
    ('[3. 5.]\n', '[ 3.  5.]', set(), set()),
])
def test_differing_lines_are_the_ones_that_differ(actual, recorded, ours, theirs):
    assert differing_lines(actual, recorded) == (ours, theirs)


# -- the runner's verdicts ---------------------------------------------------------------------------
def test_a_cell_that_prints_something_else_than_the_recording_differs(lesson):
    runner = LessonRunner.from_notebook(lesson)
    results = [runner.run(i) for i in runner.code_indices]
    assert [r.output for r in results] == [printed for *_, printed in CELLS]
    assert [r.matches for r in results] == [True, False, True, False]
    assert [r.verdict for r in results] == ["matches the recorded output", "differs from the recorded output",
                                            "matches the recorded output (only numpy's print spacing differs)",
                                            "differs from the recorded output"]
    assert all(r.error is None for r in results)


# -- what the widget shows ---------------------------------------------------------------------------
def _shown(tutor):
    """(verdict text, verdict colour, [this run, recorded] as shown, [marked lines of each side])."""
    markup = tutor.output_view.value
    verdict = re.search(r"<p class='nbgraph-verdict' style='color:(#[0-9a-f]{6})'><b>(.*?)</b></p>", markup)
    sides = re.findall(r"<td[^>]*><pre>(.*?)</pre></td>", markup, flags=re.S)
    assert verdict and len(sides) == 2, markup
    marked = [[html.unescape(m) for m in re.findall(r"<mark[^>]*>(.*?)</mark>", side)] for side in sides]
    plain = [html.unescape(re.sub(r"</?mark[^>]*>", "", side)) for side in sides]
    return html.unescape(verdict.group(2)), verdict.group(1), plain, marked


def test_the_widget_shows_a_difference_in_red_side_by_side_with_the_line_marked(lesson):
    tutor = LessonTutor.from_notebook(lesson)
    tutor.run_all()
    tutor.goto(2)
    verdict, colour, sides, marked = _shown(tutor)
    assert (verdict, colour) == ("differs from the recorded output", RED)
    assert sides == ['Tensor("Add:0", shape=(2,), dtype=float32)\n[3. 5.]\n',
                     'Tensor("Add:0", shape=(2,), dtype=float32)\n[ 3.  6.]']
    assert marked == [["[3. 5.]"], ["[ 3.  6.]"]]          # only the line that differs, on each side


def test_a_line_only_the_recording_has_is_marked_on_its_side(lesson):
    tutor = LessonTutor.from_notebook(lesson)
    tutor.run_all()
    tutor.goto(4)
    verdict, colour, sides, marked = _shown(tutor)
    assert (verdict, colour) == ("differs from the recorded output", RED)
    assert marked == [[], ["extra line"]]


def test_a_matching_cell_is_green_and_marks_nothing(lesson):
    tutor = LessonTutor.from_notebook(lesson)
    tutor.run_all()
    tutor.goto(3)
    verdict, colour, sides, marked = _shown(tutor)
    assert (verdict, colour) == ("matches the recorded output (only numpy's print spacing differs)", GREEN)
    assert sides == ["[ 6. 10.]\n", "[  6.  10.]"] and marked == [[], []]
