"""The compiled plan (engine/compiled.py) and its buffer reuse: an elementwise op may write into
the buffer of an input that dies there, but never into a fed value, a variable's value, a
constant, a fetched value or a value a later op still reads. Each test runs the plan several
times (it is compiled on its second run) and checks that reuse really happened where it may."""
from __future__ import annotations

import gc
import tracemalloc

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.engine import compiled
from nbgraph.engine.compiled import reusable_inputs

RUNS = 3


def run_compiled(sess, fetches, feed=None):
    """Runs `fetches` RUNS times; returns the last result and the plan (compiled by then)."""
    for _ in range(RUNS):
        out = sess.run(fetches, feed)
    [plan] = [p for p in sess._plans.values() if p.compiled is not None][-1:]
    return out, plan


def reused_ops(plan):
    return {plan.steps[i].op.name for i in reusable_inputs(plan)}


def test_a_chain_reuses_its_intermediates_and_never_the_fed_value():
    x = tf.placeholder(tf.float32, [None], name="x")
    y = ((x + 1.0) * 2.0) - 3.0
    fed = np.arange(4, dtype=np.float32)
    before = fed.copy()
    with tf.Session() as s:
        got, plan = run_compiled(s, y, {x: fed})
    assert got.tolist() == ((before + 1) * 2 - 3).tolist()
    assert fed.tolist() == before.tolist()              # the caller's array, untouched
    assert reused_ops(plan) == {"mul", "sub"}             # `add` reads the fed x: a new buffer
    assert "out=" in plan.compiled.source


def test_a_variables_value_is_never_written():
    v = tf.Variable([1.0, 2.0, 3.0], name="v")
    y = (v.value() + 1.0) * 2.0 + tf.identity(v) * 0.0    # v/read and Identity alias its buffer
    with tf.Session() as s:
        s.run(v.initializer)
        got, plan = run_compiled(s, y)
        assert s.run(v).tolist() == [1.0, 2.0, 3.0]
    assert got.tolist() == [4.0, 6.0, 8.0]
    assert "add" not in reused_ops(plan) and "mul_1" not in reused_ops(plan)


def test_a_fetched_intermediate_keeps_its_value():
    x = tf.placeholder(tf.float32, [None], name="x")
    a = x + 1.0
    b = a * 2.0
    c = b - 3.0
    with tf.Session() as s:
        (ga, gb, gc), plan = run_compiled(s, [a, b, c], {x: np.array([1.0, 2.0], np.float32)})
    assert (ga.tolist(), gb.tolist(), gc.tolist()) == ([2.0, 3.0], [4.0, 6.0], [1.0, 3.0])
    assert reused_ops(plan) == set()                        # every intermediate is fetched


def test_a_fetched_intermediate_in_a_longer_chain():
    x = tf.placeholder(tf.float32, [None], name="x")
    a = x * 1.0
    b = a + 1.0          # may reuse nothing: a is fetched
    c = b * 3.0          # may reuse b
    with tf.Session() as s:
        (ga, gc), plan = run_compiled(s, [a, c], {x: np.array([1.0, 2.0], np.float32)})
    assert (ga.tolist(), gc.tolist()) == ([1.0, 2.0], [6.0, 9.0])
    assert reused_ops(plan) == {c.op.name}


def test_a_value_read_later_is_not_overwritten():
    x = tf.placeholder(tf.float32, [2], name="x")
    a = x * 2.0
    b = a + 1.0          # a is still needed by c: b gets a new buffer
    c = b * a            # the last reader of both: may write into b
    with tf.Session() as s:
        got, plan = run_compiled(s, c, {x: np.array([1.0, 2.0], np.float32)})
    assert got.tolist() == [6.0, 20.0]
    assert b.op.name not in reused_ops(plan) and c.op.name in reused_ops(plan)


@pytest.mark.parametrize("alias", ["identity", "reshape", "print"])
def test_a_value_another_op_aliases_is_not_reused(alias, capsys):
    x = tf.placeholder(tf.float32, [2], name="x")
    a = x + 1.0
    view = {"identity": lambda: tf.identity(a), "reshape": lambda: tf.reshape(a, [2, 1]),
            "print": lambda: tf.Print(a, [a])}[alias]()
    b = a * 10.0                                            # a's last reader, but `view` shares a's buffer
    with tf.Session() as s:
        (gv, gb), plan = run_compiled(s, [view, b], {x: np.array([1.0, 2.0], np.float32)})
    assert gv.reshape(-1).tolist() == [2.0, 3.0] and gb.tolist() == [20.0, 30.0]
    assert b.op.name not in reused_ops(plan)


def test_constants_stay_constant_across_runs():
    c = tf.constant([1.0, 2.0], name="c")
    y = (c * 2.0) + 1.0
    with tf.Session() as s:
        got, plan = run_compiled(s, y)
        assert s.run(c).tolist() == [1.0, 2.0]
    assert got.tolist() == [3.0, 5.0] and y.op.name in reused_ops(plan)


