"""Group 6 of issue 15: out of memory is TF's ResourceExhaustedError naming the op (never a raw
numpy MemoryError or a build-time OverflowError), with TF's first line, and the session stays
usable afterwards. Texts as TF (checked against TF 2.21 in v1 graph mode, whose CPU allocator
is called `mklcpu` there and `cpu` in TF 1.15)."""
from __future__ import annotations

import pytest

import nbgraph as tf

CPU = "/job:localhost/replica:0/task:0/device:CPU:0"
BIG = [10 ** 6, 10 ** 6]


def _oom(shape, dtype="float"):
    return f"OOM when allocating tensor with shape[{','.join(str(d) for d in shape)}] and type {dtype} on {CPU} by allocator cpu"


@pytest.mark.parametrize("build, op_name, shape, dtype", [
    (lambda: tf.zeros(BIG), "zeros", BIG, "float"),
    (lambda: tf.ones(BIG), "ones", BIG, "float"),
    (lambda: tf.random_normal(BIG), "random_normal/RandomStandardNormal", BIG, "float"),
    (lambda: tf.range(10 ** 12), "range", [10 ** 12], "int64"),
    (lambda: tf.tile(tf.constant([1.0]), [10 ** 12]), "Tile", [10 ** 12], "float"),
    (lambda: tf.zeros([2 ** 62]), "zeros", [2 ** 62], "float"),
    (lambda: tf.zeros(BIG, tf.float64), "zeros", BIG, "double"),
])
def test_out_of_memory_is_resource_exhausted_naming_the_op(build, op_name, shape, dtype):
    t = build()                                  # builds: no OverflowError for 2**62
    sess = tf.Session()
    with pytest.raises(tf.errors.ResourceExhaustedError) as info:
        sess.run(t)
    e = info.value
    assert e.op is not None and e.op.name == op_name
    lines = e.message.split("\n")
    assert lines[0] == _oom(shape, dtype)
    assert lines[1].startswith(f"\t [[node {op_name}")
    assert lines[2].startswith("Hint: If you want to see a list of allocated tensors when OOM happens")
    assert "MemoryError" not in str(e) and "Unable to allocate" not in str(e)
    assert sess.run(tf.constant(3.0) + 1.0) == 4.0  # the session is still usable


def test_a_variable_initializer_that_does_not_fit():
    v = tf.Variable(tf.zeros(BIG), name="v")
    sess = tf.Session()
    with pytest.raises(tf.errors.ResourceExhaustedError, match=r"^OOM when allocating tensor with shape\[1000000,1000000\]"):
        sess.run(v.initializer)
    with pytest.raises(tf.errors.FailedPreconditionError):
        sess.run(v)


def test_zeros_of_a_huge_shape_feeds_fill_an_int64_shape():
    t = tf.zeros([2 ** 62])
    assert t.op.type == "Fill" and t.op.inputs[0].dtype == tf.int64
    assert t.shape.as_list() == [2 ** 62]
