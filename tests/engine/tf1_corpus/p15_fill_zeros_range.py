import tensorflow as tf
import collections
import numpy as np

# fill, zeros, ones, zeros_like, ones_like, range: names, dtypes and values.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

a = tf.constant([[1.5, 2.5], [3.5, 4.5]], name="a")
results = [
    tf.zeros([2, 3]),
    tf.zeros([2], dtype=tf.int32),
    tf.ones([3]),
    tf.ones([2, 2], tf.int64),
    tf.fill([2, 3], 9),
    tf.fill([2], 0.5),
    tf.zeros_like(a),
    tf.zeros_like(a, dtype=tf.int32),
    tf.range(5),
    tf.range(1, 10, 3),
    tf.range(0.0, 1.0, 0.25),
    tf.range(5, name="steps"),
    tf.zeros([2, 3], name="z"),
]
for t in results:
    print(t, t.op.type)
ops()
ones_like = tf.ones_like(a)  # after ops(): its inner op names changed between TF versions
print(ones_like, ones_like.op.type)
with tf.Session() as sess:
    for t in results + [ones_like]:
        show(t.name, sess.run(t))
