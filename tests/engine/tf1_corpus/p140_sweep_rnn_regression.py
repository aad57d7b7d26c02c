import tensorflow as tf
import numpy as np
# corpus: legacy-keras  (TF 2 keeps the TF 1 rnn cells in tf_keras)

# Two patterns from TF1 teaching programs. A linear regression fed one sample at a time through
# rank-unknown placeholders (`tf.placeholder("float")` fed Python floats): reduce_sum of a scalar
# and its gradient. Then a bidirectional LSTM over a list of time steps (static_bidirectional_rnn),
# without and with sequence_length: variable names, output shapes, values, a training step.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

xs = np.asarray([3.3, 4.4, 5.5, 6.71, 2.167], np.float32)
ys = np.asarray([1.7, 2.76, 2.09, 3.19, 1.221], np.float32)
X = tf.placeholder("float")
Y = tf.placeholder("float")
W = tf.Variable(0.3, name="weight")
b = tf.Variable(-0.2, name="bias")
pred = tf.add(tf.multiply(X, W), b)
cost = tf.reduce_sum(tf.pow(pred - Y, 2)) / (2 * len(xs))
train = tf.train.GradientDescentOptimizer(0.01).minimize(cost)
print(X, cost)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(3):
        for x, y in zip(xs, ys):
            sess.run(train, feed_dict={X: x, Y: y})
        show("epoch %d cost" % epoch, sess.run(cost, feed_dict={X: xs, Y: ys}))
    show("W", sess.run(W))
    show("b", sess.run(b))
    show("mod of empty by zero", sess.run(tf.floormod(tf.zeros([0], tf.int32), 0)))

tf.reset_default_graph()
n_steps, n_input, n_hidden, batch = 3, 2, 4, 2
rng = np.random.RandomState(0)
data = rng.uniform(-1, 1, [batch, n_steps, n_input]).astype(np.float32)
inp = tf.placeholder(tf.float32, [None, n_steps, n_input])
x = tf.unstack(inp, n_steps, 1)
fw = tf.nn.rnn_cell.BasicLSTMCell(n_hidden, forget_bias=1.0)
bw = tf.nn.rnn_cell.BasicLSTMCell(n_hidden, forget_bias=1.0)
outputs, state_fw, state_bw = tf.nn.static_bidirectional_rnn(fw, bw, x, dtype=tf.float32)
print(type(outputs).__name__, len(outputs), outputs[0], outputs[-1])
print(state_fw.h, state_bw.c)
print(sorted(v.name for v in tf.global_variables()))
lengths = tf.placeholder(tf.int32, [None])
fw2 = tf.nn.rnn_cell.GRUCell(3)
bw2 = tf.nn.rnn_cell.GRUCell(3)
out2, sf2, sb2 = tf.nn.static_bidirectional_rnn(fw2, bw2, x, dtype=tf.float32, sequence_length=lengths,
                                                scope="bi2")
print(out2[1], sf2)
loss = tf.reduce_sum(tf.square(outputs[-1])) + tf.reduce_sum(tf.square(out2[0]))
step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    init_rng = np.random.RandomState(1)
    for v in sorted(tf.trainable_variables(), key=lambda v: v.name):
        sess.run(tf.assign(v, init_rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(np.float32)))
    feed = {inp: data, lengths: [3, 2]}
    o, o2, h_fw, h_bw, s2b = sess.run([outputs, out2, state_fw.h, state_bw.h, sb2], feed)
    for t in range(n_steps):
        show("out %d" % t, o[t])
        show("out2 %d" % t, o2[t])
    show("h_fw", h_fw)
    show("h_bw", h_bw)
    show("gru bw state", s2b)
    for i in range(2):
        _, l = sess.run([step, loss], feed)
        show("loss %d" % i, l)
