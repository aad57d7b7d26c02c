"""Group 10 of issue 15: where TF is strict, so is nbgraph (texts checked against TF 2.21 in v1
graph mode, in TF 1.15's format): a negative one_hot depth, negative `zeros` dimensions, a
non-string fed to a string placeholder, a backslash in an op or scope name; and where TF is
lenient, so is nbgraph: an int too big for int32 inside a fed list wraps, as TF (and numpy
1.x) do, instead of a raw OverflowError."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


def test_one_hot_with_a_negative_depth_is_refused_at_build():
    with pytest.raises(ValueError) as info:
        tf.one_hot([0, 1], depth=-1)
    assert str(info.value) == ("Dimension size, given by scalar input 1, must be non-negative but is -1 for "
                               "'one_hot' (op: 'OneHot') with input shapes: [2], [], [], [] and with computed "
                               "input tensors: input[1] = <-1>.")


def test_zeros_with_a_negative_dimension_names_the_op():
    with pytest.raises(ValueError) as info:
        tf.zeros([-1, 3])
    assert str(info.value) == ("Fill dimensions must be >= 0 for 'zeros' (op: 'Fill') with input shapes: [2], [] "
                               "and with computed input tensors: input[0] = <-1 3>.")


def test_a_string_placeholder_fed_ints_is_refused():
    p = tf.placeholder(tf.string, [2], name="p")
    y = tf.identity(p)
    with pytest.raises(tf.errors.InternalError, match="^Unsupported object type int$"):
        tf.Session().run(y, {p: [1, 2]})
    assert list(tf.Session().run(y, {p: ["a", b"b"]})) == [b"a", b"b"]


@pytest.mark.parametrize("name", ["a\\b", "x\\", "sc\\ope"])
def test_backslashes_in_names_are_refused(name):
    with pytest.raises(ValueError, match="is not a valid node name"):
        tf.constant(1.0, name=name)
    with pytest.raises(ValueError, match="is not a valid scope name"):
        with tf.name_scope(name):
            pass


def test_names_tf_allows_still_work():
    assert tf.constant(1.0, name="a-b.c>d/e_f").op.name == "a-b.c>d/e_f"


def test_an_int_too_big_for_int32_in_a_fed_list_wraps_as_in_tf():
    p = tf.placeholder(tf.int32, [2], name="p")
    y = tf.identity(p)
    np.testing.assert_array_equal(tf.Session().run(y, {p: [2 ** 40, 2 ** 32 + 5]}), [0, 5])
    with pytest.raises(TypeError, match="is not compatible with Tensor type"):   # the scalar case, as TF
        q = tf.placeholder(tf.int32, [], name="q")
        tf.Session().run(tf.identity(q), {q: 2 ** 40})
