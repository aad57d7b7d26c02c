import tensorflow as tf
import numpy as np

# tf.nn extras: softsign, selu, leaky_relu, elu, softplus, sparse and weighted cross-entropies,
# and dropout's deterministic cases.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.constant([[-2.0, -0.5, 0.0], [0.25, 1.5, 3.0]], name="x")
labels = tf.constant([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]], name="labels")
results = [tf.nn.softsign(x), tf.nn.selu(x), tf.nn.leaky_relu(x), tf.nn.leaky_relu(x, alpha=0.01),
           tf.nn.elu(x), tf.nn.softplus(x),
           tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([2, 0]), logits=x),
           tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([[2, 0]]), logits=[x]),
           tf.nn.weighted_cross_entropy_with_logits(labels=labels, logits=x, pos_weight=3.0),
           tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=x),
           tf.nn.dropout(x, keep_prob=1.0), tf.nn.dropout(x, rate=0.0)]
for t in results:
    print(t, t.op.type)
keep = tf.placeholder(tf.float32, [], name="keep")
d = tf.nn.dropout(tf.ones([4, 6]), keep_prob=keep)
print(d.shape)
with tf.Session() as sess:
    for t in results:
        show(t.name, sess.run(t))
    show("kept", sess.run(d, {keep: 1.0}))
    half = sess.run(tf.nn.dropout(tf.ones([2000]), rate=0.5))
    print(sorted(set(half.tolist())), abs(float((half > 0).mean()) - 0.5) < 0.05)
    show_error("bad label", lambda: sess.run(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([3, 0]), logits=x)), message=False)
