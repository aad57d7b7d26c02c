import tensorflow as tf
import numpy as np

# Static shapes read from shape *tensors* whose value is only partly known, as lessons build
# them: zeros/ones/fill/random_* of tf.stack([batch, n]) or tf.shape(x), tf.concat of shape
# pieces, tf.shape(x)[1:], and reshape to tf.stack([-1, h, w, c]); then the values still come
# out right when a batch is fed.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.placeholder(tf.float32, [None, 12], name="x")
batch = tf.shape(x)[0]
print(tf.zeros(tf.stack([batch, 3])))
print(tf.ones(tf.concat([tf.expand_dims(batch, 0), [2, 2]], 0)))
print(tf.fill(tf.shape(x), 0.5))
print(tf.zeros(tf.shape(x)[1:]))
print(tf.random_normal(tf.stack([batch, 4]), seed=1))
print(tf.random_uniform(tf.stack([2, batch]), -1.0, 1.0, seed=1))
print(tf.truncated_normal(tf.concat([[3], tf.shape(x)], 0), seed=1))
img = tf.reshape(x, tf.stack([batch, 2, 2, 3]))
print(img)
print(tf.reshape(x, tf.stack([-1, 3, 4])))
print(tf.reshape(x, [batch, -1]))
known = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
print(tf.reshape(known, tf.stack([tf.shape(known)[0] * 2, -1])))
print(tf.reshape(known, tf.stack([-1, 2])))
print(tf.zeros(tf.stack([tf.shape(known)[0], 5])))
print(tf.zeros(tf.stack([batch, tf.shape(known)[1]])))
with tf.Session() as sess:
    feed = {x: np.arange(24, dtype=np.float32).reshape(2, 12)}
    show("zeros", sess.run(tf.zeros(tf.stack([batch, 3])), feed))
    show("img", sess.run(img, feed)[1, 1])
    show("reshape -1", sess.run(tf.reshape(x, tf.stack([-1, 3, 4])), feed).shape)
