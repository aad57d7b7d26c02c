import tensorflow as tf
import numpy as np
import os
import shutil
import tempfile

# tf.train.Supervisor (managed_session, should_stop, the checkpoint thread's model.ckpt-0, restore
# on the next session, OutOfRangeError as a clean stop, other errors re-raised) and
# tf.train.init_from_checkpoint (variable, name and scope mappings, its errors).

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

logdir = tempfile.mkdtemp()
w = tf.Variable([1.0, 2.0], name="w")
gs = tf.train.get_or_create_global_step()
loss = tf.reduce_sum(w * w)
tf.summary.scalar("loss", loss)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=gs)
sv = tf.train.Supervisor(logdir=logdir, save_model_secs=600, save_summaries_secs=600)
print(sv.init_op.name, sv.ready_op.name, sv.summary_op.name, sv.global_step.name, sv.is_chief,
      sv.save_path == os.path.join(logdir, "model.ckpt"), sv.ready_for_local_init_op)
print(tf.get_default_graph().finalized, sorted(tf.get_default_graph().get_all_collection_keys()))
with sv.managed_session() as sess:
    for i in range(5):
        if sv.should_stop():
            break
        sess.run(train)
    show("trained w", sess.run(w))
    show("trained step", sess.run(gs))
    sv.saver.save(sess, sv.save_path, global_step=gs)
print(sorted(f for f in os.listdir(logdir) if not f.startswith("events")))
print(any(f.startswith("events.out.tfevents") for f in os.listdir(logdir)))
with sv.managed_session() as sess:
    show("restored w", sess.run(w))
    show("restored step", sess.run(gs))
    raise tf.errors.OutOfRangeError(None, None, "done")
print("after out of range", sv.should_stop())
try:
    with sv.managed_session() as sess:
        raise ValueError("boom")
except ValueError as e:
    print("raised", e)

tf.reset_default_graph()
with tf.variable_scope("new"):
    w2 = tf.get_variable("w", [2])
    gs2 = tf.get_variable("gs", [], tf.int64)
tf.train.init_from_checkpoint(logdir, {"w": "new/w", "global_step": gs2})
print([(o.name, o.type) for o in tf.get_default_graph().get_operations()
       if "checkpoint" in o.name or o.type == "Assign"])
print(w2.initializer.name, w2.initial_value)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    show("from checkpoint w", s.run(w2))
    show("from checkpoint step", s.run(gs2))
show_error("shape", lambda: tf.train.init_from_checkpoint(logdir, {"global_step": "new/w"}))
show_error("scope to name", lambda: tf.train.init_from_checkpoint(logdir, {"w": "new/"}))
tf.reset_default_graph()
with tf.variable_scope("outer"):
    with tf.variable_scope("inner"):
        a = tf.get_variable("w", [2])
tf.train.init_from_checkpoint(logdir, {"/": "outer/inner/"})
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    show("scoped", s.run(a))
shutil.rmtree(logdir)
