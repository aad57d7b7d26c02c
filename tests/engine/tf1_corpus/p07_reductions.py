import tensorflow as tf
import collections
import numpy as np

# Reductions with axis and keepdims: names, shapes and values.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

m = tf.constant([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]], name="m")
n = tf.constant([[1, 2], [3, 4]], name="n")
results = [
    tf.reduce_sum(m),
    tf.reduce_sum(m, axis=0),
    tf.reduce_sum(m, axis=1, keepdims=True),
    tf.reduce_sum(m, axis=[0, 1]),
    tf.reduce_sum(m, 1),
    tf.reduce_mean(m),
    tf.reduce_mean(m, axis=0),
    tf.reduce_max(m, axis=1),
    tf.reduce_min(m, axis=-1),
    tf.reduce_prod(m, axis=0),
    tf.reduce_sum(n),
    tf.reduce_mean(n),
    tf.reduce_sum(m, reduction_indices=1),
    tf.reduce_sum(m, keep_dims=True),
    tf.reduce_any(tf.constant([[True, False], [False, False]]), axis=1),
    tf.reduce_all(tf.constant([[True, False], [True, True]]), axis=1),
]
for t in results:
    print(t, t.op.type)
ops()
with tf.Session() as sess:
    for t in results:
        show(t.name, sess.run(t))
