"""Gradients through tf.while_loop: TF 1.15's backprop graph (forward counter `f_count`, backprop
loop `b_count`, stacks `f_acc`/`StackPushV2`/`StackPopV2`, `b_sync`, `b_exit`/`b_switch`, loop
invariant accumulators `b_acc`), values equal to TF's, zero-iteration loops, unknown shapes,
training through a loop, a cond inside a loop and nested loops."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.engine.dataflow import is_dead


def _ops(graph=None):
    graph = graph or tf.get_default_graph()
    return [(op.name, op.type, [t.name for t in op.inputs], sorted(c.name for c in op.control_inputs))
            for op in graph.get_operations()]


# What TF 1.15 builds for d/dx of `while i < 3: v = v * x` (read from tensorflow.compat.v1; its
# `AddV2` is TF 1.15's `Add`).
TF_LOOP_GRADIENT = [
    ("gradients/f_count", "Const", [], []),
    ("gradients/f_count_1", "Enter", ["gradients/f_count:0"], []),
    ("gradients/Merge", "Merge", ["gradients/f_count_1:0", "gradients/NextIteration:0"], []),
    ("gradients/Switch", "Switch", ["gradients/Merge:0", "while/LoopCond:0"], []),
    ("gradients/Add/y", "Const", [], ["while/Identity"]),
    ("gradients/Add", "Add", ["gradients/Switch:1", "gradients/Add/y:0"], []),
    ("gradients/NextIteration", "NextIteration", ["gradients/Add:0"], ["gradients/while/mul_grad/Mul_1/StackPushV2"]),
    ("gradients/f_count_2", "Exit", ["gradients/Switch:0"], []),
    ("gradients/b_count", "Const", [], []),
    ("gradients/b_count_1", "Enter", ["gradients/f_count_2:0"], []),
    ("gradients/Merge_1", "Merge", ["gradients/b_count_1:0", "gradients/NextIteration_1:0"], []),
    ("gradients/GreaterEqual", "GreaterEqual", ["gradients/Merge_1:0", "gradients/GreaterEqual/Enter:0"], []),
    ("gradients/GreaterEqual/Enter", "Enter", ["gradients/b_count:0"], []),
    ("gradients/b_count_2", "LoopCond", ["gradients/GreaterEqual:0"], []),
    ("gradients/Switch_1", "Switch", ["gradients/Merge_1:0", "gradients/b_count_2:0"], []),
    ("gradients/Sub", "Sub", ["gradients/Switch_1:1", "gradients/GreaterEqual/Enter:0"], []),
    ("gradients/NextIteration_1", "NextIteration", ["gradients/Sub:0"], ["gradients/while/mul_grad/Mul_1/b_sync"]),
    ("gradients/b_count_3", "Exit", ["gradients/Switch_1:0"], []),
    ("gradients/while/Exit_1_grad/b_exit", "Enter", ["gradients/Fill:0"], []),
    ("gradients/while/Switch_1_grad/b_switch", "Merge",
     ["gradients/while/Exit_1_grad/b_exit:0", "gradients/while/Switch_1_grad_1/NextIteration:0"], []),
    ("gradients/while/Merge_1_grad/Switch", "Switch",
     ["gradients/while/Switch_1_grad/b_switch:0", "gradients/b_count_2:0"], []),
    ("gradients/while/Enter_1_grad/Exit", "Exit", ["gradients/while/Merge_1_grad/Switch:0"], []),
    ("gradients/while/mul_grad/Mul", "Mul",
     ["gradients/while/Merge_1_grad/Switch:1", "gradients/while/mul_grad/Mul/Enter:0"], []),
    ("gradients/while/mul_grad/Mul/Enter", "Enter", ["x:0"], []),
    ("gradients/while/mul_grad/Mul_1", "Mul",
     ["gradients/while/Merge_1_grad/Switch:1", "gradients/while/mul_grad/Mul_1/StackPopV2:0"], []),
    ("gradients/while/mul_grad/Mul_1/Const", "Const", [], []),
    ("gradients/while/mul_grad/Mul_1/f_acc", "StackV2", ["gradients/while/mul_grad/Mul_1/Const:0"], []),
    ("gradients/while/mul_grad/Mul_1/Enter", "Enter", ["gradients/while/mul_grad/Mul_1/f_acc:0"], []),
    ("gradients/while/mul_grad/Mul_1/StackPushV2", "StackPushV2",
     ["gradients/while/mul_grad/Mul_1/Enter:0", "while/Identity_1:0"], ["gradients/Add"]),
    ("gradients/while/mul_grad/Mul_1/StackPopV2", "StackPopV2",
     ["gradients/while/mul_grad/Mul_1/StackPopV2/Enter:0"], ["gradients/Sub"]),
    ("gradients/while/mul_grad/Mul_1/StackPopV2/Enter", "Enter", ["gradients/while/mul_grad/Mul_1/f_acc:0"], []),
    ("gradients/while/mul_grad/Mul_1/b_sync", "ControlTrigger", [], ["gradients/while/mul_grad/Mul_1/StackPopV2"]),
    ("gradients/while/mul/Enter_grad/b_acc", "Const", [], []),
    ("gradients/while/mul/Enter_grad/b_acc_1", "Enter", ["gradients/while/mul/Enter_grad/b_acc:0"], []),
    ("gradients/while/mul/Enter_grad/b_acc_2", "Merge",
     ["gradients/while/mul/Enter_grad/b_acc_1:0", "gradients/while/mul/Enter_grad/NextIteration:0"], []),
    ("gradients/while/mul/Enter_grad/Switch", "Switch",
     ["gradients/while/mul/Enter_grad/b_acc_2:0", "gradients/b_count_2:0"], []),
    ("gradients/while/mul/Enter_grad/Add", "Add",
     ["gradients/while/mul/Enter_grad/Switch:1", "gradients/while/mul_grad/Mul_1:0"], []),
    ("gradients/while/mul/Enter_grad/NextIteration", "NextIteration", ["gradients/while/mul/Enter_grad/Add:0"], []),
    ("gradients/while/mul/Enter_grad/b_acc_3", "Exit", ["gradients/while/mul/Enter_grad/Switch:0"], []),
    ("gradients/while/Switch_1_grad_1/NextIteration", "NextIteration", ["gradients/while/mul_grad/Mul:0"], []),
    ("gradients/AddN", "AddN", ["gradients/while/Enter_1_grad/Exit:0", "gradients/while/mul/Enter_grad/b_acc_3:0"], []),
]


def _power_loop():
    x = tf.constant(2.0, name="x")
    r = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * x), [tf.constant(0), x])
    return x, r[1]


def test_loop_gradient_builds_tf_1_15_graph():
    x, y = _power_loop()
    (gx,) = tf.gradients(y, x)
    ops = _ops()
    start = [name for name, *_ in ops].index("gradients/f_count")
    assert ops[start:] == TF_LOOP_GRADIENT
    assert gx.name == "gradients/AddN:0"
    frames = {op.name: op.get_attr("frame_name") for op in tf.get_default_graph().get_operations()
              if op.type == "Enter"}
    assert frames["gradients/f_count_1"] == b"while/while_context"
    assert frames["gradients/while/mul_grad/Mul_1/Enter"] == b"while/while_context"
    assert frames["gradients/b_count_1"] == b"gradients/while/while_context"
    with tf.Session() as s:
        assert s.run(gx) == 32.0  # d(x**4)/dx at 2, as TF


def test_ops_inside_the_backprop_loop_cannot_be_fetched():
    x, y = _power_loop()
    tf.gradients(y, x)
    pop = tf.get_default_graph().get_tensor_by_name("gradients/while/mul_grad/Mul_1/StackPopV2:0")
    with tf.Session() as s, pytest.raises(ValueError, match="has been marked as not fetchable"):
        s.run(pop)


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_square_repeated(n):
    """v <- v * v, n times: v = x ** (2 ** n)."""
    x = tf.placeholder(tf.float64, [3], name="x")
    y = tf.while_loop(lambda i, v: i < n, lambda i, v: (i + 1, v * v), [tf.constant(0), x])[1]
    (gx,) = tf.gradients(tf.reduce_sum(y), x)
    xv = np.array([0.9, 1.05, -1.1])
    with tf.Session() as s:
        np.testing.assert_allclose(s.run(gx, {x: xv}), 2 ** n * xv ** (2 ** n - 1), rtol=1e-12)


def _tanh_matmul_loop_numpy(x, w, n):
    hs = [x]
    for _ in range(n):
        hs.append(np.tanh(hs[-1] @ w))
    g = 2 * hs[-1]
    gw = np.zeros_like(w)
    for k in range(n, 0, -1):
        pre = g * (1 - hs[k] ** 2)
        gw += hs[k - 1].T @ pre
        g = pre @ w.T
    return (hs[-1] ** 2).sum(), g, gw


@pytest.mark.parametrize("static", [True, False])
def test_loop_over_a_matmul_with_an_invariant_weight(static):
    w0 = np.arange(9, dtype=np.float64).reshape(3, 3) / 10 - 0.3
    x0 = np.arange(6, dtype=np.float64).reshape(2, 3) / 7
    W = tf.constant(w0, name="W")
    x = tf.placeholder(tf.float64, [2, 3] if static else None, name="x")
    n = tf.placeholder(tf.int32, [], name="n")
    h = tf.while_loop(lambda i, h: i < n, lambda i, h: (i + 1, tf.tanh(tf.matmul(h, W))), [tf.constant(0), x])[1]
    loss = tf.reduce_sum(h * h)
    gx, gw = tf.gradients(loss, [x, W])
    with tf.Session() as s:
        for k in (0, 1, 4):
            want_loss, want_gx, want_gw = _tanh_matmul_loop_numpy(x0, w0, k)
            got = s.run([loss, gx, gw], {x: x0, n: k})
            np.testing.assert_allclose(got[0], want_loss, rtol=1e-12)
            np.testing.assert_allclose(got[1], want_gx, rtol=1e-10)
            np.testing.assert_allclose(got[2], want_gw, rtol=1e-10, atol=1e-14)


def test_values_equal_tf_for_a_loop_with_captured_invariants():
    """Numbers from tensorflow.compat.v1 (float32) for the same program."""
    W = tf.constant(np.arange(9, dtype=np.float32).reshape(3, 3) / 10, name="W")
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    h = tf.while_loop(lambda i, h: i < 4, lambda i, h: (i + 1, tf.tanh(tf.matmul(h, W))), [tf.constant(0), x])[1]
    loss = tf.reduce_sum(h * h)
    gx, gw = tf.gradients(loss, [x, W])
    with tf.Session() as s:
        got_gx, got_gw = s.run([gx, gw], {x: np.arange(6, dtype=np.float32).reshape(2, 3) / 7})
    want_gx, want_gw = TF_MATMUL_VALUES
    np.testing.assert_allclose(got_gx, want_gx, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_gw, want_gw, rtol=1e-5, atol=1e-6)


TF_MATMUL_VALUES = (  # tensorflow.compat.v1's output for the program above
    [[0.4441682696342468, 1.3684545755386353, 2.292740821838379],
     [0.06197501718997955, 0.19930657744407654, 0.33663812279701233]],
    [[0.9132742881774902, 1.4374709129333496, 1.7217390537261963],
     [1.1666994094848633, 1.914778232574463, 2.363542079925537],
     [1.3878250122070312, 2.348036766052246, 2.9579596519470215]])


def test_an_unused_loop_output_gets_zero_gradient_and_int_outputs_none():
    x = tf.placeholder(tf.float32, [2], name="x")
    _, a, b = tf.while_loop(lambda i, a, b: i < 3, lambda i, a, b: (i + 1, a * 2.0, b + a), [tf.constant(0), x, x])
    ga, gb = tf.gradients(a, x), tf.gradients(b, x)
    with tf.Session() as s:
        np.testing.assert_allclose(s.run(ga, {x: [1.0, 2.0]})[0], [8.0, 8.0])
        # b = x + x + 2x + 4x = 8x
        np.testing.assert_allclose(s.run(gb, {x: [1.0, 2.0]})[0], [8.0, 8.0])


def test_gradient_descent_through_a_loop_matches_numpy():
    w = tf.Variable([0.5, -0.3], dtype=tf.float64, name="w")
    x = tf.constant([1.0, 2.0], dtype=tf.float64)
    y = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, tf.sin(v * w)), [tf.constant(0), x])[1]
    loss = tf.reduce_sum(y)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    wv = np.array([0.5, -0.3])
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for _ in range(3):
            s.run(train)
            v, dv = np.array([1.0, 2.0]), np.zeros(2)  # forward-mode dv/dw (elementwise)
            for _ in range(3):
                v, dv = np.sin(v * wv), np.cos(v * wv) * (dv * wv + v)
            wv = wv - 0.1 * dv
        np.testing.assert_allclose(s.run(w), wv, rtol=1e-7)  # TF's learning rate is a float32 Const


@pytest.mark.parametrize("static", [True, False])
def test_a_nested_loop_is_differentiated_as_tf(static):
    """An inner loop whose trip count depends on the outer counter: its iteration count of every
    outer iteration is kept on a stack, and values equal tensorflow.compat.v1's."""
    x = tf.placeholder(tf.float32, [2] if static else None, name="x")
    w = tf.constant([0.9, -1.1], name="w")

    def outer(i, v):
        inner = tf.while_loop(lambda j, u: j < i + 1, lambda j, u: (j + 1, tf.sin(u * w) + x),
                              [tf.constant(0), v])[1]
        return i + 1, inner * 0.5
    _, y = tf.while_loop(lambda i, v: i < 3, outer, [tf.constant(0), x])
    gx, gw = tf.gradients(tf.reduce_sum(y * y), [x, w])
    names = {op.name for op in tf.get_default_graph().get_operations()}
    assert {"gradients/f_count", "gradients/f_count_3", "gradients/b_count_4"} <= names
    with tf.Session() as s:
        got = s.run([y, gx, gw], {x: [0.3, -0.7]})
    np.testing.assert_allclose(got[0], [0.4951493442058563, -0.34654757380485535], rtol=1e-5)
    np.testing.assert_allclose(got[1], [1.3106892108917236, -0.21752062439918518], rtol=1e-5)
    np.testing.assert_allclose(got[2], [0.647832989692688, -0.3078271150588989], rtol=1e-5)


