import tensorflow as tf
import numpy as np

# FTRL, proximal gradient descent, proximal Adagrad and Adagrad-DA: slot variables, Apply* ops and
# three training steps of a small linear model (values rounded to 4 significant digits).

from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def run(make, n=3):
    tf.reset_default_graph()
    w = tf.Variable([[1.0, -2.0], [0.5, 0.03]], name="w")
    b = tf.Variable([0.3, -0.1], name="b")
    x = tf.constant([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) + b - 1.0))
    gs = tf.train.get_or_create_global_step()
    opt = make(gs)
    train = opt.minimize(loss, global_step=gs)
    print(type(opt).__name__, train.name, sorted(v.name for v in tf.global_variables()))
    print(sorted(o.name + ":" + o.type for o in tf.get_default_graph().get_operations() if o.type.startswith("Apply")))
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for _ in range(n):
            s.run(train)
        show("w b", [np.array2string(a, precision=3) for a in s.run([w, b])])
        show("slots", [np.array2string(a, precision=3) for a in s.run([opt.get_slot(w, k)
                                                                         for k in sorted(opt.get_slot_names())])])


run(lambda gs: tf.train.FtrlOptimizer(0.1))
run(lambda gs: tf.train.FtrlOptimizer(0.2, learning_rate_power=-0.7, l1_regularization_strength=0.05,
                                      l2_regularization_strength=0.1))
run(lambda gs: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01, l2_shrinkage_regularization_strength=0.2))
run(lambda gs: tf.train.ProximalGradientDescentOptimizer(0.05, l1_regularization_strength=0.1,
                                                         l2_regularization_strength=0.2))
run(lambda gs: tf.train.ProximalGradientDescentOptimizer(0.05))
run(lambda gs: tf.train.ProximalAdagradOptimizer(0.3, l1_regularization_strength=0.05, l2_regularization_strength=0.1))
run(lambda gs: tf.train.ProximalAdagradOptimizer(0.3, use_locking=True))
run(lambda gs: tf.train.AdagradDAOptimizer(0.3, gs))
run(lambda gs: tf.train.AdagradDAOptimizer(0.3, gs, l1_regularization_strength=0.1, l2_regularization_strength=0.2))
show_error("ftrl power", lambda: tf.train.FtrlOptimizer(0.1, learning_rate_power=0.5))
show_error("adagrad-da init", lambda: tf.train.AdagradDAOptimizer(0.1, None, initial_gradient_squared_accumulator_value=0))
