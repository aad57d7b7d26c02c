"""`engine/executor.py`: pruning, feeds cutting the graph, plan caching, freeing intermediates,
cycles (TF's whole-graph check), and the step records every view reads."""
from __future__ import annotations

import weakref

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.engine import build_plan
from nbgraph.engine.executor import CPU0, StepRecord


def counting(op, log):
    """Wraps `op`'s kernel so that every run appends the op's name to `log`."""
    real = op._opdef.make_kernel(op)

    def kernel(ctx, *args):
        log.append(op.name)
        return real(ctx, *args)
    op._kernel = kernel


def exploding(op):
    def kernel(ctx, *args):
        raise AssertionError(f"{op.name} should have been pruned")
    op._kernel = kernel


def test_unrelated_ops_are_not_run():
    log = []
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    c = tf.add(a, b, name="c")
    other = tf.multiply(a, 10.0, name="other")
    exploding(other.op)
    for t in (a, b, c):
        counting(t.op, log)
    with tf.Session() as s:
        assert s.run(c) == 3.0
    assert log == ["a", "b", "c"]


def test_fed_tensors_cut_the_graph():
    x = tf.constant(1.0, name="x")
    mid = tf.multiply(x, 2.0, name="mid")
    out = tf.add(mid, 1.0, name="out")
    exploding(x.op)
    exploding(mid.op)
    with tf.Session() as s:
        assert s.run(out, {mid: 5.0}) == 6.0
    plan = build_plan(tf.get_default_graph(), [out], [], [mid])
    assert [op.name for op in plan.ops] == ["out/y", "out"]


def test_plan_order_inputs_first_in_input_order():
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    c = tf.add(b, a, name="c")
    d = tf.multiply(c, a, name="d")
    plan = build_plan(tf.get_default_graph(), [d], [], [])
    assert [op.name for op in plan.ops] == ["b", "a", "c", "d"]


def test_control_inputs_run_and_are_ordered_before():
    log = []
    v = tf.Variable(0.0, name="v")
    bump = tf.assign_add(v, 1.0, name="bump")
    with tf.control_dependencies([bump]):
        out = tf.constant(5.0, name="out")
    counting(bump.op, log)
    counting(out.op, log)
    with tf.Session() as s:
        s.run(v.initializer)
        assert s.run(out) == 5.0
        assert log == ["bump", "out"]
        assert s.run(v) == 1.0


def test_assign_does_not_read_its_variable():
    v = tf.Variable(1.0, name="v")
    plan = build_plan(tf.get_default_graph(), [], [v.initializer], [])
    assert [op.name for op in plan.ops] == ["v/initial_value", "v/Assign"]
    assert [op.name for op in plan.nodes] == ["v", "v/initial_value", "v/Assign"]


def test_plan_is_cached_per_signature():
    p = tf.placeholder(tf.float32, [], name="p")
    a = tf.constant(1.0, name="a")
    c = tf.add(a, p, name="c")
    d = tf.multiply(c, 2.0, name="d")
    s = tf.Session()
    s.run(c, {p: 1.0})
    assert len(s._plans) == 1
    first = next(iter(s._plans.values()))
    s.run(c, {p: 2.0})
    s.run([c], {"p:0": 3.0})  # the same elements and feeds, another structure
    assert len(s._plans) == 1 and next(iter(s._plans.values())) is first
    s.run(d, {p: 1.0})
    s.run(c, {p: 1.0, a: 5.0})
    assert len(s._plans) == 3
    c.op._add_control_input(a.op)  # the structure changed: plans are rebuilt
    s.run(c, {p: 1.0})
    assert len(s._plans) == 4
    s.close()


def test_intermediates_are_freed_after_their_last_use():
    seen = {}
    x = tf.constant([1.0, 2.0], name="x")
    a = tf.identity(x, name="a")
    b = tf.multiply(a, 2.0, name="b")      # the last reader of a
    c = tf.add(b, 1.0, name="c")
    d = tf.identity(c, name="d")

    def make_a(ctx, v):
        out = np.array(v)                  # a fresh array we can watch
        seen["a"] = weakref.ref(out)
        return out

    def check_at_d(ctx, v):
        seen["a_alive_at_d"] = seen["a"]() is not None
        return v

    a.op._kernel = make_a
    d.op._kernel = check_at_d
    with tf.Session() as s:
        assert s.run(d).tolist() == [3.0, 5.0]
        assert seen["a_alive_at_d"] is False
        assert seen["a"]() is None
        seen.clear()
        got = s.run([d, a])                # fetched values are kept to the end
        assert seen["a_alive_at_d"] is True
        assert got[1].tolist() == [1.0, 2.0]


