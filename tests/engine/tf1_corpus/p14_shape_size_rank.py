import tensorflow as tf
import collections
import numpy as np

# tf.shape / tf.size / tf.rank against static shapes (get_shape, set_shape).


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.zeros([2, 3], name="x")
p = tf.placeholder(tf.float32, [None, 3], name="p")
u = tf.placeholder(tf.float32, name="u")
for t in (x, p, u):
    s = t.get_shape()
    print(t.name, s, s.ndims, s.as_list() if s.ndims is not None else None, s.is_fully_defined())
dyn = [tf.shape(x), tf.size(x), tf.rank(x), tf.shape(p), tf.size(p), tf.rank(p), tf.shape(u), tf.rank(u)]
for t in dyn:
    print(t)
print(p.shape[0], p.shape[1], repr(p.shape[1]), p.shape.as_list())
p.set_shape([2, 3])
print("after set_shape", p)
with tf.Session() as sess:
    feed = {p: np.ones((2, 3)), u: np.ones((4, 5, 6))}
    for t in dyn:
        show(t.name, sess.run(t, feed))
