"""Control inputs stored as shared segments (engine/graph_state.py): the ops made inside the same
nested `control_dependencies` blocks share one chain instead of each holding a copy, and yet
every op's `control_inputs` / `_control_outputs`, the execution order, cycle detection and
placement are what a plain per-op edge list gives."""
from __future__ import annotations

import contextlib

import pytest

import nbgraph as tf
from nbgraph.engine.errors import InvalidArgumentError
from nbgraph.engine.executor import build_plan


def _names(ops):
    return [op.name for op in ops]


def _nested(depth):
    with contextlib.ExitStack() as stack:
        ops = [tf.constant(0.0, name="c").op]
        for i in range(depth):
            stack.enter_context(tf.control_dependencies([ops[-1]]))
            ops.append(tf.constant(float(i + 1), name="c").op)
    return ops


def test_ops_in_one_block_share_their_control_inputs():
    a, b = tf.constant(1.0, name="a"), tf.constant(2.0, name="b")
    with tf.control_dependencies([a]):
        with tf.control_dependencies([b]):
            x = tf.constant(3.0, name="x")
            y = tf.constant(4.0, name="y")
    assert x.op._ctrl is y.op._ctrl                      # one shared segment, not two copies
    assert _names(x.op.control_inputs) == _names(y.op.control_inputs) == ["a", "b"]
    assert isinstance(x.op.control_inputs, list)


def test_nested_chain_edges_are_all_there():
    ops = _nested(30)
    for i, op in enumerate(ops):
        assert op.control_inputs == ops[:i]
        assert op._control_outputs == ops[i + 1:]         # creation order


def test_adding_a_control_input_later_changes_only_that_op():
    a, b, c = (tf.constant(v, name=n) for v, n in ((1.0, "a"), (2.0, "b"), (3.0, "c")))
    with tf.control_dependencies([a]):
        x = tf.constant(3.0, name="x")
        y = tf.constant(4.0, name="y")
    x.op._add_control_input(c.op)
    x.op._add_control_input(a.op)                        # already there: nothing changes
    assert _names(x.op.control_inputs) == ["a", "c"]
    assert _names(y.op.control_inputs) == ["a"]
    assert _names(a.op._control_outputs) == ["x", "y"]
    assert _names(c.op._control_outputs) == ["x"]
    assert b.op._control_outputs == []
    z = tf.constant(5.0, name="z")
    z.op._add_control_input(b.op)
    assert _names(z.op.control_inputs) == ["b"] and _names(b.op._control_outputs) == ["z"]


def test_order_runs_every_control_input_first_and_skips_nothing():
    ops = _nested(50)
    extra = tf.add(ops[10].outputs[0], ops[40].outputs[0], name="extra")
    order = build_plan(tf.get_default_graph(), [extra], [], []).nodes
    assert order == ops[:41] + [extra.op]
    for i, op in enumerate(order):                       # every control input before its op
        assert all(order.index(c) < i for c in op.control_inputs)


def test_a_cycle_through_a_shared_segment_is_found():
    ops = _nested(5)
    ops[1]._add_control_input(ops[4])                    # ops[4] already waits for ops[1]
    with tf.Session() as sess:
        with pytest.raises(InvalidArgumentError) as e:
            sess.run(ops[4].outputs[0])
    assert str(e.value).startswith("Graph is invalid, contains a cycle with 5 nodes, including: c_1, c_2, c_3")
    # c_1 .. c_4 form the cycle, c_5 waits for it


def test_an_acyclic_graph_with_late_control_inputs_runs():
    ops = _nested(5)
    ops[0]._add_control_input(tf.constant(9.0, name="late").op)
    with tf.Session() as sess:
        assert sess.run(ops[5].outputs[0]) == 5.0


def test_growth_places_the_whole_control_component_again():
    """After the graph grows, the ops joined to the new ones by any edge are placed again:
    through shared control segments both ways (inputs and outputs), and nothing else."""
    from nbgraph.engine.placement_log import GrownGraph
    g = tf.get_default_graph()
    ops = _nested(4)
    lone = tf.constant(7.0, name="lone")
    with tf.control_dependencies([lone]):
        lone_user = tf.constant(7.5, name="lone_user")
    grown = GrownGraph()
    grown.keep(g, [])                                    # everything so far counts as placed
    with tf.control_dependencies([ops[2]]):
        new = tf.constant(8.0, name="new")
    assert grown.to_place(g) == ops + [new.op]           # c_3, c_4 reached as c_2's control outputs
    grown.keep(g, [])
    with tf.control_dependencies([lone_user]):
        tf.constant(9.0, name="new2")
    assert _names(grown.to_place(g)) == ["lone", "lone_user", "new2"]


def test_a_nested_chain_stores_linear_state_for_its_quadratic_edges():
    """N nested blocks: N(N+1)/2 control edges as TF has them, stored as N one-op segments."""
    ops = _nested(200)
    segs = {op._ctrl for op in ops if op._ctrl is not None}
    assert len(segs) == 200 and sum(len(s.ops) for s in segs) == 200
    assert sum(len(op.control_inputs) for op in ops) == 200 * 201 // 2
    assert all(len(op._ctrl_segs or ()) <= 1 for op in ops)
