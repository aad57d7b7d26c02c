"""`engine/graph.py`: names and name scopes, control dependencies, colocation, collections,
finalize, element lookup and the default-graph stack, with TF 1.x's names and texts."""
from __future__ import annotations

import threading

import pytest

import nbgraph as tf
from nbgraph.engine import graph as graph_mod


def names(g=None):
    return [op.name for op in (g or tf.get_default_graph()).get_operations()]


# -- op names ----------------------------------------------------------------------------------
def test_default_op_names_are_types_with_counters():
    a = tf.constant(1.0)
    b = tf.constant(2.0)
    c = tf.add(a, b)
    d = tf.add(a, b)
    assert [t.name for t in (a, b, c, d)] == ["Const:0", "Const_1:0", "Add:0", "Add_1:0"]
    assert str(c) == 'Tensor("Add:0", shape=(), dtype=float32)'


def test_explicit_names_are_uniquified_too():
    x = tf.constant(1, name="a")
    y = tf.constant(1, name="a")
    z = tf.constant(1, name="a_1")  # "a_1" was taken by y, so TF goes on to a_1_1
    assert [t.name for t in (x, y, z)] == ["a:0", "a_1:0", "a_1_1:0"]


def test_names_are_case_insensitive():
    a = tf.constant([1.0, 2.0], name="a")
    s = tf.add(a, a)
    t = a + a  # "Add" is taken, and "add" is the same key
    assert (s.name, t.name) == ("Add:0", "add_1:0")
    assert tf.constant(1, name="ADD").name == "ADD_2:0"


def test_name_scopes_prefix_and_uniquify():
    with tf.name_scope("outer"):
        a = tf.constant(1, name="a")
        with tf.name_scope("inner"):
            b = tf.add(a, a)
            c = a + a
        with tf.name_scope("inner"):
            d = tf.constant(3)
    with tf.name_scope("outer"):
        e = tf.constant(4)
    with tf.name_scope("outer/"):  # a trailing "/" re-enters exactly
        e2 = tf.constant(4)
    with tf.name_scope(None):
        e3 = tf.constant(5)
    assert [t.name for t in (a, b, c, d, e, e2, e3)] == [
        "outer/a:0", "outer/inner/Add:0", "outer/inner/add_1:0", "outer/inner_1/Const:0",
        "outer_1/Const:0", "outer/Const:0", "Const:0"]


def test_name_scope_yields_the_scope_string():
    with tf.name_scope("s") as scope:
        assert scope == "s/"
        assert tf.get_default_graph().get_name_scope() == "s"
        with tf.name_scope("t") as inner:
            assert inner == "s/t/"
    with tf.name_scope("s") as again:
        assert again == "s_1/"
    with tf.name_scope(None, default_name="dflt") as d:
        assert d == "dflt/"
    with tf.name_scope("") as empty:
        assert empty == ""
    assert tf.get_default_graph().get_name_scope() == ""


def test_name_scope_case_insensitive_against_op_names():
    tf.constant(1, name="a")
    tf.constant(1, name="a")
    with tf.name_scope("A"):
        assert tf.constant(1).name == "A_2/Const:0"


def test_name_scope_without_any_name_is_an_error():
    with pytest.raises(ValueError) as e:
        with tf.name_scope(None, default_name=None, values=[tf.constant(1)]):
            pass
    assert str(e.value) == "At least one of name (None) and default_name (None) must be provided."


def test_name_scope_with_values_enters_their_graph():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0)
    with tf.name_scope("s", values=[c]) as scope:
        assert tf.get_default_graph() is g
        assert scope == "s/"
    assert tf.get_default_graph() is not g


@pytest.mark.parametrize("bad", ["<b>", "a b", "_x", "-x"])
def test_invalid_node_names(bad):
    with pytest.raises(ValueError) as e:
        tf.constant(1, name=bad)
    assert str(e.value) == f"'{bad}' is not a valid node name"


def test_invalid_scope_names():
    with pytest.raises(ValueError) as e:
        with tf.name_scope("<b>"):
            pass
    assert str(e.value) == "'<b>' is not a valid scope name"
    with tf.name_scope("ok"):
        with tf.name_scope("_inner_ok"):  # below the root a leading "_" is allowed
            assert tf.constant(1).name == "ok/_inner_ok/Const:0"


