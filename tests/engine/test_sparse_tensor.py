"""tf.SparseTensor basics: fetch as SparseTensorValue, feed a sparse_placeholder, to_dense and its
errors (corpus p87 has the TF comparison)."""
import numpy as np
import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


def test_fetch_feed_and_densify():
    st = tf.SparseTensor([[0, 1], [2, 3]], [1.5, -2.0], [3, 4])
    assert st.shape.as_list() == [3, 4] and st.dtype == tf.float32
    sp = tf.sparse_placeholder(tf.float32)
    dense = tf.sparse_tensor_to_dense(sp, default_value=9.0)
    with tf.Session() as s:
        v = s.run({"st": st})["st"]
        assert isinstance(v, tf.SparseTensorValue) and v.dense_shape.tolist() == [3, 4]
        expected = np.full((2, 2), 9.0, np.float32)
        expected[1, 0] = 3.0
        np.testing.assert_array_equal(s.run(dense, {sp: tf.SparseTensorValue([[1, 0]], [3.0], [2, 2])}), expected)
        with pytest.raises(TypeError, match="must be a SparseTensorValue"):
            s.run(dense, {sp: [1.0]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="is out of bounds"):
            s.run(tf.sparse.to_dense(tf.SparseTensor([[5, 0]], [1.0], [2, 2])))
    with pytest.raises(TypeError, match="Input must be a SparseTensor"):
        tf.sparse_tensor_to_dense(tf.ones([2]))
