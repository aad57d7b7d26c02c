import tensorflow as tf
import numpy as np
from corpus_helpers import show, show_error

# What CNN and logistic-regression lessons do with shapes and labels: multiply Dimensions to get
# the flattened size, build variables and reshapes from them, feed labels that are one-hot ints
# or float64 arrays from numpy to softmax cross-entropy (cast to the logits' type), and turn bytes
# into text with tf.compat.

images = tf.placeholder(tf.float32, [None, 28, 28, 1], name="images")
kernel = tf.Variable(tf.constant(np.linspace(-0.2, 0.2, 5 * 5 * 4, dtype=np.float32).reshape(5, 5, 1, 4)), name="k")
conv = tf.nn.relu(tf.nn.conv2d(images, kernel, [1, 1, 1, 1], "SAME"), name="conv")
pool = tf.nn.max_pool(conv, [1, 2, 2, 1], [1, 2, 2, 1], "SAME", name="pool")
flat_size = pool.shape[1] * pool.shape[2] * pool.shape[3]
print(repr(flat_size), flat_size, pool.shape[0] * 2, 3 + pool.shape[1], 100 - pool.shape[3], pool.shape[1] // 4,
      130 // pool.shape[1], pool.shape[1] % 5, pool.shape[1] < 20, pool.shape[0] > 1, pool.shape[3] != 4)
flat = tf.reshape(pool, [-1, flat_size], name="flat")
w = tf.get_variable("w", [flat_size, 10], initializer=tf.constant_initializer(0.01))
b = tf.Variable(tf.zeros([10]), name="b")
logits = tf.matmul(flat, w) + b
print(flat, w, logits)
show_error("true division", lambda: pool.shape[1] / 2)
show_error("reflected division", lambda: 2 / pool.shape[1])

int_labels = tf.placeholder(tf.int32, [None, 10], name="int_labels")
np_labels = tf.placeholder(tf.float64, [None, 10], name="np_labels")
loss_int = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=int_labels, logits=logits))
loss_np = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=np_labels, logits=logits, name="xent"))
print(loss_int, loss_np)
print([(op.name, op.type) for op in tf.get_default_graph().get_operations() if op.type in ("Cast", "StopGradient")])
grads = tf.gradients(loss_np, [w, np_labels])
print(tf.gradients(loss_int, int_labels), [g.dtype for g in grads])
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss_int)

rng = np.random.RandomState(0)
x = rng.uniform(size=(6, 28, 28, 1)).astype(np.float32)
onehot = np.eye(10, dtype=np.int32)[[1, 3, 5, 7, 9, 0]]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    feed = {images: x, int_labels: onehot, np_labels: onehot.astype(np.float64)}
    show("losses", np.array(sess.run([loss_int, loss_np], feed)))
    for step in range(3):
        _, l = sess.run([train, loss_int], feed)
        show("step %d" % step, l)
    show("label grad", sess.run(grads[1], feed)[:2])

print(tf.compat.as_text(b"caf\xc3\xa9"), tf.compat.as_bytes("na\u00efve"), tf.compat.as_str(b"x"),
      tf.compat.as_str_any(3), tf.compat.dimension_value(pool.shape[1]), tf.compat.dimension_value(pool.shape[0]))
show_error("as_bytes", lambda: tf.compat.as_bytes(3))
