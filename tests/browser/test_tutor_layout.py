"""The tutor in a real page (issue 14, items 2 and 3): after it runs the whole original lesson
the learner's names, default graph and sessions are unchanged (checked by a notebook cell run
again afterwards); its names reach the notebook only through "Copy names to notebook"; no panel's
content overflows its box (element boxes measured in the page, at two widths); the lesson's
markdown sits in a framed box with headings smaller than the notebook's; "Step into" puts the
stepper in view, in place of the panels, with one Prev/Next pair in the tutor."""
from __future__ import annotations

import json
import re

import pytest

from ._lab import expect, write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]  # JupyterLab + Chromium start-up

LEARNER = '''import nbgraph as tf
a = tf.constant([10.0, 20.0], name="learner_a")
b = tf.constant([1.0, 1.0], name="learner_b")
w = tf.Variable([5.0, 6.0], name="w")
result = tf.add(a, b, name="learner_sum")
sess = tf.Session()
sess.run(tf.global_variables_initializer())
isess = tf.InteractiveSession()
_names = ("tf", "a", "b", "w", "result", "sess", "isess")
_before = {k: id(globals()[k]) for k in _names}
_graph = tf.get_default_graph()
_ops = [op.name for op in _graph.get_operations()]'''

TUTOR = '''from nbgraph.widgets import LessonTutor
tutor = LessonTutor("00_original_graphs_and_sessions")
tutor'''

# Run again after the tutor ran the lesson: one JSON line of checks, every one must be true.
CHECK = '''import json
_g = tf.get_default_graph()
print(json.dumps({
    "names kept": {k: id(globals()[k]) for k in _names} == _before,
    "default graph kept": _g is _graph,
    "its ops kept": [op.name for op in _g.get_operations()] == _ops,
    "default session kept": tf.get_default_session() is isess,
    "sessions open": not sess.closed and not isess.closed,
    "variable still initialised": sess.run(w).tolist() == [5.0, 6.0],
    "result": sess.run(result).tolist() == [11.0, 21.0] and result.eval().tolist() == [11.0, 21.0],
    "the tutor ran": len(tutor.results) == 10,
}))'''

EXPLORE = '''print(result.name, result.graph is tf.get_default_graph(), sess.closed)'''

