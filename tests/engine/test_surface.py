"""The engine's public surface for the layers above: session identity, label, closed state,
initialised variables and placed devices, every session alive, `reset()`, and `Session.steps`
(a run evaluated a node at a time, failures included)."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.engine.session import all_sessions, open_sessions, reset
from nbgraph.engine.stepping import FailedStep, Steps

CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"


def test_sessions_say_who_they_are():
    s1, s2 = tf.Session(), tf.Session()
    assert s2.serial == s1.serial + 1
    assert (s1.label, s1.closed) == ("", False)
    s1.label = "opened by a widget"
    s1.close()
    assert (s1.label, s1.closed) == ("opened by a widget", True)
    alive = all_sessions()
    assert alive.index(s1) < alive.index(s2)
    assert s1 not in open_sessions() and s2 in open_sessions()
    s2.close()


def test_initialised_variables_and_placed_devices():
    v = tf.Variable([1.0, 2.0], name="v")
    w = tf.Variable(3.0, name="w")
    with tf.Session() as s:
        assert s.initialized_variables() == {}
        assert s.placed_device(v.initializer) is None
        s.run(v.initializer)
        values = s.initialized_variables()
        assert [op.name for op in values] == ["v"] and values[v.op].tolist() == [1.0, 2.0]
        assert s.placed_device(v.initializer) == CPU0 and s.placed_device(w.op) == CPU0
        assert tf.devices.placed_device(v.initializer, s) == CPU0


def test_reset_closes_interactive_sessions_only_and_refuses_inside_a_graph_block():
    old = tf.get_default_graph()
    plain, inter = tf.Session(), tf.InteractiveSession()
    assert tf.get_default_session() is inter
    assert reset() == [inter]
    assert inter.closed and not plain.closed and tf.get_default_session() is None
    assert tf.get_default_graph() is not old
    with tf.Graph().as_default():
        with pytest.raises(RuntimeError, match="cannot reset inside `with graph.as_default\\(\\):`"):
            reset()
    plain.close()


def test_forced_reset_leaves_every_block_and_closes_every_session():
    g = tf.Graph()
    s = tf.Session(graph=g)
    g_cm = g.as_default()
    g_cm.__enter__()
    s_cm = s.as_default()
    s_cm.__enter__()
    assert tf.get_default_graph() is g and tf.get_default_session() is s
    assert reset(close_all=True, force=True) == [s]
    assert s.closed and tf.get_default_session() is None and tf.get_default_graph() is not g
    del g_cm, s_cm


def test_steps_run_one_node_at_a_time_with_values():
    a = tf.constant([1.0, 2.0], name="a")
    x = tf.placeholder(tf.float32, [2], name="x")
    out = tf.add(a, x, name="out")
    with tf.Session() as s:
        steps = s.steps(out, {x: [10.0, 20.0]})
        assert isinstance(steps, Steps) and steps.total == 2 and not steps.over
        assert [op.name for op in steps.ops] == ["a", "out"] and steps.fetch_tensors == [out]
        assert steps.advance() and [r.op.name for r in steps.records] == ["a"]
        steps.run_to(5)
        assert [r.op.name for r in steps.records] == ["a", "out"] and steps.finished
        assert steps.records[1].output.tolist() == [11.0, 22.0] and steps.records[1].device == CPU0
        assert not steps.advance()


def test_a_failing_step_becomes_a_failed_step_not_an_exception():
    v = tf.Variable(1.0, name="v")
    y = tf.multiply(v, 2.0, name="y")
    s = tf.Session()
    steps = s.steps(y, close_when_done=True)
    steps.run_to(10)
    err = steps.error
    assert isinstance(err, FailedStep) and err.op.name == "v" and err.index == 0 and err.device == CPU0
    assert isinstance(err.error, tf.errors.FailedPreconditionError)
    assert "Attempting to use uninitialized value v" in err.error.message
    assert (err.inputs, err.output) == (None, None)
    assert steps.over and not steps.finished and s.closed  # the stepping's own session closes
    assert not steps.advance()


def test_steps_leave_a_session_open_unless_told():
    c = tf.constant(np.float32(2.0)) * 3.0
    s = tf.Session()
    steps = s.steps(c)
    steps.run_to(10)
    assert steps.finished and not s.closed
    s.close()


def test_steps_through_a_while_loop_run_every_iteration_to_its_exit():
    i = tf.constant(0, name="i0")
    out = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [i], name="loop")
    with tf.Session() as s:
        plain = s.run(out)
        steps = s.steps(out)
        assert steps.plan.control_flow
        total = steps.total
        assert total > len(steps.plan.steps)        # the body's nodes run once per iteration
        assert steps.records == []                   # knowing the total hands out nothing yet
        assert steps.advance() and len(steps.records) == 1
        steps.run_to(total + 5)
        assert steps.finished and len(steps.records) == total and not steps.advance()
        exits = [r for r in steps.records if r.op.name == "loop/Exit"]
        assert exits[-1].output == plain == 3          # dead while the loop went on, then the result
        adds = [r for r in steps.records if r.op.name == "loop/add"]   # the last one dead
        assert [r.iteration for r in adds] == [0, 1, 2, 3] and {r.frame for r in adds} == {"loop"}
        assert [r.index for r in steps.records] == list(range(total))
