import tensorflow as tf
import numpy as np

# Variables under eager execution: created with their value, printed with it, read afresh on
# every use, updated in place by assign/assign_add/assign_sub.
tf.enable_eager_execution()

v = tf.Variable(1.0)
print(v)
w = tf.Variable([[1, 2], [3, 4]], name="weights")
print(w)
print(v.name, w.name, v.dtype, w.dtype, v.shape, w.shape, v.trainable)
print(v.numpy(), w.numpy().tolist(), v.read_value(), w.value())
v.assign(4.0)
print(v.numpy())
v.assign_add(1.5)
v.assign_sub(0.5)
print(v)
r = v.read_value()
v.assign(100.0)
print("an earlier read keeps its value:", r.numpy(), "now", v.numpy())
print(v + 1, v * 2, w @ w, w[0], -v)
print(tf.square(v), tf.reduce_sum(w), np.array(w).sum())
c = tf.Variable(0, name="counter")
for _ in range(5):
    c.assign_add(2)
print(c, int(c.numpy()))
z = tf.Variable(tf.zeros([2, 3]))
print(z.shape, z.numpy().tolist())
s = tf.Variable(tf.ones([3]) * 2.0, trainable=False)
print(s.trainable, s.numpy().tolist())
init = tf.Variable(np.array([0.5, 1.5], dtype=np.float32))
init.assign(init * 2)
print(init.numpy().tolist())
print("collections in eager mode:", tf.global_variables(), tf.trainable_variables())
g = tf.get_variable("g", shape=[2], initializer=tf.constant_initializer(3.0))
print(g.name, g.numpy().tolist())
