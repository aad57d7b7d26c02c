import tensorflow as tf
import numpy as np
# corpus: legacy-keras  (TF 2 keeps the TF 1 rnn cells in tf_keras)

# A stacked RNN (MultiRNNCell of a BasicLSTMCell and a GRUCell) trained with Adam on a sequence
# regression, then an LSTMCell with peepholes trained with GradientDescent: the losses and the
# trained weights after a few steps equal TF's.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.placeholder(tf.float32, [3, 4, 2], name="x")
y = tf.placeholder(tf.float32, [3, 3], name="y")
seq = tf.placeholder(tf.int32, [3], name="seq")
cells = [tf.nn.rnn_cell.BasicLSTMCell(3), tf.nn.rnn_cell.GRUCell(3)]
multi = tf.nn.rnn_cell.MultiRNNCell(cells)
outputs, states = tf.nn.dynamic_rnn(multi, x, sequence_length=seq, dtype=tf.float32)
print(outputs)
print(states[1])
loss = tf.reduce_mean(tf.square(states[1] - y))
train = tf.train.AdamOptimizer(0.05).minimize(loss)
for v in tf.trainable_variables():
    print(v.name, v.shape)

with tf.variable_scope("peep"):
    pcell = tf.nn.rnn_cell.LSTMCell(4, use_peepholes=True, cell_clip=1.0)
    pout, pstate = tf.nn.dynamic_rnn(pcell, x, dtype=tf.float32)
    ploss = tf.reduce_sum(tf.square(pout[:, -1, :] - 0.5))
    ptrain = tf.train.GradientDescentOptimizer(0.1).minimize(ploss)
print([v.name for v in tf.trainable_variables(scope="peep")])

rng = np.random.RandomState(7)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for v in sorted(tf.trainable_variables(), key=lambda v: v.name):
        s.run(tf.assign(v, rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(np.float32)))
    feed = {x: rng.uniform(-1, 1, [3, 4, 2]).astype(np.float32), y: rng.uniform(-1, 1, [3, 3]).astype(np.float32),
            seq: [4, 2, 3]}
    for step in range(4):
        l, _ = s.run([loss, train], feed)
        show("adam loss %d" % step, l)
    for step in range(3):
        l, _ = s.run([ploss, ptrain], feed)
        show("gd loss %d" % step, l)
    for v in sorted(tf.trainable_variables(), key=lambda v: v.name):
        show(v.op.name, s.run(v))
