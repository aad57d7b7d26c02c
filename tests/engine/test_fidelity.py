"""TF 1.x fidelity gaps the TF1 oracle found (issue 13): run-time kernel failures give TF's
text naming the op (never numpy's), failed op creation consumes names as TF's name scopes do,
placer errors name no op, numpy `str_` constants evaluate to bytes. Expected texts are those
TensorFlow prints for the same programs."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


def first_line(e):
    return str(e.value).splitlines()[0]


@pytest.mark.parametrize("build, feed, message", [
    (lambda x, y, i: x + y, ([1, 2], [1, 2, 3], None), "Incompatible shapes: [2] vs. [3]"),
    (lambda x, y, i: tf.maximum(x, y), ([1, 2], [1, 2, 3], None), "Incompatible shapes: [2] vs. [3]"),
    (lambda x, y, i: tf.equal(x, y), ([1, 2], [1, 2, 3], None), "Incompatible shapes: [2] vs. [3]"),
    (lambda x, y, i: tf.matmul(x, y), ([[1, 2]], [[1, 2, 3]], None),
     "Matrix size-incompatible: In[0]: [1,2], In[1]: [1,3]"),
    (lambda x, y, i: tf.add_n([x, y]), ([1, 2], [1, 2, 3], None),
     "Inputs to operation AddN of type AddN must have the same size and shape.  Input 0: [2] != input 1: [3]"),
    (lambda x, y, i: tf.concat([x, y], 0), ([[1, 2]], [[1, 2, 3]], None),
     "ConcatOp : Dimension 1 in both shapes must be equal: shape[0] = [1,2] vs. shape[1] = [1,3]"),
    (lambda x, y, i: tf.stack([x, y]), ([1, 2], [1, 2, 3], None),
     "Shapes of all inputs must match: values[0].shape = [2] != values[1].shape = [3]"),
    (lambda x, y, i: tf.transpose(x, [1, 0]), ([1, 2], None, None),
     "transpose expects a vector of size 1. But input(1) is a vector of size 2"),
    (lambda x, y, i: tf.gather(x, i), ([1, 2], None, [5]), "indices[0] = 5 is not in [0, 2)"),
    (lambda x, y, i: tf.argmax(x, 2), ([1, 2], None, None), "Expected dimension in the range [-1, 1), but got 2"),
    (lambda x, y, i: tf.reduce_sum(x, 2), ([1, 2], None, None),
     "Invalid reduction dimension (2 for input with 1 dimension(s)"),
    (lambda x, y, i: tf.squeeze(x, [0]), ([1, 2], None, None),
     "Can not squeeze dim[0], expected a dimension of 1, got 2"),
    (lambda x, y, i: tf.expand_dims(x, 5), ([1, 2], None, None),
     "Tried to expand dim index 5 for tensor with 1 dimensions."),
    (lambda x, y, i: tf.pad(x, [[1, 1], [1, 1]]), ([1, 2], None, None),
     "The first dimension of paddings must be the rank of inputs[2,2] [2]"),
    (lambda x, y, i: tf.reshape(x, [-1, 3]), ([1, 2], None, None),
     "Input to reshape is a tensor with 2 values, but the requested shape requires a multiple of 3"),
    (lambda x, y, i: tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x), ([[1., 2.]], [[1., 2., 3.]], None),
     "logits and labels must be broadcastable: logits_size=[1,2] labels_size=[1,3]"),
])
def test_runtime_kernel_failures_give_tfs_text_naming_the_op(build, feed, message):
    x, y = tf.placeholder(tf.float32, name="x"), tf.placeholder(tf.float32, name="y")
    i = tf.placeholder(tf.int32, name="i")
    out = build(x, y, i)
    fd = {k: v for k, v in zip((x, y, i), feed) if v is not None}
    with tf.Session() as s, pytest.raises(tf.errors.InvalidArgumentError) as e:
        s.run(out, fd)
    assert first_line(e) == message
    failing = out.op.inputs[0].op if out.op.type == "Reshape" and "logits" in message else out.op
    assert e.value.op is failing  # xent of unknown rank: TF's op under the scope name, reshaped after
    assert str(e.value).splitlines()[1].startswith(f"\t [[node {failing.name} (defined at ")


def test_an_unforeseen_kernel_failure_names_the_op_not_python(monkeypatch):
    from nbgraph.engine import registry
    opdef = registry.get("Neg")

    def broken(op):
        def k(ctx, x):
            raise ZeroDivisionError("python internals")
        return k
    monkeypatch.setitem(registry._REGISTRY, "Neg", registry.OpDef("Neg", opdef.category, opdef.shape_fn, broken))
    x = tf.placeholder(tf.float32, [2], name="x")
    n = tf.negative(x)
    with tf.Session() as s, pytest.raises(tf.errors.InvalidArgumentError) as e:
        s.run(n, {x: [1.0, 2.0]})
    assert "python internals" not in str(e.value) and "ZeroDivisionError" not in str(e.value)
    assert first_line(e) == "Neg could not compute its output from inputs of shapes [2]"
    assert e.value.op is n.op


def test_a_failed_op_creation_consumes_its_name_as_tf():
    a, b = tf.constant(1.0), tf.constant(1)
    with pytest.raises(TypeError):
        tf.add(a, b)
    assert tf.add(a, a).name == "Add_1:0"
    with pytest.raises(TypeError):
        tf.matmul(a, b, name="mm")
    with pytest.raises(ValueError):
        tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))
    assert tf.matmul(tf.ones([2, 2]), tf.ones([2, 2])).name == "MatMul_1:0"
    with pytest.raises(TypeError):
        tf.subtract(a, b, name="d")
    assert tf.subtract(a, a, name="d").name == "d_1:0"


def test_a_placer_error_names_no_op():
    with tf.device("/gpu:3"):
        a = tf.constant(1.0, name="a")
    b = a + 1
    with tf.Session() as s, pytest.raises(tf.errors.InvalidArgumentError) as e:
        s.run(b)
    assert e.value.op is None and e.value.node_def is None
    assert first_line(e).startswith("Cannot assign a device for operation a: ")
    assert str(e.value).splitlines()[-1] == "\t [[a]]"


@pytest.mark.parametrize("value", [np.array(["Do", "café?"]), np.array([["Do"], ["café?"]]), np.str_("café?")])
def test_numpy_str_constants_evaluate_to_bytes(value):
    c = tf.constant(value)
    assert c.dtype == tf.string
    got = tf.Session().run(c)
    flat = np.reshape(got, -1).tolist()
    assert all(type(v) is bytes for v in flat)
    assert flat == [v.encode() for v in np.reshape(value, -1).tolist()]
    assert np.shape(got) == np.shape(value)
