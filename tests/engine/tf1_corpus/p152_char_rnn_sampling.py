import tensorflow as tf
import numpy as np
# corpus: legacy-keras  (TF 2 keeps the TF 1 rnn cells in tf_keras)

# A character model as char-RNN lessons write it: one-hot characters into stacked GRUs whose
# start states are placeholder_with_default, per-step class scores, a sequence cross-entropy on
# [batch, time, classes] (next character as label), Adam, the graph written for TensorBoard, and
# tf.multinomial picking the next character (from scores peaked enough to be certain).

import tempfile  # noqa: E402
from corpus_helpers import show  # noqa: E402

vocab = 6
seq = tf.placeholder(tf.int32, [None, None], name="seq")
onehot = tf.one_hot(seq, vocab)
with tf.variable_scope("model"):
    cells = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(size) for size in (5, 4)])
    batch = tf.shape(seq)[0]
    zero = cells.zero_state(batch, dtype=tf.float32)
    in_state = tuple(tf.placeholder_with_default(z, [None, z.shape[1]]) for z in zero)
    length = tf.reduce_sum(tf.reduce_max(tf.sign(onehot), 2), 1)
    output, out_state = tf.nn.dynamic_rnn(cells, onehot, length, in_state)
    w = tf.get_variable("w", [4, vocab])
    b = tf.get_variable("b", [vocab], initializer=tf.zeros_initializer())
    logits = tf.tensordot(output, w, [[2], [0]]) + b
print(in_state, length, output, out_state[1], logits, sep="\n")
xent = tf.nn.softmax_cross_entropy_with_logits(logits=logits[:, :-1], labels=onehot[:, 1:])
loss = tf.reduce_sum(xent)
print(xent, loss)
step = tf.Variable(0, trainable=False, name="global_step")
train = tf.train.AdamOptimizer(0.05).minimize(loss, global_step=step)
temp = tf.constant(1.5)
sample = tf.multinomial(tf.exp(logits[:, -1] / temp), 1)[:, 0]
certain = tf.multinomial(tf.constant([[0.0, 60.0, 0.0], [80.0, 0.0, 0.0]]), 3)
print(sample, certain)

data = np.array([[1, 2, 3, 4, 5, 1], [2, 3, 4, 5, 0, 0], [5, 4, 3, 2, 1, 0]], np.int32)
with tf.Session() as sess:
    writer = tf.summary.FileWriter(tempfile.mkdtemp(), sess.graph)
    sess.run(tf.global_variables_initializer())
    for k, v in enumerate(tf.trainable_variables()):  # fixed, uneven starting weights
        n = int(np.prod(v.shape.as_list()))
        sess.run(v.assign(np.sin(np.arange(n) * 0.7 + k).reshape(v.shape.as_list()).astype(np.float32) * 0.5))
    show("xent", sess.run(xent, {seq: data}))
    for i in range(4):
        l, _ = sess.run([loss, train], {seq: data})
        show("loss %d" % i, l)
    state = sess.run(out_state, {seq: data[:1, :3]})
    show("state", state[1])
    feed = {seq: [[3]]}
    feed.update({in_state[i]: state[i] for i in range(len(state))})
    nxt, state2 = sess.run([sample, out_state], feed)
    print(nxt.shape, nxt.dtype, 0 <= nxt[0] < vocab)
    show("next state", state2[0])
    show("certain", sess.run(certain))
    show("step", sess.run(step))
    writer.close()
