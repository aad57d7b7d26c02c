import tensorflow as tf
import numpy as np

# Gradients through tf.cond: Merge's gradient is a Switch of the incoming gradient, a captured
# value's Switch gathers both branches' gradients with a Merge. Explicit grad_ys keep the op
# names the same in TF 1.15 and 2.x.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.placeholder(tf.float32, shape=[2], name="x")
c = tf.constant([3.0, 4.0], name="c")
r = tf.cond(tf.reduce_sum(x) > 0, lambda: x * x, lambda: c * x)
gx, gc = tf.gradients(r, [x, c], grad_ys=tf.ones([2], name="seed"))
print(gx.op.type, gc.op.type)
ops()
with tf.Session() as s:
    show("taken true", s.run([gx, gc], {x: [1.0, 2.0]}))
    show("taken false", s.run([gx, gc], {x: [-1.0, -2.0]}))

tf.reset_default_graph()
w = tf.Variable([1.0, 2.0], name="w")
p = tf.placeholder(tf.bool, shape=[], name="p")
loss = tf.cond(p, lambda: tf.reduce_sum(w * w), lambda: tf.reduce_sum(3.0 * w))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for step in range(4):
        s.run(train, {p: step % 2 == 0})
    show("w after 4 steps", s.run(w))
