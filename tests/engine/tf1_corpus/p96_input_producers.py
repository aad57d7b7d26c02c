import tensorflow as tf
import numpy as np
import os
import re
import tempfile

# The TF 1.x file pipeline: string_input_producer -> TextLineReader -> decode_csv ->
# tf.train.batch, run by queue runners; num_epochs counts in a local variable.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def first_line(e):
    """The error's first line, its resource id blanked: TF numbers resources in the order its
    threads happen to create them."""
    return re.sub(r"'_\d+_", "'_N_", str(e).splitlines()[0])


def show_queue_error(label, fn):
    try:
        fn()
    except tf.errors.OpError as e:
        print(label, "->", type(e).__name__ + ": " + first_line(e))

d = tempfile.mkdtemp()
names = []
for i in range(3):
    path = os.path.join(d, "part%d.csv" % i)
    with open(path, "w") as f:
        f.write("id,score,label\n")
        for j in range(3):
            f.write("%d,%.1f,%s\n" % (10 * i + j, i + j / 10.0, "abc"[j]))
    names.append(path)

files = tf.train.string_input_producer(names, num_epochs=2, shuffle=False)
print(files.name, files.dtypes, files.shapes)
reader = tf.TextLineReader(skip_header_lines=1)
key, value = reader.read(files)
print(reader.reader_ref.op.type, key, value)
ident, score, label = tf.decode_csv(value, record_defaults=[[0], [0.0], ["?"]])
print(ident, score, label)
ids, scores, labels = tf.train.batch([ident, score, label], batch_size=4)
print(ids, scores, labels)
print([v.op.name for v in tf.local_variables()])
print(len(tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)))
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    batches = []
    try:
        while True:
            batches.append(sess.run([ids, scores, labels]))
    except tf.errors.OutOfRangeError as e:
        # (the counts in the text depend on whether the last dequeue was waiting when the
        # queue closed: a race in TF itself)
        print("done:", type(e).__name__, first_line(e).split(" (requested")[0])
    finally:
        coord.request_stop()
        coord.join(threads)
    for i, (a, b, c) in enumerate(batches):
        show("ids%d" % i, a)
        show("scores%d" % i, b)
        show("labels%d" % i, c)

tf.reset_default_graph()
q = tf.FIFOQueue(3, tf.string, shapes=[[]])
k, v = tf.TextLineReader().read(q)
with tf.Session() as sess:
    sess.run(q.enqueue(names[0]))
    sess.run(q.close())
    for _ in range(4):
        kk, vv = sess.run([k, v])
        print(os.path.basename(kk.decode()), vv)
    show_queue_error("reader at the end", lambda: sess.run(v))

tf.reset_default_graph()
x, y = tf.train.slice_input_producer([tf.constant([1, 2, 3]), tf.constant([10.0, 20.0, 30.0])], num_epochs=1,
                                     shuffle=False)
print(x, y)
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    show("slices", [sess.run([x, y]) for _ in range(3)])
    show_queue_error("epochs used up", lambda: sess.run(x))
    coord.request_stop()
    coord.join(threads)
