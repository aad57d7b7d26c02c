import tensorflow as tf
import collections
import numpy as np

# No silent dtype promotion between tensors.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

f = tf.constant([1.0, 2.0], name="f")
i = tf.constant([1, 2], name="i")
d = tf.constant([1.0, 2.0], dtype=tf.float64, name="d")
show_error("float + int", lambda: f + i)
show_error("int + float", lambda: i + f)
show_error("tf.add float int", lambda: tf.add(f, i))
show_error("float32 * float64", lambda: f * d)
show_error("int + 1.5", lambda: i + 1.5)
show_error("matmul float int", lambda: tf.matmul([[1.0]], tf.constant([[1]])))
show_error("subtract", lambda: tf.subtract(i, f))
show_error("constant 1.5 as int32", lambda: tf.constant(1.5, dtype=tf.int32))
show_error("float + np.int32", lambda: f + np.int32(3), message=False)
show_error("int + 2", lambda: i + 2)
show_error("float + 2", lambda: f + 2)
show_error("cast then add", lambda: f + tf.cast(i, tf.float32))
with tf.Session() as sess:
    show("f + 2", sess.run(f + 2))
    show("f + cast(i)", sess.run(f + tf.cast(i, tf.float32)))
