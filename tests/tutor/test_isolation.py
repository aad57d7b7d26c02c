"""The learner's work is sacred: the tutor runs the whole original lesson (its
`tf.reset_default_graph()`, `with tf.Session()`, `sess.close()`, `InteractiveSession`) in its own
namespace, default graph and sessions, and the learner's names, default graph, graph stack and
sessions are the same objects, in the same state, afterwards. Names reach the notebook only
through `export_names()`."""
from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

import nbgraph as tf
from nbgraph.engine import graph as _graph
from nbgraph.engine.session import get_default_session, open_sessions
from nbgraph.ipython import alias
from nbgraph.tutor.context import LESSON_LABEL
from nbgraph.widgets import LessonTutor
from tests.conftest import ORIGINAL_LESSON

LEARNER = """
import nbgraph as tf
a = tf.constant([10.0, 20.0], name="learner_a")
b = tf.constant([1.0, 1.0], name="learner_b")
w = tf.Variable([5.0, 6.0], name="w")
result = tf.add(a, b, name="learner_sum")
sess = tf.Session()
sess.run(tf.global_variables_initializer())
isess = tf.InteractiveSession()
"""


@pytest.fixture
def shell():
    sh = InteractiveShell.instance()
    tf.reset_default_graph()
    yield sh
    for s in open_sessions():
        s.close()
    sh.reset(new_session=False)
    tf.reset_default_graph()
    alias.disable()


def learner_state(sh):
    ns = sh.user_ns
    names = {k: ns[k] for k in ("tf", "a", "b", "w", "result", "sess", "isess")}
    g = tf.get_default_graph()
    return {"names": names, "graph": g, "ops": [op.name for op in g.get_operations()], "version": g.version,
            "default session": get_default_session(), "graph stack": list(_graph._default_graph_stack.stack),
            "open": [s for s in open_sessions() if s in (ns["sess"], ns["isess"])]}


def assert_unchanged(sh, before):
    after = learner_state(sh)
    assert after["names"].keys() == before["names"].keys()
    for k, v in before["names"].items():
        assert after["names"][k] is v, f"the learner's {k} was replaced"
    assert after["graph"] is before["graph"], "the learner's default graph was replaced"
    assert after["ops"] == before["ops"] and after["version"] == before["version"]
    assert after["default session"] is before["default session"] is before["names"]["isess"]
    assert after["graph stack"] == before["graph stack"]
    assert after["open"] == before["open"] and len(after["open"]) == 2, "a learner's session was closed"
    sess = sh.user_ns["sess"]
    assert sess.run(sh.user_ns["result"]).tolist() == [11.0, 21.0]
    assert sess.run(sh.user_ns["w"]).tolist() == [5.0, 6.0]          # its variable is still initialised
    assert sh.user_ns["result"].eval().tolist() == [11.0, 21.0]       # the InteractiveSession is still default


def test_running_the_whole_original_lesson_leaves_the_learner_untouched(shell):
    assert shell.run_cell(LEARNER).success
    before = learner_state(shell)
    tutor = LessonTutor.from_notebook(ORIGINAL_LESSON, shell=shell)
    results = tutor.run_all()
    assert [r.error for r in results] == [None] * len(results)
    assert all(r.matches for r in results if r.recorded is not None)
    assert_unchanged(shell, before)
    # the lesson's own state is the lesson's: its result is a+b in its graph, its sessions labelled
    lesson = tutor.runner.namespace
    assert lesson["result"].name == "Add:0" and lesson["result"].graph is tutor.context.graph
    assert lesson["result"] is not shell.user_ns["result"]
    assert [op.name for op in tutor.context.graph.get_operations()] == ["a", "b", "Add"]
    still_open = tutor.context.open_sessions()       # cell 10's `sess = tf.Session()` is never closed
    assert len(still_open) == 1 and still_open[0].label == LESSON_LABEL
    assert still_open[0].graph is tutor.context.graph and still_open[0] not in before["open"]
    # and again, from "Run all up to here" on the last cell, and a restart
    tutor.goto(len(tutor.cells) - 1)
    tutor.run_up_to_here()
    assert still_open[0].closed                       # the first run's, closed by the clean restart
    open_now = tutor.context.open_sessions()
    assert len(open_now) == 1 and open_now[0] is not still_open[0]
    tutor.restart()
    assert_unchanged(shell, before)
    assert tutor.context.open_sessions() == [] and open_now[0].closed and tutor.context.lesson_names() == {}


