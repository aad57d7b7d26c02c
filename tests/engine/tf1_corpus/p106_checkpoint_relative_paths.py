import tensorflow as tf
import os
import tempfile

# Saving to a relative path (`model/model.ckpt`, as TF 1.x books do): the state file lists paths
# relative to its folder, get_checkpoint_state/latest_checkpoint give them back joined to the folder,
# and the evaluation half restores from there (here through ExponentialMovingAverage's names).

from corpus_helpers import show  # noqa: E402

os.chdir(tempfile.mkdtemp())
w = tf.Variable([1.0, 2.0], name="w")
step = tf.Variable(0, trainable=False, name="step")
ema = tf.train.ExponentialMovingAverage(0.5, step)
with tf.control_dependencies([tf.assign_add(w, [1.0, 1.0]), tf.assign_add(step, 1)]):
    train = ema.apply([w])  # the average after the step (TF orders nothing between unrelated ops)
saver = tf.train.Saver(max_to_keep=2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        sess.run(train)
        print(saver.save(sess, "model/model.ckpt", global_step=step))
print(open("model/checkpoint").read())
state = tf.train.get_checkpoint_state("model")
print(state.model_checkpoint_path, list(state.all_model_checkpoint_paths), tf.train.latest_checkpoint("model"))
print(sorted(f for f in os.listdir("model") if f != "checkpoint"))
tf.reset_default_graph()
w = tf.Variable([0.0, 0.0], name="w")
restorer = tf.train.Saver(tf.train.ExponentialMovingAverage(0.5).variables_to_restore())
with tf.Session() as sess:
    restorer.restore(sess, state.model_checkpoint_path)
    show("averaged w", sess.run(w))
