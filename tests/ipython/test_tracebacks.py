"""Errors nbgraph raises show the learner's cell and TF's message, not nbgraph's frames, and
"defined at" names the cell (`Cell In[3], line 2`), in a real InteractiveShell."""
from __future__ import annotations

import os
import re
import sys

import pytest

import nbgraph
from nbgraph.ipython import tracebacks

NBGRAPH_DIR = os.path.dirname(os.path.abspath(nbgraph.__file__))


def cell_numbers(text):
    """The cell numbers the traceback names, in order ('Cell In[4], line 4' -> 4)."""
    return [int(n) for n in re.findall(r"Cell In\[(\d+)\], line \d+", text)]


def assert_no_nbgraph_source(text):
    assert NBGRAPH_DIR not in text and "nbgraph/" not in text, text
    for internal in ("session.py", "executor.py", "session_placer.py", "convert.py", "graph.py"):
        assert internal not in text, text


UNINITIALISED = """\
w = tf.Variable([1.0, 2.0], name='w')
result = w * 2.0
sess = tf.Session()
sess.run(result)"""


def test_an_op_error_shows_the_cell_and_tfs_message_and_names_the_cell(shell, run):
    shown = run(UNINITIALISED, ok=False)
    text = shown.text
    assert type(shown.result.error_in_exec).__name__ == "FailedPreconditionError"
    assert_no_nbgraph_source(text)
    n = shell.execution_count   # store_history=False: the cell is compiled under the current count
    assert f"Cell In[{n}], line 4" in text and "----> 4 sess.run(result)" in text
    assert "FailedPreconditionError: Attempting to use uninitialized value w" in text
    assert f"[[node w/read (defined at Cell In[{n}], line 1) ]]" in text
    assert "(3 frames inside nbgraph left out: %nbgraph traceback full shows them)" in text
    # the cell, TF's message, then the note
    assert text.index("----> 4 sess.run(result)") < text.index("uninitialized value w") < text.index("left out")
    assert not hasattr(shown.result.error_in_exec, "__notes__")     # the note was the traceback's only
    assert not re.search(r"defined at \S+\.py:\d", text)


def test_a_graph_building_type_error_shows_only_the_cell(shell, run):
    shown = run("a = tf.constant([1.0, 2.0])\nb = tf.constant([1, 2])\nc = a + b", ok=False)
    assert_no_nbgraph_source(shown.text)
    assert cell_numbers(shown.text) == [shell.execution_count]
    assert ("TypeError: Input 'y' of 'AddV2' Op has type int32 that does not match type float32 of argument 'x'."
            in shown.text)


def test_a_value_error_from_a_feed_and_a_closed_session_show_only_the_cell(shell, run):
    run("x = tf.placeholder(tf.float32, shape=(2,))\nsess = tf.Session()")
    shown = run("sess.run(x, feed_dict={x: [1.0, 2.0, 3.0]})", ok=False)
    assert_no_nbgraph_source(shown.text)
    assert "ValueError: Cannot feed value of shape (3,) for Tensor 'Placeholder:0', which has shape '(2,)'" \
        in shown.text
    shown = run("sess.close()\nsess.run(x, feed_dict={x: [1.0, 2.0]})", ok=False)
    assert_no_nbgraph_source(shown.text)
    assert "RuntimeError: Attempted to use a closed Session." in shown.text


def test_a_placement_error_names_the_cell_that_pinned_the_op(shell, run):
    shown = run("with tf.device('/gpu:0'):\n    g = tf.constant(1.0, name='k') + 1.0\ntf.Session().run(g)", ok=False)
    assert_no_nbgraph_source(shown.text)
    n = shell.execution_count
    assert f"node add (defined at Cell In[{n}], line 2)  was explicitly assigned to /device:GPU:0" in shown.text


def test_traceback_full_shows_nbgraphs_frames_again_and_short_hides_them(shell, run):
    assert "tracebacks are full" in run("%nbgraph traceback full").stdout
    shown = run(UNINITIALISED, ok=False)
    assert os.path.join(NBGRAPH_DIR, "engine", "session.py") in shown.text and "left out" not in shown.text
    assert "tracebacks are full" in run("%nbgraph traceback").stdout        # no argument: says which
    run("%nbgraph traceback short")
    shown = run("sess.run(result)", ok=False)
    assert_no_nbgraph_source(shown.text)
    try:
        run("%config NbgraphMagics.traceback = 'full'")
        assert "session.py" in run("sess.run(result)", ok=False).text
    finally:   # the shell's config outlives the extension: later tests load it again
        run("%config NbgraphMagics.traceback = 'short'")


