import tensorflow as tf
import collections
import numpy as np

# Placeholders and feed_dict: tensor keys, name keys, lists, arrays, overriding a tensor.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.placeholder(tf.float32, [None, 3], name="x")
y = tf.placeholder(tf.int32, shape=[2], name="y")
s = tf.placeholder(tf.float32, name="s")
d = tf.placeholder(tf.float64, [])
print(x)
print(y)
print(s)
print(d)
print(repr(x), repr(s))
doubled = x * 2
total = tf.reduce_sum(x) + s
c = tf.constant(10.0, name="c")
cc = c * 3
with tf.Session() as sess:
    show("list feed", sess.run(doubled, feed_dict={x: [[1, 2, 3]]}))
    show("array feed", sess.run(doubled, {x: np.arange(6).reshape(2, 3)}))
    show("name key", sess.run(doubled, {"x:0": [[1, 1, 1]]}))
    show("two feeds", sess.run(total, {x: np.ones((4, 3)), s: 0.5}))
    show("int feed", sess.run(y, {y: [3, 4]}))
    show("float into int", sess.run(y, {y: np.array([1.9, -1.9])}))
    show("scalar feed", sess.run(d * 2, {d: 1.25}))
    show("fed placeholder itself", sess.run(x, {x: [[7, 8, 9]]}))
    show("override a constant", sess.run(cc, {c: 1.0}))
    show("not overridden", sess.run(cc))
    show("s any shape", sess.run(s * 2, {s: [[1.0, 2.0]]}))
