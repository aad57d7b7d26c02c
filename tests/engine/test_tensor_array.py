"""tf.TensorArray (TensorArrayV3 ops) and tf.map_fn / scan / foldl / foldr: TF 1.x's op names and
shapes, values, TF's run-time error texts, gradients through arrays and loops (values from
tensorflow.compat.v1 or numpy)."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


def test_tensor_array_names_and_shapes_as_tf():
    ta = tf.TensorArray(tf.float32, size=2).write(0, [1.0, 2.0])
    assert str(ta.handle) == 'Tensor("TensorArray:0", shape=(2,), dtype=resource)'
    assert str(ta.flow) == 'Tensor("TensorArrayWrite/TensorArrayWriteV3:0", shape=(), dtype=float32)'
    assert str(ta.read(0)) == 'Tensor("TensorArrayReadV3:0", shape=(2,), dtype=float32)'
    assert str(ta.stack()) == 'Tensor("TensorArrayStack/TensorArrayGatherV3:0", shape=(2, 2), dtype=float32)'
    ops = {op.name: op.type for op in tf.get_default_graph().get_operations()}
    assert ops["TensorArrayWrite/TensorArrayWriteV3/index"] == "Const"
    assert ops["TensorArrayStack/TensorArraySizeV3"] == "TensorArraySizeV3"  # TF 1.x: the size is an op
    assert ops["TensorArrayStack/range"] == "Range"


def test_write_read_stack_unstack_gather_scatter_concat_split():
    x = tf.placeholder(tf.float32, [3, 2])
    ta = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(x)
    both = tf.TensorArray(tf.float32, size=4).scatter([3, 0], x[:2]).write(1, [7.0, 8.0]).write(2, [0.0, 0.0])
    parts = tf.TensorArray(tf.float32, size=2, infer_shape=False, clear_after_read=False).split([1.0, 2.0, 3.0], [2, 1])
    xv = np.arange(6, dtype=np.float32).reshape(3, 2)
    with tf.Session() as s:
        got = s.run([ta.read(1), ta.gather([2, 0]), ta.stack(), ta.size(), both.stack(), parts.concat(),
                     parts.read(1)], {x: xv})
    np.testing.assert_array_equal(got[0], xv[1])
    np.testing.assert_array_equal(got[1], xv[[2, 0]])
    np.testing.assert_array_equal(got[2], xv)
    assert got[3] == 3
    np.testing.assert_array_equal(got[4], [[2, 3], [7, 8], [0, 0], [0, 1]])
    np.testing.assert_array_equal(got[5], [1, 2, 3])
    np.testing.assert_array_equal(got[6], [3])


def test_dynamic_size_grows_and_unwritten_elements_read_as_zeros():
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True).write(0, [1.0, 2.0]).write(2, [3.0, 4.0])
    with tf.Session() as s:
        assert s.run(ta.size()) == 3
        np.testing.assert_array_equal(s.run(ta.read(1)), [0.0, 0.0])  # as TF: the element shape is known


def _first_line(excinfo):
    return str(excinfo.value).splitlines()[0]


def test_run_time_errors_are_tfs():
    ta = tf.TensorArray(tf.float32, size=2).write(0, [1.0, 2.0])
    r1, r2 = ta.read(0), ta.read(0)
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            s.run([r1, r2])
        assert _first_line(e).endswith("Could not read index 0 twice because it was cleared after a previous read "
                                       "(perhaps try setting clear_after_read = false?).")
        assert _first_line(e).startswith("TensorArray TensorArray_")
        with pytest.raises(tf.errors.InvalidArgumentError, match="Tried to write to index 5 but array is not "
                                                                 "resizeable and size is: 2"):
            s.run(ta.write(5, [1.0, 2.0]).flow)
        with pytest.raises(tf.errors.InvalidArgumentError, match="Could not write to TensorArray index 0 because it "
                                                                 "has already been written to."):
            s.run(ta.write(0, [1.0, 2.0]).flow)
        with pytest.raises(tf.errors.UnimplementedError, match="TensorArray has size zero, but element shape "
                                                               "<unknown> is not fully defined"):
            s.run(tf.TensorArray(tf.float32, size=0).stack())
    with pytest.raises(ValueError, match=r"Inconsistent shapes: saw \(3,\) but expected \(2,\)"):
        ta.write(1, [1.0, 2.0, 3.0])


def test_gradients_through_write_read_in_a_loop_equal_numpy():
    x = tf.placeholder(tf.float64, [4, 2])
    inputs = tf.TensorArray(tf.float64, size=4).unstack(x)

    def body(i, acc, out):
        v = inputs.read(i)
        acc = acc + v * v
        return i + 1, acc, out.write(i, acc * 2.0)
    _, _, out = tf.while_loop(lambda i, a, o: i < 4, body,
                              [tf.constant(0), tf.zeros([2], tf.float64), tf.TensorArray(tf.float64, size=4)])
    res = out.stack()
    (gx,) = tf.gradients(tf.reduce_sum(res * res), x)
    xv = np.arange(8.0).reshape(4, 2) / 5
    acc = np.cumsum(xv * xv, axis=0)
    # d/dx_k sum_t (2 acc_t)^2 = sum_{t>=k} 8 acc_t * 2 x_k
    want = np.array([16 * xv[k] * acc[k:].sum(axis=0) for k in range(4)])
    with tf.Session() as s:
        np.testing.assert_allclose(s.run(gx, {x: xv}), want, rtol=1e-12)


def test_map_fn_builds_tf_names_and_values():
    x = tf.placeholder(tf.float32, [3, 2], name="x")
    m = tf.map_fn(lambda r: r * 2.0, x)
    assert str(m) == 'Tensor("map/TensorArrayStack/TensorArrayGatherV3:0", shape=(3, 2), dtype=float32)'
    names = {op.name for op in tf.get_default_graph().get_operations()}
    for name in ("map/TensorArray", "map/TensorArrayUnstack/TensorArrayScatter/TensorArrayScatterV3",
                 "map/while/TensorArrayReadV3", "map/while/TensorArrayWrite/TensorArrayWriteV3",
                 "map/TensorArray_1", "map/while/iteration_counter", "map/while/LoopCond"):
        assert name in names, name
    pair = tf.map_fn(lambda t: (t[0] + 1.0, t[1] * 2), (x, tf.constant([1, 2, 3])), dtype=(tf.float32, tf.int32))
    xv = np.arange(6, dtype=np.float32).reshape(3, 2)
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(m, {x: xv}), xv * 2)
        a, b = s.run(pair, {x: xv})
    np.testing.assert_array_equal(a, xv + 1)
    np.testing.assert_array_equal(b, [2, 4, 6])


def test_scan_foldl_foldr_values():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    s1 = tf.scan(lambda a, r: a * 0.5 + r, x)
    s2 = tf.scan(lambda a, r: a + tf.reduce_sum(r), x, initializer=tf.constant(1.0), reverse=True)
    fl = tf.foldl(lambda a, r: a * r, x)
    fr = tf.foldr(lambda a, r: a - r, x, initializer=tf.zeros([2]))
    assert s1.name == "scan/TensorArrayStack/TensorArrayGatherV3:0"
    with tf.Session() as s:
        got = s.run([s1, s2, fl, fr])
    np.testing.assert_allclose(got[0], [[1, 2], [3.5, 5], [6.75, 8.5]])
    np.testing.assert_allclose(got[1], [22, 19, 12])
    np.testing.assert_allclose(got[2], [15, 48])
    np.testing.assert_allclose(got[3], [-9, -12])


def test_gradients_through_map_fn_and_scan_equal_tf():
    """Numbers from tensorflow.compat.v1 for the same program."""
    x = tf.placeholder(tf.float32, [3, 2], name="x")
    w = tf.constant([[1.0, -1.0], [0.5, 2.0]], name="w")
    m = tf.map_fn(lambda r: tf.tanh(tf.matmul(tf.expand_dims(r, 0), w))[0], x)
    sc = tf.scan(lambda a, r: a * 0.5 + r, x)
    loss = tf.reduce_sum(m * m) + tf.reduce_sum(sc * sc)
    gx, gw = tf.gradients(loss, [x, w])
    with tf.Session() as s:
        got_gx, got_gw = s.run([gx, gw], {x: [[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]]})
    np.testing.assert_allclose(got_gx, TF_GX, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_gw, TF_GW, rtol=1e-5, atol=1e-6)


TF_GX = [[0.7336904406547546, 1.581049919128418], [2.1474363803863525, -1.201483130455017],
         [1.325234055519104, 2.8056979179382324]]
TF_GW = [[0.46837714314460754, 0.2644101679325104], [0.4424119293689728, 0.7970080375671387]]
