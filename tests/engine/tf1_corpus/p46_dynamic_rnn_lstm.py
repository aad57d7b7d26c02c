import tensorflow as tf
import numpy as np
# corpus: legacy-keras  (TF 2 keeps the TF 1 rnn cells in tf_keras)

# tf.nn.dynamic_rnn over a BasicLSTMCell, as RNN chapters build it: the output and state tensors,
# TF's variable names, outputs with fixed weights, sequence_length (finished rows keep their state
# and output zeros) and time_major inputs.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.placeholder(tf.float32, [2, 3, 4], name="x")
lengths = tf.placeholder(tf.int32, [2], name="lengths")
cell = tf.nn.rnn_cell.BasicLSTMCell(5)
print(cell.state_size, cell.output_size)
outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
print(outputs)
print(state)
print([v.name for v in tf.global_variables()])
print([v.shape.as_list() for v in tf.trainable_variables()])
z = cell.zero_state(2, tf.float32)
print(z)

with tf.variable_scope("time_major"):
    tm_out, tm_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(5, forget_bias=0.5), tf.transpose(x, [1, 0, 2]),
                                         time_major=True, dtype=tf.float32)
print(tm_out, tm_state.h)

rng = np.random.RandomState(42)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for v in sorted(tf.trainable_variables(), key=lambda v: v.name):
        s.run(tf.assign(v, rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(np.float32)))
    feed = {x: rng.uniform(-1, 1, [2, 3, 4]).astype(np.float32), lengths: [3, 1]}
    o, st = s.run([outputs, state], feed)
    show("outputs", o)
    show("state c", st.c)
    show("state h", st.h)
    show("time major outputs", s.run(tm_out, feed))
    show("time major h", s.run(tm_state.h, feed))
    show("zero state", s.run(z))
