import tensorflow as tf
import numpy as np

# word2vec's sampled losses: tf.nn.nce_loss and tf.nn.sampled_softmax_loss with given
# sampled_values (values and gradients equal TF's), with their own log-uniform sampler (shapes
# and properties only: the draws are random), and one training step.

from corpus_helpers import show, show_error  # noqa: E402,F401
vocab, dim, batch = 20, 4, 3
emb = tf.Variable(np.linspace(-1, 1, vocab * dim).reshape(vocab, dim).astype(np.float32), name="emb")
w = tf.Variable(np.linspace(1, -1, vocab * dim).reshape(vocab, dim).astype(np.float32), name="nce_w")
b = tf.Variable(np.linspace(0, 0.5, vocab).astype(np.float32), name="nce_b")
ids = tf.constant([1, 5, 7])
labels = tf.constant([[2], [3], [1]], tf.int64)
inputs = tf.nn.embedding_lookup(emb, ids)
sampled = (tf.constant([0, 4, 9, 3], tf.int64), tf.constant([[0.3], [0.2], [0.5]]), tf.constant([0.4, 0.1, 0.05, 0.2]))
nce = tf.nn.nce_loss(w, b, labels, inputs, num_sampled=4, num_classes=vocab, sampled_values=sampled)
ssl = tf.nn.sampled_softmax_loss(w, b, labels, inputs, num_sampled=4, num_classes=vocab, sampled_values=sampled)
nce_r = tf.nn.nce_loss(w, b, labels, inputs, num_sampled=5, num_classes=vocab)
ssl_r = tf.nn.sampled_softmax_loss(w, b, labels, inputs, num_sampled=5, num_classes=vocab)
print(nce.shape, ssl.shape, nce_r.shape, ssl_r.shape)
s_c, t_e, s_e = tf.nn.log_uniform_candidate_sampler(labels, 1, 6, True, vocab)
print(s_c, t_e, s_e)
gr = tf.gradients(tf.reduce_mean(nce) + tf.reduce_mean(ssl), [w, b, emb])
train = tf.train.GradientDescentOptimizer(0.5).minimize(tf.reduce_mean(nce_r))
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    show("nce", s.run(nce)); show("ssl", s.run(ssl))
    show("g_b", s.run(tf.convert_to_tensor(gr[1])))
    show("g_emb", s.run(tf.convert_to_tensor(gr[2])))
    a, bb = s.run([nce_r, ssl_r])
    print(a.shape, bb.shape, bool(np.all(a > 0)), bool(np.all(bb > 0)))
    c, te, se = s.run([s_c, t_e, s_e])
    print(c.shape, len(set(c.tolist())), bool(np.all((c >= 0) & (c < vocab))), te.shape, se.shape, bool(np.all(se > 0)))
    s.run(train)
