"""Group 12 of issue 15: nested `control_dependencies` scale with the control edges they make
(N nested blocks make N²/2 edges, as in TF), not O(N³): building, pruning and placing a
3,000-deep chain ends in seconds (it took minutes). A block keeps only the control ops no outer
block has, and TF's skipping rule holds (the outputs below are TF 2.21's, v1 graph mode). The
timed benchmark (5,000 deep, under 2 s each) is in bench/bench_reliability.py; here a generous
alarm only stops a run that has gone quadratic-times-N again."""
from __future__ import annotations

import contextlib
import json
import os
import pathlib
import subprocess
import sys

import pytest

import nbgraph as tf


_DEEP = """
import json, sys
from tests.reliability.test_control_dependencies_scale import _nested_chain
import nbgraph as tf
last = _nested_chain(3000)
sess = tf.Session()
print(json.dumps([float(sess.run(last)), len(last.op.control_inputs),
                  [op.name for op in last.op.control_inputs[:3]], len(sess.placement_log)]))
"""


def _nested_chain(depth):
    with contextlib.ExitStack() as stack:
        prev = tf.constant(0.0, name="c")
        for i in range(depth):
            stack.enter_context(tf.control_dependencies([prev]))
            prev = tf.constant(float(i + 1), name="c")
    return prev


def test_a_3000_deep_nested_chain_builds_and_runs():
    """In a child process, so that a build gone O(N³) again is stopped cleanly at the limit."""
    root = pathlib.Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    try:
        done = subprocess.run([sys.executable, "-c", _DEEP], capture_output=True, text=True, timeout=120,
                              cwd=root, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("a 3,000-deep nested control_dependencies chain still builds and runs after 120 s")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [3000.0, 3000, ["c", "c_1", "c_2"], 3001]


def test_the_chain_runs_every_control_input_first():
    last = _nested_chain(40)
    ops = tf.get_default_graph().get_operations()
    from nbgraph.engine.executor import build_plan
    order = build_plan(tf.get_default_graph(), [last], [], []).nodes
    assert order == ops                               # each constant after all it depends on


def test_tf_rule_for_nested_and_cleared_blocks():
    a, b, c, one = (tf.constant(v, name=n) for v, n in ((1.0, "a"), (2.0, "b"), (3.0, "c"), (1.0, "one")))
    with tf.control_dependencies([a]):
        x = tf.identity(c, name="x")
        with tf.control_dependencies([b, a]):       # a is already a control input: the block keeps [b]
            y = tf.add(x, one, name="y")             # x was made in the outer block: only b
            z = tf.add(c, one, name="z")
            w = tf.identity(b, name="w")             # b is its input: only a
            with tf.control_dependencies(None):
                u = tf.identity(c, name="u")
                with tf.control_dependencies([c]):
                    u2 = tf.identity(one, name="u2")
            v = tf.add(u, one, name="v")             # u was made outside the blocks
            with tf.control_dependencies([one]):
                p = tf.identity(y, name="p")
                q = tf.identity(x, name="q")
        r = tf.identity(w, name="r")
    got = {t.op.name: [i.name for i in t.op.control_inputs] for t in (x, y, z, w, u, u2, v, p, q, r)}
    assert got == {"x": ["a"], "y": ["b"], "z": ["a", "b"], "w": ["a"], "u": [], "u2": ["c"],
                   "v": ["a", "b"], "p": ["one"], "q": ["b", "one"], "r": []}


def test_blocks_left_restore_the_outer_state():
    a, b = tf.constant(1.0, name="a"), tf.constant(2.0, name="b")
    with tf.control_dependencies([a]):
        with tf.control_dependencies([b]):
            pass
        m = tf.identity(b, name="m")
        with tf.control_dependencies([b]):
            n = tf.identity(a, name="n")
    k = tf.identity(a, name="k")
    assert [i.name for i in m.op.control_inputs] == ["a"]
    assert [i.name for i in n.op.control_inputs] == ["b"]
    assert k.op.control_inputs == []
