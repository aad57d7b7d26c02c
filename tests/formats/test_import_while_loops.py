"""A graph with while loops (a `dynamic_rnn`, a `tf.while_loop`) goes out as a MetaGraph and comes
back: the importer leaves the loops' back edges (NextIteration -> Merge) out of its order and
sets them once both ends exist, so a saved RNN model restores from its `.meta` and trains on
(one step from the restored weights equals that step in the original graph)."""
from __future__ import annotations

import os

import numpy as np

import nbgraph as tf


def test_an_rnn_model_restores_from_its_meta_graph_and_trains_on(tmp_path):
    xv = np.random.RandomState(0).rand(2, 4, 3).astype(np.float32)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 4, 3], name="x")
        out, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(5), x, dtype=tf.float32)
        loss = tf.reduce_mean(tf.square(out), name="loss")
        tf.train.GradientDescentOptimizer(0.5).minimize(loss, name="train")
        count = tf.while_loop(lambda i: i < 10, lambda i: i + 2, [tf.constant(1)], name="count")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            want = sess.run(loss, {x: xv})
            assert sess.run(count) == 11
            tf.train.Saver().save(sess, os.path.join(tmp_path, "m"))
            sess.run("train", {x: xv})
            after = sess.run(loss, {x: xv})   # one step from the saved weights
    with tf.Graph().as_default() as g:
        saver = tf.train.import_meta_graph(os.path.join(tmp_path, "m.meta"))
        merges = [op for op in g.get_operations() if op.type == "Merge"]
        assert merges and all(op.inputs[1].op.type == "NextIteration" for op in merges)
        with tf.Session() as sess:
            saver.restore(sess, os.path.join(tmp_path, "m"))
            assert sess.run("loss:0", {"x:0": xv}) == want
            assert sess.run("count/Exit:0") == 11
            sess.run("train", {"x:0": xv})   # the imported loop's gradient steps as the original's
            assert np.allclose(sess.run("loss:0", {"x:0": xv}), after, rtol=1e-5) and after != want


def test_a_graph_def_with_a_cycle_outside_a_loop_is_still_refused():
    with tf.Graph().as_default():
        a = tf.identity(tf.constant(1.0), name="a")
        b = tf.identity(a, name="b")
        gd = tf.get_default_graph().as_graph_def()
    for nd in gd.node:
        if nd.name == "a":
            nd.input[0] = "b"
    with tf.Graph().as_default():
        try:
            tf.import_graph_def(gd, name="")
        except ValueError as e:
            assert "cycle" in str(e)
        else:
            raise AssertionError("a cyclic GraphDef was imported")
