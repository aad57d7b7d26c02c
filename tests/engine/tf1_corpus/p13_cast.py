import tensorflow as tf
import collections
import numpy as np

# cast and the to_* helpers: names, dtypes, truncation toward zero.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

f = tf.constant([-1.7, -0.5, 0.5, 1.7, 2.0], name="f")
i = tf.constant([0, 1, 2, -3], name="i")
b = tf.constant([True, False], name="b")
results = [
    tf.cast(f, tf.int32),
    tf.cast(f, tf.bool),
    tf.cast(i, tf.float32),
    tf.cast(i, tf.bool),
    tf.cast(b, tf.float32),
    tf.cast(b, tf.int32, name="as_int"),
    tf.cast(i, tf.int32),
    tf.to_float(i),
    tf.to_int32(f),
    tf.cast(f, tf.float64),
    tf.cast(i, "float32"),
]
for t in results:
    print(t, t.op.type)
ops()
with tf.Session() as sess:
    for t in results:
        show(t.name, sess.run(t))
