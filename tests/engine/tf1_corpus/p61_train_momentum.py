import tensorflow as tf
import numpy as np

# MomentumOptimizer, plain and Nesterov: slot names, the ApplyMomentum op and the weights after
# 100 steps of linear regression.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

X = np.array([[1., 2.], [2., 1.], [3., 4.], [4., 3.], [5., 5.]], np.float32)
Y = np.array([[5.], [4.], [11.], [10.], [15.]], np.float32)
for nesterov in (False, True):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(X, name="x")
        y = tf.constant(Y, name="y")
        w = tf.Variable(tf.zeros([2, 1]), name="w")
        b = tf.Variable(0.0, name="b")
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        opt = tf.train.MomentumOptimizer(0.01, 0.9, use_nesterov=nesterov)
        train = opt.minimize(loss)
        print(train, opt.get_slot_names(), [v.name for v in opt.variables()])
        slot = opt.get_slot(w, "momentum")
        print(slot, slot.op.type)
        apply_w = g.get_operation_by_name("Momentum/update_w/ApplyMomentum")
        print(apply_w.type, [t.name for t in apply_w.inputs][:3], apply_w.get_attr("use_nesterov"))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(100):
                sess.run(train)
            show("w", sess.run(w))
            show("b", sess.run(b))
            show("momentum", sess.run(slot))
