"""nce_loss / sampled_softmax_loss against numpy given the samples, and the log-uniform sampler's
draws (corpus p88 has the TF comparison)."""
import numpy as np
import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


def test_nce_loss_is_the_sigmoid_cross_entropy_of_corrected_logits():
    rng = np.random.RandomState(0)
    w, b, x = rng.randn(6, 3).astype(np.float32), rng.randn(6).astype(np.float32), rng.randn(2, 3).astype(np.float32)
    labels = np.array([[1], [4]], np.int64)
    sampled = np.array([0, 2, 5], np.int64)
    q_true, q_s = np.array([[0.5], [0.25]], np.float32), np.array([0.2, 0.4, 0.1], np.float32)
    loss = tf.nn.nce_loss(w, b, labels, x, 3, 6, sampled_values=(sampled, q_true, q_s))
    ssl = tf.nn.sampled_softmax_loss(w, b, labels, x, 3, 6, sampled_values=(sampled, q_true, q_s))
    true_logit = np.sum(x * w[labels[:, 0]], 1) + b[labels[:, 0]] - np.log(q_true[:, 0])
    samp_logit = x @ w[sampled].T + b[sampled] - np.log(q_s)
    logits = np.concatenate([true_logit[:, None], samp_logit], 1)
    target = np.concatenate([np.ones((2, 1)), np.zeros((2, 3))], 1)
    xent = np.maximum(logits, 0) - logits * target + np.log1p(np.exp(-np.abs(logits)))
    lse = np.log(np.exp(logits).sum(1))
    with tf.Session() as s:
        np.testing.assert_allclose(s.run(loss), xent.sum(1), rtol=1e-5)
        np.testing.assert_allclose(s.run(ssl), lse - logits[:, 0], rtol=1e-5)


def test_log_uniform_sampler_draws_unique_classes_in_range_with_positive_expected_counts():
    labels = tf.constant([[1], [2]], tf.int64)
    c, te, se = tf.nn.log_uniform_candidate_sampler(labels, 1, 8, True, 10, seed=3)
    with tf.Session() as s:
        for _ in range(5):
            cv, tev, sev = s.run([c, te, se])
            assert len(set(cv.tolist())) == 8 and cv.min() >= 0 and cv.max() < 10
            assert tev.shape == (2, 1) and np.all(tev > 0) and np.all(sev > 0)
