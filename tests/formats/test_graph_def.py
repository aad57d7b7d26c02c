"""GraphDef/NodeDef as TF writes them, `get_attr` for every attr, `import_graph_def` round trips."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


def _build():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0], [2.0]], name="w")
    y = tf.reduce_sum(tf.matmul(x, w, transpose_a=False), axis=1, keep_dims=True, name="y")
    return x, w, y


def test_node_def_has_tf_attrs():
    x, w, y = _build()
    g = tf.get_default_graph()
    mm = g.get_operation_by_name("MatMul")
    assert mm.get_attr("T") == tf.float32
    assert (mm.get_attr("transpose_a"), mm.get_attr("transpose_b")) == (False, False)
    s = g.get_operation_by_name("y")
    assert (s.get_attr("keep_dims"), s.get_attr("Tidx"), s.get_attr("T")) == (True, tf.int32, tf.float32)
    v = w.op
    assert (v.get_attr("container"), v.get_attr("shared_name")) == (b"", b"")
    assert [d.size for d in v.get_attr("shape").dim] == [2, 1]
    assert g.get_operation_by_name("w/Assign").get_attr("_class") == [b"loc:@w"]
    assert g.get_operation_by_name("w/Assign").get_attr("use_locking") is True
    assert [d.size for d in x.op.get_attr("shape").dim] == [-1, 2]
    an = tf.add_n([x, x, x])
    assert (an.op.get_attr("N"), an.op.get_attr("T")) == (3, tf.float32)
    assert tf.cast(x, tf.int32).op.get_attr("DstT") == tf.int32
    assert tf.shape(x).op.get_attr("out_type") == tf.int32
    with pytest.raises(ValueError, match="Operation 'MatMul' has no attr named 'nope'."):
        mm.get_attr("nope")


def test_const_value_is_a_tensor_proto():
    c = tf.constant([[1.0, 2.0]], name="c")
    value = c.op.get_attr("value")
    assert type(value).__name__ == "TensorProto"
    np.testing.assert_array_equal(tf.make_ndarray(value), [[1.0, 2.0]])
    nd = c.op.node_def
    assert (nd.name, nd.op, nd.attr["dtype"].type) == ("c", "Const", 1)


def test_graph_def_inputs_devices_versions_and_shapes():
    x, w, y = _build()
    with tf.control_dependencies([y]), tf.device("/cpu:0"):
        z = tf.identity(x, name="z")
    gd = tf.get_default_graph().as_graph_def(add_shapes=True)
    nodes = {n.name: n for n in gd.node}
    assert list(nodes["z"].input) == ["x", "^y"]
    assert nodes["z"].device == "/device:CPU:0"
    assert list(nodes["MatMul"].input) == ["x", "w/read"]
    assert [d.size for d in nodes["y"].attr["_output_shapes"].list.shape[0].dim] == [-1, 1]
    assert gd.versions.producer > 0
    assert "_output_shapes" not in tf.get_default_graph().as_graph_def().node[0].attr
    version = tf.get_default_graph().version
    tf.constant(1.0, name="late")
    assert [n.name for n in tf.get_default_graph().as_graph_def(from_version=version).node] == ["late"]


def test_import_round_trip_runs_and_prefixes_names():
    _build()
    gd = tf.get_default_graph().as_graph_def()
    with tf.Graph().as_default() as g2:
        assert tf.import_graph_def(gd) is None
        x2 = tf.placeholder(tf.float32, [None, 2], name="feed")
        y2, w_op = tf.import_graph_def(gd, input_map={"x:0": x2}, return_elements=["y:0", "w"], name="m")
        assert [y2.name, w_op.name, w_op.type] == ["m/y:0", "m/w", "VariableV2"]
        assert y2.op.inputs[0].op.inputs[0] is x2
        assert y2.shape.as_list() == [None, 1]
        names = [o.name for o in g2.get_operations()]
        assert "import/y" in names and "m/w/read" in names
        assert g2.get_operation_by_name("m/w/read").get_attr("_class") == [b"loc:@m/w"]
        with tf.Session() as s:
            s.run("m/w/Assign")
            np.testing.assert_allclose(s.run(y2, {x2: [[1, 1], [2, 0]]}), [[3.0], [2.0]])
    assert tf.get_default_graph().as_graph_def() == gd  # nothing changed in the source graph


def test_import_errors_name_what_is_wrong():
    tf.constant(1.0, name="c")
    gd = tf.get_default_graph().as_graph_def()
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Requested return tensor 'zz:0' not found in graph def"):
            tf.import_graph_def(gd, return_elements=["zz:0"])
        with pytest.raises(ValueError, match=r"Attempted to map inputs that were not found in graph_def: \[q:0\]"):
            tf.import_graph_def(gd, input_map={"q:0": tf.constant(2.0)})
        gd.node.add(name="odd", op="FooBarOp")
        with pytest.raises(tf.errors.NotFoundError, match="Op type not registered 'FooBarOp'"):
            tf.import_graph_def(gd)


def test_write_graph_text_and_binary(tmp_path):
    _build()
    text = tf.train.write_graph(tf.get_default_graph(), str(tmp_path / "sub"), "g.pbtxt")
    binary = tf.train.write_graph(tf.get_default_graph().as_graph_def(), str(tmp_path), "g.pb", as_text=False)
    assert text == str(tmp_path / "sub" / "g.pbtxt")
    assert 'op: "VariableV2"' in open(text).read()
    from nbgraph.formats.meta_graph import read_graph_file
    assert read_graph_file(binary) == read_graph_file(text) == tf.get_default_graph().as_graph_def()


def test_write_graph_unwritable_logdir_names_the_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(tf.errors.PermissionDeniedError, match=str(blocker / "logs")):
        tf.train.write_graph(tf.get_default_graph(), str(blocker / "logs"), "g.pb")


def test_real_tf_runs_nbgraph_graph_def(run_tf):
    x, w, y = _build()
    z = tf.nn.relu(y - 4.0, name="z")
    gd = tf.get_default_graph().as_graph_def()
    feed = [[1.0, 2.0], [3.0, 1.0]]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        ours = s.run(z, {x: feed}).tolist()
    got = run_tf("""
        gd = tf.GraphDef.FromString(bytes.fromhex(ARGS["gd"]))
        tf.import_graph_def(gd, name="")
        g = tf.get_default_graph()
        with tf.Session() as s:
            s.run("w/Assign")
            print(json.dumps(s.run("z:0", {"x:0": ARGS["feed"]}).tolist()))
    """, gd=gd.SerializeToString().hex(), feed=feed)
    assert got == ours == [[1.0], [1.0]]


def test_nbgraph_runs_real_tf_graph_def(run_tf):
    got = run_tf("""
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        w = tf.Variable(tf.ones([3, 2]), name="w")
        y = tf.nn.softmax(tf.matmul(x, w) * tf.constant([1.0, 2.0]), name="y")
        m = tf.reduce_mean(tf.square(y), axis=0, name="m")
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            out = s.run(m, {x: [[1, 2, 3], [0, 1, 0]]})
        print(json.dumps({"gd": tf.get_default_graph().as_graph_def().SerializeToString().hex(),
                          "out": out.tolist()}))
    """)
    gd = tf.GraphDef.FromString(bytes.fromhex(got["gd"]))
    (m,) = tf.import_graph_def(gd, return_elements=["m:0"], name="")
    with tf.Session() as s:
        s.run("w/Assign")
        np.testing.assert_allclose(s.run(m, {"x:0": [[1, 2, 3], [0, 1, 0]]}), got["out"], rtol=1e-6)
def test_meta_graph_round_trip_keeps_collections_and_variables(tmp_path):
    x, w, y = _build()
    tf.add_to_collection("outputs", y)
    tf.add_to_collection("numbers", 3)
    tf.add_to_collection("names", "hi")
    m = tf.train.export_meta_graph(str(tmp_path / "m.meta"))
    assert m.meta_info_def.tensorflow_version == "1.15.0"
    assert {op.name for op in m.meta_info_def.stripped_op_list.op} >= {"MatMul", "VariableV2", "Sum"}
    with tf.Graph().as_default() as g2:
        assert tf.train.import_meta_graph(str(tmp_path / "m.meta"), import_scope="r") is not None
        (v,) = tf.global_variables()
        assert (v.name, v.initializer.name, v.value().name) == ("r/w:0", "r/w/Assign", "r/w/read:0")
        assert tf.trainable_variables() == [v]
        assert g2.get_collection("outputs")[0].name == "r/y:0"
        assert g2.get_collection("numbers") == [3] and g2.get_collection("names") == [b"hi"]
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            np.testing.assert_allclose(s.run("r/y:0", {"r/x:0": [[1, 2]]}), [[5.0]])




def test_session_graph_def_adds_shapes_only_when_configured():
    tf.constant(1.0, name="c")
    with tf.Session() as s:
        assert sorted(s.graph_def.node[0].attr) == ["dtype", "value"]
    config = tf.ConfigProto(graph_options=tf.GraphOptions(infer_shapes=True))
    with tf.Session(config=config) as s:
        assert sorted(s.graph_def.node[0].attr) == ["_output_shapes", "dtype", "value"]


def test_import_without_prefix_uniquifies_taken_names():
    c = tf.constant(1.0, name="c")
    tf.add(c, c, name="d")
    gd = tf.get_default_graph().as_graph_def()
    with tf.Graph().as_default() as g2:
        tf.constant(5.0, name="c")
        d, c2 = tf.import_graph_def(gd, name="", return_elements=["d:0", "c"])
        assert (d.name, c2.name) == ("d:0", "c_1")
        assert [o.name for o in g2.get_operations()] == ["c", "c_1", "d"]
        with tf.Session() as s:
            assert s.run(d) == 2.0


def test_a_dynamic_rnn_graph_serialises_its_resource_handles(tmp_path):
    """The TensorArray handles a dynamic_rnn loop passes through `Enter` are DT_RESOURCE (a
    char-RNN lesson's FileWriter(logdir, sess.graph) writes this graph)."""
    x = tf.placeholder(tf.float32, [None, 5, 3])
    tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), x, dtype=tf.float32)
    gd = tf.get_default_graph().as_graph_def()
    enter = next(n for n in gd.node if n.name == "rnn/while/TensorArrayReadV3/Enter")
    assert str(enter.attr["T"]) == "type: DT_RESOURCE\n"
    tf.summary.FileWriter(str(tmp_path), tf.get_default_graph()).close()
    assert len(list(tmp_path.iterdir())) == 1
