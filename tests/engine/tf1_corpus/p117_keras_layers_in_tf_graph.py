import tensorflow as tf
import numpy as np
# corpus: legacy-keras

# tf.keras layers inside plain TF 1.x graph code, as lessons wrote once tf.layers was deprecated:
# layers called on placeholders, a tf.train optimizer minimising a tf.losses loss, a tf.Session with
# global_variables_initializer, the learning phase fed by hand, and layer weights read back.

from corpus_helpers import show  # noqa: E402

x = tf.placeholder(tf.float32, [None, 4], name="x")
y = tf.placeholder(tf.int64, [None], name="y")
dense = tf.keras.layers.Dense(6, activation="relu")
hidden = dense(x)
drop = tf.keras.layers.Dropout(0.5)(hidden)
logits = tf.keras.layers.Dense(3)(drop)
print(hidden, logits)
print(dense.name, [v.name for v in dense.weights])
print([v.name for v in tf.trainable_variables()])
loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
train = tf.train.GradientDescentOptimizer(0.2).minimize(loss)
print(tf.keras.backend.learning_phase())

rng = np.random.RandomState(11)
xs = rng.uniform(-1, 1, [12, 4]).astype(np.float32)
ys = np.argmax(xs[:, :3], axis=1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for v in tf.trainable_variables():
        sess.run(v.assign(rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(np.float32)))
    losses = []
    for step in range(5):
        # learning phase 0: dropout is the identity, so the steps are deterministic
        _, l = sess.run([train, loss], {x: xs, y: ys, tf.keras.backend.learning_phase(): False})
        losses.append(l)
    show("losses", np.array(losses))
    show("kernel", sess.run(dense.kernel))
    show("logits", sess.run(logits, {x: xs[:2]}))
    show("dense weights", dense.get_weights()[1])
