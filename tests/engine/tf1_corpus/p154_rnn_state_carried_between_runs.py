import tensorflow as tf
import numpy as np
# corpus: legacy-keras  (TF 2 keeps the TF 1 rnn cells in tf_keras)

# A sequence-regression lesson that carries the LSTM state from one run into the next: the
# zero_state tuple is the feed key, the fetched final state its value (TF flattens both), for a
# single cell and for a MultiRNNCell's tuple of state tuples.

from corpus_helpers import show  # noqa: E402

steps = 5
x = tf.placeholder(tf.float32, [1, steps, 1], name="x")
y = tf.placeholder(tf.float32, [1, steps, 1], name="y")
with tf.variable_scope("single"):
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    init = cell.zero_state(batch_size=1, dtype=tf.float32)
    outputs, final = tf.nn.dynamic_rnn(cell, x, initial_state=init)
    pred = tf.matmul(tf.reshape(outputs, [-1, 4]), tf.fill([4, 1], 0.3))
loss = tf.losses.mean_squared_error(labels=tf.reshape(y, [-1, 1]), predictions=pred)
with tf.variable_scope("multi"):
    multi = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(3) for _ in range(2)])
    init2 = multi.zero_state(1, tf.float32)
    out2, final2 = tf.nn.dynamic_rnn(multi, x, initial_state=init2)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
print(init, final, init2[1], final2[1])

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for v in tf.trainable_variables():  # fixed, uneven starting weights
        n = int(np.prod(v.shape.as_list()))
        sess.run(v.assign(np.cos(np.arange(n) * 0.9).reshape(v.shape.as_list()).astype(np.float32) * 0.4))
    state, state2 = None, None
    for step in range(3):
        t = np.linspace(step * np.pi, (step + 1) * np.pi, steps, dtype=np.float32)
        feed = {x: np.sin(t)[None, :, None], y: np.cos(t)[None, :, None]}
        if state is not None:
            feed[init] = state
            feed[init2] = state2
        _, l, state, state2 = sess.run([train, loss, final, final2], feed)
        show("loss %d" % step, l)
        show("state c", np.round(state.c, 3))
        show("multi h", state2[1].h)
    print(type(state).__name__, type(state2).__name__, type(state2[0]).__name__)
    try:
        sess.run(final, {x: feed[x], init: state.c})
    except ValueError as e:
        print("short value ->", str(e).split(" Key:")[0])
