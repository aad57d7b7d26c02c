"""tf.cond, tf.case and tf.while_loop: TF 1.15's graphs (names, types, wiring), values, deadness
(only the taken branch runs), loop frames, TF 1.15's error texts, timeouts and the stepper's
sentences for branches and iterations."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.render.explain import explain


def _ops(graph=None):
    graph = graph or tf.get_default_graph()
    return [(op.name, op.type, [t.name for t in op.inputs], sorted(c.name for c in op.control_inputs))
            for op in graph.get_operations()]


def _steps(sess, fetches, feed_dict=None):
    execution, _ = sess._start(fetches, feed_dict, keep_values=True)
    return list(execution)


# -- cond ---------------------------------------------------------------------------------------
def test_cond_builds_tf_1_15_graph():
    x = tf.placeholder(tf.float32, name="x")
    c = tf.constant(3.0, name="c")
    r = tf.cond(x > 0, lambda: x * 2.0, lambda: c - x)
    assert str(r) == 'Tensor("cond/Merge:0", dtype=float32)'
    assert _ops()[4:] == [
        ("cond/Switch", "Switch", ["Greater:0", "Greater:0"], []),
        ("cond/switch_t", "Identity", ["cond/Switch:1"], []),
        ("cond/switch_f", "Identity", ["cond/Switch:0"], []),
        ("cond/pred_id", "Identity", ["Greater:0"], []),
        ("cond/mul/y", "Const", [], ["cond/switch_t"]),
        ("cond/mul", "Mul", ["cond/mul/Switch:1", "cond/mul/y:0"], []),
        ("cond/mul/Switch", "Switch", ["x:0", "cond/pred_id:0"], []),
        ("cond/sub", "Sub", ["cond/sub/Switch:0", "cond/sub/Switch_1:0"], []),
        ("cond/sub/Switch", "Switch", ["c:0", "cond/pred_id:0"], []),
        ("cond/sub/Switch_1", "Switch", ["x:0", "cond/pred_id:0"], []),
        ("cond/Merge", "Merge", ["cond/sub:0", "cond/mul:0"], []),
    ]
    with tf.Session() as s:
        assert s.run(r, {x: 2.0}) == pytest.approx(4.0)
        assert s.run(r, {x: -1.0}) == pytest.approx(4.0)
        assert s.run(r, {x: -5.0}) == pytest.approx(8.0)


def test_cond_runs_only_the_taken_branch():
    v = tf.Variable(0.0, name="v")
    p = tf.placeholder(tf.bool, shape=[], name="p")
    r = tf.cond(p, lambda: tf.assign_add(v, 1.0), lambda: tf.assign_add(v, 10.0))
    with tf.Session() as s:
        s.run(v.initializer)
        assert s.run(r, {p: True}) == pytest.approx(1.0)
        assert s.run(v) == pytest.approx(1.0)
        assert s.run(r, {p: False}) == pytest.approx(11.0)
        assert s.run(v) == pytest.approx(11.0)


def test_cond_structures_and_outside_values():
    p = tf.placeholder(tf.bool, shape=[], name="p")
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.constant([10.0, 20.0], name="b")
    pair = tf.cond(p, lambda: (a, b * 2.0), lambda: (b, a + 1.0))
    d = tf.cond(p, lambda: {"k": a}, lambda: {"k": b})
    single = tf.cond(p, lambda: [a], lambda: [b])
    strict = tf.cond(p, lambda: [a], lambda: [b], strict=True)
    assert isinstance(pair, tuple) and len(pair) == 2
    assert isinstance(single, tf.Tensor) and isinstance(strict, list)
    with tf.Session() as s:
        t = s.run(pair, {p: True})
        np.testing.assert_allclose(t[0], [1, 2])
        np.testing.assert_allclose(t[1], [20, 40])
        f = s.run(pair, {p: False})
        np.testing.assert_allclose(f[0], [10, 20])
        np.testing.assert_allclose(f[1], [2, 3])
        np.testing.assert_allclose(s.run(d, {p: False})["k"], [10, 20])
        np.testing.assert_allclose(s.run(single, {p: True}), [1, 2])


def test_cond_branch_ops_are_not_fetchable():
    x = tf.placeholder(tf.float32, name="x")
    tf.cond(x > 0, lambda: x * 2.0, lambda: x)
    with tf.Session() as s:
        with pytest.raises(ValueError, match=r"^Operation 'cond/mul' has been marked as not fetchable\.$"):
            s.run("cond/mul:0", {x: 1.0})
        with pytest.raises(ValueError, match="Operation 'cond/switch_t' has been marked as not fetchable."):
            s.run(tf.get_default_graph().get_tensor_by_name("cond/switch_t:0"), {x: 1.0})


def test_cond_errors_use_tf_1_15_texts():
    a = tf.constant(1.0)
    p = tf.placeholder(tf.bool, shape=[])
    with pytest.raises(TypeError, match="^pred must not be a Python bool$"):
        tf.cond(True, lambda: a, lambda: a)
    with pytest.raises(TypeError, match="^true_fn must be callable.$"):
        tf.cond(p, a, lambda: a)
    with pytest.raises(TypeError, match="^false_fn must be callable.$"):
        tf.cond(p, lambda: a, a)
    with pytest.raises(ValueError, match="^Outputs of true_fn and false_fn must have the same type: int32, float32$"):
        tf.cond(p, lambda: tf.constant(1), lambda: tf.constant(1.0))
    with pytest.raises(TypeError, match="Input 'pred' of 'Switch' Op has type float32 that does not match"):
        tf.cond(tf.constant(1.0), lambda: a, lambda: a)
    with pytest.raises(ValueError, match="^true_fn must have a return value.$"):
        tf.cond(p, lambda: None, lambda: a)
    with pytest.raises(ValueError, match="Incompatible return values of true_fn and false_fn"):
        tf.cond(p, lambda: (a, a), lambda: a)


def test_nested_case_picks_the_first_true_predicate():
    v = tf.placeholder(tf.float32, shape=[2], name="v")
    y = tf.case([(tf.reduce_sum(v) > 0, lambda: v * 2.), (tf.reduce_sum(v) < -5, lambda: v * 3.)],
                default=lambda: v, name="cs")
    assert str(y) == 'Tensor("cs/cond/Merge:0", shape=(2,), dtype=float32)'
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert "cs/cond/cond/Switch/Switch" in names and "cs/cond/cond/mul/Switch_1" in names
    with tf.Session() as s:
        np.testing.assert_allclose(s.run(y, {v: [1, 2]}), [2, 4])
        np.testing.assert_allclose(s.run(y, {v: [-4, -4]}), [-12, -12])
        np.testing.assert_allclose(s.run(y, {v: [-1, 0]}), [-1, 0])


def test_case_without_default_asserts_its_last_predicate():
    x = tf.placeholder(tf.int32, shape=[], name="x")
    y = tf.case([(tf.equal(x, 1), lambda: tf.constant(10)), (tf.equal(x, 2), lambda: tf.constant(20))])
    with tf.Session() as s:
        assert s.run(y, {x: 1}) == 10
        assert s.run(y, {x: 2}) == 20
        with pytest.raises(tf.errors.InvalidArgumentError, match="assertion failed"):
            s.run(y, {x: 3})


def test_case_rejects_bad_pairs():
    t = tf.constant(True)
    with pytest.raises(TypeError, match="pred must be Tensor of type bool"):
        tf.case([(tf.constant(1), lambda: t)], default=lambda: t)
    with pytest.raises(TypeError, match="must be callable"):
        tf.case([(t, t)], default=lambda: t)


# -- while_loop -----------------------------------------------------------------------------------
def test_while_loop_builds_tf_1_15_graph():
    n = tf.constant(10, name="n")
    k = tf.constant(2.0, name="k")
    r = tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + k), [tf.constant(0), tf.constant(0.0)])
    assert [str(t) for t in r] == ['Tensor("while/Exit:0", shape=(), dtype=int32)',
                                   'Tensor("while/Exit_1:0", shape=(), dtype=float32)']
    ops = {name: (typ, ins, ctrl) for name, typ, ins, ctrl in _ops()}
    assert ops["while/Merge"] == ("Merge", ["while/Enter:0", "while/NextIteration:0"], [])
    assert ops["while/Less/Enter"] == ("Enter", ["n:0"], [])
    assert ops["while/LoopCond"] == ("LoopCond", ["while/Less:0"], [])
    assert ops["while/Switch_1"] == ("Switch", ["while/Merge_1:0", "while/LoopCond:0"], [])
    assert ops["while/add/y"] == ("Const", [], ["while/Identity"])
    assert ops["while/add_1"] == ("AddV2", ["while/Identity_1:0", "while/add_1/Enter:0"], [])
    assert ops["while/Exit_1"] == ("Exit", ["while/Switch_1:0"], [])
    g = tf.get_default_graph()
    assert g.get_operation_by_name("while/Less/Enter").get_attr("is_constant") is True
    assert g.get_operation_by_name("while/Enter").get_attr("frame_name") == b"while/while_context"
    with tf.Session() as s:
        i, total = s.run(r)
        assert (i, total) == (10, pytest.approx(20.0))
        with pytest.raises(ValueError, match="Operation 'while/add' has been marked as not fetchable."):
            s.run("while/add:0")


def test_while_loop_runs_zero_or_many_iterations():
    lim = tf.placeholder(tf.int32, shape=[], name="lim")
    r = tf.while_loop(lambda i: i < lim, lambda i: i + 3, [tf.constant(1)])
    big = tf.while_loop(lambda i, acc: i < 2000, lambda i, acc: (i + 1, acc + tf.cast(i, tf.float64)),
                        (tf.constant(0), tf.constant(0.0, tf.float64)))
    with tf.Session() as s:
        assert s.run(r, {lim: 20}) == 22
        assert s.run(r, {lim: 0}) == 1
        assert s.run(big) == (2000, pytest.approx(sum(range(2000))))


def test_while_loop_maximum_iterations_and_structure():
    capped = tf.while_loop(lambda i: i < 100, lambda i: i * 2, [tf.constant(1)], maximum_iterations=5)
    named = tf.while_loop(lambda d: d["a"] < 5, lambda d: {"a": d["a"] + 1, "b": d["b"] * 2.0},
                          [{"a": tf.constant(0), "b": tf.constant(1.0)}])
    with tf.Session() as s:
        assert s.run(capped) == 32
        out = s.run(named)
        assert out["a"] == 5 and out["b"] == pytest.approx(32.0)


def test_while_loop_shape_invariants():
    start = tf.constant([1.0])
    with pytest.raises(ValueError, match=r"^Input tensor 'Const:0' enters the loop with shape \(1,\), but has shape "
                                         r"\(2,\) after one iteration. To allow the shape to vary across iterations, "
                                         r"use the `shape_invariants` argument of tf.while_loop"):
        tf.while_loop(lambda t: tf.size(t) < 4, lambda t: tf.concat([t, t], 0), [start])
    grown = tf.while_loop(lambda t: tf.size(t) < 4, lambda t: tf.concat([t, t], 0), [start],
                          shape_invariants=[tf.TensorShape([None])])
    assert str(grown) == 'Tensor("while_1/Exit:0", shape=(?,), dtype=float32)'
    with tf.Session() as s:
        np.testing.assert_allclose(s.run(grown), [1, 1, 1, 1])


def test_while_loop_errors():
    i = tf.constant(0)
    with pytest.raises(ValueError, match="^No loop variables provided$"):
        tf.while_loop(lambda: True, lambda: 1, [])
    with pytest.raises(TypeError, match="^cond must be callable.$"):
        tf.while_loop(i, lambda x: x, [i])
    with pytest.raises(TypeError, match="^body must be callable.$"):
        tf.while_loop(lambda x: x < 1, i, [i])
    with pytest.raises(ValueError, match="^Number of inputs and outputs of body must match loop_vars: 1, 2$"):
        tf.while_loop(lambda x: x < 1, lambda x: (x, x), [i])


def test_cond_in_while_and_while_in_cond():
    evens = tf.while_loop(lambda i, acc: i < 6,
                          lambda i, acc: (i + 1, acc + tf.cond(tf.equal(i % 2, 0), lambda: i, lambda: tf.constant(0))),
                          [tf.constant(0), tf.constant(0)])
    q = tf.placeholder(tf.bool, shape=[], name="q")
    inner = tf.cond(q, lambda: tf.while_loop(lambda j: j < 5, lambda j: j + 1, [tf.constant(0)]),
                    lambda: tf.constant(-1))
    nested = tf.while_loop(lambda i, t: i < 3,
                           lambda i, t: (i + 1, t + tf.while_loop(lambda j: j < i, lambda j: j + 1, [0])),
                           [tf.constant(0), tf.constant(0)])
    with tf.Session() as s:
        assert s.run(evens) == (6, 6)
        assert s.run(inner, {q: True}) == 5
        assert s.run(inner, {q: False}) == -1
        assert s.run(nested) == (3, 0 + 1 + 2)


def test_loop_body_updates_a_variable_every_iteration():
    w = tf.Variable(0.0, name="w")

    def body(i):
        with tf.control_dependencies([tf.assign_add(w, 1.5)]):
            return i + 1
    loop = tf.while_loop(lambda i: i < 4, body, [tf.constant(0)])
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert s.run(loop) == 4
        assert s.run(w) == pytest.approx(6.0)


def test_endless_loop_times_out_and_leaves_the_session_usable():
    loop = tf.while_loop(lambda i: i >= 0, lambda i: i + 1, [tf.constant(0)])
    ok = tf.constant(7)
    with tf.Session() as s:
        with pytest.raises(tf.errors.DeadlineExceededError, match="Timed out waiting for notification"):
            s.run(loop, options=tf.RunOptions(timeout_in_ms=100))
        assert s.run(ok) == 7


def test_plans_without_control_flow_stay_on_the_straight_line_executor():
    a = tf.constant(1.0) + 2.0
    with tf.Session() as s:
        execution, _ = s._start(a, None)
        assert execution.plan.control_flow is False
    r = tf.cond(tf.constant(True), lambda: a, lambda: a * 2.0)
    with tf.Session() as s:
        execution, _ = s._start(r, None)
        assert execution.plan.control_flow is True


# -- what the stepper says ------------------------------------------------------------------------
def test_stepper_sentences_show_the_branch_taken():
    x = tf.placeholder(tf.float32, name="x")
    r = tf.cond(x > 0, lambda: x * 2.0, lambda: 3.0 - x)
    with tf.Session() as s:
        lines = [explain(rec) for rec in _steps(s, r, {x: 2.0})]
    assert "Switch cond/Switch sends Greater to the true branch (Greater is True): True" in lines
    assert "Sub cond/sub did not run: it is on the branch of the cond that was not taken" in lines
    assert "Mul multiplies cond/mul/Switch and cond/mul/y element-wise: 2. * 2. = 4." in lines
    assert "Merge cond/Merge passes on the value of the branch that ran (cond/mul): 4." in lines


def test_stepper_sentences_count_loop_iterations():
    w = tf.while_loop(lambda i: i < 2, lambda i: i + 1, [tf.constant(0)])
    with tf.Session() as s:
        records = _steps(s, w)
    lines = [explain(rec) for rec in records]
    adds = [line for line in lines if "AddV2 adds" in line]
    assert adds == ["[loop while, iteration 1] AddV2 adds while/Identity and while/add/y element-wise: 0 + 1 = 1",
                    "[loop while, iteration 2] AddV2 adds while/Identity and while/add/y element-wise: 1 + 1 = 2"]
    assert "[loop while, iteration 3] LoopCond while/LoopCond checks while/Less: the loop stops" in lines
    assert "[loop while, iteration 3] Exit while/Exit hands the loop's final value out: 2" in lines
    assert "[loop while, iteration 1] Exit while/Exit did not run: the loop goes on" in lines
    assert "[loop while, iteration 3] AddV2 while/add did not run: the loop has stopped" in lines
    assert [r.iteration for r in records if r.op.name == "while/Merge"] == [0, 1, 2]


# -- gradients through cond -----------------------------------------------------------------------
def test_gradients_flow_through_the_taken_branch_only():
    x = tf.placeholder(tf.float32, name="x")
    c = tf.constant(3.0, name="c")
    r = tf.cond(x > 0, lambda: x * x, lambda: c * x)
    gx, gc = tf.gradients(r, [x, c])
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert "gradients/cond/Merge_grad/cond_grad" in names          # Switch of the incoming gradient
    assert "gradients/cond/mul/Switch_grad/cond_grad" in names     # Merge of the two branches' gradients
    assert tf.get_default_graph().get_operation_by_name("gradients/cond/Merge_grad/cond_grad").type == "Switch"
    with tf.Session() as s:
        assert s.run([gx, gc], {x: 2.0}) == [pytest.approx(4.0), pytest.approx(0.0)]
        assert s.run([gx, gc], {x: -1.0}) == [pytest.approx(3.0), pytest.approx(-1.0)]


def test_training_a_variable_through_cond():
    w = tf.Variable([1.0, 2.0], name="w")
    p = tf.placeholder(tf.bool, shape=[], name="p")
    loss = tf.cond(p, lambda: tf.reduce_sum(w * w), lambda: tf.reduce_sum(3.0 * w))
    (gw,) = tf.gradients(loss, w)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_allclose(s.run(gw, {p: True}), [2.0, 4.0])
        np.testing.assert_allclose(s.run(gw, {p: False}), [3.0, 3.0])
