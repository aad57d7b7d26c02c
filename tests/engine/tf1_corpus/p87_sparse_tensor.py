import tensorflow as tf
import numpy as np

# Sparse tensors as bag-of-words / one-hot lessons use them: tf.SparseTensor, fetching a
# SparseTensorValue, sparse_placeholder fed with a SparseTensorValue or a tuple,
# sparse_tensor_to_dense / tf.sparse.to_dense, the gradient to the values, errors.

from corpus_helpers import show, show_error  # noqa: E402,F401
st = tf.SparseTensor(indices=[[0, 0], [1, 2]], values=[1.0, 2.0], dense_shape=[3, 4])
print(st)
print(st.shape, st.dtype)
d = tf.sparse_tensor_to_dense(st)
d2 = tf.sparse.to_dense(st, default_value=-1.0)
sp = tf.sparse_placeholder(tf.float32)
print(sp.indices, sp.values, sp.dense_shape)
dd = tf.sparse_tensor_to_dense(sp)
print(d, d2, dd)
with tf.Session() as s:
    v = s.run(st)
    print(type(v).__name__, v.indices.tolist(), v.values.tolist(), v.dense_shape.tolist())
    show("d", s.run(d)); show("d2", s.run(d2))
    show("dd", s.run(dd, {sp: tf.SparseTensorValue([[0, 1], [2, 0]], [5.0, 6.0], [3, 2])}))
    show("dd2", s.run(dd, {sp: ([[1, 1]], [7.0], [2, 2])}))
    g = tf.gradients(tf.reduce_sum(d * tf.constant(np.arange(12.0, dtype=np.float32).reshape(3, 4))), st.values)[0]
    show("g", s.run(g))
    show_error("order", lambda: s.run(tf.sparse_tensor_to_dense(tf.SparseTensor([[1, 0], [0, 0]], [1, 2], [2, 2]))))
named = tf.sparse_placeholder(tf.int32, shape=[2, 3], name="words")
print(named.indices, named.values, named.dense_shape, named.shape)
with tf.Session() as s:
    show("named", s.run(tf.sparse.to_dense(named), {named: ([[0, 2], [1, 0]], [4, 5], [2, 3])}))
    show_error("bounds", lambda: s.run(tf.sparse_tensor_to_dense(tf.SparseTensor([[3, 0]], [1.0], [2, 2]))))
