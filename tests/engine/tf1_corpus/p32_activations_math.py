import tensorflow as tf
import collections
import numpy as np

# Element-wise math and activations, values rounded to 5 decimals.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.constant([-2.0, -0.5, 0.0, 0.5, 2.0], name="x")
pos = tf.constant([0.25, 1.0, 4.0], name="pos")
logits = tf.constant([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]], name="logits")
results = [
    tf.sigmoid(x), tf.nn.sigmoid(x), tf.tanh(x), tf.nn.tanh(x), tf.nn.relu(x),
    tf.nn.softmax(logits), tf.exp(x), tf.log(pos), tf.sqrt(pos), tf.square(x),
    tf.exp(tf.log(pos)), tf.nn.softmax(tf.constant([[1000.0, 1000.0]])),
]
for t in results:
    print(t, t.op.type)
with tf.Session() as sess:
    for t in results:
        show(t.name, sess.run(t))
