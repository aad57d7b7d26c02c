import tensorflow as tf
import numpy as np

# Linear regression with GradientDescentOptimizer: the optimizer's ops, the falling loss and the
# trained weights after 300 steps.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

X = np.array([[1., 2.], [2., 1.], [3., 4.], [4., 3.], [5., 5.]], np.float32)
Y = np.array([[5.], [4.], [11.], [10.], [15.]], np.float32)
x = tf.placeholder(tf.float32, [None, 2], name="x")
y = tf.placeholder(tf.float32, [None, 1], name="y")
w = tf.Variable(tf.zeros([2, 1]), name="w")
b = tf.Variable(0.0, name="b")
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y), name="loss")
global_step = tf.train.get_or_create_global_step()
opt = tf.train.GradientDescentOptimizer(0.01)
train = opt.minimize(loss, global_step=global_step)
print(train.name, train.type, opt.get_name(), opt.get_slot_names(), opt.variables())
print(global_step)
for op in tf.get_default_graph().get_operations():
    if op.name.startswith("GradientDescent") or op.name.startswith("global_step"):
        inputs = [t.name for t in op.inputs if not t.name.startswith("gradients/")]
        print("  op", op.name, op.type, inputs, sorted("^" + c.name for c in op.control_inputs))
print(tf.get_collection(tf.GraphKeys.TRAIN_OP) == [train])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(300):
        _, l = sess.run([train, loss], {x: X, y: Y})
        if step % 100 == 0:
            show("loss%d" % step, l)
    show("w", sess.run(w))
    show("b", sess.run(b))
    show("global_step", sess.run(global_step))
