"""`tf.compat`'s helpers: bytes/text conversions with TF's error text, and the dimension helpers
(values as tensorflow.compat.v1 gives them)."""
from __future__ import annotations

import pathlib

import numpy as np
import pytest

import nbgraph as tf


def test_bytes_and_text_conversions():
    assert tf.compat.as_bytes("héllo") == "héllo".encode()
    assert tf.compat.as_bytes(bytearray(b"ab")) == b"ab"
    assert tf.compat.as_text(b"caf\xc3\xa9") == tf.compat.as_str(b"caf\xc3\xa9") == "café"
    assert tf.compat.as_text("x") == "x"
    assert tf.compat.as_str_any(b"b") == "b" and tf.compat.as_str_any(3) == "3"
    assert tf.compat.path_to_str(pathlib.Path("/tmp/a")) == "/tmp/a" and tf.compat.path_to_str(7) == 7
    with pytest.raises(TypeError, match=r"^Expected binary or unicode string, got 3$"):
        tf.compat.as_bytes(3)
    with pytest.raises(TypeError, match=r"^Expected binary or unicode string, got \[1\]$"):
        tf.compat.as_text([1])


def test_type_tuples_and_dimensions():
    assert isinstance(np.int64(3), tf.compat.integral_types) and not isinstance(2.5, tf.compat.integral_types)
    assert isinstance(np.float32(1), tf.compat.real_types) and isinstance(1j, tf.compat.complex_types)
    assert isinstance(b"", tf.compat.bytes_or_text_types)
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.compat.dimension_value(x.shape[1]) == 3 and tf.compat.dimension_value(x.shape[0]) is None
    assert tf.compat.dimension_value(5) == 5
    assert tf.compat.dimension_at_index(x.shape, 1).value == 3
    assert tf.compat.dimension_at_index(tf.TensorShape(None), 4).value is None
    assert tf.compat.v1 is tf
