"""An exercise's blank left in (`tf.random_normal(...)`, as the r1 graphs guide writes it) gets
TF 1.15's conversion TypeError, not a Python internals error."""
from __future__ import annotations

import pytest

import nbgraph as tf

_CONVERT = r"^Failed to convert object of type <class 'ellipsis'> to Tensor\. Contents: Ellipsis\. " \
           r"Consider casting elements to a supported type\.$"
_INT32 = r"^Expected int32, got Ellipsis of type 'ellipsis' instead\.$"


@pytest.mark.parametrize("build, text", [
    (lambda: tf.random_normal(...), _CONVERT),
    (lambda: tf.random_uniform(...), _CONVERT),
    (lambda: tf.truncated_normal(...), _CONVERT),
    (lambda: tf.constant(...), _CONVERT),
    (lambda: tf.zeros(...), _INT32),
    (lambda: tf.ones(...), _INT32),
    (lambda: tf.constant([1, ...], tf.int32), r"^Expected int32, got Ellipsis of type 'ellipsis' instead\.$"),
])
def test_ellipsis_blank_is_tfs_type_error(build, text):
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match=text):
            build()
