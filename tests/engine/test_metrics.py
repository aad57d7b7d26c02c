"""tf.metrics: streaming values over batches against numpy, resets, edge cases (corpus p74 has
the TF comparison)."""
import numpy as np
import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


def test_accuracy_precision_recall_stream_over_batches_and_reset():
    labels = tf.placeholder(tf.int32, [None])
    preds = tf.placeholder(tf.int32, [None])
    acc, acc_op = tf.metrics.accuracy(labels, preds)
    p, p_op = tf.metrics.precision(labels, preds)
    r, r_op = tf.metrics.recall(labels, preds)
    batches = [([1, 0, 1, 1], [1, 1, 0, 1]), ([0, 1], [0, 1])]
    all_l = np.concatenate([b[0] for b in batches])
    all_p = np.concatenate([b[1] for b in batches])
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        for l, pr in batches:
            s.run([acc_op, p_op, r_op], {labels: l, preds: pr})
        got = s.run([acc, p, r])
        tp = np.sum((all_l == 1) & (all_p == 1))
        np.testing.assert_allclose(got, [np.mean(all_l == all_p), tp / np.sum(all_p == 1), tp / np.sum(all_l == 1)])
        s.run(tf.local_variables_initializer())
        assert s.run([acc, p, r]) == [0.0, 0.0, 0.0]  # nothing seen: 0, not NaN
    assert {v.name for v in tf.local_variables()} == set(
        v.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES))
    assert not tf.global_variables()


def test_auc_of_a_perfect_and_a_reversed_ranking():
    labels = tf.constant([False, False, True, True])
    good, good_op = tf.metrics.auc(labels, tf.constant([0.1, 0.2, 0.8, 0.9]))
    bad, bad_op = tf.metrics.auc(labels, tf.constant([0.9, 0.8, 0.2, 0.1]))
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        g, b = s.run([good_op, bad_op])
    assert g == pytest.approx(1.0, abs=1e-3) and b == pytest.approx(0.0, abs=1e-3)


def test_weighted_mean_and_collections():
    m, m_op = tf.metrics.mean(tf.constant([1.0, 2.0, 3.0]), weights=tf.constant([0.0, 1.0, 3.0]),
                              metrics_collections=["mine"])
    assert tf.get_collection("mine") == [m]
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        assert s.run(m_op) == pytest.approx(11.0 / 4.0)
    with pytest.raises(ValueError, match="incompatible"):
        tf.metrics.accuracy(tf.constant([1, 2, 3]), tf.constant([1, 2]))