def test_plan_frees_slots_at_last_use():
    x = tf.constant(1.0, name="x")
    a = tf.identity(x, name="a")
    b = tf.identity(a, name="b")
    c = tf.add(b, x, name="c")
    plan = build_plan(tf.get_default_graph(), [c], [], [])
    freed = {op.name: set(free) for op, _, _, _, free, _ in plan.steps}
    names = [op.name for op in plan.ops]
    assert names == ["x", "a", "b", "c"]
    out_slot = {op.name: out for op, _, _, out, _, _ in plan.steps}
    assert out_slot["a"] in freed["b"]                    # a dies when b has read it
    assert out_slot["x"] in freed["c"]                    # x lives until c
    assert out_slot["b"] in freed["c"]
    assert out_slot["c"] not in set().union(*freed.values())  # the fetch is kept


def test_cycle_is_tf_invalid_argument_error():
    z = tf.constant(0, name="z")
    x = tf.constant(1, name="x")
    y = tf.constant(2, name="y")
    tf.identity(x, name="w")               # downstream of the cycle: counted too, as in TF
    u = tf.constant(5, name="u")
    y.op._add_control_input(z.op)
    y.op._add_control_input(x.op)
    x.op._add_control_input(y.op)
    with tf.Session() as s:
        for fetch in (x, u):               # TF checks the whole graph, so even u fails
            with pytest.raises(tf.errors.InvalidArgumentError) as e:
                s.run(fetch)
            assert str(e.value) == "Graph is invalid, contains a cycle with 3 nodes, including: x, y, w"
            assert e.value.op is None


def test_two_node_cycle_as_in_tf_tests():
    z = tf.constant(0)
    x = tf.constant(1)
    y = tf.constant(2)
    y.op._add_control_input(z.op)
    y.op._add_control_input(x.op)
    x.op._add_control_input(y.op)
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            s.run(x)
    assert str(e.value) == "Graph is invalid, contains a cycle with 2 nodes, including: Const_1, Const_2"


def test_step_records_for_the_lesson_graph():
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.constant([3.0, 4.0], name="b")
    result = tf.add(a, b)
    with tf.Session() as s:
        execution, finish = s._start(result, None, keep_values=True)
        records = list(execution)
        assert finish(execution.results).tolist() == [4.0, 6.0]
    assert all(isinstance(r, StepRecord) for r in records)
    assert [(r.index, r.op.name, r.op.type) for r in records] == [(0, "a", "Const"), (1, "b", "Const"),
                                                                  (2, "Add", "Add")]
    assert [r.device for r in records] == [CPU0] * 3
    assert records[2].inputs[0].tolist() == [1.0, 2.0] and records[2].inputs[1].tolist() == [3.0, 4.0]
    assert records[2].output.tolist() == [4.0, 6.0]
    assert all(r.seconds >= 0 for r in records)
    assert repr(records[2]) == f"<StepRecord 2: Add (Add) on {CPU0}>"


def test_records_without_values_when_not_asked():
    c = tf.constant(1.0) + 1.0
    with tf.Session() as s:
        execution, _ = s._start(c, None)
        records = list(execution)
    assert [r.output for r in records] == [None] * len(records)


def test_kept_values_are_snapshots_not_live_buffers():
    v = tf.Variable(1.0, name="v")
    read = v.value()
    with tf.control_dependencies([read]):
        bump = tf.assign_add(v, 5.0, name="bump")
    with tf.Session() as s:
        s.run(v.initializer)
        execution, _ = s._start([read, bump], None, keep_values=True)
        records = {r.op.name: r for r in execution}
    assert records["v/read"].output == 1.0  # as it was when the step ran
    assert records["bump"].output == 6.0


def test_numpy_failures_become_op_errors_naming_the_op():
    p = tf.placeholder(tf.float32, [None], name="p")
    bad = tf.reshape(p, [2, 2], name="bad")
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            s.run(bad, {p: [1.0, 2.0, 3.0]})
    assert e.value.op is bad.op
    assert str(e.value).splitlines()[0] == ("Input to reshape is a tensor with 3 values, but the requested shape "
                                            "has 4")
    assert str(e.value).splitlines()[1].startswith("\t [[node bad (defined at test_executor.py:")
