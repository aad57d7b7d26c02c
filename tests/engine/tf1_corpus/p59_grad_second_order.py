import tensorflow as tf
import numpy as np

# Second derivatives: gradients of gradients, and tf.hessians (by value).


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.constant([1.0, 2.0, -0.5], name="x")
y = tf.reduce_sum(x * x * x + tf.sin(x))
(g1,) = tf.gradients(y, x)
(g2,) = tf.gradients(g1, x)
z = tf.constant([[0.5, -1.0], [2.0, 0.3]], tf.float64, name="z")
f = tf.reduce_sum(tf.sigmoid(z) * tf.tanh(z)) + tf.reduce_sum(tf.exp(z) * tf.square(z))
(hz,) = tf.hessians(f, z)
(hx,) = tf.hessians(y, x)
print(hz.shape, hx.shape)
with tf.Session() as sess:
    show("g1", sess.run(g1))
    show("g2", sess.run(g2))
    show("hx", sess.run(hx))
    show("hz", sess.run(hz))
    a = tf.constant([0.3, -0.7], name="a")
    for fn in (tf.sigmoid, tf.tanh, tf.nn.softplus, tf.sqrt, tf.log, tf.reciprocal):
        v = a * a + 0.5 if fn in (tf.sqrt, tf.log) else a
        (d1,) = tf.gradients(tf.reduce_sum(fn(v)), a)
        (d2,) = tf.gradients(d1, a)
        show(fn.__name__ + "_2nd", sess.run(d2))