def test_unique_name():
    g = tf.get_default_graph()
    assert g.unique_name("foo") == "foo"
    assert g.unique_name("foo") == "foo_1"
    assert g.unique_name("Foo") == "Foo_2"
    assert g.unique_name("bar", mark_as_used=False) == "bar"
    assert g.unique_name("bar") == "bar"
    assert g.unique_name("bar") == "bar_1"
    with tf.name_scope("sc"):
        assert g.unique_name("foo") == "sc/foo"
    assert tf.constant(1, name="foo").name == "foo_3:0"


def test_operation_and_tensor_surface():
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.constant([3.0, 4.0], name="b")
    c = tf.add(a, b, name="c")
    op = c.op
    assert (op.name, op.type) == ("c", "Add")
    assert repr(op) == "<tf.Operation 'c' type=Add>"
    assert list(op.inputs) == [a, b]
    assert op.outputs == [c] and op.values() == (c,)
    assert c.value_index == 0 and c.graph is tf.get_default_graph()
    assert a.consumers() == [op]
    assert op.graph is tf.get_default_graph()
    assert op.node_def.name == "c"
    with pytest.raises(ValueError) as e:
        op.get_attr("nope")
    assert str(e.value) == "Operation 'c' has no attr named 'nope'."
    text = str(op)
    assert text.startswith('name: "c"\nop: "Add"\ninput: "a"\ninput: "b"\n')


def test_placeholder_and_const_print_their_node_def():
    p = tf.placeholder(tf.float32, [None, 3], name="p")
    u = tf.placeholder(tf.int32, name="u")
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.constant(3.0, name="b")
    s = tf.constant(["x", "y"], name="s")
    dtype = 'attr {\n  key: "dtype"\n  value {\n    type: DT_%s\n  }\n}\n'
    assert str(p.op) == ('name: "p"\nop: "Placeholder"\n' + dtype % "FLOAT" +
                         'attr {\n  key: "shape"\n  value {\n    shape {\n      dim {\n        size: -1\n      }\n'
                         '      dim {\n        size: 3\n      }\n    }\n  }\n}\n')
    assert str(u.op).endswith('    shape {\n      unknown_rank: true\n    }\n  }\n}\n')
    value = 'attr {\n  key: "value"\n  value {\n    tensor {\n      dtype: DT_%s\n      tensor_shape {\n%s      }\n'
    assert str(a.op) == ('name: "a"\nop: "Const"\n' + dtype % "FLOAT" +
                         value % ("FLOAT", "        dim {\n          size: 2\n        }\n") +
                         '      tensor_content: "\\000\\000\\200?\\000\\000\\000@"\n    }\n  }\n}\n')
    assert str(b.op).endswith(value % ("FLOAT", "") + "      float_val: 3\n    }\n  }\n}\n")
    assert 'string_val: "x"\n      string_val: "y"\n' in str(s.op)


def test_node_def_text_uses_proto_type_names():
    p = tf.placeholder(tf.float32, name="p")
    assert 'type: DT_FLOAT' in str(p.op)
    assert 'type: DT_DOUBLE' in str(tf.placeholder(tf.float64).op)


def test_tensor_refuses_bool_len_iter_and_numpy():
    p = tf.placeholder(tf.float32, [None, 3], name="p")
    with pytest.raises(TypeError) as e:
        bool(p)
    assert str(e.value).startswith("Using a `tf.Tensor` as a Python `bool` is not allowed.")
    with pytest.raises(TypeError) as e:
        len(p)
    assert str(e.value).startswith("len is not well defined for symbolic Tensors. (p:0)")
    # TF 1.x graph mode: iteration fails on the first `next` (TF's __iter__ is a generator)
    it = iter(tf.constant([[1, 2], [3, 4]]))
    with pytest.raises(TypeError) as e:
        next(it)
    assert str(e.value) == ("Tensor objects are only iterable when eager execution is enabled. To iterate over "
                            "this tensor use tf.map_fn.")
    with pytest.raises(TypeError, match=r"^Tensor objects are only iterable when eager execution is enabled\. "):
        a, b = tf.constant([1, 2])


def test_tensors_from_two_graphs_in_one_op():
    a = tf.constant(1.0, name="a")
    g = tf.Graph()
    with g.as_default():
        b = tf.constant(2.0, name="b")
    text = ('Tensor("b:0", shape=(), dtype=float32) must be from the same graph as '
            'Tensor("a:0", shape=(), dtype=float32).')
    for build in (lambda: tf.add(a, b), lambda: a + b, lambda: tf.stack([a, b])):
        with pytest.raises(ValueError) as e:
            build()
        assert str(e.value) == text


