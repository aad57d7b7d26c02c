"""Drawing real graphs: `to_dot` and `%nbgraph graph` accept a GraphDef, a MetaGraphDef or a
.pb/.pbtxt/.meta path, including op types nbgraph cannot run."""
from __future__ import annotations

import pytest

import nbgraph as tf
from nbgraph.render import to_dot
from tests.ipython.conftest import run, shell  # noqa: F401  (fixtures)


def _graph_def():
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        with tf.name_scope("layer"):
            w = tf.Variable(tf.ones([3, 2]), name="w")
            tf.nn.relu(tf.matmul(x, w), name="act")
        return g.as_graph_def()


def test_to_dot_of_a_graph_def_draws_its_nodes():
    gd = _graph_def()
    source = to_dot(gd).source
    for name in ("layer/MatMul", "layer/act", "layer/w/read"):
        assert name.split("/")[-1] in source
    collapsed = to_dot(gd, depth=1).source
    assert "layer/act" not in collapsed and "layer" in collapsed
    assert tf.get_default_graph().get_operations() == []  # drawn from a fresh graph


@pytest.mark.parametrize("suffix,as_text", [(".pb", False), (".pbtxt", True)])
def test_to_dot_of_graph_files(tmp_path, suffix, as_text):
    gd = _graph_def()
    path = tf.train.write_graph(gd, str(tmp_path), "g" + suffix, as_text=as_text)
    assert to_dot(path).source == to_dot(gd).source
    with tf.Graph().as_default():
        with tf.Session() as s:
            w = tf.Variable(1.0, name="v")
            s.run(w.initializer)
            tf.train.Saver().save(s, str(tmp_path / "m"))
    assert "restore_all" in to_dot(str(tmp_path / "m.meta")).source


def test_unknown_op_types_are_drawn_but_not_run():
    gd = _graph_def()
    conv = gd.node.add(name="conv", op="SomeConvOpNbgraphLacks")
    conv.input.extend(["x", "layer/w/read"])
    gd.node.add(name="after", op="Identity", input=["conv:1"]).attr["T"].type = 1
    source = to_dot(gd).source
    assert "SomeConvOpNbgraphLacks" in source and "after" in source
    with pytest.raises(tf.errors.NotFoundError, match="Op type not registered 'SomeConvOpNbgraphLacks'"):
        tf.import_graph_def(gd)


def test_missing_graph_file_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="no graph file at"):
        to_dot(str(tmp_path / "nope.pb"))


def test_magic_draws_a_graph_file(run, tmp_path):  # noqa: F811
    path = tf.train.write_graph(_graph_def(), str(tmp_path), "g.pbtxt")
    shown = run(f"%nbgraph graph {path} --dot --depth 1")
    assert shown.stdout.startswith("digraph nbgraph {") and "layer" in shown.stdout
    run(f"gd = tf.train.write_graph and __import__('nbgraph').formats.meta_graph.read_graph_file({path!r})")
    shown = run("%nbgraph graph gd --dot")
    assert "MatMul" in shown.stdout
