"""The ops3 round's TF 1.x surface that today's TensorFlow no longer exports or that differs from
TF 1.15 (so the differential corpus cannot check it): `tf.contrib.lookup`'s vocabulary tables,
per-session tables, scatter errors on non-variables. Expected values were taken from TF's
`lookup_ops` (2.21, whose graph code is 1.15's) and TF 1.15's sources."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


def test_contrib_lookup_vocabulary_tables_have_tfs_names_and_values():
    with tf.Graph().as_default() as g:
        lookup = tf.contrib.lookup
        init = lookup.KeyValueTensorInitializer(["a", "b", "c"], [1, 2, 3], key_dtype=tf.string,
                                                value_dtype=tf.int64)
        t = lookup.HashTable(init, -1)
        out = t.lookup(tf.constant(["a", "z", "c"]))
        idx = lookup.index_table_from_tensor(tf.constant(["x", "y", "z"]), num_oov_buckets=0, default_value=-1)
        ids = idx.lookup(tf.constant([["y", "q"], ["x", "z"]]))
        rev = lookup.index_to_string_table_from_tensor(["x", "y", "z"], default_value="UNK")
        words = rev.lookup(tf.constant([2, 0, 7], tf.int64))
        init_all = tf.tables_initializer()
        assert [str(x) for x in (out, ids, words)] == [
            'Tensor("hash_table_Lookup/LookupTableFindV2:0", shape=(3,), dtype=int64)',
            'Tensor("hash_table_Lookup_1/LookupTableFindV2:0", shape=(2, 2), dtype=int64)',
            'Tensor("hash_table_Lookup_2/LookupTableFindV2:0", shape=(3,), dtype=string)']
        names = [(o.name, o.type) for o in g.get_operations()]
        for pair in [("hash_table", "HashTableV2"), ("key_value_init/LookupTableImportV2", "LookupTableImportV2"),
                     ("string_to_index/range", "Range"), ("string_to_index/Cast", "Cast"),
                     ("string_to_index/hash_table/hash_table", "HashTableV2"),
                     ("string_to_index/hash_table/table_init/LookupTableImportV2", "LookupTableImportV2"),
                     ("index_to_string/hash_table", "HashTableV2"),
                     ("index_to_string/table_init/LookupTableImportV2", "LookupTableImportV2"),
                     ("init_all_tables", "NoOp")]:
            assert pair in names
        with tf.Session() as sess:
            with pytest.raises(tf.errors.FailedPreconditionError, match="Table not initialized."):
                sess.run(out)
            sess.run(init_all)
            a, b, c = sess.run([out, ids, words])
        np.testing.assert_array_equal(a, [1, -1, 3])
        np.testing.assert_array_equal(b, [[1, -1], [0, 2]])
        assert list(c) == [b"z", b"x", b"UNK"]
        with tf.Session() as other:  # TF 1.x: each session has its own table resources
            with pytest.raises(tf.errors.FailedPreconditionError):
                other.run(t.size())
        with pytest.raises(TypeError, match=r"Signature mismatch. Keys must be dtype <dtype: 'string'>, got "
                                            r"<dtype: 'int64'>."):
            t.lookup(tf.constant([1, 2], tf.int64))


def test_scatter_on_a_plain_tensor_is_tf1s_attribute_error():
    with tf.Graph().as_default():
        with pytest.raises(AttributeError, match="'Tensor' object has no attribute '_lazy_read'"):
            tf.scatter_add(tf.zeros([3]), [0], [1.0])


@pytest.mark.parametrize("make", [
    lambda: tf.train.GradientDescentOptimizer(0.1, use_locking=True),
    lambda: tf.train.AdamOptimizer(0.1, use_locking=True),
    lambda: tf.train.FtrlOptimizer(0.1, use_locking=True),
    lambda: tf.train.ProximalAdagradOptimizer(0.1, use_locking=True),
])
def test_apply_ops_take_the_variables_lock_when_use_locking(monkeypatch, make):
    """use_locking=True: the Apply* kernel holds the variable's session lock (the one Assign takes)
    while it writes; without it, no lock is taken."""
    from nbgraph.engine.ops import locking, training_more_ops, training_ops
    taken = []
    real = locking.variable_lock

    def spy(ctx, var, use_locking):
        taken.append((var.name, use_locking))
        return real(ctx, var, use_locking)
    monkeypatch.setattr(training_ops, "variable_lock", spy)
    monkeypatch.setattr(training_more_ops, "variable_lock", spy)
    for locked in (True, False):
        taken.clear()
        with tf.Graph().as_default():
            w = tf.Variable([1.0, 2.0], name="w")
            opt = make()
            opt._use_locking = locked
            train = opt.minimize(tf.reduce_sum(w * w))
            assert all(op.get_attr("use_locking") is locked for op in tf.get_default_graph().get_operations()
                       if op.type.startswith("Apply"))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(train)
        assert ("w", True) in taken if locked else all(not flag for _, flag in taken)


def test_init_from_checkpoint_names_a_missing_tensor(tmp_path):
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0], name="v")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(v.initializer)
            saver.save(sess, str(tmp_path / "m.ckpt"))
    with tf.Graph().as_default():
        tf.get_variable("x", [2])
        with pytest.raises(ValueError, match=r"^Tensor nope is not found in .* checkpoint \{'v': \[2\]\}"):
            tf.train.init_from_checkpoint(str(tmp_path), {"nope": "x"})


def test_supervisor_threads_write_summaries_and_the_first_checkpoint_at_once(tmp_path):
    """TF's standard services run their first loop when they start: a model.ckpt-0 and a summary
    at step 0 exist before any training step, and stop() joins the threads."""
    with tf.Graph().as_default():
        w = tf.Variable(3.0, name="w")
        gs = tf.train.get_or_create_global_step()
        tf.summary.scalar("w_value", w)
        sv = tf.train.Supervisor(logdir=str(tmp_path), save_model_secs=600, save_summaries_secs=600)
        with sv.managed_session() as sess:
            import time
            deadline = time.time() + 10
            while not (tmp_path / "model.ckpt-0.index").exists() and time.time() < deadline:
                time.sleep(0.05)
            assert (tmp_path / "model.ckpt-0.index").exists()
            assert sess.run(gs) == 0
        assert sv.should_stop()
        events = [p for p in tmp_path.iterdir() if p.name.startswith("events.out.tfevents")]
        assert events
        from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
        tags = {v.tag for e in EventFileLoader(str(events[0])).Load() for v in e.summary.value}
        assert {"w_value", "global_step/sec"} <= tags
