import tensorflow as tf
import numpy as np

# Adagrad, RMSProp (plain, with momentum, centered) and Adadelta on the same regression: slot
# names, Apply* op types and the weights after 120 steps.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

X = np.array([[1., 2.], [2., 1.], [3., 4.], [4., 3.], [5., 5.]], np.float32)
Y = np.array([[5.], [4.], [11.], [10.], [15.]], np.float32)
makers = [
    lambda: tf.train.AdagradOptimizer(0.5),
    lambda: tf.train.AdagradOptimizer(0.2, initial_accumulator_value=1.0),
    lambda: tf.train.RMSPropOptimizer(0.01),
    lambda: tf.train.RMSPropOptimizer(0.01, decay=0.8, momentum=0.5),
    lambda: tf.train.RMSPropOptimizer(0.01, momentum=0.5, centered=True),
    lambda: tf.train.AdadeltaOptimizer(1.0),
    lambda: tf.train.AdadeltaOptimizer(5.0, rho=0.9, epsilon=1e-6),
]
for make in makers:
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(X, name="x")
        y = tf.constant(Y, name="y")
        w = tf.Variable(tf.zeros([2, 1]), name="w")
        b = tf.Variable(0.0, name="b")
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        opt = make()
        train = opt.minimize(loss)
        applies = sorted(set(op.type for op in g.get_operations() if op.type.startswith("Apply")))
        print(opt.get_name(), applies, opt.get_slot_names(), [v.name for v in opt.variables()])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(120):
                sess.run(train)
            show("w", sess.run(w))
            show("b", sess.run(b))
            show("loss", sess.run(loss))
