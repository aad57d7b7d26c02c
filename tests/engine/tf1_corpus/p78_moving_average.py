import tensorflow as tf
import numpy as np

# tf.train.ExponentialMovingAverage: shadow variables, num_updates, the op graph; the usual
# training pattern (apply after the optimizer step under control_dependencies), evaluation with
# the averages restored through variables_to_restore().

from corpus_helpers import ops, show, show_error  # noqa: E402,F401
v = tf.Variable([1.0, 2.0], name="v")
w = tf.Variable(5.0, name="w")
step = tf.Variable(0, trainable=False, name="step")
ema = tf.train.ExponentialMovingAverage(0.9, num_updates=step)
op = ema.apply([v, w])
print(op.name, op.type, ema.average(v), ema.average_name(v), ema.name)
print([x.name for x in tf.global_variables()], [x.name for x in tf.trainable_variables()])
print([x.name for x in tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES)])
print(sorted(ema.variables_to_restore().keys()))
for o in tf.get_default_graph().get_operations():
    if o.name.startswith("ExponentialMovingAverage"): print(o.name, o.type, [t.name for t in o.inputs])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for i in range(3):
        s.run([tf.assign_add(v, [1.0, -1.0]), tf.assign(step, i * 5)])
        s.run(op)
        show("avg_v", s.run(ema.average(v))); show("avg_w", s.run(ema.average(w)))

import os
import tempfile
g = tf.Graph()
with g.as_default():
    X = np.array([[1.0, 2.0], [3.0, 1.0], [-1.0, 0.5]], np.float32)
    Y = np.array([[5.0], [4.0], [-2.0]], np.float32)
    w = tf.Variable([[0.1], [0.2]], name="w")
    b = tf.Variable([0.0], name="b")
    gs = tf.train.get_or_create_global_step()
    loss = tf.reduce_mean(tf.square(tf.matmul(X, w) + b - Y))
    opt_op = tf.train.GradientDescentOptimizer(0.05).minimize(loss, global_step=gs)
    ema = tf.train.ExponentialMovingAverage(decay=0.5, num_updates=gs)
    with tf.control_dependencies([opt_op]):
        train = tf.group(ema.apply(tf.trainable_variables()))
    print(train.name, [v.name for v in tf.global_variables()])
    show_error("twice", lambda: ema.apply([w]))
    show_error("int", lambda: tf.train.ExponentialMovingAverage(0.9).apply([gs]))
    saver = tf.train.Saver()
    path = os.path.join(tempfile.mkdtemp(), "model.ckpt")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(4):
            sess.run(train)
            show("w%d" % step, sess.run([w, ema.average(w)])[1])
        show("b_avg", sess.run(ema.average(b)))
        saver.save(sess, path)
g = tf.Graph()
with g.as_default():
    w = tf.Variable([[0.0], [0.0]], name="w")
    b = tf.Variable([0.0], name="b")
    ema = tf.train.ExponentialMovingAverage(decay=0.5)
    to_restore = ema.variables_to_restore()
    print(sorted(to_restore))
    with tf.Session() as sess:
        tf.train.Saver(to_restore).restore(sess, path)
        show("restored_w", sess.run(w))
        show("restored_b", sess.run(b))
