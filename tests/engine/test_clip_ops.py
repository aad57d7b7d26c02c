"""clip_by_global_norm, clip_by_norm, l2_normalize, xw_plus_b, sequence_mask, random_crop and
the variance-scaling initializers, against numpy (corpus p75 has the TF comparison)."""
import numpy as np
import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


def test_clip_by_global_norm_scales_every_tensor_by_one_factor():
    a, b = np.array([3.0, 4.0], np.float32), np.array([[12.0]], np.float32)
    clipped, norm = tf.clip_by_global_norm([a, None, b], 6.5)
    assert clipped[1] is None and clipped[0].name == "clip_by_global_norm/clip_by_global_norm/_0:0"
    with tf.Session() as s:
        ca, cb, n = s.run([clipped[0], clipped[2], norm])
    assert n == pytest.approx(13.0)
    np.testing.assert_allclose(ca, a * 0.5, rtol=1e-6)
    np.testing.assert_allclose(cb, b * 0.5, rtol=1e-6)
    with pytest.raises(TypeError, match="t_list should be a sequence"):
        tf.clip_by_global_norm(tf.constant(a), 1.0)


def test_clip_by_norm_l2_normalize_and_xw_plus_b():
    x = np.array([[3.0, 4.0], [0.3, 0.4]], np.float32)
    with tf.Session() as s:
        np.testing.assert_allclose(s.run(tf.clip_by_norm(x, 1.0, axes=[1])), [[0.6, 0.8], [0.3, 0.4]], rtol=1e-6)
        np.testing.assert_allclose(s.run(tf.clip_by_norm(np.zeros(2, np.float32), 1.0)), [0.0, 0.0])
        np.testing.assert_allclose(s.run(tf.nn.l2_normalize(x, axis=1)), [[0.6, 0.8], [0.6, 0.8]], rtol=1e-6)
        w, b = np.ones((2, 3), np.float32), np.array([1.0, 0.0, -1.0], np.float32)
        np.testing.assert_allclose(s.run(tf.nn.xw_plus_b(x, w, b)), x @ w + b, rtol=1e-6)


def test_sequence_mask_and_its_static_shape():
    m = tf.sequence_mask([1, 3, 0])
    assert m.shape.as_list() == [3, 3]
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(m), np.arange(3)[None] < np.array([1, 3, 0])[:, None])
        assert s.run(tf.sequence_mask([2], 4, dtype=tf.float32)).tolist() == [[1.0, 1.0, 0.0, 0.0]]
    with pytest.raises(ValueError, match="maxlen must be scalar"):
        tf.sequence_mask([1], [2, 3])


def test_random_crop_is_a_contiguous_block_and_too_big_a_crop_fails():
    v = np.arange(60).reshape(5, 4, 3)
    crop = tf.random_crop(v, [2, 3, 3], seed=1)
    assert crop.shape.as_list() == [2, 3, 3]
    with tf.Session() as s:
        for _ in range(5):
            c = s.run(crop)
            i, j = np.argwhere(v == c[0, 0, 0])[0][:2]
            np.testing.assert_array_equal(c, v[i:i + 2, j:j + 3])
        with pytest.raises(tf.errors.InvalidArgumentError, match="Need value.shape >= size"):
            s.run(tf.random_crop(v, [6, 1, 1]))


def test_variance_scaling_bounds_and_spreads():
    u = tf.get_variable("u", [50, 30], initializer=tf.variance_scaling_initializer(2.0, "fan_out", "uniform"))
    n = tf.get_variable("n", [200, 100], initializer=tf.initializers.he_normal(seed=3))
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        uv, nv = s.run([u, n])
    assert np.abs(uv).max() <= np.sqrt(3 * 2.0 / 30) and np.abs(uv).max() > 0.9 * np.sqrt(3 * 2.0 / 30)
    assert nv.std() == pytest.approx(np.sqrt(2.0 / 200), rel=0.05)
    assert np.abs(nv).max() <= 2 * np.sqrt(2.0 / 200) / 0.87962566103423978 + 1e-6
    with pytest.raises(ValueError, match="Invalid `mode` argument"):
        tf.variance_scaling_initializer(mode="fan_xyz")
