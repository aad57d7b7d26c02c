import tensorflow as tf
import collections
import numpy as np

# Arithmetic operators and functions: op names, op types and values.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

a = tf.constant([7.0, -2.0, 9.0], name="a")
b = tf.constant([2.0, 4.0, -3.0], name="b")
i = tf.constant([7, -7, 9], name="i")
j = tf.constant([2, 2, -4], name="j")
results = [
    a + b, a - b, a * b, a / b, a ** b, -a, abs(a),
    i // j, i % j, i + j, i * j, -i, abs(i),
    tf.add(a, b), tf.subtract(a, b), tf.multiply(a, b), tf.divide(a, b), tf.div(a, b),
    tf.truediv(a, b), tf.floordiv(i, j), tf.mod(i, j), tf.pow(a, b), tf.negative(a),
    tf.abs(i), tf.square(i),
]
for t in results:
    print(t, t.op.type)
ops()
with tf.Session() as sess:
    values = sess.run(results)
    for t, v in zip(results, values):
        show(t.name, v)
