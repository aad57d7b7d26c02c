import tensorflow as tf
import numpy as np
import os
import tempfile

# TFRecord files and tf.train.Example: python_io writer/iterator (plain and GZIP), a TFRecordReader
# behind a queue with parse_single_example (FixedLen with defaults, VarLen as SparseTensor) and decode_raw,
# a TFRecordDataset batch through parse_example, sparse placeholders and sparse_tensor_to_dense, parse errors.

d = tempfile.mkdtemp()
path = os.path.join(d, "data.tfrecords")
img = np.arange(12, dtype=np.uint8).reshape(3, 4)
with tf.python_io.TFRecordWriter(path) as w:
    for i in range(3):
        ex = tf.train.Example(features=tf.train.Features(feature={
            "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[i])),
            "raw": tf.train.Feature(bytes_list=tf.train.BytesList(value=[(img + i).tobytes()])),
            "xy": tf.train.Feature(float_list=tf.train.FloatList(value=[i * 0.5, -i])),
            "tags": tf.train.Feature(int64_list=tf.train.Int64List(value=list(range(i)))),
        }))
        w.write(ex.SerializeToString())
gz = os.path.join(d, "data.gz")
with tf.python_io.TFRecordWriter(gz, tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)) as w:
    w.write(b"hello")
    w.write(b"world")
print([len(r) for r in tf.python_io.tf_record_iterator(path)])
print(list(tf.python_io.tf_record_iterator(gz, tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP))))
ex = tf.train.Example.FromString(next(tf.python_io.tf_record_iterator(path)))
print(sorted(ex.features.feature))
# queue + reader
q = tf.train.string_input_producer([path], num_epochs=1, shuffle=False)
reader = tf.TFRecordReader()
key, value = reader.read(q)
feats = tf.parse_single_example(value, features={"label": tf.FixedLenFeature([], tf.int64), "raw": tf.FixedLenFeature([], tf.string), "xy": tf.FixedLenFeature([2], tf.float32), "tags": tf.VarLenFeature(tf.int64), "missing": tf.FixedLenFeature([1], tf.float32, default_value=[9.0])})
image = tf.reshape(tf.decode_raw(feats["raw"], tf.uint8), [3, 4])
print(sorted(feats), feats["label"].shape, feats["xy"].shape, feats["missing"].shape, image.shape)
with tf.Session() as s:
    s.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(s, coord)
    for i in range(3):
        k, lab, im, xy, tags, miss = s.run([key, feats["label"], image, feats["xy"], feats["tags"], feats["missing"]])
        print(k.decode().replace(d, "D"), lab, im.sum(), xy.tolist(), tags.indices.tolist(), tags.values.tolist(), tags.dense_shape.tolist(), miss.tolist())
    coord.request_stop(); coord.join(threads)
# dataset + batch parse
ds = tf.data.TFRecordDataset([path]).batch(3)
batch = ds.make_one_shot_iterator().get_next()
parsed = tf.parse_example(batch, {"label": tf.FixedLenFeature([], tf.int64), "tags": tf.VarLenFeature(tf.int64)})
dense_tags = tf.sparse_tensor_to_dense(parsed["tags"], default_value=-1)
print(parsed["label"].shape)
with tf.Session() as s:
    lab, tags, dt = s.run([parsed["label"], parsed["tags"], dense_tags])
    print(lab.tolist(), tags.indices.tolist(), tags.values.tolist(), tags.dense_shape.tolist(), dt.tolist())
    sp = tf.sparse_placeholder(tf.float32)
    dense = tf.sparse_tensor_to_dense(sp)
    print(s.run(dense, {sp: tf.SparseTensorValue([[0, 1], [2, 0]], [1.5, 2.5], [3, 2])}).tolist())
    print(s.run(tf.decode_raw(tf.constant([b"\x01\x00\x02\x00", b"\x03\x00\x04\x01"]), tf.int16)).tolist())
    st = tf.SparseTensor(indices=[[0, 0], [1, 2]], values=[1, 2], dense_shape=[3, 4])
    print(st.get_shape(), s.run(tf.sparse_tensor_to_dense(st)).tolist())
    try:
        s.run(tf.parse_single_example(tf.constant(b"garbage!!"), {"a": tf.FixedLenFeature([], tf.int64)}))
    except tf.errors.InvalidArgumentError as e: print("ERR")
    try:
        s.run(tf.parse_single_example(tf.constant(ex.SerializeToString()), {"nope": tf.FixedLenFeature([], tf.int64)})["nope"])
    except tf.errors.InvalidArgumentError as e: print("ERR", [l for l in e.message.splitlines() if "Feature" in l][:1])
    try:
        s.run(tf.parse_single_example(tf.constant(ex.SerializeToString()), {"label": tf.FixedLenFeature([], tf.float32)})["label"])
    except tf.errors.InvalidArgumentError as e: print("ERR", [l for l in e.message.splitlines() if "Data types" in l][:1])
