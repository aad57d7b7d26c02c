"""EagerTensor: values, TF 1.15's printed texts, numpy and Python interop, what eager forbids."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.eager import EagerTensor


def test_ops_run_at_once_and_print_as_tf():
    t = tf.constant([1, 2])
    assert isinstance(t, EagerTensor) and tf.executing_eagerly()
    assert str(t) == "tf.Tensor([1 2], shape=(2,), dtype=int32)"
    assert str(tf.constant(1.5)) == "tf.Tensor(1.5, shape=(), dtype=float32)"
    assert str(tf.constant("hi")) == "tf.Tensor(b'hi', shape=(), dtype=string)"
    assert str(tf.constant([[1.0, 2.0], [3.0, 4.0]])) == (
        "tf.Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)")
    assert str(tf.constant([1, 2]) + 1) == "tf.Tensor([2 3], shape=(2,), dtype=int32)"


def test_repr_has_tf_1_15_id_and_numpy():
    t = tf.constant([1, 2])
    r = repr(t)
    assert r.startswith("<tf.Tensor: id=") and r.endswith(
        ", shape=(2,), dtype=int32, numpy=array([1, 2], dtype=int32)>")
    assert repr(tf.constant(True)).endswith("shape=(), dtype=bool, numpy=True>")
    assert repr(tf.constant(2.5)).endswith("numpy=2.5>")
    assert "numpy=\narray([[1., 2.]," in repr(tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    assert int(repr(tf.constant(1)).split("id=")[1].split(",")[0]) < int(repr(tf.constant(1)).split("id=")[1].split(",")[0])


def test_value_shape_dtype_device():
    t = tf.reshape(tf.range(6), [2, 3])
    assert t.numpy().tolist() == [[0, 1, 2], [3, 4, 5]]
    assert t.shape == tf.TensorShape([2, 3]) and t.get_shape().as_list() == [2, 3] and t.ndim == 2
    assert t.dtype == tf.int32
    assert t.device == "/job:localhost/replica:0/task:0/device:CPU:0"
    s = tf.constant(2.5).numpy()
    assert isinstance(s, np.float32) and s == 2.5
    # a shape known only when run (tf.where) is the value's shape
    assert tf.where(tf.constant([True, False, True])).shape.as_list() == [2, 1]


def test_numpy_and_python_interop():
    a = tf.constant([[1, 2], [3, 4]])
    b = tf.constant([1.5, -2.0])
    assert np.array(a).tolist() == [[1, 2], [3, 4]] and np.asarray(b, dtype=np.float64).dtype == np.float64
    assert (a @ a).numpy().tolist() == [[7, 10], [15, 22]]
    assert (10 - a).numpy().tolist() == [[9, 8], [7, 6]] and (-b).numpy().tolist() == [-1.5, 2.0]
    assert a[0].numpy().tolist() == [1, 2] and a[:, 1].numpy().tolist() == [2, 4] and int(a[1, 1]) == 4
    assert float(tf.constant(2.5)) == 2.5 and int(tf.constant(7)) == 7 and bool(tf.constant(True))
    assert not bool(tf.constant(0))
    assert len(b) == 2 and [x.numpy().tolist() for x in a] == [[1, 2], [3, 4]]
    assert all(isinstance(x, EagerTensor) for x in b)
    assert f"{tf.constant(3.14159):.2f}" == "3.14"
    assert np.mean(b) == -0.25 and [1, 2, 3][tf.constant(1)] == 2
    x = tf.constant(3.0)
    assert (x > 2) and not (x < 2)
    total = tf.constant(0)
    for i in range(4):
        total += i
    assert int(total) == 6
    assert (np.float32(2) * b).numpy().tolist() == [3.0, -4.0]


def test_python_equality_is_identity_as_in_tf1():
    t = tf.constant([1, 2])
    assert (t == t) is True and (t == 1) is False and hash(t) == hash(t)


def test_scalar_len_and_iteration_and_ambiguous_bool():
    with pytest.raises(TypeError, match="Scalar tensor has no `len\\(\\)`"):
        len(tf.constant(1))
    with pytest.raises(TypeError, match="Cannot iterate over a scalar tensor."):
        iter(tf.constant(1)).__next__()
    with pytest.raises(ValueError, match="truth value of an array with more than one element is ambiguous"):
        bool(tf.constant([1, 2]))


def test_graph_attributes_are_tf_errors():
    t = tf.constant(1)
    for attr in ("name", "op", "graph"):
        with pytest.raises(AttributeError, match=f"Tensor.{attr} is meaningless when eager execution is enabled."):
            getattr(t, attr)
    with pytest.raises(NotImplementedError, match="eval is not supported when eager execution is enabled"):
        t.eval()


def test_kernel_errors_are_eager_texts():
    a = tf.constant([1, 2])
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        a + tf.constant([1, 2, 3])
    assert str(e.value) == "Incompatible shapes: [2] vs. [3] [Op:AddV2]"
    assert a._consumers == []  # the op the shape function refused left no edge behind
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Matrix size-incompatible: In\[0\]: \[2,3\], "
                                                             r"In\[1\]: \[2,3\] \[Op:MatMul\]$"):
        tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input to reshape is a tensor with 6 values, but the "
                                                             r"requested shape has 4 \[Op:Reshape\]$"):
        tf.reshape(tf.ones([2, 3]), [4])


def test_graph_only_things_refuse():
    with pytest.raises(RuntimeError, match=r"^tf.placeholder\(\) is not compatible with eager execution.$"):
        tf.placeholder(tf.float32)
    with pytest.raises(RuntimeError, match="^The Session graph is empty.  Add operations to the graph before "):
        tf.Session().run(tf.constant(1))
    with pytest.raises(RuntimeError, match="^tf.gradients is not supported when eager execution is enabled. Use "
                                           "tf.GradientTape instead.$"):
        tf.gradients(tf.constant(1.0), tf.constant(2.0))


def test_the_eager_graph_keeps_nothing(eager):
    c = tf.constant([1.0, 2.0])
    for _ in range(50):
        c * 2.0 + 1.0
    assert eager.get_operations() == [] and c._consumers == [] and eager.version == 0


def test_a_graph_block_inside_eager_mode_is_graph_mode():
    g = tf.Graph()
    with g.as_default():
        assert not tf.executing_eagerly()
        x = tf.placeholder(tf.float32, name="x")
        y = x * 2
        assert str(y) == 'Tensor("mul:0", dtype=float32)'
        with tf.Session() as sess:
            assert sess.run(y, {x: 3.0}) == 6.0
    assert tf.executing_eagerly()


def test_many_catalogue_ops_run_eagerly():
    assert tf.map_fn(lambda x: x * 2, tf.constant([1, 2, 3])).numpy().tolist() == [2, 4, 6]
    assert tf.scan(lambda a, x: a + x, tf.constant([1, 2, 3])).numpy().tolist() == [1, 3, 6]
    ta = tf.TensorArray(tf.float32, size=3)
    for i in range(3):
        ta = ta.write(i, float(i))
    assert ta.stack().numpy().tolist() == [0.0, 1.0, 2.0]
    assert tf.nn.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([2, 2, 1, 1]), [1, 1, 1, 1], "VALID").numpy().sum() == 36
    values, indices = tf.nn.top_k(tf.constant([1, 3, 2]), 2)
    assert values.numpy().tolist() == [3, 2] and indices.numpy().tolist() == [1, 2]
    assert [p.numpy().tolist() for p in tf.split(tf.constant([1, 2, 3, 4]), 2)] == [[1, 2], [3, 4]]
    assert tf.layers.dense(tf.ones([2, 3]), 4).shape.as_list() == [2, 4]
    assert tf.random_uniform([2, 5]).shape.as_list() == [2, 5]


def test_mixed_dtypes_are_the_kernels_error_in_eager_mode():
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        tf.constant(1) + tf.constant(1.0)
    assert str(e.value) == ("cannot compute AddV2 as input #1(zero-based) was expected to be a int32 tensor but "
                            "is a float tensor [Op:AddV2]")
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"^cannot compute MatMul as input #1\(zero-based\) "
                                                             r"was expected to be a double tensor but is a int32 "):
        tf.matmul(tf.constant([[1.0]], tf.float64), tf.constant([[1]]))


def test_group_no_op_and_control_dependencies_in_eager_mode():
    assert tf.no_op() is None and tf.group(tf.constant(1), tf.constant(2)) is None
    assert tf.global_variables_initializer() is None
    with tf.control_dependencies([tf.constant(1), None]):
        assert int(tf.constant(2)) == 2


def test_setting_the_seed_again_repeats_the_random_sequence():
    tf.set_random_seed(7)
    first = [tf.random_uniform([3]).numpy().tolist(), tf.random_normal([2]).numpy().tolist()]
    assert tf.random_uniform([3]).numpy().tolist() != first[0]
    tf.set_random_seed(7)
    assert [tf.random_uniform([3]).numpy().tolist(), tf.random_normal([2]).numpy().tolist()] == first
    tf.set_random_seed(8)
    assert tf.random_uniform([3]).numpy().tolist() != first[0]


def test_eager_values_in_a_graph_block_are_tfs_error_but_datasets_capture_them():
    c = tf.constant(10)
    with tf.Graph().as_default():
        with pytest.raises(RuntimeError, match="^Attempting to capture an EagerTensor without building a function.$"):
            c + 1
    doubled = tf.data.Dataset.range(3).map(lambda x: tf.cast(x, tf.int32) * c)
    assert [int(t) for t in doubled] == [0, 10, 20]
