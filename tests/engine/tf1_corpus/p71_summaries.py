import tensorflow as tf
import os
import tempfile

# tf.summary ops and FileWriter event files, read back with tf.train.summary_iterator.

from corpus_helpers import show_error  # noqa: E402

x = tf.placeholder(tf.float32, [None], name="x")
loss = tf.reduce_mean(tf.square(x), name="loss_value")
s1 = tf.summary.scalar("loss", loss)
with tf.name_scope("train"):
    s2 = tf.summary.scalar("loss", loss, family="fam")
s3 = tf.summary.histogram("x", x)
s4 = tf.summary.text("note", tf.constant("hello"))
merged = tf.summary.merge_all()
for t in (s1, s2, s3, s4, merged):
    print(t, t.op.type, [i.name for i in t.op.inputs])
print([t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)])
print(tf.summary.merge_all(key="nothing_here"))

logdir = tempfile.mkdtemp()
with tf.Session() as sess:
    writer = tf.summary.FileWriter(logdir, sess.graph)
    print(writer.get_logdir() == logdir)
    for step in range(3):
        writer.add_summary(sess.run(merged, {x: [1.0, 2.0, float(step)]}), step)
    print(sess.run(s3, {x: [0.5, 1.0, 1.5, 30.0]}) == sess.run(s3, {x: [0.5, 1.0, 1.5, 30.0]}))
    print(tf.Summary.FromString(sess.run(s3, {x: [0.5, 1.0, 1.5, 30.0]})))
    print(tf.Summary.FromString(sess.run(s2, {x: [3.0]})))
    show_error("nan histogram", lambda: sess.run(s3, {x: [float("nan")]}))
    writer.close()
(name,) = os.listdir(logdir)
print(name.split(".")[:3], len(name.split(".")[3]))
for event in tf.train.summary_iterator(os.path.join(logdir, name)):
    kind = event.WhichOneof("what")
    values = [(v.tag, round(v.simple_value, 4)) for v in event.summary.value if v.HasField("simple_value")]
    print(kind, event.step, values, event.file_version)