def test_a_learner_inside_a_graph_block_keeps_it(shell):
    assert shell.run_cell(LEARNER).success
    mine = tf.Graph()
    with mine.as_default():
        before = learner_state(shell)
        LessonTutor.from_notebook(ORIGINAL_LESSON, shell=shell).run_all()
        assert tf.get_default_graph() is mine
        assert_unchanged(shell, before)


def test_copy_names_to_notebook_is_explicit(shell):
    assert shell.run_cell(LEARNER).success
    learner_graph = tf.get_default_graph()
    tutor = LessonTutor.from_notebook(ORIGINAL_LESSON, shell=shell)
    tutor.goto(4)
    tutor.run_up_to_here()
    assert shell.user_ns["result"].name == "learner_sum:0"          # nothing copied yet
    assert not tutor.buttons["Copy names to notebook"].disabled
    tutor.buttons["Copy names to notebook"].click()
    assert shell.user_ns["result"] is tutor.runner.namespace["result"]
    assert shell.user_ns["g1"] is tutor.runner.namespace["g1"]
    assert "get_ipython" not in tutor.context.lesson_names() and "__builtins__" not in tutor.context.lesson_names()
    assert "Copied" in tutor.notice_view.value and "result" in tutor.notice_view.value
    assert tf.get_default_graph() is learner_graph                  # names only: the graph stays the learner's


def test_export_names_without_a_notebook_needs_a_namespace():
    from nbgraph.tutor import LessonRunner
    runner = LessonRunner.from_notebook(ORIGINAL_LESSON)
    for i in runner.code_indices[:3]:
        runner.run(i)
    with pytest.raises(ValueError, match="no notebook to copy the lesson's names into"):
        runner.export_names()
    mine = {}
    assert "result" in runner.export_names(mine) and mine["result"] is runner.namespace["result"]
    alias.disable()


def test_lesson_magics_see_the_lessons_names_not_the_learners(shell):
    from types import SimpleNamespace as Cell
    from nbgraph.tutor import LessonRunner
    shell.user_ns["learners_own"] = 1
    runner = LessonRunner([Cell(cell_type="code", source="lessons_own = 2\n%who", metadata={})], shell=shell)
    out = runner.run(0).output
    assert "lessons_own" in out and "learners_own" not in out
    assert "lessons_own" not in shell.user_ns and shell.user_ns["learners_own"] == 1


def test_the_panels_show_the_lessons_graph_and_sessions_before_run(shell):
    assert shell.run_cell(LEARNER).success
    tutor = LessonTutor.from_notebook(ORIGINAL_LESSON, shell=shell)
    assert "no graph yet" in tutor.graph_view.value and "learner_sum" not in tutor.graph_view.value
    assert "No open sessions in the lesson." in tutor.sessions_view.value   # the learner's two are not the lesson's
    tutor.goto(10)                   # `sess = tf.Session()` ... never closed
    tutor.run_up_to_here()
    tutor.next()                     # cell 12, not run yet
    assert 11 not in tutor.results and tutor.output_view.value == ""
    if "<svg" in tutor.graph_view.value:    # graphviz present
        assert ">Add<" in tutor.graph_view.value and "learner_sum" not in tutor.graph_view.value
    assert "(as it is now)" in tutor.graph_view.value
    sessions = tutor.sessions_view.value
    assert sessions.count("<tr>") == 2 and f"Session #{tutor.runner.namespace['sess'].serial}" in sessions
    assert f"#{shell.user_ns['sess'].serial}<" not in sessions


def _seed_file():
    from tests.conftest import ROOT
    for base in (ROOT.parent, ROOT.parent.parent):   # /work/main/.. or a worktree's /work/wt/..
        found = sorted((base / "shared" / "seed").glob("000_*.txt"))
        if found:
            return found[0]
    return None


def test_the_lesson_as_handed_to_us_in_the_seed_leaves_the_learner_untouched(shell):
    from nbgraph.tutor import LessonRunner
    from nbgraph.tutor.lesson import LessonCell
    from nbgraph.tutor.seed import parse_seed
    seed = _seed_file()
    if seed is None:
        pytest.skip("the seed lesson (shared/seed/000_*.txt) is not beside this checkout")
    cells = [LessonCell(c.kind, c.source,
                        {"nbgraph": {"recorded_output": c.recorded_output}} if c.kind == "code" else {})
             for c in parse_seed(seed.read_text(encoding="utf-8"))]
    assert shell.run_cell(LEARNER).success
    before = learner_state(shell)
    runner = LessonRunner(cells, shell=shell)
    results = [runner.run(i) for i in runner.code_indices]
    assert len(results) == 9 and [r.error for r in results] == [None] * 9
    assert all(r.matches for r in results), [(r.number, r.output, r.recorded) for r in results if not r.matches]
    assert_unchanged(shell, before)
