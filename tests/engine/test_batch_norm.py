"""tf.layers.batch_normalization / BatchNormalization and the FusedBatchNormV3 op (values against
numpy; the TF comparison is corpus p73)."""
import numpy as np
import pytest

import nbgraph as tf
from nbgraph.engine import grad_registry


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


def _bn(x, mean, var, gamma=1.0, beta=0.0, eps=1e-3):
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def test_training_placeholder_selects_batch_or_moving_statistics_and_updates_only_when_training():
    xs = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 1.0]], np.float32)
    x = tf.placeholder(tf.float32, [None, 2])
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.batch_normalization(x, training=training, momentum=0.5)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert [op.type for op in updates] == ["Merge", "Merge"]
    mm = tf.get_default_graph().get_tensor_by_name("batch_normalization/moving_mean:0")
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_allclose(s.run(y, {x: xs, training: False}), _bn(xs, 0.0, 1.0), rtol=1e-5)
        s.run(updates, {x: xs, training: False})
        np.testing.assert_allclose(s.run(mm), [0.0, 0.0])
        out, _ = s.run([y, updates], {x: xs, training: True})
        np.testing.assert_allclose(out, _bn(xs, xs.mean(0), xs.var(0)), rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(s.run(mm), 0.5 * xs.mean(0), rtol=1e-6)


def test_fused_path_nchw_axis_1_and_bessel_corrected_moving_variance():
    xs = np.random.RandomState(0).randn(2, 3, 2, 2).astype(np.float32)
    y = tf.layers.batch_normalization(tf.constant(xs), axis=1, training=True, momentum=0.0)
    assert y.op.type == "FusedBatchNormV3" and y.op.get_attr("data_format") in ("NCHW", b"NCHW")
    mv = tf.get_default_graph().get_tensor_by_name("batch_normalization/moving_variance:0")
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        out, _ = s.run([y, tf.get_collection(tf.GraphKeys.UPDATE_OPS)])
        axes = (0, 2, 3)
        expected = _bn(xs, xs.mean(axes, keepdims=True), xs.var(axes, keepdims=True))
        np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(s.run(mv), xs.var(axes) * 8 / 7, rtol=1e-5)


def test_fused_batch_norm_inference_uses_the_given_statistics():
    xs = np.arange(24, dtype=np.float32).reshape(1, 2, 4, 3)
    y, m, v = tf.nn.fused_batch_norm(xs, [1.0, 2.0, 3.0], [0.0, 1.0, 0.0], mean=[1.0, 2.0, 3.0],
                                     variance=[4.0, 4.0, 4.0], epsilon=0.0, is_training=False)
    with tf.Session() as s:
        got, gm = s.run([y, m])
    np.testing.assert_allclose(got, (xs - [1, 2, 3]) / np.sqrt(4 + 1.001e-5) * [1, 2, 3] + [0, 1, 0], atol=1e-5)
    np.testing.assert_allclose(gm, [1.0, 2.0, 3.0])


def test_gradient_op_is_marked_not_differentiable_and_bad_axis_is_an_error():
    assert grad_registry.registered_gradients()["FusedBatchNormGradV3"] is None
    with pytest.raises(ValueError, match="Invalid axis: 5"):
        tf.layers.batch_normalization(tf.ones([2, 3]), axis=5)
    with pytest.raises(ValueError, match="fused batch norm only supports"):
        tf.layers.batch_normalization(tf.ones([2, 3]), fused=True)
