import tensorflow as tf
import os
import tempfile

# tf.train.Saver: its graph ops, checkpoint files and state file, restore, readers, errors.

from corpus_helpers import show, show_error  # noqa: E402

v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
with tf.variable_scope("layer"):
    w = tf.get_variable("w", [3], initializer=tf.constant_initializer(0.5))
step = tf.Variable(7, name="global_step", trainable=False)
saver = tf.train.Saver(max_to_keep=2)
for op in tf.get_default_graph().get_operations():
    if op.name.startswith("save"):
        print(op.name, op.type, [t.name for t in op.inputs], sorted(c.name for c in op.control_inputs))
print(saver.saver_def)
d = tempfile.mkdtemp()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    show_error("uninitialized", lambda: tf.train.Saver([tf.Variable(1.0, name="late")]).save(sess, d + "/x"))
    for i in range(3):
        path = saver.save(sess, os.path.join(d, "model.ckpt"), global_step=step + i if i else step)
        print(os.path.basename(path))
    print(sorted(os.listdir(d)))
    print(open(os.path.join(d, "checkpoint")).read().replace(d + "/", ""))
    print(os.path.basename(tf.train.latest_checkpoint(d)), [os.path.basename(p) for p in saver.last_checkpoints])
    sess.run([v.assign(tf.zeros([2, 2])), w.assign([9.0, 9.0, 9.0])])
    saver.restore(sess, tf.train.latest_checkpoint(d))
    show("v", sess.run(v))
    show("w", sess.run(w))
    try:
        saver.restore(sess, os.path.join(d, "nope"))
    except ValueError as e:
        print("missing path ->", str(e).replace(d, "<dir>"))
reader = tf.train.NewCheckpointReader(tf.train.latest_checkpoint(d))
print(sorted(reader.get_variable_to_shape_map().items()))
print(sorted((k, v.name) for k, v in reader.get_variable_to_dtype_map().items()))
show("global_step", reader.get_tensor("global_step"))
print(reader.has_tensor("v"), reader.has_tensor("nope"))
print(tf.train.list_variables(d))
show("load_variable", tf.train.load_variable(d, "layer/w"))
show_error("no key", lambda: reader.get_tensor("nope"))
with tf.Graph().as_default():
    tf.Variable([1.0, 2.0, 3.0], name="v")
    with tf.Session() as sess:
        show_error("shape mismatch", lambda: tf.train.Saver().restore(sess, tf.train.latest_checkpoint(d)))
with tf.Graph().as_default():
    tf.Variable([[0.0, 0.0], [0.0, 0.0]], name="v")
    tf.Variable(0.0, name="extra")
    with tf.Session() as sess:
        show_error("missing key", lambda: tf.train.Saver().restore(sess, tf.train.latest_checkpoint(d)))
with tf.Graph().as_default():
    restored = tf.train.import_meta_graph(tf.train.latest_checkpoint(d) + ".meta")
    print([var.name for var in tf.global_variables()], restored.saver_def.restore_op_name)
    with tf.Session() as sess:
        restored.restore(sess, tf.train.latest_checkpoint(d))
        show("meta v", sess.run("v:0"))
show_error("duplicate", lambda: tf.train.Saver([v, v]))
