import tensorflow as tf
import numpy as np
# corpus: legacy-keras  (TF 2 keeps the TF 1 rnn cells in tf_keras)

# The "MNIST with an LSTM" lesson, at toy size: each image is read row by row (time steps = rows),
# the last LSTM output goes through a softmax layer, trained with Adam; losses, accuracy and
# predictions equal TF's. Then the char-rnn pattern: an embedding, a 2-layer LSTM with dropout
# (keep_prob fed as 1.0 for evaluation), a state carried between runs through feed_dict. (The
# gradients are grouped with tf.tuple: without it TF 1.x may update a weight before another
# gradient reads it, through the aliased `read` of a ref variable; nbgraph never does.)

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

n_steps, n_input, n_hidden, n_classes = 4, 5, 6, 3
rng = np.random.RandomState(0)
images = rng.uniform(0, 1, [8, n_steps * n_input]).astype(np.float32)
labels = np.eye(n_classes, dtype=np.float32)[rng.randint(0, n_classes, 8)]

X = tf.placeholder(tf.float32, [None, n_steps * n_input], name="X")
Y = tf.placeholder(tf.float32, [None, n_classes], name="Y")
weights = tf.Variable(tf.random_normal([n_hidden, n_classes]), name="weights")
biases = tf.Variable(tf.random_normal([n_classes]), name="biases")
x = tf.reshape(X, [-1, n_steps, n_input])
lstm_cell = tf.nn.rnn_cell.BasicLSTMCell(n_hidden, forget_bias=1.0)
outputs, state = tf.nn.dynamic_rnn(lstm_cell, x, dtype=tf.float32)
print(outputs, state.h)
logits = tf.matmul(state.h, weights) + biases
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=Y, logits=logits))
train = tf.train.AdamOptimizer(0.01).minimize(loss)
correct = tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    init_rng = np.random.RandomState(1)
    for v in sorted(tf.trainable_variables(), key=lambda v: v.name):
        s.run(tf.assign(v, init_rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(np.float32)))
    for step in range(5):
        _, l, a = s.run([train, loss, accuracy], {X: images, Y: labels})
        show("step %d loss" % step, l)
        show("step %d accuracy" % step, a)
    show("predictions", s.run(tf.argmax(logits, 1), {X: images}))

# char-rnn: embedding + 2-layer LSTM with dropout, state fed back in
tf.reset_default_graph()
vocab, batch, steps, hidden = 7, 2, 3, 4
inputs = tf.placeholder(tf.int32, [batch, steps], name="inputs")
targets = tf.placeholder(tf.int32, [batch, steps], name="targets")
keep_prob = tf.placeholder(tf.float32, name="keep_prob")
embedding = tf.get_variable("embedding", [vocab, hidden])
emb = tf.nn.embedding_lookup(embedding, inputs)
layers = [tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicLSTMCell(hidden), output_keep_prob=keep_prob)
          for _ in range(2)]
cell = tf.nn.rnn_cell.MultiRNNCell(layers)
initial_state = cell.zero_state(batch, tf.float32)
print(initial_state)
out, final_state = tf.nn.dynamic_rnn(cell, emb, initial_state=initial_state)
flat = tf.reshape(out, [-1, hidden])
softmax_w = tf.get_variable("softmax_w", [hidden, vocab])
softmax_b = tf.get_variable("softmax_b", [vocab])
char_logits = tf.matmul(flat, softmax_w) + softmax_b
char_loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.reshape(targets, [-1]),
                                                                          logits=char_logits))
tvars = tf.trainable_variables()
print([v.name for v in tvars])
grads = tf.tuple(tf.gradients(char_loss, tvars))  # every gradient before any update
char_train = tf.train.GradientDescentOptimizer(0.5).apply_gradients(zip(grads, tvars))
data = np.random.RandomState(5).randint(0, vocab, [batch, steps + 1]).astype(np.int32)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    init_rng = np.random.RandomState(2)
    for v in sorted(tf.trainable_variables(), key=lambda v: v.name):
        s.run(tf.assign(v, init_rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(np.float32)))
    st = s.run(initial_state)
    for step in range(3):
        feed = {inputs: data[:, :-1], targets: data[:, 1:], keep_prob: 1.0}
        for i, (c, h) in enumerate(initial_state):
            feed[c] = st[i].c
            feed[h] = st[i].h
        l, st, _ = s.run([char_loss, final_state, char_train], feed)
        show("char loss %d" % step, l)
    show("final h of layer 1", st[1].h)
