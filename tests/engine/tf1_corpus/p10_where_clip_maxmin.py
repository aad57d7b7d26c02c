import tensorflow as tf
import collections
import numpy as np

# where, clip_by_value, maximum and minimum.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.constant([-2.0, -0.5, 0.5, 3.0], name="x")
y = tf.constant([1.0, 1.0, 1.0, 1.0], name="y")
cond = x > 0
results = [
    tf.where(cond, x, y),
    tf.where(cond, x, tf.zeros_like(x)),
    tf.clip_by_value(x, -1.0, 1.0),
    tf.clip_by_value(tf.constant([1, 5, 9]), 2, 6),
    tf.maximum(x, y),
    tf.minimum(x, 0.0),
    tf.maximum(x, -1.0, name="floor"),
]
for t in results:
    print(t, t.op.type)
ops()
with tf.Session() as sess:
    for t in results:
        show(t.name, sess.run(t))
    show("where(cond) indices", sess.run(tf.where(cond)))