def test_ops_follow_their_inputs_graph():
    a = tf.constant(1.0)
    g = tf.Graph()
    with g.as_default():
        c = a * 2.0  # built in a's graph, as TF does
    assert c.graph is a.graph and c.graph is not g
    assert names(g) == []


# -- control dependencies ---------------------------------------------------------------------
def test_control_dependencies_are_added_to_new_ops():
    a = tf.constant(1.0, name="a")
    with tf.control_dependencies([a]):
        b = tf.constant(2.0, name="b") + 1
    g = tf.get_default_graph()
    ctrl = {op.name: [c.name for c in op.control_inputs] for op in g.get_operations()}
    # `add` reads ops made inside the block, which already carry the dependency
    assert ctrl == {"a": [], "b": ["a"], "add/y": ["a"], "add": []}
    assert str(g.get_operation_by_name("b")).count('input: "^a"') == 1
    assert b.op.control_inputs == []


def test_control_dependency_skipped_when_it_is_an_input():
    a = tf.constant(1.0, name="a")
    with tf.control_dependencies([a]):
        c = tf.identity(a)
    assert c.op.control_inputs == []


def test_nested_and_cleared_control_dependencies():
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    with tf.control_dependencies([a]):
        with tf.control_dependencies([b]):
            both = tf.constant(0.0, name="both")
        with tf.control_dependencies(None):
            none = tf.constant(0.0, name="none")
            with tf.control_dependencies([b]):
                only_b = tf.constant(0.0, name="only_b")
        after = tf.constant(0.0, name="after")
    assert [c.name for c in both.op.control_inputs] == ["a", "b"]
    assert none.op.control_inputs == []
    assert [c.name for c in only_b.op.control_inputs] == ["b"]
    assert [c.name for c in after.op.control_inputs] == ["a"]


def test_control_dependencies_accept_tensors_ops_and_variables():
    v = tf.Variable(1.0, name="v")
    a = tf.constant(1.0, name="a")
    with tf.control_dependencies([a.op, v]):
        c = tf.constant(0.0, name="c")
    assert [x.name for x in c.op.control_inputs] == ["a", "v"]
    with tf.control_dependencies(["a", "v:0"]):  # names too, through as_graph_element
        d = tf.constant(0.0, name="d")
    assert [x.name for x in d.op.control_inputs] == ["a", "v"]
    with pytest.raises(TypeError) as e:
        with tf.control_dependencies([3]):
            pass
    assert str(e.value) == "Can not convert a int into a Tensor or Operation."


def test_control_dependencies_from_another_graph():
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(1.0, name="x")
    with pytest.raises(ValueError) as e:
        with tf.control_dependencies([x]):
            pass
    assert str(e.value) == 'Tensor Tensor("x:0", shape=(), dtype=float32) is not an element of this graph.'


def test_control_outputs_are_recorded():
    a = tf.constant(1.0, name="a")
    with tf.control_dependencies([a]):
        b = tf.constant(2.0, name="b")
    assert a.op._control_outputs == [b.op]


# -- colocation --------------------------------------------------------------------------------
def test_colocate_with():
    a = tf.constant(1.0, name="a")
    with tf.colocate_with(a):
        b = tf.constant(2.0, name="b")
        with tf.colocate_with(b.op):
            c = tf.constant(3.0, name="c")
        with tf.colocate_with(None, ignore_existing=True):
            d = tf.constant(4.0, name="d")
        with pytest.raises(ValueError) as err:
            with tf.colocate_with(None):
                pass
        assert str(err.value) == "Trying to reset colocation (op is None) but ignore_existing is not True"
        with tf.colocate_with(b, ignore_existing=True):
            e = tf.constant(5.0, name="e")
    assert a.op.colocation_groups() == [b"loc:@a"]
    assert b.op.colocation_groups() == [b"loc:@a"]
    assert c.op.colocation_groups() == [b"loc:@a"]
    assert d.op.colocation_groups() == [b"loc:@d"]
    assert e.op.colocation_groups() == [b"loc:@a"]
    assert b.op.get_attr("_class") == [b"loc:@a"]
    with pytest.raises(ValueError) as err:
        a.op.get_attr("_class")
    assert str(err.value) == "Operation 'a' has no attr named '_class'."


