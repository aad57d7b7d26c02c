"""`tf.unique` / `tf.unique_with_counts` return TF's namedtuples (`.y`, `.idx`, `.count`), with
the distinct values in order of first appearance."""
from __future__ import annotations

import nbgraph as tf


def test_unique_returns_a_namedtuple_with_y_and_idx():
    with tf.Graph().as_default():
        u = tf.unique([4, 2, 4, 7, 2], name="u")
        assert type(u).__name__ == "Unique" and u._fields == ("y", "idx")
        assert u.y.name == "u:0" and u.idx.name == "u:1"
        y, idx = u   # still unpacks as a pair
        with tf.Session() as sess:
            got = sess.run(u)
        assert got.y.tolist() == [4, 2, 7] and got.idx.tolist() == [0, 1, 0, 2, 1]
        assert y is u.y and idx is u.idx


def test_unique_with_counts_has_count():
    with tf.Graph().as_default():
        u = tf.unique_with_counts(["b", "a", "b"], out_idx=tf.int64)
        assert type(u).__name__ == "UniqueWithCounts" and u._fields == ("y", "idx", "count")
        assert u.count.dtype == tf.int64
        with tf.Session() as sess:
            assert sess.run(u.count).tolist() == [2, 1]
