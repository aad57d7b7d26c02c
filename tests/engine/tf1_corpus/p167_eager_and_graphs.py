import tensorflow as tf
import numpy as np

# Eager programs and graphs: what eager mode refuses (placeholders, tf.gradients), and a graph
# built and run in a Session inside `with tf.Graph().as_default():` of an eager program.
tf.enable_eager_execution()
print("eager:", tf.executing_eagerly())
try:
    tf.placeholder(tf.float32, [None, 3])
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    tf.gradients(tf.constant(1.0), tf.constant(2.0))
except RuntimeError as e:
    print("RuntimeError:", e)

g = tf.Graph()
with g.as_default():
    print("inside a graph block:", tf.executing_eagerly())
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(tf.ones([3, 1]), name="w")
    y = tf.matmul(x, w, name="y")
    grad = tf.gradients(tf.reduce_sum(y), w)[0]
    print(x, y)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(y, {x: [[1, 2, 3]]}).tolist(), sess.run(grad, {x: [[1, 2, 3], [1, 1, 1]]}).ravel().tolist())
print("after the block:", tf.executing_eagerly(), tf.constant([1.0]) + 1)
e = tf.constant([[1.0, 2.0, 3.0]])
v = tf.Variable(tf.ones([3, 1]))
print(tf.matmul(e, v), g.get_operation_by_name("y").type)
print(len(g.get_operations()) > 0, isinstance(tf.constant(1).numpy(), np.integer))