def test_colocate_with_takes_the_device_of_the_op():
    with tf.device("/cpu:0"):
        a = tf.constant(1.0, name="a")
    with tf.device("/gpu:0"), tf.colocate_with(a):
        b = tf.constant(2.0, name="b")
    assert b.device == a.device == "/device:CPU:0"


def test_colocate_with_converts_other_values():
    with tf.colocate_with(3):  # TF converts the value and colocates with the new Const
        b = tf.constant(2.0, name="b")
    assert [op.name for op in tf.get_default_graph().get_operations()] == ["Const", "b"]
    assert b.op.colocation_groups() == [b"loc:@Const"]


def test_variable_ops_are_colocated_with_the_variable():
    tf.Variable(1.0, name="v")
    tf.Variable(lambda: tf.zeros([2]), name="w")
    g = tf.get_default_graph()
    groups = {op.name: op.colocation_groups() for op in g.get_operations()}
    assert groups == {
        "v/initial_value": [b"loc:@v/initial_value"], "v": [b"loc:@v"], "v/Assign": [b"loc:@v"],
        "v/read": [b"loc:@v"], "w/Initializer/zeros": [b"loc:@w"], "w": [b"loc:@w"],
        "w/Assign": [b"loc:@w"], "w/read": [b"loc:@w"]}


# -- collections -------------------------------------------------------------------------------
def test_collections():
    g = tf.get_default_graph()
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    tf.add_to_collection("my", a)
    tf.add_to_collections(["x", "y"], b)
    tf.add_to_collections("z", a)
    assert tf.get_collection("my") == [a]
    assert tf.get_collection("x") == [b] and tf.get_collection("y") == [b] and tf.get_collection("z") == [a]
    assert sorted(g.get_all_collection_keys()) == ["my", "x", "y", "z"]
    assert tf.get_collection("nope") == []
    copy = tf.get_collection("my")
    copy.append(b)
    assert tf.get_collection("my") == [a]  # get_collection returns a copy
    ref = tf.get_collection_ref("my")
    ref.append(b)
    assert tf.get_collection("my") == [a, b]  # ...and get_collection_ref the list itself
    g.clear_collection("my")
    assert tf.get_collection("my") == []


def test_collection_scope_filter_matches_names_from_the_start():
    with tf.name_scope("foo"):
        x = tf.constant(1.0, name="x")
    y = tf.constant(1.0, name="foox")
    z = tf.constant(1.0, name="barfoo")
    for t in (x, y, z):
        tf.add_to_collection("c", t)
    assert tf.get_collection("c", scope="foo") == [x, y]
    assert tf.get_collection("c", scope="foo/") == [x]


def test_graph_keys():
    assert tf.GraphKeys.GLOBAL_VARIABLES == "variables"
    assert tf.GraphKeys.TRAINABLE_VARIABLES == "trainable_variables"
    assert tf.GraphKeys.LOCAL_VARIABLES == "local_variables"
    assert tf.GraphKeys.VARIABLES == tf.GraphKeys.GLOBAL_VARIABLES


# -- finalize ------------------------------------------------------------------------------------
def test_finalize_blocks_new_ops_and_collections():
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0)
        g.finalize()
        assert g.finalized
        with pytest.raises(RuntimeError) as e:
            tf.constant(2.0)
        assert str(e.value) == "Graph is finalized and cannot be modified."
        with pytest.raises(RuntimeError, match=r"^Graph is finalized and cannot be modified\.$"):
            tf.add_to_collection("c", 1)
        g._unsafe_unfinalize()
        assert tf.constant(3.0).name == "Const_1:0"


def test_finalized_graph_can_still_run():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(2.0) * 3.0
    g.finalize()
    with tf.Session(graph=g) as s:
        assert s.run(c) == 6.0


# -- lookups -------------------------------------------------------------------------------------
def test_get_operation_and_tensor_by_name():
    g = tf.get_default_graph()
    a = tf.constant(1.0, name="a")
    assert g.get_operation_by_name("a") is a.op
    assert g.get_tensor_by_name("a:0") is a
    assert g.as_graph_element(a) is a and g.as_graph_element(a.op) is a.op
    assert g.as_graph_element("a") is a.op and g.as_graph_element("a:0") is a


