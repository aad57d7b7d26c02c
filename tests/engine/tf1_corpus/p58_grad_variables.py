import tensorflow as tf
import numpy as np

# Gradients w.r.t. variables (through their reads) and hand-written gradient descent on a
# line fit: the loss and the weights after each step.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x_data = np.array([[1.0], [2.0], [3.0], [4.0], [5.0]], np.float32)
y_data = np.array([[3.1], [4.9], [7.2], [8.8], [11.1]], np.float32)
x = tf.placeholder(tf.float32, [None, 1], name="x")
y = tf.placeholder(tf.float32, [None, 1], name="y")
w = tf.Variable([[0.5]], name="w")
b = tf.Variable([0.0], name="b")
pred = tf.matmul(x, w) + b
loss = tf.reduce_mean(tf.square(pred - y))
gw, gb = tf.gradients(loss, [w, b])
print(gw, gb.shape)  # (b's gradient is named by the broadcasting path, which TF 2 infers statically)
lr = 0.02
step = tf.group(tf.assign_sub(w, lr * gw), tf.assign_sub(b, lr * gb))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    feed = {x: x_data, y: y_data}
    for i in range(8):
        l, dw, db = sess.run([loss, gw, gb], feed)
        show(f"step{i}", np.array([l, dw[0, 0], db[0]]))
        sess.run(step, feed)
    show("w", sess.run(w))
    show("b", sess.run(b))

u = tf.Variable(tf.ones([2, 2]), name="u")
h = tf.reduce_sum(tf.sigmoid(u) * u.read_value())
print(tf.gradients(h, u))
with tf.Session() as sess:
    sess.run(u.initializer)
    show("du", sess.run(tf.gradients(h, u)[0]))
