import tensorflow as tf
import collections
import numpy as np

# Python numbers meet tensors: converted to the tensor's dtype, named x/y inside the op.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

a = tf.constant([1.0, 2.0], name="a")
n = tf.constant([6, 9], name="n")
exprs = [a + 1, 1 + a, a * 2, 2 * a, a - 1, 1 - a, a / 2, 2 / a, a ** 2, 3 - n, n * 2, n // 4, n % 4, n / 4, n / n]
for t in exprs:
    print(t)
ops()
with tf.Session() as sess:
    for t in exprs:
        show(t.name, sess.run(t))