def test_debug_and_tb_still_see_every_frame(run):
    run(UNINITIALISED, ok=False)
    files = []
    tb = sys.last_traceback
    while tb is not None:
        files.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    assert os.path.join(NBGRAPH_DIR, "engine", "session.py") in files


def test_a_learners_function_that_nbgraph_calls_stays_in_the_traceback(shell, run):
    shown = run("def branch():\n"
                "    return tf.constant(1.0) + tf.constant(1)\n"
                "y = tf.cond(tf.constant(True), branch, lambda: tf.constant(2.0))", ok=False)
    assert_no_nbgraph_source(shown.text)
    assert "----> 2     return tf.constant(1.0) + tf.constant(1)" in shown.text
    assert "----> 3 y = tf.cond(" in shown.text
    assert "TypeError: Input 'y' of 'AddV2' Op has type int32" in shown.text


def test_errors_that_are_not_nbgraphs_keep_their_whole_traceback(shell, run):
    shown = run("def mine():\n    raise ValueError('boom')\nmine()", ok=False)
    assert "----> 2     raise ValueError('boom')" in shown.text and "left out" not in shown.text
    # an AttributeError inside nbgraph is a bug in nbgraph: every frame stays
    code = compile("def broken():\n    raise AttributeError('internal')\n",
                   os.path.join(NBGRAPH_DIR, "engine", "_imaginary.py"), "exec")
    exec(code, shell.user_ns)  # noqa: S102 - a function whose frame lies inside nbgraph
    shown = run("broken()", ok=False)
    assert "_imaginary.py" in shown.text and "left out" not in shown.text


def test_a_cause_that_arose_inside_nbgraph_is_left_out(shell, run):
    code = compile("def lookup():\n    return {}['k']\n"
                   "def check():\n    try:\n        lookup()\n    except KeyError:\n"
                   "        raise ValueError('what the learner did wrong')\n",
                   os.path.join(NBGRAPH_DIR, "engine", "_imaginary.py"), "exec")
    exec(code, shell.user_ns)  # noqa: S102
    shown = run("check()", ok=False)
    assert "ValueError: what the learner did wrong" in shown.text
    assert "KeyError" not in shown.text and "During handling" not in shown.text
    assert "_imaginary.py" not in shown.text
    error = shown.result.error_in_exec
    assert isinstance(error.__context__, KeyError) and not error.__suppress_context__   # put back


def test_unload_restores_ipythons_handling_and_the_file_names(shell, run):
    shell.run_line_magic("unload_ext", "nbgraph")
    assert shell.custom_exceptions == ()
    shown = run(UNINITIALISED, ok=False)
    assert "session.py" in shown.text and "Cell In[" not in shown.text.split("FailedPreconditionError:")[-1]
    shell.run_line_magic("load_ext", "nbgraph")
    shell.run_line_magic("reload_ext", "nbgraph")
    assert tracebacks.USER_FACING == shell.custom_exceptions
    assert_no_nbgraph_source(run("sess.run(result)", ok=False).text)


def test_an_earlier_custom_handler_keeps_its_exceptions(shell, run):
    shell.run_line_magic("unload_ext", "nbgraph")
    seen = []

    def theirs(self, etype, value, tb, tb_offset=None):
        seen.append(etype.__name__)
        print("their handler")

    shell.set_custom_exc((ZeroDivisionError,), theirs)
    try:
        shell.run_line_magic("load_ext", "nbgraph")
        assert "their handler" in run("1 / 0", ok=False).stdout
        assert_no_nbgraph_source(run(UNINITIALISED, ok=False).text)
        assert seen == ["ZeroDivisionError"]
        shell.run_line_magic("unload_ext", "nbgraph")
        assert shell.custom_exceptions == (ZeroDivisionError,)
        run("1 / 0", ok=False)
        assert seen == ["ZeroDivisionError"] * 2
    finally:
        shell.set_custom_exc((), None)
