import tensorflow as tf
import numpy as np

# Bad input to the optimizers: nothing to optimize, an integer loss, no gradients, duplicate
# variables (TF applies the update twice), shape and dtype mismatches, uninitialized slots.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

opt = tf.train.GradientDescentOptimizer(0.1)
show_error("no variables", lambda: opt.minimize(tf.constant(3.0)))
v = tf.Variable([1.0, 2.0], name="v")
show_error("integer loss", lambda: opt.minimize(tf.constant(3)))
show_error("no gradient", lambda: opt.minimize(tf.constant(3.0), var_list=[v]))
iv = tf.Variable(1, name="iv")
show_error("integer variable", lambda: opt.minimize(tf.cast(iv, tf.float32) * 2.0, var_list=[iv]))
show_error("empty apply", lambda: opt.apply_gradients([]))
show_error("only None", lambda: opt.apply_gradients([(None, v)]))
show_error("shape", lambda: opt.apply_gradients([(tf.constant([1.0, 1.0, 3.0]), v)]))
show_error("dtype", lambda: opt.apply_gradients([(tf.constant([1, 1]), v)]))
show_error("adagrad accumulator", lambda: tf.train.AdagradOptimizer(0.1, initial_accumulator_value=-1.0))
loss = tf.reduce_sum(v * v)
twice = tf.train.AdamOptimizer(0.1).minimize(loss, var_list=[v, v])
print(sorted(op.name for op in tf.get_default_graph().get_operations() if op.type == "ApplyAdam"))
momentum = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
with tf.Session() as sess:
    sess.run(v.initializer)
    show_error("uninitialized slot", lambda: sess.run(momentum))
    sess.run(tf.global_variables_initializer())
    sess.run(twice)
    show("v", sess.run(v))
