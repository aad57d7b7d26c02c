import tensorflow as tf
import collections
import numpy as np

# Broadcasting: static shapes (with unknown dims) and values.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

m = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
row = tf.constant([10.0, 20.0, 30.0])
col = tf.constant([[100.0], [200.0]])
s = tf.constant(0.5)
p = tf.placeholder(tf.float32, [None, 3], name="p")
q = tf.placeholder(tf.float32, [None, 1], name="q")
exprs = [m + row, m * col, row + col, m - s, p + row, p * q, q + row, p + m]
for t in exprs:
    print(t.name, t.shape, t.get_shape().as_list())
with tf.Session() as sess:
    feed = {p: [[1, 1, 1], [2, 2, 2]], q: [[3], [4]]}
    for t, v in zip(exprs, sess.run(exprs, feed_dict=feed)):
        show(t.name, v)
    show("p*q 3 rows", sess.run(p * q, {p: np.ones((3, 3)), q: [[1], [2], [3]]}))
