"""`tf.gradients`: the gradient subgraph TF 1.15 builds (op names and types), its values, None
for unconnected xs, and TF's errors; the gradient registry; `tf.hessians`."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.engine import grad_registry, registry


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def new_ops(g, since):
    return [(op.name, op.type) for op in g.get_operations()[since:]]


def run(fetches, feed=None):
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        return s.run(fetches, feed)


# -- the graph TF 1.15 builds -------------------------------------------------------------------
def test_linear_regression_gradient_graph_has_tf_names():
    x = tf.constant([[1., 2.], [3., 4.]], name="x")
    w = tf.Variable([[1.], [2.]], name="w")
    b = tf.Variable([0.5], name="b")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - 1.0))
    g = tf.get_default_graph()
    n = len(g.get_operations())
    gw, gb = tf.gradients(loss, [w, b])
    assert (gw.name, gb.name) == ("gradients/MatMul_grad/MatMul_1:0", "gradients/add_grad/Reshape:0")
    assert new_ops(g, n) == [
        ("gradients/Shape", "Const"), ("gradients/grad_ys_0", "Const"), ("gradients/Fill", "Fill"),
        ("gradients/Mean_grad/Reshape/shape", "Const"), ("gradients/Mean_grad/Reshape", "Reshape"),
        ("gradients/Mean_grad/Const", "Const"), ("gradients/Mean_grad/Tile", "Tile"),
        ("gradients/Mean_grad/Const_1", "Const"), ("gradients/Mean_grad/truediv", "RealDiv"),
        ("gradients/Square_grad/Const", "Const"), ("gradients/Square_grad/Mul", "Mul"),
        ("gradients/Square_grad/Mul_1", "Mul"),
        ("gradients/sub_grad/BroadcastGradientArgs/s0", "Const"),
        ("gradients/sub_grad/BroadcastGradientArgs/s1", "Const"),
        ("gradients/sub_grad/BroadcastGradientArgs", "BroadcastGradientArgs"),
        ("gradients/sub_grad/Neg", "Neg"), ("gradients/sub_grad/Sum/reduction_indices", "Const"),
        ("gradients/sub_grad/Sum", "Sum"), ("gradients/sub_grad/Reshape/shape", "Const"),
        ("gradients/sub_grad/Reshape", "Reshape"),
        ("gradients/add_grad/BroadcastGradientArgs/s0", "Const"),
        ("gradients/add_grad/BroadcastGradientArgs/s1", "Const"),
        ("gradients/add_grad/BroadcastGradientArgs", "BroadcastGradientArgs"),
        ("gradients/add_grad/Sum/reduction_indices", "Const"), ("gradients/add_grad/Sum", "Sum"),
        ("gradients/add_grad/Reshape/shape", "Const"), ("gradients/add_grad/Reshape", "Reshape"),
        ("gradients/MatMul_grad/MatMul", "MatMul"), ("gradients/MatMul_grad/MatMul_1", "MatMul")]
    # the ref variable is differentiated through its read
    assert g.get_operation_by_name("gradients/MatMul_grad/MatMul").inputs[1].name == "w/read:0"
    # Square's constant waits for the incoming gradient (TF's control dependency)
    assert [c.name for c in g.get_operation_by_name("gradients/Square_grad/Const").control_inputs] == [
        "gradients/Mean_grad/truediv"]
    got_w, got_b = run([gw, gb])
    np.testing.assert_allclose(got_w, [[36.], [51.]])
    np.testing.assert_allclose(got_b, [15.])
    # a second call opens gradients_1/
    assert tf.gradients(loss, w)[0].name == "gradients_1/MatMul_grad/MatMul_1:0"


def test_unknown_shapes_use_shape_broadcast_gradient_args_sum_reshape():
    a = tf.placeholder(tf.float32, None, name="a")
    b = tf.placeholder(tf.float32, None, name="b")
    y = a + b
    g = tf.get_default_graph()
    n = len(g.get_operations())
    ga, gb = tf.gradients(y, [a, b])
    assert new_ops(g, n) == [
        ("gradients/Shape", "Shape"), ("gradients/grad_ys_0", "Const"), ("gradients/Fill", "Fill"),
        ("gradients/add_grad/Shape", "Shape"), ("gradients/add_grad/Shape_1", "Shape"),
        ("gradients/add_grad/BroadcastGradientArgs", "BroadcastGradientArgs"),
        ("gradients/add_grad/Sum", "Sum"), ("gradients/add_grad/Reshape", "Reshape"),
        ("gradients/add_grad/Sum_1", "Sum"), ("gradients/add_grad/Reshape_1", "Reshape")]
    va, vb = run([ga, gb], {a: [[1., 2., 3.], [4., 5., 6.]], b: [10., 20., 30.]})
    np.testing.assert_array_equal(va, np.ones((2, 3)))
    np.testing.assert_array_equal(vb, [2., 2., 2.])


def test_paths_meeting_at_a_tensor_are_summed_by_addn():
    c = tf.constant([[1., 2.], [3., 4.]], name="c")
    y = c * c + tf.square(c)
    g = tf.get_default_graph()
    (gc,) = tf.gradients(y, c)
    assert gc.name == "gradients/AddN:0" and gc.op.type == "AddN"
    assert [t.name for t in gc.op.inputs] == ["gradients/mul_grad/Mul:0", "gradients/mul_grad/Mul_1:0",
                                              "gradients/Square_grad/Mul_1:0"]
    assert gc.op.colocation_groups() == [b"loc:@gradients/mul_grad/Mul"]  # colocated with its first summand
    np.testing.assert_allclose(run(gc), 4 * np.array([[1., 2.], [3., 4.]]))
    tree = tf.gradients(y, c, aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE)[0]
    assert tree.name == "gradients_1/c_gradient_sum/AddN_1:0"
    np.testing.assert_allclose(run(tree), run(gc))
    assert g.get_operation_by_name("gradients_1/c_gradient_sum/AddN").type == "AddN"


def test_explicit_grad_ys_are_identities_named_grad_ys():
    c = tf.constant([1., 2.], name="c")
    weights = tf.constant([3., 5.], name="weights")
    (gc,) = tf.gradients(tf.exp(c), c, grad_ys=weights)
    g = tf.get_default_graph()
    assert g.get_operation_by_name("gradients/grad_ys_0").type == "Identity"
    assert gc.name == "gradients/Exp_grad/mul:0"
    np.testing.assert_allclose(run(gc), [3 * np.e, 5 * np.e ** 2], rtol=1e-6)
    tf.gradients(c * 2., c, grad_ys=[[1., 1.]])
    assert g.get_operation_by_name("gradients_1/grad_y_0").type == "Const"


def test_gate_gradients_and_colocation():
    c = tf.constant([1., 2.], name="c")
    d = tf.constant([3., 4.], name="d")
    gc, gd = tf.gradients(c * d, [c, d], gate_gradients=True)
    assert (gc.name, gd.name) == ("gradients/mul_grad/tuple/control_dependency:0",
                                  "gradients/mul_grad/tuple/control_dependency_1:0")
    assert [o.name for o in gc.op.control_inputs] == ["gradients/mul_grad/tuple/group_deps"]
    np.testing.assert_array_equal(run([gc, gd]), [[3., 4.], [1., 2.]])
    with tf.device("/cpu:0"):
        e = tf.sin(c, name="e")
    (ge,) = tf.gradients(e, c, colocate_gradients_with_ops=True)
    assert ge.op.colocation_groups() == [b"loc:@e"]


# -- what gets None -----------------------------------------------------------------------------
def test_unconnected_integer_and_stopped_xs_get_none():
    c = tf.constant([1., 2.], name="c")
    d = tf.constant([3., 4.], name="d")
    i = tf.constant([1, 2], name="i")
    assert tf.gradients(c * 2., [c, d]) [1] is None
    assert tf.gradients(i * 2, i) == [None]
    assert tf.gradients(tf.cast(c, tf.int32), c) == [None]
    assert tf.gradients(tf.cast(i, tf.float32) * 2., i) == [None]
    assert tf.gradients(tf.argmax(c), c) == [None]
    assert tf.gradients(tf.cast(c > 1., tf.float32), c) == [None]
    v = tf.Variable([1., 2.], name="v")
    assert tf.gradients(tf.assign(v, [3., 4.]) * 3., v) == [None]
    (gs,) = tf.gradients(tf.stop_gradient(c) * c, c)
    np.testing.assert_array_equal(run(gs), [1., 2.])
    y = c * 2.
    assert tf.gradients(y * y, c, stop_gradients=[y]) == [None]
    (ga,) = tf.gradients(c * c + tf.square(c), c, stop_gradients=[c])
    np.testing.assert_array_equal(run(ga), [4., 8.])
    (z,) = tf.gradients(c * 2., d, unconnected_gradients="zero")
    np.testing.assert_array_equal(run(z), [0., 0.])


def test_y_that_is_x_gets_its_grad_ys():
    c = tf.constant([1., 2.], name="c")
    (gc,) = tf.gradients(c, c)
    assert gc.name == "gradients/Fill:0"
    np.testing.assert_array_equal(run(gc), [1., 1.])


def test_control_dependencies_carry_no_gradient():
    c = tf.constant(2.0, name="c")
    d = tf.constant(3.0, name="d")
    with tf.control_dependencies([d]):
        y = tf.identity(c * 5.)
    assert tf.gradients(y, d) == [None]
    assert run(tf.gradients(y, c)[0]) == 5.0


def test_unused_outputs_get_zeros_like():
    x = tf.constant([[1., 2.], [3., 4.]], name="x")
    first, _ = tf.unstack(x)
    (gx,) = tf.gradients(first * 2., x)
    assert tf.get_default_graph().get_operation_by_name("gradients/zeros_like").type == "ZerosLike"
    np.testing.assert_array_equal(run(gx), [[2., 2.], [0., 0.]])


# -- values of second derivatives ----------------------------------------------------------------
def test_gradients_of_gradients_and_hessians():
    x = tf.constant([1., 2.], name="x")
    y = tf.reduce_sum(x * x * x)
    (g1,) = tf.gradients(y, x)
    (g2,) = tf.gradients(g1, x)
    np.testing.assert_allclose(run(g2), [6., 12.])
    (h,) = tf.hessians(y, x)
    assert h.shape.as_list() == [2, 2]
    np.testing.assert_allclose(run(h), [[6., 0.], [0., 12.]])
    z = tf.constant([[0.5, -1.], [2., 0.3]], name="z")
    (hs,) = tf.hessians(tf.reduce_sum(tf.sigmoid(z) * tf.tanh(z)), z)
    assert hs.shape.as_list() == [2, 2, 2, 2]


# -- errors ---------------------------------------------------------------------------------------
def test_errors_have_tf_texts():
    c = tf.constant([1., 2.], name="c")
    with pytest.raises(ValueError, match=r"^Passed 2 grad_ys for 1 ys$"):
        tf.gradients([c * 2.], [c], grad_ys=[c, c])
    other = tf.Graph()
    with other.as_default():
        o = tf.constant(1.0, name="o")
    with pytest.raises(ValueError, match=r'^Tensor\("o:0", shape=\(\), dtype=float32\) must be from the same '
                                         r'graph as Tensor\("mul_1:0"'):
        tf.gradients(c * 3., o)
    with pytest.raises(ValueError, match=r"^Invalid aggregation_method specified 7\.$"):
        tf.gradients(c * 2., c, aggregation_method=7)
    with pytest.raises(TypeError, match=r'^Gradient type string generated for real or integer-valued tensor '
                                        r'Tensor\("mul_3:0", shape=\(2,\), dtype=float32\) with type float32 '
                                        r'must be real or integer$'):
        tf.gradients(c * 2., c, grad_ys=tf.constant(["a", "b"]))
    with pytest.raises(AttributeError, match="'NoneType' object has no attribute 'op'"):
        tf.gradients(None, c)
    with pytest.raises(ValueError, match=r"^Unknown value for unconnected_gradients: 'sometimes'$"):
        tf.gradients(c, c, unconnected_gradients="sometimes")


def test_register_gradient_twice_is_tf_key_error():
    with pytest.raises(KeyError, match=r"Registering two gradient with name 'Exp'! \(Previous registration was "
                                       r"in _ExpGrad .*math_grad\.py:\d+\)"):
        tf.RegisterGradient("Exp")(lambda op, grad: grad)
    with pytest.raises(KeyError, match="Registering two gradient with name 'Const'!"):
        tf.NotDifferentiable("Const")
    with pytest.raises(TypeError, match="^op_type must be a string$"):
        tf.RegisterGradient(3)
    assert tf.no_gradient is tf.NotDifferentiable


@pytest.fixture
def custom_op(monkeypatch):
    """A registered op type `NbTimesTwo` (y = 2x) that has no gradient yet."""
    from nbgraph.engine.ops.common import same_shape
    monkeypatch.setitem(registry._REGISTRY, "NbTimesTwo", registry.OpDef(
        "NbTimesTwo", "elementwise", same_shape, lambda op: (lambda ctx, x: 2 * x)))
    monkeypatch.setattr(grad_registry, "_GRADIENTS", dict(grad_registry._GRADIENTS))

    def build(x, name="NbTimesTwo"):
        return x.graph.create_op("NbTimesTwo", [x], [x.dtype], name=name)._outputs[0]
    return build


def test_op_without_gradient_is_tf_lookup_error(custom_op):
    c = tf.constant([1., 2.], name="c")
    y = custom_op(c, name="twice")
    with pytest.raises(LookupError, match=r"^No gradient defined for operation 'twice' \(op type: NbTimesTwo\)$"):
        tf.gradients(y, c)
    assert tf.gradients(y, c, stop_gradients=[y]) == [None]  # a stopped op is never asked


def test_registered_gradient_is_used_and_checked(custom_op):
    @tf.RegisterGradient("NbTimesTwo")
    def _grad(op, grad):
        return grad * 2.

    c = tf.constant([1., 2.], name="c")
    (gc,) = tf.gradients(custom_op(c), c)
    assert gc.name == "gradients/NbTimesTwo_grad/mul:0"
    np.testing.assert_array_equal(run(gc), [2., 2.])


def test_gradient_of_a_wrong_shape_or_count_is_tf_error(custom_op):
    grad_registry._GRADIENTS["NbTimesTwo"] = (lambda op, grad: tf.constant([1., 2., 3.]), ("f", 1, "g"))
    c = tf.constant([1., 2.], name="c")
    with pytest.raises(ValueError, match=r"^Incompatible shapes between op input and calculated input gradient\.  "
                                         r"Forward operation: NbTimesTwo\.  Input index: 0\. Original input shape: "
                                         r"\(2,\)\.  Calculated input gradient shape: \(3,\)$"):
        tf.gradients(custom_op(c), c)
    grad_registry._GRADIENTS["NbTimesTwo"] = (lambda op, grad: [grad, grad], ("f", 1, "g"))
    with pytest.raises(ValueError, match=r"^Num gradients 2 generated for op name: \"NbTimesTwo_1\""):
        tf.gradients(custom_op(c), c)


def test_not_differentiable_marks_stop_quietly(custom_op):
    tf.NotDifferentiable("NbTimesTwo")
    c = tf.constant([1., 2.], name="c")
    assert tf.gradients(custom_op(c), c) == [None]


@pytest.mark.parametrize("s0, s1, r0, r1", [  # what TF's BroadcastGradientArgs kernel returns
    ([2, 3], [3], [], [0]), ([2, 1], [1], [1], [0, 1]), ([1, 1], [1], [0, 1], [0, 1]), ([], [2, 3], [0, 1], []),
    ([1, 3, 1], [2, 1, 4], [0, 2], [1]), ([2, 3], [2, 3], [], []), ([1], [1], [], []), ([3, 1], [1, 1], [1], [0, 1])])
def test_broadcast_gradient_args_kernel_matches_tf(s0, s1, r0, r1):
    from nbgraph.engine.ops.grad_ops import broadcast_gradient_args
    a = tf.placeholder(tf.int32, [None])
    b = tf.placeholder(tf.int32, [None])
    got0, got1 = run(list(broadcast_gradient_args(a, b)), {a: s0, b: s1})
    assert (got0.tolist(), got1.tolist()) == (r0, r1)


def test_broadcast_gradient_args_rejects_incompatible_shapes():
    from nbgraph.engine.ops.grad_ops import broadcast_gradient_args
    a = tf.placeholder(tf.int32, [None])
    r0, _ = broadcast_gradient_args(a, [4])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2,3\] vs\. \[4\]"):
        run(r0, {a: [2, 3]})


def test_gradient_override_map_uses_the_mapped_gradient():
    g = tf.get_default_graph()
    x = tf.constant([1.5, -2.0], name="x")
    with g.gradient_override_map({"Floor": "Identity"}):  # a straight-through floor
        y = tf.floor(x)
    assert y.op.get_attr("_gradient_op_type") == "Identity"
    (gx,) = tf.gradients(y * 3., x)
    np.testing.assert_array_equal(run(gx), [3., 3.])
    assert tf.gradients(tf.floor(x) * 3., x) == [None]  # outside the block: Floor's own (None)
    with pytest.raises(TypeError, match="^op_type_map must be a dictionary mapping strings to strings$"):
        with g.gradient_override_map({"Floor": 1}):
            pass


def test_the_gradient_core_does_not_import_the_catalogue():
    """gradients.py and grad_registry.py are core: the catalogue registers into them, never the reverse."""
    import ast
    import pathlib

    import nbgraph.engine as engine
    for name in ("gradients.py", "grad_registry.py"):
        tree = ast.parse((pathlib.Path(engine.__file__).parent / name).read_text())
        imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if m == "ops" or m.startswith("ops.") or ".ops" in m], (name, imported)
