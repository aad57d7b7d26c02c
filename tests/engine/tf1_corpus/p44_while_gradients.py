import tensorflow as tf
import numpy as np

# Gradients through tf.while_loop, as TF 1.15 builds them: a forward iteration counter (f_count),
# a backprop loop that counts down (b_count), stacks that keep each iteration's forward values
# (f_acc, StackPushV2, StackPopV2, b_sync), b_exit/b_switch for the loop variable and a b_acc loop
# that sums a loop invariant's gradient. Explicit grad_ys keep the names equal in TF 1.15 and 2.x.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.constant(2.0, name="x")
r = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * x), [tf.constant(0), x])
(gx,) = tf.gradients(r[1], x, grad_ys=tf.constant(1.0, name="seed"))
print(gx.op.type, gx.name)
ops()
with tf.Session() as s:
    show("d(x**4)/dx", s.run(gx))

# a loop over a matmul with a captured (loop-invariant) weight; 0, 1 and 4 iterations
tf.reset_default_graph()
W = tf.constant(np.arange(9, dtype=np.float32).reshape(3, 3) / 10, name="W")
h0 = tf.placeholder(tf.float32, [2, 3], name="h0")
n = tf.placeholder(tf.int32, [], name="n")
h = tf.while_loop(lambda i, h: i < n, lambda i, h: (i + 1, tf.tanh(tf.matmul(h, W))), [tf.constant(0), h0])[1]
gh, gw = tf.gradients(h, [h0, W], grad_ys=tf.ones([2, 3], name="seed"))
feed = np.arange(6, dtype=np.float32).reshape(2, 3) / 7
with tf.Session() as s:
    for k in (0, 1, 4):
        got = s.run([gh, gw], {h0: feed, n: k})
        show("dh0 n=%d" % k, got[0])
        show("dW n=%d" % k, got[1])

# x*x repeated: three loop variables, one unused by the loss
tf.reset_default_graph()
x = tf.placeholder(tf.float32, [3], name="x")
_, sq, unused = tf.while_loop(lambda i, a, b: i < 3, lambda i, a, b: (i + 1, a * a, b + 1.0),
                              [tf.constant(0), x, x])
(g,) = tf.gradients(sq, x, grad_ys=tf.ones([3], name="seed"))
with tf.Session() as s:
    show("d(x**8)/dx", s.run(g, {x: [0.5, 1.0, 1.1]}))

# gradient descent on a variable read inside the loop
tf.reset_default_graph()
w = tf.Variable([0.5, -0.3], name="w")
x = tf.constant([1.0, 2.0], name="x")
y = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, tf.sin(v * w)), [tf.constant(0), x])[1]
loss = tf.reduce_sum(y * y)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for step in range(3):
        _, l = s.run([train, loss])
        show("loss %d" % step, l)
    show("w after 3 steps", s.run(w))

# a tf.cond inside the loop: the branch taken in each iteration is saved for the backprop loop
tf.reset_default_graph()
x = tf.placeholder(tf.float32, None, name="x")
w = tf.constant([0.5, -1.5], name="w")


def body(i, v):
    return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: v * x + w, lambda: tf.sin(v) * w)


_, y = tf.while_loop(lambda i, v: i < 5, body, [tf.constant(0), x])
gx, gw = tf.gradients(y, [x, w], grad_ys=tf.ones([2], name="seed"))
with tf.Session() as s:
    show("cond in loop y", s.run(y, {x: [0.3, -0.7]}))
    show("cond in loop dx", s.run(gx, {x: [0.3, -0.7]}))
    show("cond in loop dw", s.run(gw, {x: [0.3, -0.7]}))

# a loop inside the loop: the inner loop's iteration count of every outer iteration is saved too
tf.reset_default_graph()
x = tf.placeholder(tf.float32, [2], name="x")
w = tf.constant([0.9, -1.1], name="w")


def outer(i, v):
    inner = tf.while_loop(lambda j, u: j < i + 1, lambda j, u: (j + 1, tf.sin(u * w) + x), [tf.constant(0), v])[1]
    return i + 1, inner * 0.5


_, y = tf.while_loop(lambda i, v: i < 3, outer, [tf.constant(0), x])
gx, gw = tf.gradients(y, [x, w], grad_ys=tf.ones([2], name="seed"))
print(sorted(op.name for op in tf.get_default_graph().get_operations() if "_count" in op.name))
with tf.Session() as s:
    show("nested y", s.run(y, {x: [0.3, -0.7]}))
    show("nested dx", s.run(gx, {x: [0.3, -0.7]}))
    show("nested dw", s.run(gw, {x: [0.3, -0.7]}))