def test_broadcasting_that_may_grow_the_value_is_not_done_in_place():
    x = tf.placeholder(tf.float32, [None], name="x")
    z = tf.placeholder(tf.float32, [None], name="z")
    a = x * 1.0
    b = a + z            # [?] + [?]: the result may be bigger than a
    with tf.Session() as s:
        got, plan = run_compiled(s, b, {x: np.array([1.0], np.float32), z: np.array([1.0, 2.0, 3.0], np.float32)})
    assert got.tolist() == [2.0, 3.0, 4.0]
    assert b.op.name not in reused_ops(plan)


def test_integers_and_scalars_are_computed_as_before():
    i = tf.placeholder(tf.int32, [None], name="i")
    s0 = tf.placeholder(tf.float32, [], name="s0")
    yi = (i + 1) * 2
    ys = (s0 + 1.0) * 2.0
    with tf.Session() as s:
        (gi, gs), plan = run_compiled(s, [yi, ys], {i: np.array([1, 2], np.int32), s0: 1.5})
    assert gi.tolist() == [4, 6] and gi.dtype == np.int32 and gs == np.float32(5.0)
    assert reused_ops(plan) == set()                        # ints keep numpy's own casting; scalars are no buffers


def test_multi_output_ops_and_unused_outputs_run_compiled():
    x = tf.placeholder(tf.float32, [3, 2], name="x")
    first, _second, third = tf.unstack(x)
    y = first + third
    with tf.Session() as s:
        got, plan = run_compiled(s, y, {x: np.arange(6, dtype=np.float32).reshape(3, 2)})
    assert got.tolist() == [4.0, 6.0]
    assert "_pad(" in plan.compiled.source


def test_a_failing_op_in_a_compiled_plan_is_named():
    x = tf.placeholder(tf.int32, [None], name="x")
    q = tf.floordiv(x * 1, x, name="q")
    with tf.Session() as s:
        for _ in range(RUNS):
            s.run(q, {x: [1, 2]})
        assert next(iter(s._plans.values())).compiled is not None
        with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero") as e:
            s.run(q, {x: [1, 0]})
    assert e.value.op.name == "q"


def test_a_long_chain_holds_at_most_two_tensors():
    x = tf.placeholder(tf.float32, [None], name="x")
    y = x
    for i in range(60):
        y = (y + 0.5) if i % 2 else (y * 0.999)
    value = np.linspace(-1.0, 1.0, 2_000_000, dtype=np.float32)  # 8 MB: the run's fixed bookkeeping (~25 KB) stays far below a tensor
    with tf.Session() as s:
        for _ in range(RUNS):
            s.run(y, {x: value[:2]})
        gc.collect()
        tracemalloc.start()
        try:
            base, _ = tracemalloc.get_traced_memory()
            out = s.run(y, {x: value})
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert out.shape == value.shape
    assert (peak - base) / value.nbytes <= 2.01   # the result, and the copy handed back


@pytest.mark.parametrize("threads", [1, 3])
@pytest.mark.parametrize("layout", ["C", "F"])
def test_a_chain_done_block_by_block_equals_the_step_loop(monkeypatch, layout, threads):
    monkeypatch.setattr(compiled, "BLOCK_BYTES", 64)   # 16 float32s a block: many blocks
    monkeypatch.setattr(compiled, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(compiled, "THREADS", threads)
    x = tf.placeholder(tf.float32, [None, None], name="x")
    y = x * 1.5
    for i in range(30):
        y = (y + 0.25) if i % 3 else (2.0 - y) * 0.5      # the running value on either side
    value = np.linspace(-3.0, 3.0, 7 * 23, dtype=np.float32).reshape(7, 23)
    value = value if layout == "C" else np.asfortranarray(value)
    before = value.copy()
    with tf.Session() as s:
        want = _step_loop_result(s, y, {x: value})            # the stepper's path: no reuse, no blocks
        got, plan = run_compiled(s, y, {x: value})
    assert "_over_blocks(" in plan.compiled.source
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(value, before)


def _step_loop_result(sess, fetch, feed):
    steps = sess.steps(fetch, feed)
    steps.run_to(steps.total)
    return steps.records[-1].output


def test_plans_with_control_flow_are_never_compiled():
    """tf.cond / tf.while_loop need deadness and loop frames: only the step loop has them."""
    from types import SimpleNamespace as NS
    plan_of = lambda *types: NS(steps=[NS(op=NS(_type=t)) for t in types])  # noqa: E731
    assert compiled.compilable(plan_of("Const", "AddV2"))
    for t in ("Switch", "Merge", "Enter", "Exit", "NextIteration", "LoopCond"):
        assert not compiled.compilable(plan_of("Const", t, "AddV2"))
