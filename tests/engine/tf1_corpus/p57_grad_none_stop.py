import tensorflow as tf
import numpy as np

# What gets None: unconnected xs, integer tensors, comparisons, stop_gradient and
# stop_gradients; and gradients' errors.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

c = tf.constant([1.0, 2.0], name="c")
d = tf.constant([3.0, 4.0], name="d")
i = tf.constant([1, 2], name="i")
print("unconnected", tf.gradients(c * 2.0, [c, d]))
print("int", tf.gradients(i * 2, i))
print("cast to int", tf.gradients(tf.cast(c, tf.int32), c))
print("from int", tf.gradients(tf.cast(i, tf.float32) * 2.0, i))
print("argmax", tf.gradients(tf.argmax(c), c))
print("compare", tf.gradients(tf.cast(c > 1.0, tf.float32), c))
print("y is x", tf.gradients(c, c, grad_ys=d))
v = tf.Variable([1.0, 2.0], name="v")
print("assign", tf.gradients(tf.assign(v, [3.0, 4.0]) * 3.0, v))
y = c * 2.0
print("stop y", tf.gradients(y * y, c, stop_gradients=[y]))
sg = tf.gradients(tf.stop_gradient(c) * c, c, grad_ys=d)
sx = tf.gradients(c * c + tf.square(c), c, stop_gradients=[c], grad_ys=d)
with tf.control_dependencies([d]):
    z = tf.identity(c * 5.0)
print("control dep", tf.gradients(z, d))
with tf.Session() as sess:
    show("stop_gradient", sess.run(sg[0]))
    show("stop_gradients", sess.run(sx[0]))

g2 = tf.Graph()
with g2.as_default():
    other = tf.constant(1.0, name="other")
show_error("foreign x", lambda: tf.gradients(c * 3.0, other))
show_error("foreign y", lambda: tf.gradients(other, c))
show_error("string grad_ys", lambda: tf.gradients(c * 2.0, c, grad_ys=tf.constant(["a", "b"])))
show_error("None ys", lambda: tf.gradients(None, c))
show_error("None xs", lambda: tf.gradients(c * 3.0, None))
show_error("register twice", lambda: tf.RegisterGradient("Exp")(lambda op, grad: grad), message=False)
show_error("not a string", lambda: tf.RegisterGradient(3))
