"""Image codecs: round trips through real files, TF 1.15's error texts, GIF frames, and the
pillow-backed decoders agreeing with the pixels written."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

import nbgraph as tf


def _file(arr, fmt, **kw) -> bytes:
    out = io.BytesIO()
    Image.fromarray(arr).save(out, format=fmt, **kw)
    return out.getvalue()


@pytest.fixture
def pixels():
    return (np.arange(6 * 7 * 3) * 11 % 256).astype(np.uint8).reshape(6, 7, 3)


def test_png_bmp_and_gif_decode_to_the_pixels_written(pixels):
    with tf.Session() as s:
        assert (s.run(tf.image.decode_png(_file(pixels, "PNG"))) == pixels).all()
        assert (s.run(tf.image.decode_bmp(_file(pixels, "BMP"))) == pixels).all()
        assert (s.run(tf.image.decode_image(_file(pixels, "BMP"))) == pixels).all()
        frames = [Image.fromarray(np.full((3, 4, 3), v, np.uint8)) for v in (10, 200)]
        out = io.BytesIO()
        frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
        gif = s.run(tf.image.decode_gif(out.getvalue()))
    assert gif.shape == (2, 3, 4, 3)
    assert abs(int(gif[0, 0, 0, 0]) - 10) <= 2 and abs(int(gif[1, 0, 0, 0]) - 200) <= 2


def test_decode_errors_name_the_format():
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid PNG data, size 9"):
            s.run(tf.image.decode_png(b"not a png"))
        with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid JPEG data or crop window, data size 4"):
            s.run(tf.image.decode_jpeg(b"nope"))
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Unknown image file format. One of JPEG, PNG, GIF, BMP required."):
            s.run(tf.image.decode_image(b"???"))
    with pytest.raises(ValueError, match="channels must be one of 0, 1, 3"):
        tf.image.decode_jpeg(b"", channels=4)


def test_jpeg_round_trip_is_close_and_the_shape_follows_channels(pixels):
    smooth = np.repeat(np.repeat(np.linspace(0, 255, 8).astype(np.uint8)[:, None, None], 8, 1), 3, 2)
    with tf.Session() as s:
        back, grey = s.run([tf.image.decode_jpeg(tf.image.encode_jpeg(smooth, quality=95)),
                            tf.image.decode_jpeg(tf.image.encode_jpeg(smooth, quality=95), channels=1)])
    assert back.shape == (8, 8, 3) and grey.shape == (8, 8, 1)
    assert np.abs(back.astype(int) - smooth).max() <= 8
    assert tf.image.decode_jpeg(b"", channels=3).shape.as_list() == [None, None, 3]


def test_encode_checks_rank_and_channels():
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError, match="image must be 3-dimensional"):
            s.run(tf.image.encode_png(np.zeros((2, 2), np.uint8)))
    with pytest.raises(TypeError, match="not in list of allowed values: uint8"):
        tf.image.encode_jpeg(np.zeros((2, 2, 3), np.float32))
