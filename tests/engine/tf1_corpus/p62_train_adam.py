import tensorflow as tf
import numpy as np

# AdamOptimizer: slots w/Adam and w/Adam_1, the beta1_power / beta2_power accumulators, the ops
# of one update, and the weights after 150 steps of linear regression.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

X = np.array([[1., 2.], [2., 1.], [3., 4.], [4., 3.], [5., 5.]], np.float32)
Y = np.array([[5.], [4.], [11.], [10.], [15.]], np.float32)
x = tf.constant(X, name="x")
y = tf.constant(Y, name="y")
w = tf.Variable(tf.zeros([2, 1]), name="w")
b = tf.Variable(0.0, name="b")
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
opt = tf.train.AdamOptimizer(learning_rate=0.1)
train = opt.minimize(loss)
print(train.name, train.type, opt.get_slot_names())
print([v.name for v in opt.variables()])
print(opt.get_slot(w, "m"), opt.get_slot(w, "v"), opt.get_slot(b, "m"))
for op in tf.get_default_graph().get_operations():
    if op.name.startswith("Adam") or op.name.startswith("beta"):
        inputs = [t.name for t in op.inputs if not t.name.startswith("gradients/")]
        print("  op", op.name, op.type, inputs, sorted("^" + c.name for c in op.control_inputs))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(150):
        _, l = sess.run([train, loss])
        if step in (0, 1, 49, 149):
            show("loss%d" % step, l)
    show("w", sess.run(w))
    show("b", sess.run(b))
    show("m", sess.run(opt.get_slot(w, "m")))
    show("v", sess.run(opt.get_slot(w, "v")))
    show("powers", sess.run(list(opt._get_beta_accumulators())))
