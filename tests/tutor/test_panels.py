"""What the tutor's panels say: the run-all summary, the contents list without double numbers,
the sessions table with short columns that do not wrap, the framed lesson cell, and
"Step into" in place of the panels (one Prev/Next pair: the stepper's)."""
from __future__ import annotations

import html
import json
import re

import pytest

import nbgraph as tf
from nbgraph.ipython import alias
from nbgraph.tutor.lesson import CellResult, summarize
from nbgraph.tutor.panels import TUTOR_CSS, sessions_html, tidy_markdown
from nbgraph.widgets import LessonTutor
from tests.conftest import ORIGINAL_LESSON


def _result(number, matches, error=None, recorded="x"):
    return CellResult(number - 1, "", "", None if matches is None and not error else recorded, matches, [], error)


@pytest.mark.parametrize("results, text", [
    ([_result(1, True), _result(2, True), _result(3, False), _result(4, True), _result(5, True)],
     "cells 1\u20135: 4 match, 1 differs (cell 3)"),
    ([_result(2, True)], "cell 2: 1 matches"),
    ([_result(4, None), _result(2, True), _result(6, False, "NameError: x"), _result(7, False), _result(9, False)],
     "cells 2\u20139: 1 matches, 2 differ (cell 7, cell 9), 1 raised an error (cell 6), 1 nothing recorded"),
    ([], "no code cells ran"),
])
def test_summarize_counts_the_verdicts_and_names_the_cells_to_look_at(results, text):
    assert summarize(results) == text


@pytest.fixture
def tutor():
    yield LessonTutor(ORIGINAL_LESSON.stem)
    alias.disable()


def test_run_all_up_to_here_says_what_happened_to_the_cells_before(tutor):
    tutor.goto(13)
    results = tutor.run_up_to_here()
    code = [i + 1 for i in tutor.runner.code_indices if i <= 13]
    assert [r.number for r in results] == code
    notice = html.unescape(re.sub(r"<[^>]+>", "", tutor.notice_view.value))
    assert notice == f"Ran cells {code[0]}\u2013{code[-1]}: {len(code)} match."
    tutor.next()
    assert tutor.notice_view.value == ""            # the summary belongs to the cell it ran up to
    tutor.prev()
    assert "Ran cells" in tutor.notice_view.value
    tutor.restart()
    assert tutor.notice_view.value == ""


def test_the_original_contents_list_numbers_each_heading_once():
    source = json.loads(ORIGINAL_LESSON.read_text(encoding="utf-8"))["cells"][0]["source"]
    source = "".join(source)
    assert source.count('class="toc-item-num"') == 8
    shown = tidy_markdown(source)
    assert 'class="toc-item-num"' not in shown           # every heading there starts with its number
    text = html.unescape(re.sub(r"<[^>]+>", "", shown))
    assert "1.定义两个不同的图" in text and "3.1 创建和关闭会话" in text
    assert not re.search(r"\d\s+\d\.", text), text      # no "1  1.定义"
    assert shown.replace(" ", "") != source.replace(" ", "")


def test_a_heading_without_a_number_keeps_the_contents_lists_number():
    source = ('<li><a href="#Intro"><span class="toc-item-num">1&nbsp;&nbsp;</span>Intro</a></li>'
              '<li><a href="#2.b"><span class="toc-item-num">2&nbsp;&nbsp;</span>2.b</a></li>')
    assert tidy_markdown(source) == ('<li><a href="#Intro"><span class="toc-item-num">1&nbsp;&nbsp;</span>Intro</a>'
                                     '</li><li><a href="#2.b">2.b</a></li>')


def test_the_sessions_table_keeps_short_columns_on_one_line_and_wraps_long_ones():
    a = tf.constant([1.0, 2.0], name="a")
    v = tf.Variable([3.0], name="v")
    config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=True)
    config.gpu_options.allow_growth = True
    s = tf.Session(config=config)
    s.run(tf.global_variables_initializer())
    shown = sessions_html([s])
    cells = re.findall(r"<td class='nbgraph-(short|long)'>(.*?)</td>", shown)
    assert [(kind, html.unescape(text)) for kind, text in cells][:3] == [
        ("short", f"Session #{s.serial}"), ("short", f"graph {a.graph.serial} (6 ops)"),   # a, v, its 3, init
        ("short", "CPU:0")]
    assert [kind for kind, _ in cells[3:]] == ["long", "long"]
    assert "allow_soft_placement: true" in cells[3][1] and cells[4][1] == "v=[3.]"
    assert "0x" not in shown                                          # no memory addresses
    assert re.search(r"td\.nbgraph-short \{ white-space: nowrap; \}", TUTOR_CSS)
    assert re.search(r"td\.nbgraph-long \{ overflow-wrap: anywhere;", TUTOR_CSS)
    assert sessions_html([]).count("No open sessions in the lesson.") == 1
    del v


def test_the_lesson_cell_is_framed_with_small_headings(tutor):
    assert "nbgraph-lesson-cell" in tutor.cell_view._dom_classes
    css = TUTOR_CSS
    assert re.search(r"\.nbgraph-lesson-cell \{ border: 1px solid", css)
    sizes = [float(x) for x in re.findall(r"\.nbgraph-lesson-cell h[12] \{ font-size: ([\d.]+)em", css)]
    assert sizes and max(sizes) <= 1.3                              # JupyterLab's own h1 is about 2.6em
    for view in (tutor.output_view, tutor.graph_view, tutor.sessions_view, tutor.cell_view):
        assert "nbgraph-panel" in view._dom_classes
    assert re.search(r"\.nbgraph-panel \{[^}]*min-width: 0;[^}]*overflow-x: auto;", css)


def test_step_into_replaces_the_panels_and_the_tutor_has_no_second_prev_next(tutor):
    tutor.goto(6)
    tutor.run_up_to_here()
    stepper = tutor.step_into()
    assert tutor.body.children == (tutor.stepping,)
    assert tutor.output_view not in tutor.body.children
    names = [b.description for b in tutor.buttons.values()] + [b.description for b in stepper.buttons.values()]
    assert names.count("Prev") == 1 and names.count("Next") == 1    # the stepper's only
    assert "Prev cell" in names and "Next cell" in names
    assert "Stepping into" in tutor.step_title.value and "(cell 7)" in tutor.step_title.value
    tutor.back_to_cell()
    assert tutor.body.children == (tutor.panels,) and tutor.stepper is None
