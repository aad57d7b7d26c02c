"""`tf.enable_eager_execution()` as a program sees it: each case in a fresh Python process,
since eager execution, once on, stays on for the process (TF's rule)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_program(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                           env=env, cwd=ROOT, timeout=120)


@pytest.fixture(autouse=True)
def eager():  # overrides the in-process fixture of conftest.py: these run their own process
    yield


@pytest.mark.timeout(120)
def test_enable_at_startup_then_eager_for_good():
    r = run_program("""
        import nbgraph as tf
        print(tf.executing_eagerly())
        tf.enable_eager_execution()
        tf.enable_eager_execution()  # again: allowed
        print(tf.executing_eagerly(), tf.constant([1, 2]) * 2)
        tf.reset_default_graph()
        print(tf.executing_eagerly(), tf.get_default_graph().executing_eagerly)
        with tf.Graph().as_default():
            print(tf.executing_eagerly())
        import nbgraph.contrib.eager as tfe
        print(tfe.executing_eagerly(), tf.contrib.eager.Variable(2.0))
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "False", "True tf.Tensor([2 4], shape=(2,), dtype=int32)", "True True", "False",
        "True <tf.Variable 'Variable:0' shape=() dtype=float32, numpy=2.0>"]


@pytest.mark.timeout(120)
def test_enable_after_graph_use_is_tfs_error():
    r = run_program("""
        import nbgraph as tf
        tf.constant(1)
        try:
            tf.enable_eager_execution()
        except ValueError as e:
            print(type(e).__name__, e)
        print(tf.executing_eagerly(), tf.constant(2))
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["ValueError tf.enable_eager_execution must be called at program startup.",
                                     "False Tensor(\"Const_1:0\", shape=(), dtype=int32)"]


@pytest.mark.timeout(120)
def test_graph_mode_processes_are_untouched():
    r = run_program("""
        import nbgraph as tf
        import nbgraph.eager  # importing the package turns nothing on
        x = tf.placeholder(tf.float32, name="x")
        print(tf.executing_eagerly(), x, tf.gradients(x * x, x)[0].op.type)
        try:
            iter(tf.data.Dataset.range(2)).__next__()
        except RuntimeError as e:
            print(e)
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        'False Tensor("x:0", dtype=float32) AddN',
        "__iter__() is only supported inside of tf.function or when eager execution is enabled."]