@pytest.mark.parametrize("lookup, cls, text", [
    (lambda g: g.get_operation_by_name("zzz"), KeyError,
     "\"The name 'zzz' refers to an Operation not in the graph.\""),
    (lambda g: g.get_tensor_by_name("zzz:0"), KeyError,
     "\"The name 'zzz:0' refers to a Tensor which does not exist. The operation, 'zzz', does not exist "
     "in the graph.\""),
    (lambda g: g.get_tensor_by_name("a:1"), KeyError,
     "\"The name 'a:1' refers to a Tensor which does not exist. The operation, 'a', exists but only has "
     "1 outputs.\""),
    (lambda g: g.get_tensor_by_name("a"), ValueError,
     "The name 'a' refers to an Operation, not a Tensor. Tensor names must be of the form "
     "\"<op_name>:<output_index>\"."),
    (lambda g: g.get_tensor_by_name("zz"), ValueError,
     "The name 'zz' looks like an (invalid) Operation name, not a Tensor. Tensor names must be of the "
     "form \"<op_name>:<output_index>\"."),
    (lambda g: g.get_operation_by_name("a:0"), ValueError,
     "Name 'a:0' appears to refer to a Tensor, not a Operation."),
    (lambda g: g.as_graph_element("a:x"), ValueError,
     "The name 'a:x' looks a like a Tensor name, but is not a valid one. Tensor names must be of the "
     "form \"<op_name>:<output_index>\"."),
    (lambda g: g.as_graph_element(3), TypeError, "Can not convert a int into a Tensor or Operation."),
    (lambda g: g.as_graph_element(3, allow_operation=False), TypeError, "Can not convert a int into a Tensor."),
    (lambda g: g.get_operation_by_name(3), TypeError, "Operation names are strings (or similar), not int."),
    (lambda g: g.get_tensor_by_name(3), TypeError, "Tensor names are strings (or similar), not int."),
])
def test_as_graph_element_errors(lookup, cls, text):
    tf.constant(1.0, name="a")
    with pytest.raises(cls) as e:
        lookup(tf.get_default_graph())
    assert str(e.value) == text


def test_as_graph_element_from_another_graph():
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(1.0, name="x")
    with pytest.raises(ValueError) as e:
        tf.get_default_graph().as_graph_element(x)
    assert str(e.value) == 'Tensor Tensor("x:0", shape=(), dtype=float32) is not an element of this graph.'
    with pytest.raises(ValueError) as e:
        tf.get_default_graph().as_graph_element(x.op)
    assert str(e.value).startswith("Operation name: \"x\"")
    assert str(e.value).endswith("is not an element of this graph.")


# -- the default graph stack ---------------------------------------------------------------------
def test_as_default_nests_and_restores():
    base = tf.get_default_graph()
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default() as entered:
        assert entered is g1 and tf.get_default_graph() is g1
        with g2.as_default():
            assert tf.get_default_graph() is g2
            assert tf.constant(1.0).graph is g2
        assert tf.get_default_graph() is g1
    assert tf.get_default_graph() is base
    assert names(g1) == [] and names(g2) == ["Const"]


def test_reset_default_graph_replaces_the_global_graph():
    old = tf.get_default_graph()
    tf.constant(1.0)
    tf.reset_default_graph()
    new = tf.get_default_graph()
    assert new is not old and new.get_operations() == []
    assert tf.constant(1.0).name == "Const:0"


def test_reset_default_graph_inside_as_default_is_an_assertion_error():
    g = tf.Graph()
    before = tf.get_default_graph()
    with g.as_default():
        with pytest.raises(AssertionError) as e:
            tf.reset_default_graph()
        assert str(e.value) == ("Do not use tf.reset_default_graph() to clear nested graphs. If you need a "
                                "cleared graph, exit the nesting and create a new graph.")
        assert tf.get_default_graph() is g
    assert tf.get_default_graph() is before


def test_default_graph_stack_is_per_thread():
    g = tf.Graph()
    seen = {}

    def other():
        seen["graph"] = tf.get_default_graph()

    with g.as_default():
        t = threading.Thread(target=other)
        t.start()
        t.join()
    assert seen["graph"] is not g
    assert seen["graph"] is tf.get_default_graph()
    assert graph_mod._default_graph_stack.stack == []


def test_graph_version_counts_ops():
    g = tf.Graph()
    assert g.version == 0
    with g.as_default():
        tf.constant(1.0)
        tf.constant(2.0)
    assert g.version == 2


def test_graph_repr():
    g = tf.Graph()
    assert repr(g) == f"<nbgraph.Graph object at {id(g):#x}>"
