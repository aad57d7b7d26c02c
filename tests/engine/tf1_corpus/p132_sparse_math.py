import tensorflow as tf
import numpy as np

# Sparse arithmetic (wide/linear models, bag-of-words lessons): sparse-dense matmul, sparse sums,
# sparse + sparse and sparse + dense, concat, reorder, a sparse placeholder; values, gradients
# and errors.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

sp = tf.SparseTensor(indices=[[0, 1], [1, 0], [2, 2]], values=[1., 2., 3.], dense_shape=[3, 4])
b = tf.constant(np.arange(8, dtype=np.float32).reshape(4, 2))
m = tf.sparse_tensor_dense_matmul(sp, b)
m2 = tf.sparse.matmul(sp, tf.ones([3, 2]), adjoint_a=True, name="mt")
m3 = tf.sparse_tensor_dense_matmul(sp, tf.ones([2, 4]), adjoint_b=True)
r = tf.sparse_reduce_sum(sp)
r1 = tf.sparse_reduce_sum(sp, axis=1)
r2 = tf.sparse_reduce_sum(sp, axis=0, keepdims=True)
sp2 = tf.SparseTensor([[0, 1], [2, 3]], [10., 20.], [3, 4])
s = tf.sparse_add(sp, sp2)
s2 = tf.sparse_add(sp, tf.SparseTensor([[0, 1]], [-1.], [3, 4]), thresh=0.5)
sd = tf.sparse_add(sp, tf.ones([3, 4]))
c = tf.sparse_concat(1, [sp, sp2])
c0 = tf.sparse_concat(0, [sp, sp2])
un = tf.SparseTensor([[2, 0], [0, 1], [1, 1]], [1., 2., 3.], [3, 2])
ro = tf.sparse.reorder(un)
ph = tf.sparse_placeholder(tf.float32)
for t in (m, m2, m3, r, r1, r2, s, s2, sd, c, c0, ro, ph):
    print(t)
ops()
loss = (tf.reduce_sum(m * m) + tf.reduce_sum(r1 * r1) + tf.reduce_sum(s.values * s.values) + tf.reduce_sum(sd)
        + tf.reduce_sum(ro.values * [1., 2., 3.]))
gs = tf.gradients(loss, [sp.values, b, un.values, sp2.values])
print(gs)
with tf.Session() as sess:
    for name, t in [("m", m), ("m2", m2), ("m3", m3), ("r", r), ("r1", r1), ("r2", r2), ("sd", sd)]:
        show(name, sess.run(t))
    for name, t in [("s", s), ("s2", s2), ("c", c), ("c0", c0), ("ro", ro)]:
        v = sess.run(t)
        show(name + ".indices", v.indices)
        show(name + ".values", v.values)
        show(name + ".dense_shape", v.dense_shape)
    for i, gr in enumerate(sess.run(gs)):
        show(f"grad{i}", gr)
    show("fed", sess.run(tf.sparse_reduce_sum(ph, 1), {ph: tf.SparseTensorValue([[0, 0], [1, 2]], [1., 5.], [2, 3])}))
    show("fed all", sess.run(tf.sparse_reduce_sum(ph), {ph: tf.SparseTensorValue([[0, 0], [1, 2]], [1., 5.], [2, 3])}))
show_error("matmul shapes", lambda: tf.sparse_tensor_dense_matmul(sp, tf.ones([3, 2])))
show_error("add dense only", lambda: tf.sparse_add(tf.ones([2]), tf.ones([2])))
