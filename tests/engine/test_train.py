"""tf.train: the optimizers (names, slots, update formulas, weights after N steps against the
values TensorFlow 1.x-mode computes), the Apply* ops, the global step, learning-rate schedules
and TF's error texts for bad input. Expected numbers were produced by tensorflow.compat.v1."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf

X = np.array([[1., 2.], [2., 1.], [3., 4.], [4., 3.], [5., 5.]], np.float32)
Y = np.array([[5.], [4.], [11.], [10.], [15.]], np.float32)


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def _linear_regression():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    w = tf.Variable(tf.zeros([2, 1]), name="w")
    b = tf.Variable(0.0, name="b")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    return x, y, w, b, loss


# (optimizer, w after 200 steps, b after 200 steps) from TF 1.x-mode, float32
TF_200_STEPS = {
    "gd": (lambda: tf.train.GradientDescentOptimizer(0.01), [1.070577, 1.8699753], 0.21242175),
    "momentum": (lambda: tf.train.MomentumOptimizer(0.01, 0.9), [1.0000156, 2.000026], -1.4351508e-05),
    "nesterov": (lambda: tf.train.MomentumOptimizer(0.01, 0.9, use_nesterov=True), [1.0000042, 2.0000014],
                 -1.97785e-05),
    "adam": (lambda: tf.train.AdamOptimizer(0.1), [1.1285468, 1.7797637], 0.3222794),
    "adagrad": (lambda: tf.train.AdagradOptimizer(0.5), [1.1446614, 1.7448109], 0.38787416),
    "rmsprop": (lambda: tf.train.RMSPropOptimizer(0.01), [1.2134386, 1.5345031], 0.8860465),
    "rmsprop_centered": (lambda: tf.train.RMSPropOptimizer(0.01, momentum=0.5, centered=True),
                         [0.99384207, 1.9939104], -0.0061685788),
    "adadelta": (lambda: tf.train.AdadeltaOptimizer(1.0), [0.10099699, 0.10103942], 0.100934535),
}


@pytest.mark.parametrize("kind", sorted(TF_200_STEPS))
def test_weights_after_200_minimize_steps_equal_tensorflows(kind):
    make, w_tf, b_tf = TF_200_STEPS[kind]
    x, y, w, b, loss = _linear_regression()
    train = make().minimize(loss, global_step=tf.train.get_or_create_global_step())
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for _ in range(200):
            s.run(train, {x: X, y: Y})
        w_val, b_val, step = s.run([w, b, tf.train.get_global_step()])
    assert w_val.dtype == np.float32
    np.testing.assert_allclose(w_val.ravel(), w_tf, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(b_val, b_tf, rtol=1e-5, atol=1e-6)
    assert step == 200


def test_apply_gradients_with_explicit_gradients_matches_minimize():
    x, y, w, b, loss = _linear_regression()
    err = tf.matmul(x, w) + b - y
    grads = [(tf.matmul(tf.transpose(x), err) * (2.0 / 5), w), (tf.reduce_mean(err) * 2.0, b)]
    train = tf.train.GradientDescentOptimizer(0.01).apply_gradients(grads)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for _ in range(200):
            s.run(train, {x: X, y: Y})
        np.testing.assert_allclose(s.run(w).ravel(), [1.070577, 1.8699753], rtol=1e-5)


def test_gradient_descent_graph_has_tfs_names_and_types():
    x, y, w, b, loss = _linear_regression()
    gs = tf.train.get_or_create_global_step()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=gs)
    assert (train.name, train.type) == ("GradientDescent", "AssignAdd")
    g = tf.get_default_graph()
    ops = {op.name: op for op in g.get_operations() if not op.name.startswith("gradients")}
    apply_w = ops["GradientDescent/update_w/ApplyGradientDescent"]
    assert apply_w.type == "ApplyGradientDescent"
    assert [t.name for t in apply_w.inputs][:2] == ["w:0", "GradientDescent/learning_rate:0"]
    assert apply_w.inputs[2].name.startswith("gradients/")
    assert str(apply_w.outputs[0].dtype) == "<dtype: 'float32_ref'>"
    assert ops["GradientDescent/update"].type == "NoOp"
    assert sorted(c.name for c in ops["GradientDescent/update"].control_inputs) == [
        "GradientDescent/update_b/ApplyGradientDescent", "GradientDescent/update_w/ApplyGradientDescent"]
    assert [c.name for c in ops["GradientDescent/value"].control_inputs] == ["GradientDescent/update"]
    assert [t.name for t in train.inputs] == ["global_step:0", "GradientDescent/value:0"]
    assert g.get_collection(tf.GraphKeys.TRAIN_OP) == [train]


def test_without_global_step_the_train_op_is_a_noop_named_after_the_optimizer():
    *_, loss = _linear_regression()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    assert (train.name, train.type) == ("GradientDescent", "NoOp")
    second = tf.train.GradientDescentOptimizer(0.1).minimize(loss, name="step")
    assert second.name == "step"
    assert tf.get_default_graph().get_operation_by_name("step/update_w/ApplyGradientDescent").type == \
        "ApplyGradientDescent"


SLOTS = {
    "Momentum": (lambda: tf.train.MomentumOptimizer(0.1, 0.9), ["momentum"], ["w/Momentum"]),
    "Adam": (lambda: tf.train.AdamOptimizer(0.1), ["m", "v"], ["w/Adam", "w/Adam_1"]),
    "Adagrad": (lambda: tf.train.AdagradOptimizer(0.1), ["accumulator"], ["w/Adagrad"]),
    "RMSProp": (lambda: tf.train.RMSPropOptimizer(0.1), ["momentum", "rms"], ["w/RMSProp_1", "w/RMSProp"]),
    "RMSPropCentered": (lambda: tf.train.RMSPropOptimizer(0.1, centered=True), ["mg", "momentum", "rms"],
                        ["w/RMSProp_1", "w/RMSProp_2", "w/RMSProp"]),
    "Adadelta": (lambda: tf.train.AdadeltaOptimizer(0.1), ["accum", "accum_update"], ["w/Adadelta", "w/Adadelta_1"]),
}


@pytest.mark.parametrize("kind", sorted(SLOTS))
def test_slot_names_and_variables(kind):
    make, slot_names, var_names = SLOTS[kind]
    *_, w, b, loss = _linear_regression()
    opt = make()
    opt.minimize(loss)
    assert opt.get_slot_names() == slot_names
    assert [opt.get_slot(w, n).op.name for n in slot_names] == var_names
    assert opt.get_slot(w, "nope") is None
    slots = [v for v in opt.variables() if v.op.name.startswith("w/")]
    assert sorted(v.name for v in slots) == sorted(n + ":0" for n in var_names)
    assert all(not v.trainable for v in opt.variables())
    assert all(v in tf.global_variables() and v not in tf.trainable_variables() for v in opt.variables())


def test_adam_creates_beta_powers_and_updates_them_after_the_variables():
    *_, w, b, loss = _linear_regression()
    opt = tf.train.AdamOptimizer(0.1)
    train = opt.minimize(loss)
    assert [v.name for v in opt.variables()] == ["b/Adam:0", "b/Adam_1:0", "beta1_power:0", "beta2_power:0",
                                                 "w/Adam:0", "w/Adam_1:0"]
    g = tf.get_default_graph()
    apply_w = g.get_operation_by_name("Adam/update_w/ApplyAdam")
    assert [t.name for t in apply_w.inputs][:9] == [
        "w:0", "w/Adam:0", "w/Adam_1:0", "beta1_power/read:0", "beta2_power/read:0", "Adam/learning_rate:0",
        "Adam/beta1:0", "Adam/beta2:0", "Adam/epsilon:0"]
    mul = g.get_operation_by_name("Adam/mul")
    assert sorted(c.name for c in mul.control_inputs) == ["Adam/update_b/ApplyAdam", "Adam/update_w/ApplyAdam"]
    assert g.get_operation_by_name("Adam/Assign").inputs[0].name == "beta1_power:0"
    assert train.name == "Adam"
    # beta1_power is colocated with the variable first by name
    assert g.get_operation_by_name("beta1_power").colocation_groups() == [b"loc:@b"]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        s.run(train, {"x:0": X, "y:0": Y})
        s.run(train, {"x:0": X, "y:0": Y})
        np.testing.assert_allclose(s.run(opt._get_beta_accumulators()), [0.9 ** 3, 0.999 ** 3], rtol=1e-6)


def test_learning_rate_as_placeholder_tensor_and_callable():
    x, y, w, b, loss = _linear_regression()
    lr = tf.placeholder(tf.float32, [], name="lr")
    train = tf.train.GradientDescentOptimizer(lr).minimize(loss)
    apply_w = tf.get_default_graph().get_operation_by_name("GradientDescent/update_w/ApplyGradientDescent")
    assert apply_w.inputs[1].name == "lr:0"
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        s.run(train, {x: X, y: Y, lr: 0.0})
        assert s.run(w).ravel().tolist() == [0.0, 0.0]
        s.run(train, {x: X, y: Y, lr: 0.01})
        np.testing.assert_allclose(s.run(w).ravel(), [0.01 * 2 * 161 / 5, 0.01 * 2 * 163 / 5], rtol=1e-6)
    tf.train.GradientDescentOptimizer(lambda: 0.5, name="GD2").minimize(loss)
    assert tf.get_default_graph().get_operation_by_name("GD2/learning_rate").type == "Const"


def test_learning_rate_schedule_drives_the_optimizer():
    x, y, w, b, loss = _linear_regression()
    gs = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.01, gs, 10, 0.5, staircase=True)
    train = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=gs)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        rates = []
        for _ in range(21):
            rates.append(s.run(lr))
            s.run(train, {x: X, y: Y})
    np.testing.assert_allclose(rates[::10], [0.01, 0.005, 0.0025], rtol=1e-6)


def test_duplicate_variables_are_updated_twice_as_in_tensorflow():
    w = tf.Variable([1.0, 2.0], name="w")
    loss = tf.reduce_sum(w * w)
    train = tf.train.AdamOptimizer(0.1).minimize(loss, var_list=[w, w])
    names = [op.name for op in tf.get_default_graph().get_operations() if op.type == "ApplyAdam"]
    assert names == ["Adam/update_w/ApplyAdam", "Adam/update_w_1/ApplyAdam"]
    assert [v.name for v in tf.global_variables()] == ["w:0", "beta1_power:0", "beta2_power:0", "w/Adam:0",
                                                       "w/Adam_1:0"]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        s.run(train)
        np.testing.assert_allclose(s.run(w), [0.7656162, 1.765616], rtol=1e-6)


# -- bad input: TF's texts ----------------------------------------------------------------------------
def test_no_variables_to_optimize():
    with pytest.raises(ValueError, match=r"^No variables to optimize\.$"):
        tf.train.GradientDescentOptimizer(0.1).minimize(tf.constant(3.0))


def test_integer_loss():
    tf.Variable(1.0, name="v")
    with pytest.raises(ValueError, match=r"^Invalid type tf\.int32 for Const:0, expected: "
                                         r"\[tf\.float32, tf\.float64, tf\.float16, tf\.bfloat16\]\.$"):
        tf.train.GradientDescentOptimizer(0.1).minimize(tf.constant(3))


def test_integer_variable_in_var_list():
    iv = tf.Variable(1, name="iv")
    loss = tf.cast(iv, tf.float32) * 2.0
    with pytest.raises(ValueError, match=r"^No gradients provided for any variable, check your graph for ops that "
                                         r"do not support gradients, between variables \[\"<tf\.Variable 'iv:0' "
                                         r"shape=\(\) dtype=int32_ref>\"\] and loss Tensor\(\"mul:0\", shape=\(\), "
                                         r"dtype=float32\)\.$"):
        tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[iv])


def test_loss_not_connected_to_the_variables():
    v = tf.Variable(1.0, name="v2")
    with pytest.raises(ValueError, match=r"^No gradients provided for any variable, check your graph .* between "
                                         r"variables \[\"<tf\.Variable 'v2:0' shape=\(\) dtype=float32_ref>\"\] "
                                         r"and loss Tensor\(\"Const:0\", shape=\(\), dtype=float32\)\.$"):
        tf.train.GradientDescentOptimizer(0.1).minimize(tf.constant(3.0), var_list=[v])


def test_apply_gradients_bad_input():
    v = tf.Variable([1.0, 2.0], name="w")
    opt = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(ValueError, match=r"^No variables provided\.$"):
        opt.apply_gradients([])
    with pytest.raises(ValueError, match=r"^No gradients provided for any variable: "
                                         r"\[\"<tf\.Variable 'w:0' shape=\(2,\) dtype=float32_ref>\"\]\.$"):
        opt.apply_gradients([(None, v)])
    with pytest.raises(ValueError, match=r"^Dimension 0 in both shapes must be equal, but are 2 and 3\. Shapes are "
                                         r"\[2\] and \[3\]\. for 'GradientDescent/update_w/ApplyGradientDescent' "
                                         r"\(op: 'ApplyGradientDescent'\) with input shapes: \[2\], \[\], \[3\]\.$"):
        opt.apply_gradients([(tf.constant([1.0, 1.0, 3.0]), v)])
    with pytest.raises(TypeError, match=r"^Input 'delta' of 'ApplyGradientDescent' Op has type int32 that does not "
                                        r"match type float32 of argument 'var'\.$"):
        opt.apply_gradients([(tf.constant([1, 1]), v)])
    with pytest.raises(ValueError, match=r"^gate_gradients must be one of: Optimizer\.GATE_NONE, "
                                         r"Optimizer\.GATE_OP, Optimizer\.GATE_GRAPH\.  Not 7$"):
        opt.compute_gradients(tf.reduce_sum(v), gate_gradients=7)
    with pytest.raises(ValueError, match=r"^initial_accumulator_value must be positive: 0\.0$"):
        tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)
    with pytest.raises(ValueError, match=r"^Must specify the optimizer name$"):
        tf.train.GradientDescentOptimizer(0.1, name="")


def test_uninitialized_slot_is_tfs_failed_precondition():
    w = tf.Variable([1.0, 2.0], name="w")
    train = tf.train.MomentumOptimizer(0.1, 0.9).apply_gradients([(tf.constant([1.0, 1.0]), w)])
    with tf.Session() as s:
        s.run(w.initializer)
        with pytest.raises(tf.errors.FailedPreconditionError, match=r"^Attempting to use uninitialized value "
                                                                    r"w/Momentum\n"):
            s.run(train)


def test_gate_graph_and_compute_gradients_pairs():
    *_, w, b, loss = _linear_regression()
    opt = tf.train.GradientDescentOptimizer(0.1)
    pairs = opt.compute_gradients(loss, gate_gradients=tf.train.Optimizer.GATE_GRAPH)
    assert [v for _, v in pairs] == [w, b]
    assert all(g.name.startswith("tuple/") for g, _ in pairs)
    pairs = opt.compute_gradients(loss, var_list=[b])
    assert [v for _, v in pairs] == [b] and pairs[0][0].dtype == tf.float32


# -- Apply* kernels on their own ---------------------------------------------------------------------
def test_apply_ops_formulas_one_step():
    from nbgraph.engine.ops import training_ops as T
    var = tf.Variable([1.0, -2.0], name="var")
    acc = tf.Variable([0.5, 0.5], name="acc")
    acc2 = tf.Variable([0.25, 0.25], name="acc2")
    grad = tf.constant([0.5, -1.0])
    cases = [
        (lambda: T.apply_gradient_descent(var, 0.1, grad), [1.0 - 0.05, -2.0 + 0.1]),
        (lambda: T.apply_momentum(var, acc, 0.1, grad, 0.9), [1.0 - 0.1 * (0.45 + 0.5), -2.0 - 0.1 * (0.45 - 1.0)]),
        (lambda: T.apply_adagrad(var, acc, 0.1, grad), [1.0 - 0.1 * 0.5 / np.sqrt(0.75), -2.0 + 0.1 / np.sqrt(1.5)]),
        (lambda: T.apply_rms_prop(var, acc, acc2, 0.1, 0.9, 0.5, 1e-10, grad),
         [1.0 - (0.125 + 0.05 / np.sqrt(0.45 + 0.025)), -2.0 - (0.125 - 0.1 / np.sqrt(0.45 + 0.1))]),
    ]
    for make, expected in cases:
        op = make()
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            out = s.run(op)
            np.testing.assert_allclose(out, expected, rtol=1e-6, err_msg=op.op.type)
            np.testing.assert_allclose(s.run(var), expected, rtol=1e-6)


def test_apply_op_rejects_a_non_scalar_learning_rate_and_a_plain_tensor():
    from nbgraph.engine.ops import training_ops as T
    var = tf.Variable([1.0, -2.0], name="var")
    with pytest.raises(ValueError, match=r"^Shape must be rank 0 but is rank 1 for 'ApplyGradientDescent' "):
        T.apply_gradient_descent(var, [0.1, 0.2], [1.0, 1.0])
    with pytest.raises(TypeError, match=r"^Input 'ref' of 'ApplyGradientDescent' Op requires l-value input$"):
        T.apply_gradient_descent(tf.constant([1.0, 2.0]), 0.1, [1.0, 1.0])


# -- global step ----------------------------------------------------------------------------------------
def test_global_step_functions():
    assert tf.train.get_global_step() is None
    gs = tf.train.get_or_create_global_step()
    assert repr(gs) == "<tf.Variable 'global_step:0' shape=() dtype=int64_ref>"
    assert tf.train.get_or_create_global_step() is gs
    assert tf.train.get_global_step() is gs
    assert tf.get_collection(tf.GraphKeys.GLOBAL_STEP) == [gs]
    assert gs not in tf.trainable_variables()
    assert tf.get_default_graph().get_operation_by_name("global_step/Initializer/zeros").type == "Const"
    with pytest.raises(ValueError, match=r'^"global_step" already exists\.$'):
        tf.train.create_global_step()
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert tf.train.global_step(s, gs) == 0


def test_global_step_found_by_name():
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(0, name="global_step", trainable=False)
        assert tf.train.get_global_step() is v._ref()


# -- learning-rate schedules: values from TF at steps 0, 4, 5, 9, 10, 11, 15, 20, 24 ----------------------
STEPS = [0, 4, 5, 9, 10, 11, 15, 20, 24]
SCHEDULES = {
    "exponential": (lambda gs: tf.train.exponential_decay(0.1, gs, 10, 0.5),
                    [0.1, 0.07578583, 0.07071068, 0.05358867, 0.05, 0.04665165, 0.03535534, 0.025, 0.01894646]),
    "exponential_staircase": (lambda gs: tf.train.exponential_decay(0.1, gs, 10, 0.5, staircase=True),
                              [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025]),
    "inverse_time": (lambda gs: tf.train.inverse_time_decay(0.1, gs, 10, 0.5),
                     [0.1, 0.08333333, 0.08, 0.06896552, 0.06666667, 0.06451613, 0.05714286, 0.05, 0.04545455]),
    "inverse_time_staircase": (lambda gs: tf.train.inverse_time_decay(0.1, gs, 10, 0.5, staircase=True),
                               [0.1, 0.1, 0.1, 0.1, 0.06666667, 0.06666667, 0.06666667, 0.05, 0.05]),
    "natural_exp": (lambda gs: tf.train.natural_exp_decay(0.1, gs, 10, 0.5),
                    [0.1, 0.08187308, 0.07788008, 0.06376281, 0.06065307, 0.05769498, 0.04723666, 0.03678795,
                     0.03011942]),
    "polynomial": (lambda gs: tf.train.polynomial_decay(0.1, gs, 10),
                   [0.1, 0.060040005, 0.050050002, 0.010089996, 9.9999997e-05, 9.9999997e-05, 9.9999997e-05,
                    9.9999997e-05, 9.9999997e-05]),
    "polynomial_cycle": (lambda gs: tf.train.polynomial_decay(0.1, gs, 10, end_learning_rate=0.01, power=2.0,
                                                             cycle=True),
                         [0.1, 0.0424, 0.0325, 0.0109, 0.01, 0.028225, 0.015625, 0.01, 0.0136]),
    "piecewise_constant": (lambda gs: tf.train.piecewise_constant(gs, [5, 10], [0.1, 0.01, 0.001]),
                           [0.1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001, 0.001, 0.001]),
}


@pytest.mark.parametrize("kind", sorted(SCHEDULES))
def test_learning_rate_schedules_equal_tensorflows(kind):
    make, expected = SCHEDULES[kind]
    gs = tf.train.get_or_create_global_step()
    lr = make(gs)
    assert lr.dtype == tf.float32 and lr.shape.ndims == 0
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        got = [s.run(lr, {gs: step}) for step in STEPS]
    np.testing.assert_allclose(got, expected, rtol=2e-6)


def test_schedule_names_and_errors():
    gs = tf.train.get_or_create_global_step()
    assert tf.train.exponential_decay(0.1, gs, 10, 0.5).name == "ExponentialDecay:0"
    assert tf.train.exponential_decay(0.1, gs, 10, 0.5, name="lr").name == "lr:0"
    assert tf.train.inverse_time_decay(0.1, gs, 10, 0.5).name == "InverseTimeDecay:0"
    assert tf.train.polynomial_decay(0.1, gs, 10).name == "PolynomialDecay:0"
    g = tf.get_default_graph()
    assert g.get_operation_by_name("ExponentialDecay/Cast").type == "Cast"  # the int decay_steps
    assert g.get_operation_by_name("ExponentialDecay/initial_learning_rate").type == "Const"
    with pytest.raises(ValueError, match=r"^global_step is required for exponential_decay\.$"):
        tf.train.exponential_decay(0.1, None, 10, 0.5)
    with pytest.raises(ValueError, match=r"^Boundaries \(<dtype: 'float32'>\) must have the same dtype as x "
                                         r"\(<dtype: 'int64'>\)\.$"):
        tf.train.piecewise_constant(gs, [5.0], [0.1, 0.01])
    with pytest.raises(ValueError, match=r"^Values must have elements all with the same dtype \(<dtype: 'float32'> "
                                         r"vs <dtype: 'int32'>\)\.$"):
        tf.train.piecewise_constant(gs, [5], [0.1, 1])
