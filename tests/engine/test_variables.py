"""`engine/variables.py` and the state ops: reference variables and the ops they make,
`get_variable` with variable scopes and TF's reuse rules and texts, assignment, collections,
initialisers, and values that live in a session."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


def ops():
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()]


# -- tf.Variable ----------------------------------------------------------------------------------
def test_variable_op_names_and_wiring():
    v = tf.Variable([1.0, 2.0], name="v")
    assert ops() == [("v/initial_value", "Const"), ("v", "VariableV2"), ("v/Assign", "Assign"),
                     ("v/read", "Identity")]
    g = tf.get_default_graph()
    assert [t.name for t in g.get_operation_by_name("v/Assign").inputs] == ["v:0", "v/initial_value:0"]
    assert [t.name for t in g.get_operation_by_name("v/read").inputs] == ["v:0"]
    assert repr(v) == "<tf.Variable 'v:0' shape=(2,) dtype=float32_ref>"
    assert (v.name, v.op.name, v.op.type) == ("v:0", "v", "VariableV2")
    assert str(v.value()) == 'Tensor("v/read:0", shape=(2,), dtype=float32)'
    assert repr(v.initializer) == "<tf.Operation 'v/Assign' type=Assign>"
    assert str(v.initial_value) == 'Tensor("v/initial_value:0", shape=(2,), dtype=float32)'
    assert str(v._ref()) == 'Tensor("v:0", shape=(2,), dtype=float32_ref)'
    assert v.shape.as_list() == [2] and v.get_shape() == v.shape
    assert v.graph is g


def test_default_variable_names():
    a = tf.Variable(0)
    b = tf.Variable(0.0)
    assert (a.name, b.name) == ("Variable:0", "Variable_1:0")
    assert repr(a) == "<tf.Variable 'Variable:0' shape=() dtype=int32_ref>"
    assert [n for n, _ in ops()][:4] == ["Variable/initial_value", "Variable", "Variable/Assign", "Variable/read"]


def test_variable_from_a_tensor_and_from_a_callable():
    z = tf.Variable(tf.zeros([2]))
    assert ops() == [("zeros", "Const"), ("Variable", "VariableV2"), ("Variable/Assign", "Assign"),
                     ("Variable/read", "Identity")]
    assert z.initial_value.name == "zeros:0"
    tf.reset_default_graph()
    w = tf.Variable(lambda: tf.ones([3]), name="w")
    assert ops()[0] == ("w/Initializer/ones", "Const")
    with tf.Session() as s:
        s.run(w.initializer)
        assert s.run(w).tolist() == [1.0, 1.0, 1.0]


def test_variable_of_random_normal_names():
    tf.Variable(tf.random_normal([2, 3]), name="W")
    assert [n for n, _ in ops()] == [
        "random_normal/shape", "random_normal/mean", "random_normal/stddev", "random_normal/RandomStandardNormal",
        "random_normal/mul", "random_normal", "W", "W/Assign", "W/read"]


def test_variable_in_name_scope():
    with tf.name_scope("layer"):
        v = tf.Variable(1.0, name="w")
    assert v.name == "layer/w:0" and v.value().name == "layer/w/read:0"


def test_variable_constructor_errors():
    with pytest.raises(ValueError) as e:
        tf.Variable()
    assert str(e.value) == "initial_value must be specified."
    with pytest.raises(ValueError) as e:
        tf.Variable(tf.placeholder(tf.float32, [None]))
    assert str(e.value) == ('initial_value must have a shape specified: '
                            'Tensor("Placeholder:0", shape=(?,), dtype=float32)')
    with pytest.raises(ValueError) as e:
        tf.Variable(1.0, collections="x")
    assert str(e.value) == ("collections argument to Variable constructor must be a list, tuple, or set. "
                            "Got x of type <class 'str'>")


def test_variable_dtype_argument():
    v = tf.Variable([1, 2], dtype=tf.float64)
    assert v.dtype.base_dtype == tf.float64
    with tf.Session() as s:
        s.run(v.initializer)
        got = s.run(v)
    assert got.dtype == np.float64 and got.tolist() == [1.0, 2.0]


def test_variable_is_not_iterable_but_is_truthy():
    v = tf.Variable([1.0, 2.0])
    assert bool(v) is True  # TF 1.x's RefVariable has no __bool__
    with pytest.raises(TypeError) as e:
        iter(v)
    assert str(e.value) == "'Variable' object is not iterable."


# -- get_variable ----------------------------------------------------------------------------------
@pytest.mark.parametrize("initializer, first", [
    (tf.zeros_initializer(), [("v/Initializer/zeros", "Const")]),
    (tf.ones_initializer(), [("v/Initializer/ones", "Const")]),
    (tf.constant_initializer(0.5), [("v/Initializer/Const", "Const")]),
    (tf.random_normal_initializer(), [
        ("v/Initializer/random_normal/shape", "Const"), ("v/Initializer/random_normal/mean", "Const"),
        ("v/Initializer/random_normal/stddev", "Const"),
        ("v/Initializer/random_normal/RandomStandardNormal", "RandomStandardNormal"),
        ("v/Initializer/random_normal/mul", "Mul"), ("v/Initializer/random_normal", "Add")]),
    (tf.truncated_normal_initializer(stddev=0.1), [
        ("v/Initializer/truncated_normal/shape", "Const"), ("v/Initializer/truncated_normal/mean", "Const"),
        ("v/Initializer/truncated_normal/stddev", "Const"),
        ("v/Initializer/truncated_normal/TruncatedNormal", "TruncatedNormal"),
        ("v/Initializer/truncated_normal/mul", "Mul"), ("v/Initializer/truncated_normal", "Add")]),
    (None, [  # the default: glorot_uniform
        ("v/Initializer/random_uniform/shape", "Const"), ("v/Initializer/random_uniform/min", "Const"),
        ("v/Initializer/random_uniform/max", "Const"),
        ("v/Initializer/random_uniform/RandomUniform", "RandomUniform"),
        ("v/Initializer/random_uniform/sub", "Sub"), ("v/Initializer/random_uniform/mul", "Mul"),
        ("v/Initializer/random_uniform", "Add")]),
])
def test_get_variable_op_names(initializer, first):
    v = tf.get_variable("v", [2, 3], initializer=initializer)
    assert ops() == first + [("v", "VariableV2"), ("v/Assign", "Assign"), ("v/read", "Identity")]
    assert repr(v) == "<tf.Variable 'v:0' shape=(2, 3) dtype=float32_ref>"
    assert v.initializer.inputs[1].name == first[-1][0] + ":0"


def test_get_variable_initial_values():
    z = tf.get_variable("z", [2], initializer=tf.zeros_initializer())
    c = tf.get_variable("c", [2, 2], initializer=tf.constant_initializer(0.5))
    g = tf.get_variable("g", [20, 30])
    i = tf.get_variable("i", [3], dtype=tf.int32)
    k = tf.get_variable("k", initializer=tf.constant([1.0, 2.0]))
    assert repr(i) == "<tf.Variable 'i:0' shape=(3,) dtype=int32_ref>"
    assert ops()[-4:] == [("Const", "Const"), ("k", "VariableV2"), ("k/Assign", "Assign"), ("k/read", "Identity")]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        vz, vc, vg, vi, vk = s.run([z, c, g, i, k])
    assert vz.tolist() == [0.0, 0.0] and vc.tolist() == [[0.5, 0.5], [0.5, 0.5]]
    limit = np.sqrt(6.0 / (20 + 30))
    assert np.abs(vg).max() <= limit and vg.std() > limit / 4
    assert vi.dtype == np.int32 and vi.tolist() == [0, 0, 0]
    assert vk.tolist() == [1.0, 2.0]


def test_get_variable_already_exists():
    tf.get_variable("v", [1])
    with pytest.raises(ValueError) as e:
        tf.get_variable("v", [1])
    lines = str(e.value).splitlines()
    assert lines[0] == ("Variable v already exists, disallowed. Did you mean to set reuse=True or "
                        "reuse=tf.AUTO_REUSE in VarScope? Originally defined at:")
    assert lines[1] == ""
    assert "test_variables.py" in lines[2]


def test_get_variable_does_not_exist():
    with tf.variable_scope("s", reuse=True):
        with pytest.raises(ValueError) as e:
            tf.get_variable("nope", [1])
    assert str(e.value) == ("Variable s/nope does not exist, or was not created with tf.get_variable(). Did you "
                            "mean to set reuse=tf.AUTO_REUSE in VarScope?")
    tf.get_variable_scope().reuse_variables()
    with pytest.raises(ValueError) as e:
        tf.get_variable("nope", [1])
    assert str(e.value).startswith("Variable nope does not exist, or was not created with tf.get_variable().")


def test_get_variable_share_mismatches():
    v = tf.get_variable("v", [1])
    with tf.variable_scope("", reuse=True):
        with pytest.raises(ValueError) as e:
            tf.get_variable("v", [2])
        assert str(e.value) == "Trying to share variable v, but specified shape (2,) and found shape (1,)."
        with pytest.raises(ValueError) as e:
            tf.get_variable("v", [1], dtype=tf.int32)
        assert str(e.value) == ("Trying to share variable v, but specified dtype int32 and found dtype "
                                "float32_ref.")
        assert tf.get_variable("v") is v  # no shape given: the existing variable


def test_get_variable_shape_must_be_fully_defined():
    with pytest.raises(ValueError) as e:
        tf.get_variable("x")
    assert str(e.value) == "Shape of a new variable (x) must be fully defined, but instead was <unknown>."
    with pytest.raises(ValueError) as e:
        tf.get_variable("x2", initializer=tf.zeros_initializer())
    assert str(e.value) == "Shape of a new variable (x2) must be fully defined, but instead was <unknown>."
    with pytest.raises(ValueError) as e:
        tf.get_variable("x3", [None, 2])
    assert str(e.value) == "Shape of a new variable (x3) must be fully defined, but instead was (?, 2)."
    with pytest.raises(ValueError) as e:
        tf.get_variable("g", [2], initializer=tf.constant([1.0, 2.0]))
    assert str(e.value) == "If initializer is a constant, do not specify shape."


# -- variable scopes -------------------------------------------------------------------------------
def test_variable_scope_prefixes_variables_and_ops():
    with tf.variable_scope("foo") as sc:
        v = tf.get_variable("v", [1])
        c = tf.constant(1.0)
        w = tf.Variable(1.0, name="w")
    assert (v.name, c.name, w.name) == ("foo/v:0", "foo/Const:0", "foo/w:0")
    assert (sc.name, sc.original_name_scope) == ("foo", "foo/")
    assert (tf.get_variable_scope().name, tf.get_variable_scope().reuse) == ("", False)


def test_reentering_by_name_reuses_variables_but_not_name_scopes():
    with tf.variable_scope("foo"):
        v = tf.get_variable("v", [1])
    with tf.variable_scope("foo", reuse=True) as sc2:
        assert tf.get_variable("v") is v
        assert tf.constant(1.0).name == "foo_1/Const:0"
    assert (sc2.name, sc2.original_name_scope, sc2.reuse) == ("foo", "foo_1/", True)
    with tf.variable_scope("foo") as sc3:
        pass
    assert sc3.original_name_scope == "foo_2/"


def test_reentering_a_scope_object():
    with tf.variable_scope("foo") as sc:
        v = tf.get_variable("v", [1])
    with tf.variable_scope(sc) as again:
        assert (again.name, again.original_name_scope) == ("foo", "foo/")
        assert tf.constant(1.0).name == "foo_1/Const:0"
        with tf.variable_scope("inner"):
            assert tf.get_variable("x", [1]).name == "foo/inner/x:0"
        with pytest.raises(ValueError, match=r"^Variable foo/v already exists, disallowed\. Did you mean to set "
                                             r"reuse=True or reuse=tf\.AUTO_REUSE in VarScope\?"):
            tf.get_variable("v", [1])
    with tf.variable_scope(sc, reuse=True):
        assert tf.get_variable("v") is v


def test_reuse_true_is_inherited_and_cannot_be_turned_off():
    with tf.variable_scope("r"):
        v = tf.get_variable("v", [1])
        with tf.variable_scope("s"):
            s = tf.get_variable("s", [1])
    with tf.variable_scope("r", reuse=True) as r:
        assert r.reuse is True
        with tf.variable_scope("s", reuse=False) as inner:
            assert inner.reuse is True
            assert tf.get_variable("s") is s
        assert tf.get_variable("v") is v


def test_auto_reuse_creates_then_returns():
    def build():
        with tf.variable_scope("a", reuse=tf.AUTO_REUSE):
            x = tf.get_variable("x", [1])
            with tf.variable_scope("b"):
                y = tf.get_variable("y", [1])
        return x, y
    x1, y1 = build()
    x2, y2 = build()
    assert x1 is x2 and y1 is y2
    assert (x1.name, y1.name) == ("a/x:0", "a/b/y:0")
    assert len(tf.global_variables()) == 2
    assert repr(tf.AUTO_REUSE) == "<_ReuseMode.AUTO_REUSE: 1>"


def test_reuse_variables_on_the_current_scope():
    with tf.variable_scope("m") as sc:
        w = tf.get_variable("w", [2])
        sc.reuse_variables()
        assert tf.get_variable("w") is w


def test_default_name_uniquifies_and_resets_inside_a_reentered_parent():
    names = []
    for _ in range(3):
        with tf.variable_scope(None, default_name="layer") as sc:
            names.append((sc.name, tf.get_variable("k", [1]).name, tf.constant(0).name))
    assert names == [("layer", "layer/k:0", "layer/Const:0"), ("layer_1", "layer_1/k:0", "layer_1/Const:0"),
                     ("layer_2", "layer_2/k:0", "layer_2/Const:0")]
    inner = []
    for _ in range(2):
        with tf.variable_scope("outer"):
            for _ in range(2):
                with tf.variable_scope(None, default_name="block") as sc:
                    inner.append((sc.name, sc.original_name_scope))
    # TF forgets the counts below `outer` when it closes; name scopes still uniquify
    assert inner == [("outer/block", "outer/block/"), ("outer/block_1", "outer/block_1/"),
                     ("outer/block", "outer_1/block/"), ("outer/block_1", "outer_1/block_1/")]


def test_variable_scope_argument_errors():
    with pytest.raises(TypeError) as e:
        with tf.variable_scope(None):
            pass
    assert str(e.value) == "If default_name is None then name_or_scope is required"
    with pytest.raises(ValueError) as e:
        with tf.variable_scope(None, default_name="d", reuse=True):
            pass
    assert str(e.value) == "reuse=True cannot be used without a name_or_scope"
    with pytest.raises(TypeError, match=r"^VariableScope: name_or_scope must be a string or VariableScope\.$"):
        with tf.variable_scope(3):
            pass


def test_variable_scope_initializer_and_dtype_defaults():
    with tf.variable_scope("d", initializer=tf.constant_initializer(3.0), dtype=tf.float64):
        v = tf.get_variable("v", [2])
    assert v.dtype.base_dtype == tf.float64
    with tf.Session() as s:
        s.run(v.initializer)
        assert s.run(v).tolist() == [3.0, 3.0]


# -- assignment -----------------------------------------------------------------------------------
def test_assign_ops_and_method_forms():
    v = tf.Variable([1.0, 2.0], name="v")
    a = v.assign([5.0, 6.0])
    aa = v.assign_add([1.0, 1.0])
    asub = v.assign_sub([1.0, 1.0])
    t = tf.assign(v, [1.0, 1.0])
    ta = tf.assign_add(v, [2.0, 2.0], name="bump")
    ts = tf.assign_sub(v, [3.0, 3.0])
    assert [x.name for x in (a, aa, asub, t, ta, ts)] == ["Assign:0", "AssignAdd:0", "AssignSub:0", "Assign_1:0",
                                                          "bump:0", "AssignSub_1:0"]
    assert str(a) == 'Tensor("Assign:0", shape=(2,), dtype=float32_ref)'
    assert [x.name for x in a.op.inputs] == ["v:0", "Assign/value:0"]
    assert a.op.colocation_groups() == [b"loc:@v"]
    op = v.assign([0.0, 0.0], read_value=False)
    assert isinstance(op, tf.Operation) and op.type == "Assign"
    with tf.Session() as s:
        s.run(v.initializer)
        assert s.run(a).tolist() == [5.0, 6.0]
        assert s.run(aa).tolist() == [6.0, 7.0]
        assert s.run(asub).tolist() == [5.0, 6.0]
        assert s.run(t).tolist() == [1.0, 1.0]
        assert s.run(ta).tolist() == [3.0, 3.0]
        assert s.run(ts).tolist() == [0.0, 0.0]
        assert s.run(op) is None
        assert s.run(v).tolist() == [0.0, 0.0]


def test_assign_shape_and_type_errors():
    v = tf.Variable([1.0, 2.0], name="v")
    with pytest.raises(ValueError) as e:
        tf.assign(v, [1.0, 2.0, 3.0])
    assert str(e.value) == ("Dimension 0 in both shapes must be equal, but are 2 and 3. Shapes are [2] and [3]. "
                            "for 'Assign' (op: 'Assign') with input shapes: [2], [3].")
    with pytest.raises(TypeError) as e:
        tf.assign(v, tf.constant([1, 2]))
    assert str(e.value) == ("Input 'value' of 'Assign' Op has type int32 that does not match type float32 "
                            "of argument 'ref'.")
    with pytest.raises(AttributeError) as e:  # TF 1.x falls back to ref.assign(...)
        tf.assign(tf.constant([1.0]), [2.0])
    assert str(e.value) == "'Tensor' object has no attribute 'assign'"
    with pytest.raises(AttributeError) as e:
        tf.assign_add(tf.constant([1.0]), [2.0])
    assert str(e.value) == "'Tensor' object has no attribute 'assign_add'"


def test_assign_without_shape_validation():
    v = tf.Variable([1.0, 2.0], name="v")
    a = tf.assign(v, [1.0, 2.0, 3.0], validate_shape=False)
    assert a.shape.as_list() == [3]
    with tf.Session() as s:
        s.run(v.initializer)
        assert s.run(a).tolist() == [1.0, 2.0, 3.0]
        assert s.run(v).tolist() == [1.0, 2.0, 3.0]


def test_assign_add_before_init_fails_naming_the_update():
    v = tf.Variable([1.0], name="v")
    inc = tf.assign_add(v, [1.0])
    with tf.Session() as s, pytest.raises(tf.errors.FailedPreconditionError) as e:
        s.run(inc)
    assert str(e.value).splitlines()[0] == "Attempting to use uninitialized value v"
    assert e.value.op is inc.op


def test_updates_are_seen_by_a_read_gated_on_them():
    v = tf.Variable(0.0, name="v")
    bump = tf.assign_add(v, 1.0, name="bump")
    with tf.control_dependencies([bump]):
        read = tf.identity(v, name="read_after")
    with tf.Session() as s:
        s.run(v.initializer)
        assert s.run(read) == 1.0  # as TF: v/read aliases the variable's buffer
        assert s.run(read) == 2.0


def test_variable_load_eval_and_read_value():
    v = tf.Variable([1.0, 2.0], name="v")
    with tf.Session() as s:
        v.load([9.0, 9.0], s)
        assert s.run(v).tolist() == [9.0, 9.0]
        with s.as_default():
            assert v.eval().tolist() == [9.0, 9.0]
            r = v.read_value()
            assert r.op.type == "Identity" and r.name == "read:0"
            assert r.eval().tolist() == [9.0, 9.0]
    with pytest.raises(ValueError) as e:
        v.load([1.0, 1.0])
    assert str(e.value) == "Either session argument should be provided or default session should be established"


def test_initialized_value_runs_the_initializer():
    v = tf.Variable([1.0, 2.0], name="v")
    w = tf.Variable(v.initialized_value() * 2, name="w")
    with tf.Session() as s:
        s.run(w.initializer)
        assert s.run(w).tolist() == [2.0, 4.0]


# -- collections and initialisers -------------------------------------------------------------------
def test_variable_collections():
    v = tf.Variable(1.0, name="v")
    nt = tf.Variable(1.0, name="nt", trainable=False)
    loc = tf.Variable(0, name="loc", collections=[tf.GraphKeys.LOCAL_VARIABLES], trainable=False)
    g = tf.get_variable("g", [1], trainable=False)
    with tf.variable_scope("s"):
        sv = tf.get_variable("sv", [1])
    assert tf.global_variables() == [v, nt, g, sv]
    assert tf.trainable_variables() == [v, sv]
    assert tf.local_variables() == [loc]
    assert tf.global_variables(scope="s") == [sv]
    assert tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) == tf.global_variables()
    assert tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES) == tf.trainable_variables()


def test_initializers_are_named_init_and_group_the_assigns():
    v = tf.Variable(1.0, name="v")
    u = tf.Variable(2.0, name="u")
    loc = tf.Variable(0, name="loc", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    init = tf.global_variables_initializer()
    assert (init.name, init.type) == ("init", "NoOp")
    assert [c.name for c in init.control_inputs] == ["v/Assign", "u/Assign"]
    assert 'input: "^v/Assign"\ninput: "^u/Assign"' in str(init)
    local = tf.local_variables_initializer()
    assert local.name == "init_1" and local.control_inputs == [loc.initializer]
    some = tf.variables_initializer([u])
    assert some.name == "init_2" and some.control_inputs == [u.initializer]
    assert tf.initialize_all_variables().name == "init_3"
    with tf.Session() as s:
        assert s.run(init) is None
        assert s.run([v, u]) == [1.0, 2.0]


def test_initializer_with_no_variables_is_still_init():
    init = tf.global_variables_initializer()
    assert (init.name, init.type, init.control_inputs) == ("init", "NoOp", [])
    with tf.Session() as s:
        assert s.run(init) is None


def test_report_uninitialized_variables():
    v = tf.Variable(1.0, name="v")
    w = tf.get_variable("w", [2], initializer=tf.zeros_initializer())
    report = tf.report_uninitialized_variables()
    assert report.dtype == tf.string
    assert report.name.startswith("report_uninitialized_variables/")
    with tf.Session() as s:
        got = s.run(report)
        assert got.dtype == object and got.tolist() == [b"v", b"w"]
        s.run(v.initializer)
        assert s.run(report).tolist() == [b"w"]
        assert s.run(tf.report_uninitialized_variables([v])).tolist() == []
        s.run(w.initializer)
        empty = s.run(report)
        assert empty.dtype == object and empty.shape == (0,)


def test_is_variable_initialized():
    v = tf.Variable(1.0, name="v")
    check = tf.is_variable_initialized(v)
    assert (check.op.type, check.dtype) == ("IsVariableInitialized", tf.bool)
    with tf.Session() as s:
        before = s.run(check)
        assert isinstance(before, np.bool_) and not before
        s.run(v.initializer)
        assert s.run(check)


# -- values live in sessions -------------------------------------------------------------------------
def test_two_sessions_hold_separate_values():
    v = tf.Variable([1.0, 2.0], name="v")
    s1, s2 = tf.Session(), tf.Session()
    s1.run(v.initializer)
    s1.run(v.assign([9.0, 9.0]))
    assert s1.run(v).tolist() == [9.0, 9.0]
    with pytest.raises(tf.errors.FailedPreconditionError) as e:
        s2.run(v)
    assert str(e.value).splitlines()[0] == "Attempting to use uninitialized value v"
    s2.run(v.initializer)
    assert s2.run(v).tolist() == [1.0, 2.0]
    assert s1.run(v).tolist() == [9.0, 9.0]
    s1.close()
    s2.close()


def test_uninitialized_read_errors_name_the_reader():
    v = tf.Variable([1.0, 2.0], name="v")
    with tf.Session() as s:
        with pytest.raises(tf.errors.FailedPreconditionError) as e:
            s.run(v * 3)
        assert str(e.value).splitlines() == ["Attempting to use uninitialized value v",
                                             "\t [[node v/read (defined at test_variables.py:"
                                             f"{e.value.op._defined_at.split(':')[1]}) ]]"]
        assert e.value.op.name == "v/read" and e.value.node_def.name == "v/read"
        with pytest.raises(tf.errors.FailedPreconditionError) as e:
            s.run(v)  # fetched directly: TF names the _retval node, which is no graph op
        assert str(e.value) == "Attempting to use uninitialized value v\n\t [[{{node _retval_v_0_0}}]]"
        assert e.value.op is None and e.value.node_def is None
