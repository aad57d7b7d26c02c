import os
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF 2.x keeps tf.layers in tf_keras; TF 1.15 and nbgraph ignore it
import tensorflow as tf
import numpy as np

# A small dense network with tf.layers (fixed initial weights, an L2 kernel regularizer) trained
# for 30 Adam steps on sparse softmax cross-entropy: variable names, losses and weights.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

rng = np.random.RandomState(0)
X = rng.randn(8, 4).astype(np.float32)
Y = rng.randint(0, 3, size=8)
x = tf.placeholder(tf.float32, [None, 4], name="x")
y = tf.placeholder(tf.int32, [None], name="y")
h = tf.layers.dense(x, 5, activation=tf.nn.relu,
                    kernel_initializer=tf.constant_initializer(np.linspace(-1, 1, 20).reshape(4, 5)),
                    bias_initializer=tf.constant_initializer(0.1),
                    kernel_regularizer=lambda k: 0.01 * tf.nn.l2_loss(k))
logits = tf.layers.dense(h, 3, kernel_initializer=tf.constant_initializer(np.linspace(1, -1, 15).reshape(5, 3)))
data_loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
loss = data_loss + tf.losses.get_regularization_loss()
train = tf.train.AdamOptimizer(0.05).minimize(loss)
print(h, logits, data_loss)
print([v.name for v in tf.trainable_variables()])
print([t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)])
print(sorted(op.name for op in tf.get_default_graph().get_operations() if op.type == "ApplyAdam"))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(30):
        _, l = sess.run([train, loss], {x: X, y: Y})
        if step % 10 == 0:
            show("loss%d" % step, l)
    for v in tf.trainable_variables():
        show(v.name, sess.run(v))
    show("predictions", sess.run(tf.argmax(logits, 1), {x: X}))
