import tensorflow as tf
import numpy as np
import os
import tempfile

# Training loops with hooks: MonitoredTrainingSession with StopAtStepHook, a custom
# SessionRunHook (its SessionRunArgs fetches come back in after_run), LoggingTensorHook and
# checkpoints every 2 steps, then a restart that restores them; SingularMonitoredSession's
# finalized graph; a dataset loop ended by OutOfRangeError; FeedFnHook, NanTensorHook, FinalOpsHook.

from corpus_helpers import show, show_error  # noqa: E402,F401
X = np.array([[1.0, 2.0], [3.0, 1.0], [-1.0, 0.5]], np.float32)
Y = np.array([[5.0], [4.0], [-2.0]], np.float32)
gs = tf.train.get_or_create_global_step()
w = tf.Variable([[0.1], [0.2]], name="w")
loss = tf.reduce_mean(tf.square(tf.matmul(X, w) - Y), name="loss")
train = tf.train.GradientDescentOptimizer(0.05).minimize(loss, global_step=gs)
class Recorder(tf.train.SessionRunHook):
    def begin(self): print("begin", tf.get_default_graph().finalized)
    def after_create_session(self, session, coord): print("created", session.run(gs), tf.get_default_graph().finalized)
    def before_run(self, run_context):
        return tf.train.SessionRunArgs({"loss": loss, "step": gs})
    def after_run(self, run_context, run_values):
        r = run_values.results
        print("after_run", r["step"], round(float(r["loss"]), 4), type(run_context.original_args).__name__)
    def end(self, session): print("end", session.run(gs))
d = tempfile.mkdtemp()
hooks = [tf.train.StopAtStepHook(last_step=5), Recorder(), tf.train.LoggingTensorHook({"loss": loss}, every_n_iter=2)]
with tf.train.MonitoredTrainingSession(checkpoint_dir=d, hooks=hooks, save_checkpoint_steps=2) as sess:
    while not sess.should_stop():
        _, l = sess.run([train, loss])
    print("stopped", sess.should_stop())
print(tf.get_default_graph().finalized)
print(sorted(f for f in os.listdir(d) if f.startswith("model.ckpt") and f.endswith(".index")), tf.train.latest_checkpoint(d) == os.path.join(d, "model.ckpt-5"))
with tf.train.MonitoredTrainingSession(checkpoint_dir=d, hooks=[tf.train.StopAtStepHook(num_steps=2)], save_checkpoint_secs=None) as sess:
    print("restored", sess.run(gs))
    while not sess.should_stop():
        print(sess.run([train, gs])[1])
with tf.train.SingularMonitoredSession() as sess:
    print(sess.run(gs), sess.raw_session().run(w).ravel())
    show_error("finalized", lambda: tf.constant(1.0))
ds = tf.data.Dataset.range(3).make_one_shot_iterator().get_next()
with tf.train.MonitoredSession() as sess:
    while not sess.should_stop():
        print("ds", sess.run(ds))
print("after ds")
show_error("no-steps", lambda: tf.train.StopAtStepHook())
show_error("both", lambda: tf.train.StopAtStepHook(1, 2))
show_error("log", lambda: tf.train.LoggingTensorHook([loss]))

g = tf.Graph()
with g.as_default():
    x = tf.placeholder(tf.float32, [], name="x")
    gs = tf.train.get_or_create_global_step()
    inc = tf.assign_add(gs, 1)
    y = tf.log(x)
    final = tf.train.FinalOpsHook(gs * 10)
    feeds = iter([4.0, 1.0, -1.0, 2.0])
    hooks = [tf.train.FeedFnHook(lambda: {x: next(feeds)}), tf.train.NanTensorHook(y), final]
    try:
        with tf.train.MonitoredSession(hooks=hooks) as sess:
            while not sess.should_stop():
                print("y", round(float(sess.run([inc, y])[1]), 4))
    except tf.train.NanLossDuringTrainingError as e:
        print("nan:", type(e).__name__, e)
    print("final", final.final_ops_values)
    hooks = [tf.train.FeedFnHook(lambda: {x: -1.0}), tf.train.NanTensorHook(y, fail_on_nan_loss=False), final]
    with tf.train.MonitoredSession(hooks=hooks) as sess:
        print(sess.run(inc), sess.should_stop())
    print("final", final.final_ops_values)
    with tf.train.MonitoredSession(hooks=[tf.train.FeedFnHook(lambda: {x: 1.0})]) as sess:
        show_error("fed-twice", lambda: sess.run(y, {x: 2.0}))