# A lesson whose sessions table is as wide as it gets: a long config, long variable names.
WIDE_LESSON = {"cells": [
    {"cell_type": "markdown", "metadata": {}, "source": "# A wide lesson\n\n## with a subheading"},
    {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source":
     "import tensorflow as tf\n"
     "with tf.variable_scope('a_rather_long_scope_name_for_the_weights_of_layer_one'):\n"
     "    v = [tf.Variable(tf.ones([3]) * i, name=f'variable_with_a_long_name_{i}') for i in range(6)]\n"
     "config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False,\n"
     "                        inter_op_parallelism_threads=2, intra_op_parallelism_threads=2,\n"
     "                        operation_timeout_in_ms=60000)\n"
     "config.gpu_options.allow_growth = True\n"
     "config.gpu_options.per_process_gpu_memory_fraction = 0.5\n"
     "sessions = [tf.Session(config=config) for _ in range(3)]\n"
     "for s in sessions:\n"
     "    s.run(tf.global_variables_initializer())\n"
     "print('a_very_long_unbroken_output_line_' * 12)"}],
    "metadata": {"kernelspec": {"name": "nbgraph", "display_name": "Python 3 (nbgraph)", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5}

# Every tutor panel against its own box and the tutor's: content wider than its box (something
# cut off or pushed out), or a box outside the tutor.
OVERFLOW_JS = """(tutor) => {
  const outer = tutor.getBoundingClientRect();
  const bad = [];
  const boxes = [tutor, ...tutor.querySelectorAll('.nbgraph-panel, .widget-box, table, svg, pre')];
  for (const el of boxes) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;           // not shown
    const name = (el.className && el.className.baseVal !== undefined ? 'svg' : el.className) || el.tagName;
    if (el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'svg' && el.tagName !== 'PRE' && el.clientWidth > 0)
      bad.push(`${name}: content ${el.scrollWidth}px wide in a ${el.clientWidth}px box`);
    if (r.left < outer.left - 1 || r.right > outer.right + 1)
      bad.push(`${name}: box ${Math.round(r.left)}..${Math.round(r.right)} outside the tutor ` +
               `${Math.round(outer.left)}..${Math.round(outer.right)}`);
  }
  return bad;
}"""


def _check_cell(lab, index):
    """Runs notebook cell INDEX again and returns what it printed."""
    lab.page.evaluate(f"""async () => {{
      const w = window.jupyterapp.shell.currentWidget;
      w.content.activeCellIndex = {index};
      await window.jupyterapp.commands.execute('notebook:run-cell');
    }}""")
    lab.wait_executed()
    expect(lab.outputs(index).first).to_be_visible()
    return lab.outputs(index).first.inner_text()


def _no_overflow(lab, tutor, where):
    lab.scroll_to(tutor)
    bad = tutor.evaluate(OVERFLOW_JS)
    assert bad == [], f"{where}: {bad}"


def test_the_tutor_leaves_the_learner_untouched_and_fits_its_panels(lab):
    write_notebook(lab.server.root / "learner.ipynb", [("md", "# The learner's own heading"), LEARNER, TUTOR,
                                                         CHECK, EXPLORE])
    lab.open("learner.ipynb")
    lab.run_all()
    assert lab.error_outputs() == []
    tutor = lab.page.locator(".nbgraph-tutor")
    expect(tutor).to_be_visible()
    button = {name: tutor.get_by_role("button", name=name, exact=True) for name in
              ("Prev cell", "Run", "Next cell", "Run all up to here", "Step into", "Restart", "Copy names to notebook")}
    # -- before anything runs: the lesson's panels, not the learner's graph ------------------------
    expect(tutor.locator(".nbgraph-graph-panel")).to_contain_text("no graph yet")
    expect(tutor.locator(".nbgraph-sessions-panel")).to_contain_text("No open sessions in the lesson.")
    expect(tutor).not_to_contain_text("learner_sum")
    # -- the contents list: framed, small headings, each heading numbered once ---------------------
    lesson_cell = tutor.locator(".nbgraph-lesson-cell")
    expect(lesson_cell).to_contain_text("1.定义两个不同的图")
    text = lesson_cell.inner_text()
    assert not re.search(r"(^|\n)\s*\d[\d.]*\s+\d", text), text          # no "1  1.定义…"
    assert lesson_cell.locator(".toc-item-num").count() == 0
    style = lesson_cell.evaluate("""el => { const s = getComputedStyle(el);
        return {left: parseFloat(s.borderLeftWidth), top: parseFloat(s.borderTopWidth), bg: s.backgroundColor}; }""")
    assert style["left"] >= 4 and style["top"] >= 1 and style["bg"] not in ("rgba(0, 0, 0, 0)", "transparent"), style
    ours = lesson_cell.locator("h1").first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    notebooks = lab.cell(0).locator("h1").first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert ours < 0.7 * notebooks, (ours, notebooks)
    lab.screenshot("tutor-contents", tutor)
    _no_overflow(lab, tutor, "the contents cell")
    # -- the whole lesson, from the last cell --------------------------------------------------------
    for _ in range(17):
        button["Next cell"].click()
    expect(tutor).to_contain_text("cell 18 of 18 (code)")
    button["Run all up to here"].click()
    summary = tutor.locator(".nbgraph-summary")
    expect(summary).to_have_text("Ran cells 2\u201318: 10 match.", timeout=60_000)  # the last cell's saved output too
    expect(tutor.locator(".nbgraph-sessions-panel tbody tr")).to_have_count(1)   # cell 11's, never closed
    lab.screenshot("tutor-run-all", tutor)
    _no_overflow(lab, tutor, "after run all")
    checks = json.loads(_check_cell(lab, 3))
    assert checks == {k: True for k in checks} and len(checks) == 8, checks
    # -- its graphs, at a narrower page too ----------------------------------------------------------
    for _ in range(15):
        button["Prev cell"].click()
    expect(tutor).to_contain_text("cell 3 of 18 (code)")
    button["Run"].click()
    expect(tutor.locator(".nbgraph-cell-graph svg")).to_have_count(2)
    _no_overflow(lab, tutor, "the two graphs")
    lab.page.set_viewport_size({"width": 900, "height": 1600})
    _no_overflow(lab, tutor, "the two graphs at 900px")
    lab.screenshot("tutor-two-graphs-900px", tutor)
    lab.page.set_viewport_size({"width": 1400, "height": 1600})
    # -- Step into: in view, in place of the panels, one Prev/Next pair ------------------------------
    for _ in range(4):
        button["Next cell"].click()
    expect(tutor).to_contain_text("cell 7 of 18 (code)")
    button["Run"].click()
    expect(tutor.locator(".nbgraph-verdict")).to_be_visible()
    lab.scroll_to(button["Step into"])
    button["Step into"].click()
    stepper = tutor.locator(".nbgraph-stepper")
    expect(stepper).to_be_visible()
    expect(tutor.locator(".nbgraph-output-panel")).to_have_count(0)          # the stepper took its place
    assert tutor.get_by_role("button", name="Prev", exact=True).count() == 1
    assert tutor.get_by_role("button", name="Next", exact=True).count() == 1
    in_view = stepper.evaluate("""el => { const r = el.getBoundingClientRect();
        const first = el.closest('.nbgraph-tutor').querySelector('.widget-button').getBoundingClientRect();
        return {top: r.top, height: innerHeight, below_buttons: r.top - first.bottom}; }""")
    assert 0 <= in_view["top"] < in_view["height"] * 0.75, in_view         # no scrolling needed to see it
    assert in_view["below_buttons"] < 600, in_view
    stepper.get_by_role("button", name="Last", exact=True).click()
    expect(stepper.locator(".nbgraph-explain")).to_contain_text("[3. 5.]")
    lab.screenshot("tutor-step-into-in-place", tutor)
    _no_overflow(lab, tutor, "stepping")
    tutor.get_by_role("button", name="Back to the cell", exact=True).click()
    expect(stepper).to_have_count(0)
    expect(tutor.locator(".nbgraph-output-panel")).to_be_visible()
    # -- names reach the notebook only when asked -----------------------------------------------------
    assert _check_cell(lab, 4).split() == ["learner_sum:0", "True", "False"]
    button["Copy names to notebook"].click()
    expect(tutor.locator(".nbgraph-summary")).to_contain_text("Copied")
    assert _check_cell(lab, 4).split()[:2] == ["Add:0", "False"]   # the lesson's result, in the lesson's graph
    assert lab.error_outputs() == []


def test_a_wide_lesson_wraps_inside_the_tutors_panels(lab):
    (lab.server.root / "wide_lesson.ipynb").write_text(json.dumps(WIDE_LESSON), encoding="utf-8")
    write_notebook(lab.server.root / "wide.ipynb", [
        "from nbgraph.widgets import LessonTutor\n"
        "tutor = LessonTutor.from_notebook('wide_lesson.ipynb')\ntutor.next()\ntutor.run_cell()\ntutor"])
    lab.open("wide.ipynb")
    lab.run_all()
    assert lab.error_outputs() == []
    tutor = lab.page.locator(".nbgraph-tutor")
    rows = tutor.locator(".nbgraph-sessions-panel tbody tr")
    expect(rows).to_have_count(3)
    # short columns on one line: a row is as tall as its longest wrapped cell, the short ones one line
    heights = rows.first.evaluate("""tr => Array.from(tr.cells).map(td => {
        const range = document.createRange(); range.selectNodeContents(td);
        return range.getClientRects().length; })""")
    assert heights[:3] == [1, 1, 1], heights
    for width in (1400, 1000, 800):
        lab.page.set_viewport_size({"width": width, "height": 1600})
        _no_overflow(lab, tutor, f"the wide lesson at {width}px")
    lab.screenshot("tutor-wide-lesson-800px", tutor)
