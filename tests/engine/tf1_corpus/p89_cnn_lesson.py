import tensorflow as tf
import os
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF 2.x keeps tf.layers in tf_keras; TF 1.15 and nbgraph ignore it
import numpy as np

# A small MNIST-style lesson end to end: flags for the hyper-parameters, a CNN with
# conv2d -> batch_normalization -> max_pooling2d -> dense, gradients clipped by global norm, the
# BN updates run through UPDATE_OPS, an ExponentialMovingAverage of the weights, training in a
# SingularMonitoredSession stopped by StopAtStepHook, then streaming accuracy with tf.metrics.

from corpus_helpers import show, show_error  # noqa: E402,F401

tf.app.flags.DEFINE_integer("steps", 6, "training steps")
tf.app.flags.DEFINE_float("learning_rate", 0.1, "learning rate")
FLAGS = tf.app.flags.FLAGS

rng = np.random.RandomState(7)
images = rng.rand(8, 6, 6, 1).astype(np.float32)
labels = (images.mean(axis=(1, 2, 3)) > 0.5).astype(np.int64)

x = tf.placeholder(tf.float32, [None, 6, 6, 1], name="x")
y = tf.placeholder(tf.int64, [None], name="y")
training = tf.placeholder_with_default(False, [], name="training")
h = tf.layers.conv2d(x, 4, 3, padding="same", use_bias=False,
                     kernel_initializer=tf.constant_initializer(np.linspace(-0.5, 0.5, 36).reshape(3, 3, 1, 4)))
h = tf.nn.relu(tf.layers.batch_normalization(h, training=training))
h = tf.layers.max_pooling2d(h, 2, 2)
logits = tf.layers.dense(tf.layers.flatten(h), 2,
                         kernel_initializer=tf.constant_initializer(np.linspace(0.3, -0.3, 72).reshape(36, 2)))
loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
global_step = tf.train.get_or_create_global_step()
opt = tf.train.MomentumOptimizer(FLAGS.learning_rate, 0.9)
grads, tvars = zip(*opt.compute_gradients(loss))
grads, norm = tf.clip_by_global_norm(grads, 1.0)
ema = tf.train.ExponentialMovingAverage(0.9, num_updates=global_step)
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    step_op = opt.apply_gradients(zip(grads, tvars), global_step=global_step)
with tf.control_dependencies([step_op]):
    train_op = ema.apply(tvars)
pred = tf.argmax(logits, 1)
acc, acc_update = tf.metrics.accuracy(y, pred)
print(logits, pred, acc, [v.name for v in tvars])
print(sorted(v.name for v in tf.global_variables()))

losses = []


class LossRecorder(tf.train.SessionRunHook):
    def before_run(self, run_context):
        return tf.train.SessionRunArgs([loss, norm])

    def after_run(self, run_context, run_values):
        losses.append([round(float(v), 4) for v in run_values.results])


with tf.train.SingularMonitoredSession(hooks=[tf.train.StopAtStepHook(last_step=FLAGS.steps), LossRecorder()]) as mon:
    while not mon.should_stop():
        mon.run(train_op, {x: images, y: labels, training: True})
    print("losses", losses)
    sess = mon.raw_session()  # the hooks stopped the monitored loop; evaluate on the plain session
    for batch in (slice(0, 4), slice(4, 8)):
        sess.run(acc_update, {x: images[batch], y: labels[batch]})
    show("accuracy", round(float(sess.run(acc)), 4))
    show("step", sess.run(global_step))
    show("moving_mean", np.round(sess.run(tf.get_default_graph().get_tensor_by_name(
        "batch_normalization/moving_mean:0")), 4))
    show("ema_bias", np.round(sess.run(ema.average(tvars[-1])), 4))
