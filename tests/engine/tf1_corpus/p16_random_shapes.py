import tensorflow as tf
import collections
import numpy as np

# Random ops: only names, shapes and dtypes (values are not compared).


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

tf.set_random_seed(1)
r1 = tf.random_normal([2, 3])
r2 = tf.random_normal([4], mean=1.0, stddev=2.0, dtype=tf.float64, seed=3)
r3 = tf.truncated_normal([3, 2], stddev=0.1)
r4 = tf.random_uniform([5], minval=-1.0, maxval=1.0)
r5 = tf.random_uniform([2, 2], maxval=10, dtype=tf.int32)
for t in (r1, r2, r3, r4, r5):
    print(t.name, t.shape, t.dtype.name)
print(tf.random_normal([2]).name, tf.truncated_normal([2]).name)
with tf.Session() as sess:
    for t in (r1, r2, r3, r4, r5):
        v = sess.run(t)
        print(t.name, type(v).__name__, v.dtype, v.shape)
    v = sess.run(r4)
    print("uniform within [-1, 1):", bool(np.all(v >= -1.0) and np.all(v < 1.0)))
    v = sess.run(r5)
    print("int uniform within [0, 10):", bool(np.all(v >= 0) and np.all(v < 10)))
    v = sess.run(r3)
    print("truncated within 2 stddev:", bool(np.all(np.abs(v) <= 0.2)))
    a, b = sess.run([r1, r1])
    print("same fetch twice in one run is one value:", bool(np.array_equal(a, b)))
    c = sess.run(r1)
    print("a new run draws new values:", not np.array_equal(a, c))