def test_stepper_records_the_pushes_and_pops_per_iteration():
    x, y = _power_loop()
    (gx,) = tf.gradients(y, x)
    with tf.Session() as s:
        execution, _ = s._start(gx, None, keep_values=True)
        steps = list(execution)
    live = [st for st in steps if not is_dead(st.output)]  # the last check of the loop runs no body
    pushes = [st for st in live if st.op.type == "StackPushV2"]
    pops = [st for st in live if st.op.type == "StackPopV2"]
    assert len(pushes) == 3 and len(pops) == 3
    assert [float(p.output) for p in pushes] == [2.0, 4.0, 8.0]
    assert [float(p.output) for p in pops] == [8.0, 4.0, 2.0]


@pytest.mark.parametrize("static", [True, False])
def test_a_cond_inside_a_loop_is_differentiated_as_tf(static):
    """The branch taken in each iteration is saved (`Merge_grad/StackPushV2`), pushes inside a branch
    are ordered by `f_sync`, and a loop invariant read in a branch is entered once (TF's graph; the
    numbers are tensorflow.compat.v1's)."""
    x = tf.placeholder(tf.float32, [2] if static else None, name="x")
    w = tf.constant([0.5, -1.5], name="w")

    def body(i, v):
        return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: v * x + w, lambda: tf.sin(v) * w)
    _, y = tf.while_loop(lambda i, v: i < 5, body, [tf.constant(0), x])
    gx, gw = tf.gradients(tf.reduce_sum(y * y), [x, w])
    g = tf.get_default_graph()
    assert g.get_operation_by_name("gradients/while/cond/Merge_grad/StackPushV2").inputs[1].name == \
        "while/cond/pred_id:0"
    assert [t.name for t in g.get_operation_by_name("gradients/while/cond/mul_1_grad/Mul").inputs][1] == \
        "gradients/while/cond/mul_1_grad/Mul/Enter:0"
    assert any(op.type == "ControlTrigger" and op.name.endswith("f_sync") for op in g.get_operations())
    with tf.Session() as s:
        got = s.run([y, gx, gw], {x: [0.3, -0.7]})
    np.testing.assert_allclose(got[0], [0.5826364755630493, -2.2175772190093994], rtol=1e-5)
    np.testing.assert_allclose(got[1], [0.3724687695503235, -2.8860554695129395], rtol=1e-5)
    np.testing.assert_allclose(got[2], [1.5462650060653687, 0.7567383050918579], rtol=1e-5)
