"""`%nbgraph step X` / `Stepper(X)` step in the learner's session: the default one, else the open
session on X's graph used last; only without one their own, and then an uninitialised variable
says which and how to fix it (issue 14, item 1). Run in a real InteractiveShell."""
from __future__ import annotations

import nbgraph as tf
from nbgraph.engine.session import open_sessions
from nbgraph.widgets import Stepper
from tests.render.markup import html_scan

LEARNER = """\
w = tf.Variable([1.0, 2.0], name='w')
x = tf.constant([3.0, 4.0], name='x')
result = tf.add(w, x, name='result')
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(result))"""


def details_rows(stepper):
    """{row title: text} of the stepper's details table."""
    text = [t.strip() for t in html_scan(stepper.details.value)[1] if t.strip()]
    titles = ("step", "node", "device", "error", "how to fix", "output")
    return {t: text[i + 1] for i, t in enumerate(text[1:], 1) if t in titles and i + 1 < len(text)}


def test_step_after_the_learner_initialised_w_uses_their_session_to_the_end(shell, run):
    assert run(LEARNER).stdout == "[4. 6.]\n"
    [stepper] = run("%nbgraph step result").widgets
    sess = shell.user_ns["sess"]
    assert stepper.session is sess and sess in open_sessions()
    assert stepper.session_text == (f"Stepping in sess (Session #{sess.serial}): "
                                    "the open session on this graph you used last.")
    assert f"Stepping in sess (Session #{sess.serial})" in " ".join(html_scan(stepper.session_note.value)[1])
    seen = []
    for _ in range(stepper.total):   # bounded
        cur = stepper.current
        seen.append((cur.op.name, cur.output.tolist()))
        stepper.next()
    assert seen == [("w", [1.0, 2.0]), ("w/read", [1.0, 2.0]), ("x", [3.0, 4.0]), ("result", [4.0, 6.0])]
    assert stepper.finished and stepper.error is None and stepper.hint is None
    assert not sess.closed                                   # the learner's session stays open
    assert stepper.buttons["Next"].disabled and stepper.buttons["Last"].disabled and stepper.play.disabled


def test_the_default_session_comes_first(run):
    run(LEARNER)
    run("inter = tf.InteractiveSession()\ninter.run(tf.global_variables_initializer())\nsess.run(result)")
    [stepper] = run("%nbgraph step result").widgets
    assert stepper.session_text.startswith("Stepping in inter (InteractiveSession #")
    assert stepper.session_text.endswith(": the default session.")


def test_of_several_open_sessions_the_one_used_last_is_chosen(shell, run):
    run(LEARNER + "\nother = tf.Session()\nother.run(tf.global_variables_initializer())")
    sess, other = shell.user_ns["sess"], shell.user_ns["other"]
    assert Stepper(shell.user_ns["result"]).session is other
    run("sess.run(result)")
    assert Stepper(shell.user_ns["result"]).session is sess
    run("other.close()\nsess.close()")                      # closed ones are never chosen
    stepper = Stepper(shell.user_ns["result"])
    assert stepper.session not in (sess, other) and stepper.chosen.own


def test_sessions_on_another_graph_and_a_steppers_own_are_not_the_learners(shell, run):
    run("g2 = tf.Graph()\nwith g2.as_default():\n    k = tf.constant(1.0)\nelsewhere = tf.Session(graph=g2)")
    run("a = tf.constant([1.0, 2.0], name='a')\nb = tf.constant([2.0, 3.0], name='b')\nadd = a + b")
    first = Stepper(shell.user_ns["add"])                   # no session holds this graph: its own
    assert first.chosen.own and first.session is not shell.user_ns["elsewhere"]
    assert first.session_text == (f"Stepping in Session #{first.session.serial}: "
                                  "a new session of its own: no open session holds this graph.")
    assert first.session in open_sessions()                 # not at its end yet
    second = Stepper(shell.user_ns["add"])
    assert second.chosen.own and second.session is not first.session


def test_in_its_own_session_an_uninitialised_variable_says_which_and_how_to_fix_it(shell, run):
    run("w = tf.Variable([1.0, 2.0], name='w')\nv = tf.Variable(3.0, name='v')\n"
        "result = w * v")
    [stepper] = run("%nbgraph step result").widgets
    assert stepper.chosen.own
    stepper.last()
    assert type(stepper.current.error).__name__ == "FailedPreconditionError"
    assert stepper.hint == (
        "Not initialised: w, v. The stepper opened a session of its own (no open session holds this graph), "
        "and variables start uninitialised in every new session. Create a session and initialise them: "
        "sess = tf.Session(); sess.run(tf.global_variables_initializer()) — then step again (the stepper "
        "uses that session), or pass it: %nbgraph step result --session sess")
    rows = details_rows(stepper)
    assert rows["error"] == "FailedPreconditionError: Attempting to use uninitialized value w"
    assert rows["how to fix"] == stepper.hint
    assert stepper.buttons["Next"].disabled and stepper.buttons["Last"].disabled and stepper.play.disabled
    # following the hint: the next stepper uses the new session and runs to the end
    run("sess = tf.Session()\nsess.run(tf.global_variables_initializer())")
    [again] = run("%nbgraph step result").widgets
    assert again.session is shell.user_ns["sess"]
    assert again.last().output.tolist() == [3.0, 6.0] and again.finished


def test_in_the_learners_session_the_hint_names_it(shell, run):
    run("w = tf.Variable([1.0, 2.0], name='w')\nresult = w * 2.0\nsess = tf.Session()")
    [stepper] = run("%nbgraph step result").widgets
    assert stepper.session is shell.user_ns["sess"]
    stepper.last()
    serial = shell.user_ns["sess"].serial
    assert stepper.hint == (f"Not initialised in sess (Session #{serial}): w. Run "
                            "sess.run(tf.global_variables_initializer()) first, or step in a session where "
                            "they are: %nbgraph step result --session OTHER")


def test_a_session_passed_is_used_and_said(shell, run):
    run(LEARNER + "\nlater = tf.Session()\nlater.run(tf.global_variables_initializer())")
    [stepper] = run("%nbgraph step result --session sess").widgets
    assert stepper.session is shell.user_ns["sess"]
    assert stepper.session_text.endswith(": the session you passed.")
    assert stepper.hint is None


def test_outside_ipython_the_session_is_named_by_its_number():
    w = tf.Variable(1.0, name="w")
    y = w + 1.0
    s = tf.Session()
    s.run(w.initializer)
    stepper = Stepper(y)
    assert stepper.session is s
    assert stepper.session_text.startswith(f"Stepping in Session #{s.serial}")
