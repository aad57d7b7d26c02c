"""tf.image basics against numpy (corpus p86 has the TF comparison)."""
import numpy as np
import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


def test_resize_bilinear_with_align_corners_keeps_the_corners_and_interpolates_linearly():
    x = np.arange(4, dtype=np.float32).reshape(1, 2, 2, 1)
    y = tf.image.resize_bilinear(x, [3, 3], align_corners=True)
    with tf.Session() as s:
        np.testing.assert_allclose(s.run(y)[0, :, :, 0], [[0, 0.5, 1], [1, 1.5, 2], [2, 2.5, 3]])


def test_resize_nearest_neighbor_legacy_grid_and_dtype():
    x = np.arange(6, dtype=np.int32).reshape(1, 2, 3, 1)
    y = tf.image.resize_nearest_neighbor(x, [4, 6])
    assert y.dtype == tf.int32 and y.shape.as_list() == [1, 4, 6, 1]
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(y)[0, :, :, 0], np.repeat(np.repeat(x[0, :, :, 0], 2, 0), 2, 1))


def test_standardization_flips_and_dtype_conversion():
    img = np.random.RandomState(0).randint(0, 255, (4, 3, 3)).astype(np.uint8)
    with tf.Session() as s:
        std = s.run(tf.image.per_image_standardization(img))
        f = img.astype(np.float32)
        np.testing.assert_allclose(std, (f - f.mean()) / max(f.std(), 1 / 6), rtol=1e-4, atol=1e-5)
        np.testing.assert_array_equal(s.run(tf.image.flip_left_right(img)), img[:, ::-1])
        np.testing.assert_array_equal(s.run(tf.image.flip_up_down(img)), img[::-1])
        np.testing.assert_allclose(s.run(tf.image.convert_image_dtype(img, tf.float32)), img / 255.0, rtol=1e-6)
        gray = s.run(tf.image.rgb_to_grayscale(img.astype(np.float32) / 255))
        np.testing.assert_allclose(gray[..., 0], (img / 255.0) @ [0.2989, 0.5870, 0.1140], rtol=1e-5)
        np.testing.assert_array_equal(s.run(tf.reverse(img, [0, 2])), img[::-1, :, ::-1])
    with pytest.raises(ValueError, match="must be at least three-dimensional"):
        tf.image.flip_left_right(tf.ones([2, 3]))


def test_random_colour_changes_keep_the_image_and_check_their_ranges():
    img = (np.arange(4 * 5 * 3) * 37 % 256).astype(np.uint8).reshape(4, 5, 3)
    with tf.Session() as s:
        for out in (tf.image.random_hue(img, 0.2, seed=1), tf.image.random_saturation(img, 0.5, 1.5, seed=2),
                    tf.image.random_brightness(img, 32.0 / 255.0, seed=3), tf.image.random_contrast(img, 0.5, 1.5)):
            v = s.run(out)
            assert v.shape == img.shape and v.dtype == np.uint8
    with pytest.raises(ValueError, match="max_delta must be <= 0.5."):
        tf.image.random_hue(img, 0.6)
    with pytest.raises(ValueError, match="upper must be > lower."):
        tf.image.random_saturation(img, 1.5, 0.5)
