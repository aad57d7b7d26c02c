"""tf.saved_model: simple_save / SavedModelBuilder write TF's SavedModel (saved_model.pb + a V2
checkpoint under variables/); loader.load brings graph, variables and signatures back. Real
TensorFlow loads nbgraph's and nbgraph loads TensorFlow's (when TF is installed)."""
from __future__ import annotations

import os

import numpy as np
import pytest

import nbgraph as tf


def _model():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0], [2.0]], name="w")
    b = tf.Variable([0.5], name="b")
    return x, w, tf.add(tf.matmul(x, w), b, name="y")


def test_simple_save_and_load_round_trip(tmp_path):
    export = str(tmp_path / "export")
    x, w, y = _model()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(w.assign([[3.0], [4.0]]))
        tf.saved_model.simple_save(sess, export, inputs={"x": x}, outputs={"y": y})
    assert sorted(os.listdir(export)) == ["saved_model.pb", "variables"]
    assert sorted(os.listdir(os.path.join(export, "variables"))) == ["variables.data-00000-of-00001",
                                                                     "variables.index"]
    with tf.Session(graph=tf.Graph()) as sess:
        meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], export)
        sig = meta.signature_def["serving_default"]
        assert (sig.method_name, sig.inputs["x"].name, sig.outputs["y"].name) == ("tensorflow/serving/predict",
                                                                                  "x:0", "y:0")
        assert sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: [[1.0, 1.0]]}).tolist() == [[7.5]]


def test_a_builder_with_two_tag_sets_and_clear_errors(tmp_path):
    export = str(tmp_path / "m")
    x, w, y = _model()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        builder = tf.saved_model.builder.SavedModelBuilder(export)
        with pytest.raises(AssertionError, match="has not been saved yet"):
            builder.add_meta_graph(["x"])
        builder.add_meta_graph_and_variables(sess, ["train"])
        builder.add_meta_graph(["serve"], signature_def_map={
            "predict": tf.saved_model.signature_def_utils.predict_signature_def({"x": x}, {"y": y})})
        assert builder.save(as_text=True).endswith(b"saved_model.pbtxt")
    with tf.Session(graph=tf.Graph()) as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], export)
        assert list(meta.signature_def) == ["predict"]
        assert sess.run("y:0", {"x:0": [[1.0, 0.0]]}).tolist() == [[1.5]]
        with pytest.raises(RuntimeError, match="MetaGraphDef associated with tags 'gpu' could not be found"):
            tf.saved_model.loader.load(sess, ["gpu"], export)
    with pytest.raises(AssertionError, match="Export directory already exists, and isn't empty"):
        tf.saved_model.builder.SavedModelBuilder(export)
    with pytest.raises(OSError, match="SavedModel file does not exist at"):
        tf.saved_model.loader.load(tf.Session(graph=tf.Graph()), ["serve"], str(tmp_path / "nothing"))


def test_tensorflow_loads_nbgraphs_and_nbgraph_loads_tensorflows(tmp_path, run_tf):
    ours = str(tmp_path / "ours")
    x, w, y = _model()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(w.assign([[3.0], [4.0]]))
        tf.saved_model.simple_save(sess, ours, inputs={"x": x}, outputs={"y": y})
    theirs = str(tmp_path / "theirs")
    got = run_tf("""
with tf.Session(graph=tf.Graph()) as sess:
    meta = tf.saved_model.loader.load(sess, ["serve"], ARGS["ours"])
    sig = meta.signature_def["serving_default"]
    ours = sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: [[1.0, 2.0]]}).tolist()
with tf.Graph().as_default():
    x = tf.placeholder(tf.float32, [None, 3], name="inp")
    v = tf.Variable(np.arange(3, dtype=np.float32).reshape(3, 1), name="v")
    out = tf.matmul(x, v, name="out")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.saved_model.simple_save(sess, ARGS["theirs"], inputs={"inp": x}, outputs={"out": out})
print(json.dumps(ours))
""", ours=ours, theirs=theirs)
    assert got == [[11.5]]
    with tf.Session(graph=tf.Graph()) as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], theirs)
        sig = meta.signature_def["serving_default"]
        out = sess.run(sig.outputs["out"].name, {sig.inputs["inp"].name: np.ones((1, 3), np.float32)})
    assert out.tolist() == [[3.0]]
