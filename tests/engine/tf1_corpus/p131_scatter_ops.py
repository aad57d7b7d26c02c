import tensorflow as tf
import numpy as np

# Scatter ops on reference variables (in place, repeated indices accumulate) and on tensors
# (tensor_scatter_*), scatter_nd, their shape errors, run-time index errors and gradients.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

v = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3), name="v")
a = tf.scatter_add(v, [0, 2, 0], tf.ones([3, 3]))
b = tf.scatter_sub(v, 1, [1., 2., 3.], name="sub_row")
c = tf.scatter_nd_update(v, [[0, 1], [3, 2]], [100., 200.])
d = tf.scatter_nd_add(v, [[1], [1]], tf.ones([2, 3]))
m = tf.scatter_mul(v, [3], [[2., 2., 2.]])
up = tf.scatter_update(v, [2], [[-1., -2., -3.]])
e = tf.scatter_nd([[1], [3], [1]], tf.constant([[1, 2], [3, 4], [5, 6]]), [5, 2])
t = tf.tensor_scatter_update(tf.zeros([4, 3]), [[0], [2]], tf.ones([2, 3]))
u = tf.tensor_scatter_add(tf.ones([4]), [[0], [0], [3]], [1., 2., 3.])
w = tf.tensor_scatter_sub(tf.ones([2, 2]), [[1, 1]], [5.])
for z in (a, b, c, d, m, up, e, t, u, w):
    print(z)
ops()
with tf.Session() as sess:
    sess.run(v.initializer)
    for name, z in [("a", a), ("b", b), ("c", c), ("d", d), ("m", m), ("up", up)]:
        show(name, sess.run(z))
    show("v", sess.run(v))
    for name, z in [("e", e), ("t", t), ("u", u), ("w", w)]:
        show(name, sess.run(z))
    show_error("row out of range", lambda: sess.run(tf.scatter_add(v, [5], tf.ones([1, 3]))))
    show_error("nd out of range", lambda: sess.run(tf.scatter_nd_update(v, [[4, 0]], [1.])))
    show_error("tensor out of range", lambda: sess.run(tf.tensor_scatter_update(tf.zeros([4]), [[7]], [1.])))
    show_error("scatter_nd out of range", lambda: sess.run(tf.scatter_nd(tf.constant([[9]]), [1.], [3])))
show_error("rows shape", lambda: tf.scatter_add(v, [1], tf.ones([2, 3])))
show_error("nd shape", lambda: tf.scatter_nd_update(v, [[1, 1]], tf.ones([2])))

g = tf.Graph()
with g.as_default():
    base = tf.constant(np.linspace(-1, 1, 12).reshape(4, 3), tf.float32, name="base")
    upd = tf.constant(np.linspace(2, 3, 6).reshape(2, 3), tf.float32, name="upd")
    y = (tf.tensor_scatter_update(base, [[1], [3]], upd) * 2 + tf.tensor_scatter_add(base, [[0], [0]], upd)
         - tf.tensor_scatter_sub(base, [[2], [1]], upd * upd))
    gb, gu = tf.gradients(tf.reduce_sum(y * y), [base, upd])
    print(gb, gu)
    with tf.Session() as sess:
        show("gb", np.round(sess.run(gb), 3))
        show("gu", np.round(sess.run(gu), 3))
