import tensorflow as tf
import numpy as np

# The global step and the learning-rate schedules: names, dtypes, values along the steps, and a
# decayed rate driving an optimizer that advances the step.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

print(tf.train.get_global_step())
gs = tf.train.get_or_create_global_step()
print(gs, gs.dtype, tf.train.get_global_step() is gs, tf.get_collection(tf.GraphKeys.GLOBAL_STEP) == [gs])
show_error("create again", lambda: tf.train.create_global_step())
rates = [tf.train.exponential_decay(0.1, gs, 10, 0.5),
         tf.train.exponential_decay(0.1, gs, 10, 0.5, staircase=True, name="stair"),
         tf.train.inverse_time_decay(0.1, gs, 10, 0.5),
         tf.train.natural_exp_decay(0.1, gs, 10, 0.5, staircase=True),
         tf.train.polynomial_decay(0.1, gs, 10),
         tf.train.polynomial_decay(0.1, gs, 20, end_learning_rate=0.01, power=0.5)]
for r in rates:
    print(r)
inc = tf.assign_add(gs, 1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(25):
        if step % 4 == 0:
            show("rates%d" % step, np.array(sess.run(rates)))
        sess.run(inc)

g = tf.Graph()
with g.as_default():
    w = tf.Variable([1.0, -2.0], name="w")
    loss = tf.reduce_sum(tf.square(w))
    step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.2, step, 5, 0.5, staircase=True)
    train = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(12):
            sess.run(train)
        show("w", sess.run(w))
        show("step", sess.run(step))
        show("lr", sess.run(lr))
        print(tf.train.global_step(sess, step))
