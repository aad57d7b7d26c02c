"""Group 9 of issue 15: shape errors found while running carry TF's text for the op (checked
against TF 2.21, v1 graph mode), never numpy's: the shapes are hidden from shape inference by
`placeholder_with_default(..., shape=None)`."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf

NUMPY_WORDS = ("gufunc", "operands could not be broadcast", "AxisError", "ValueError", "repeated axis",
               "index can't contain", "negative dimensions", "array at index", "out of bounds")


def _hidden(value):
    return tf.placeholder_with_default(np.asarray(value), None)


def _f(*shape):
    return _hidden(np.ones(shape, np.float32))


CASES = [
    ("matmul", lambda: tf.matmul(_f(2, 3), _f(2, 3)), "MatMul",
     "Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3]"),
    ("add", lambda: tf.add(_f(2), _f(3)), "Add", "Incompatible shapes: [2] vs. [3]"),
    ("mul", lambda: _f(2, 2) * _f(3), "mul", "Incompatible shapes: [2,2] vs. [3]"),
    ("concat", lambda: tf.concat([_f(2, 2), _f(2, 3)], 0), "concat",
     "ConcatOp : Dimension 1 in both shapes must be equal: shape[0] = [2,2] vs. shape[1] = [2,3]"),
    ("concat_rank", lambda: tf.concat([_f(2), _f(2, 2)], 0), "concat",
     "ConcatOp : Ranks of all input tensors should match: shape[0] = [2] vs. shape[1] = [2,2]"),
    ("reduce_sum", lambda: tf.reduce_sum(_f(2, 2), _hidden(5)), "Sum",
     "Invalid reduction dimension (5 for input with 2 dimension(s)"),
    ("transpose", lambda: tf.transpose(_f(2, 2), _hidden([0, 0])), "transpose", "1 is missing from {0,0}."),
    ("pad", lambda: tf.pad(_f(2, 2), _hidden([[-1, 0], [0, 0]])), "Pad", "Paddings must be non-negative: -1 0"),
    ("xent", lambda: tf.nn.softmax_cross_entropy_with_logits_v2(labels=_f(2, 3), logits=_f(2, 4)),
     "softmax_cross_entropy_with_logits", "logits and labels must be broadcastable: logits_size=[2,4] labels_size=[2,3]"),
    ("fill", lambda: tf.fill(_hidden([-1, 2]), 1.0), "Fill", "Dimension -1 must be >= 0"),
    ("one_hot", lambda: tf.one_hot([0, 1], _hidden(np.int32(-1))), "one_hot", "depth must be non-negative, got: -1"),
]


@pytest.mark.parametrize("build, op_name, first", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_runtime_shape_errors_have_tfs_text(build, op_name, first):
    t = build()
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.Session().run(t)
    e = info.value
    assert e.op.name == op_name
    assert e.message.split("\n")[0] == first
    assert not any(w in str(e) for w in NUMPY_WORDS), str(e)


def test_an_unknown_kernel_failure_names_the_op_not_python(monkeypatch):
    t = tf.negative(_f(2), name="neg")
    op = t.op

    def broken(ctx, x):
        raise ZeroDivisionError("numpy internals")

    monkeypatch.setattr(op, "_kernel", broken)
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.Session().run(t)
    assert info.value.message.split("\n")[0] == "Neg could not compute its output from inputs of shapes [2]"
    assert "ZeroDivisionError" not in str(info.value) and "numpy internals" not in str(info.value)
