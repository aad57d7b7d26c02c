import tensorflow as tf
import collections
import numpy as np

# Comparison operators and logical ops: names, types, values.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

a = tf.constant([1.0, 2.0, 3.0], name="a")
b = tf.constant([3.0, 2.0, 1.0], name="b")
t = tf.constant([True, True, False], name="t")
f = tf.constant([True, False, False], name="f")
results = [
    a < b, a <= b, a > b, a >= b,
    tf.equal(a, b), tf.not_equal(a, b), tf.less(a, 2.0), tf.greater_equal(a, 2.0),
    t & f, t | f, ~t, t ^ f,
    tf.logical_and(t, f), tf.logical_or(t, f), tf.logical_not(f), tf.logical_xor(t, f),
]
for r in results:
    print(r, r.op.type)
print("a == b is identity:", (a == b) is False or (a == b) is True, a == a)
ops()
with tf.Session() as sess:
    for r in results:
        show(r.name, sess.run(r))
