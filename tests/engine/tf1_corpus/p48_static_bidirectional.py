import tensorflow as tf
import numpy as np
# corpus: legacy-keras  (TF 2 keeps the TF 1 rnn cells in tf_keras)

# tf.nn.static_rnn over a list of time steps (weights shared between steps, sequence_length through
# TF's cond step), tf.nn.bidirectional_dynamic_rnn with sequence_length, tf.reverse and
# tf.reverse_sequence, and a gradient through both directions.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.placeholder(tf.float32, [2, 3, 2], name="x")
steps = tf.unstack(x, axis=1)
outs, st = tf.nn.static_rnn(tf.nn.rnn_cell.BasicRNNCell(3), steps, dtype=tf.float32)
print(outs)
print(st)
with tf.variable_scope("masked"):
    m_outs, m_st = tf.nn.static_rnn(tf.nn.rnn_cell.GRUCell(2), steps, sequence_length=[3, 1], dtype=tf.float32)
print(m_outs[-1], m_st)
lengths = tf.constant([3, 2], name="lengths")
(fw, bw), (sfw, sbw) = tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), tf.nn.rnn_cell.GRUCell(2),
                                                       x, sequence_length=lengths, dtype=tf.float32)
print(fw, bw)
print(sfw.h, sbw)
both = tf.concat([fw, bw], axis=2)
print(both)
print(tf.reverse(x, axis=[1]), tf.reverse_sequence(x, lengths, seq_axis=1, batch_axis=0))
print([v.name for v in tf.trainable_variables()])
(gx,) = tf.gradients(tf.reduce_sum(both * both) + tf.reduce_sum(outs[-1]), x, grad_ys=tf.constant(1.0, name="seed"))

rng = np.random.RandomState(3)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for v in sorted(tf.trainable_variables(), key=lambda v: v.name):
        s.run(tf.assign(v, rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(np.float32)))
    feed = {x: rng.uniform(-1, 1, [2, 3, 2]).astype(np.float32)}
    show("static outputs", s.run(tf.stack(outs, axis=1), feed))
    show("static state", s.run(st, feed))
    show("masked outputs", s.run(tf.stack(m_outs, axis=1), feed))
    show("masked state", s.run(m_st, feed))
    show("forward", s.run(fw, feed))
    show("backward", s.run(bw, feed))
    show("state fw h", s.run(sfw.h, feed))
    show("reverse", s.run(tf.reverse(x, axis=[1]), feed))
    show("reverse_sequence", s.run(tf.reverse_sequence(x, lengths, seq_axis=1, batch_axis=0), feed))
    show("d/dx", s.run(gx, feed))
