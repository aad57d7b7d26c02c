import tensorflow as tf
import collections
import numpy as np

# get_variable initializers: created ops (names, types) and deterministic values.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

z = tf.get_variable("z", [2, 3], initializer=tf.zeros_initializer())
o = tf.get_variable("o", [3], initializer=tf.ones_initializer())
k = tf.get_variable("k", [2], initializer=tf.constant_initializer(0.5))
kl = tf.get_variable("kl", [2, 2], initializer=tf.constant_initializer([1, 2, 3, 4]))
iv = tf.get_variable("iv", [2], dtype=tf.int32, initializer=tf.zeros_initializer())
fv = tf.get_variable("fv", initializer=tf.constant([7.0, 8.0]))
g = tf.get_variable("g", [4, 5])
rn = tf.get_variable("rn", [3, 3], initializer=tf.random_normal_initializer(stddev=0.01))
tn = tf.get_variable("tn", [3], initializer=tf.truncated_normal_initializer(stddev=0.1))
gu = tf.get_variable("gu", [2, 2], initializer=tf.glorot_uniform_initializer())
for var in (z, o, k, kl, iv, fv, g, rn, tn, gu):
    print(var, var.initializer.name, var.initial_value.name)
ops()
init = tf.global_variables_initializer()
print(init.name, init.type, sorted(c.name for c in init.control_inputs))
with tf.Session() as sess:
    print(sess.run(init))
    for var in (z, o, k, kl, iv, fv):
        show(var.op.name, sess.run(var))
    gv = sess.run(g)
    limit = np.sqrt(6.0 / (4 + 5))
    print("glorot within limit:", bool(np.all(np.abs(gv) <= limit)), gv.shape, gv.dtype)
    print("random normal small:", bool(np.all(np.abs(sess.run(rn)) < 0.1)))
    print("truncated within 2 stddev:", bool(np.all(np.abs(sess.run(tn)) <= 0.2)))
