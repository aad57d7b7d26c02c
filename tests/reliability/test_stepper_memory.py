"""Group 7 of issue 15: the Stepper keeps its step values within a memory budget (64 MiB by
default): a 120-step plan on 8 MiB tensors held ~930 MiB after `last()`; now the oldest steps'
values are dropped, the newest are kept, and the view says so for a dropped step."""
from __future__ import annotations

import gc
import tracemalloc

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.ipython.step_memory import DEFAULT_BUDGET
from nbgraph.ipython.widgets import Stepper

N = 2 ** 21                      # float32: 8 MiB


def _plan_of_120_steps():
    x = tf.ones([N], name="x")               # shape, value, Fill: 3 steps
    one = tf.constant(1.0, name="one")       # 1 step
    for _ in range(116):                     # 116 steps
        x = x + one
    return x


@pytest.mark.slow
def test_stepping_120_steps_of_8_mib_stays_within_the_budget():
    x = _plan_of_120_steps()
    gc.collect()
    tracemalloc.start()
    try:
        stepper = Stepper(x)
        base = tracemalloc.get_traced_memory()[0]
        stepper.last()
        held = (tracemalloc.get_traced_memory()[0] - base) / 2 ** 20
    finally:
        tracemalloc.stop()
    assert stepper.total == 120 and stepper.finished
    assert held < 2 * DEFAULT_BUDGET / 2 ** 20 + 40, f"{held:.0f} MiB"          # was ~930 MiB
    assert stepper.values.held <= DEFAULT_BUDGET
    last = stepper.current
    np.testing.assert_array_equal(last.output[:3], [117.0, 117.0, 117.0])     # the newest values are kept
    assert 0 in stepper.values.dropped and 119 not in stepper.values.dropped


def test_a_dropped_step_says_so_in_the_view():
    a = tf.constant(np.ones(1000, np.float32), name="a")
    b = tf.negative(a, name="b")
    c = tf.negative(b, name="c")
    stepper = Stepper(c, memory_budget=16_000)      # a: 4 kB, b and c: 8 kB each (input + output)
    stepper.last()
    assert stepper.values.dropped == {0}
    stepper.first()
    assert "values not kept: the stepper keeps at most" in stepper.details.value
    assert stepper.explanation().startswith("Const a ran (values not kept")
    stepper.last()
    assert "values not kept" not in stepper.details.value
    np.testing.assert_array_equal(stepper.current.output, np.ones(1000, np.float32))


def test_small_plans_keep_every_value():
    a = tf.constant([1.0, 2.0], name="a")
    stepper = Stepper(tf.negative(a, name="n"))
    stepper.last()
    assert stepper.values.dropped == set()
    assert [list(r.output) for r in stepper.records] == [[1.0, 2.0], [-1.0, -2.0]]
