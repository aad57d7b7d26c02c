import tensorflow as tf
import numpy as np

# tf.losses: each loss's value and name, weights, reductions, the losses collection and
# get_total_loss.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

y = tf.constant([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], name="y")
p = tf.constant([[0.9, 0.2], [0.3, 0.6], [0.5, 0.99]], name="p")
w = tf.constant([[1.0], [0.0], [2.0]], name="w")
R = tf.losses.Reduction
losses = [tf.losses.mean_squared_error(y, p),
          tf.losses.mean_squared_error(y, p, weights=w),
          tf.losses.absolute_difference(y, p, weights=2.0),
          tf.losses.log_loss(y, p),
          tf.losses.hinge_loss(y, p - 0.5),
          tf.losses.huber_loss(y, p * 3.0),
          tf.losses.huber_loss(y, p * 3.0, delta=0.5),
          tf.losses.sigmoid_cross_entropy(y, p),
          tf.losses.sigmoid_cross_entropy(y, p, label_smoothing=0.1),
          tf.losses.softmax_cross_entropy(y, p),
          tf.losses.softmax_cross_entropy(y, p, label_smoothing=0.2),
          tf.losses.sparse_softmax_cross_entropy(tf.constant([0, 1, 1]), p),
          tf.losses.sparse_softmax_cross_entropy(tf.constant([0, 1, 1]), p, weights=tf.constant([1.0, 0.0, 3.0])),
          tf.losses.mean_squared_error(y, p, reduction=R.SUM),
          tf.losses.mean_squared_error(y, p, weights=w, reduction=R.MEAN),
          tf.losses.mean_squared_error(y, p, weights=w, reduction=R.SUM_OVER_BATCH_SIZE),
          tf.losses.mean_squared_error(y, p, weights=w, reduction=R.NONE, loss_collection=None),
          tf.losses.mean_squared_error(y, p, weights=tf.zeros([3, 1]))]
for t in losses:
    print(t)
print([t.name for t in tf.losses.get_losses()])
print(tf.losses.get_regularization_losses(), tf.losses.get_regularization_loss())
tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.constant(0.25, name="reg"))
total = tf.losses.get_total_loss()
print(total, tf.losses.get_regularization_loss())
with tf.Session() as sess:
    for t in losses + [total]:
        show(t.name, sess.run(t))
