import tensorflow as tf
import numpy as np
from corpus_helpers import show, show_error

# A textbook input chapter: write sharded TFRecord files, find them with match_filenames_once (a
# local variable, set by the local initializer), read them through a file queue and batch the
# parsed examples; then freeze a small model with tf.graph_util.

import os  # noqa: E402
import tempfile  # noqa: E402

folder = tempfile.mkdtemp()
for shard in range(2):
    with tf.python_io.TFRecordWriter(os.path.join(folder, "data.tfrecords-%.5d-of-00002" % shard)) as writer:
        for j in range(3):
            example = tf.train.Example(features=tf.train.Features(feature={
                "i": tf.train.Feature(int64_list=tf.train.Int64List(value=[shard])),
                "j": tf.train.Feature(int64_list=tf.train.Int64List(value=[j]))}))
            writer.write(example.SerializeToString())

files = tf.train.match_filenames_once(os.path.join(folder, "data.tfrecords-*"))
print(files, files in tf.local_variables(), files in tf.global_variables())
queue = tf.train.string_input_producer(files, shuffle=False)
_, serialized = tf.TFRecordReader().read(queue)
parsed = tf.parse_single_example(serialized, {"i": tf.FixedLenFeature([], tf.int64),
                                              "j": tf.FixedLenFeature([], tf.int64)})
i_batch, j_batch = tf.train.batch([parsed["i"], parsed["j"]], batch_size=4, capacity=20)
print(i_batch, j_batch)
with tf.Session() as sess:
    show_error("before the local initializer", lambda: sess.run(files))
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    print([os.path.basename(f.decode()) for f in sess.run(files)])
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    for _ in range(2):
        a, b = sess.run([i_batch, j_batch])
        show("batch", np.stack([a, b]))
    coord.request_stop()
    coord.join(threads)

with tf.Graph().as_default():
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    out = tf.matmul(x, v, name="out")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph_def, ["out"])
    print(sorted((n.name, n.op) for n in frozen.node))
with tf.Graph().as_default():
    y, = tf.import_graph_def(frozen, return_elements=["out:0"], name="")
    with tf.Session() as sess:
        show("frozen out", sess.run(y, {"x:0": [[1.0, 1.0]]}))
