import tensorflow as tf
import collections
import numpy as np

# argmax / argmin: dtype int64 by default, output_type, axis.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

m = tf.constant([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0], [9.0, 0.0, 1.0]])
results = [
    tf.argmax(m, 1),
    tf.argmax(m, axis=0),
    tf.argmin(m, 1),
    tf.argmax(m, 1, output_type=tf.int32),
    tf.argmax(tf.constant([3, 1, 4, 1, 5]), 0),
]
for t in results:
    print(t)
with tf.Session() as sess:
    for t in results:
        show(t.name, sess.run(t))
    correct = tf.equal(tf.argmax(m, 1), tf.constant([1, 2, 0], dtype=tf.int64))
    show("accuracy", sess.run(tf.reduce_mean(tf.cast(correct, tf.float32))))
