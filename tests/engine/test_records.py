"""TFRecord files, tf.train.Example parsing and SparseTensors: what a learner relies on beyond the
differential program p101 — bad files named in the error, compression round trips, clear errors
for bad feature specs and feeds."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf


def _example(**features):
    feats = {}
    for key, value in features.items():
        if isinstance(value, bytes):
            feats[key] = tf.train.Feature(bytes_list=tf.train.BytesList(value=[value]))
        elif isinstance(value[0], float):
            feats[key] = tf.train.Feature(float_list=tf.train.FloatList(value=value))
        else:
            feats[key] = tf.train.Feature(int64_list=tf.train.Int64List(value=value))
    return tf.train.Example(features=tf.train.Features(feature=feats)).SerializeToString()


@pytest.mark.parametrize("kind", [tf.python_io.TFRecordCompressionType.NONE, tf.python_io.TFRecordCompressionType.ZLIB,
                                  tf.python_io.TFRecordCompressionType.GZIP])
def test_records_round_trip_under_every_compression(tmp_path, kind):
    path = str(tmp_path / "r.tfrecord")
    options = tf.python_io.TFRecordOptions(kind)
    with tf.python_io.TFRecordWriter(path, options) as w:
        for i in range(5):
            w.write(f"record {i}".encode())
    assert list(tf.python_io.tf_record_iterator(path, options)) == [f"record {i}".encode() for i in range(5)]
    name = tf.python_io.TFRecordOptions.get_compression_type_string(options)
    with tf.Session() as s:
        it = tf.data.TFRecordDataset(path, compression_type=name).make_one_shot_iterator().get_next()
        assert [s.run(it) for _ in range(5)] == [f"record {i}".encode() for i in range(5)]


def test_a_corrupted_record_is_data_loss_naming_the_file(tmp_path):
    path = tmp_path / "bad.tfrecord"
    with tf.python_io.TFRecordWriter(str(path)) as w:
        w.write(b"a good record")
        w.write(b"another")
    data = bytearray(path.read_bytes())
    data[14] ^= 0xFF  # a byte of the first record's data: its CRC no longer matches
    path.write_bytes(bytes(data))
    with pytest.raises(tf.errors.DataLossError, match="corrupted record at 0 in .*bad.tfrecord"):
        list(tf.python_io.tf_record_iterator(str(path)))
    with tf.Session() as s:
        it = tf.data.TFRecordDataset(str(path)).make_one_shot_iterator().get_next()
        with pytest.raises(tf.errors.DataLossError, match="bad.tfrecord"):
            s.run(it)


def test_a_truncated_file_is_data_loss(tmp_path):
    path = tmp_path / "cut.tfrecord"
    with tf.python_io.TFRecordWriter(str(path)) as w:
        w.write(b"x" * 100)
    path.write_bytes(path.read_bytes()[:50])
    with pytest.raises(tf.errors.DataLossError, match="truncated record at 0 in .*cut.tfrecord"):
        list(tf.python_io.tf_record_iterator(str(path)))


def test_missing_files_and_directories_are_not_found(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match="Failed to create a NewWriteableFile: .*nowhere"):
        tf.python_io.TFRecordWriter(str(tmp_path / "nowhere" / "x.tfrecord"))
    with pytest.raises(tf.errors.NotFoundError, match="No such file or directory"):
        tf.python_io.tf_record_iterator(str(tmp_path / "missing.tfrecord"))
    with tf.Session() as s:
        it = tf.data.TFRecordDataset(str(tmp_path / "missing.tfrecord")).make_one_shot_iterator().get_next()
        with pytest.raises(tf.errors.NotFoundError, match="missing.tfrecord; No such file or directory"):
            s.run(it)


def test_parse_errors_name_the_feature():
    record = _example(label=[3], xy=[1.0, 2.0])
    with tf.Session() as s:
        wrong_size = tf.parse_single_example(record, {"xy": tf.FixedLenFeature([3], tf.float32)})["xy"]
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"Key: xy.  Number of float values != expected.  Values size: 2 but output "
                                 r"shape: \[3\]"):
            s.run(wrong_size)
        batch = tf.parse_example([record, _example(label=[4])], {"xy": tf.FixedLenFeature([2], tf.float32)})["xy"]
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"Name: <unknown>, Feature: xy \(data type: float\) is required"):
            s.run(batch)
        with pytest.raises(tf.errors.InvalidArgumentError, match="Could not parse example input"):
            s.run(tf.parse_single_example(b"\xff\xff\xff", {"a": tf.FixedLenFeature([], tf.int64)})["a"])


def test_bad_feature_specs_fail_when_built():
    with pytest.raises(ValueError, match="Missing"):
        tf.parse_single_example(b"", {})
    with pytest.raises(ValueError, match="need to be known"):
        tf.parse_single_example(b"", {"a": tf.FixedLenFeature([None], tf.int64)})
    with pytest.raises(ValueError, match="Unsupported FixedLenFeature"):
        tf.parse_single_example(b"", {"a": tf.FixedLenFeature([], tf.int32)})


def test_defaults_fill_missing_dense_features_per_example():
    records = [_example(label=[1]), _example(label=[2], w=[0.5])]
    out = tf.parse_example(records, {"label": tf.FixedLenFeature([], tf.int64),
                                     "w": tf.FixedLenFeature([], tf.float32, default_value=1.0)})
    with tf.Session() as s:
        labels, weights = s.run([out["label"], out["w"]])
    assert labels.tolist() == [1, 2] and weights.tolist() == [1.0, 0.5]


def test_sparse_feed_and_fetch():
    sp = tf.sparse_placeholder(tf.int32, shape=[2, 3], name="sp")
    assert [t.op.name for t in (sp.indices, sp.values)] == ["sp/indices", "sp/values"]
    doubled = tf.SparseTensor(sp.indices, sp.values * 2, sp.dense_shape)
    with tf.Session() as s:
        value = s.run(doubled, {sp: tf.SparseTensorValue([[0, 2], [1, 1]], [5, 7], [2, 3])})
        assert isinstance(value, tf.SparseTensorValue)
        assert value.values.tolist() == [10, 14] and value.dense_shape.tolist() == [2, 3]
        dense = s.run(tf.sparse_tensor_to_dense(doubled), {sp: ([[0, 2], [1, 1]], [5, 7], [2, 3])})
        assert dense.tolist() == [[0, 0, 10], [0, 14, 0]]
        with pytest.raises(TypeError, match="SparseTensorValue"):
            s.run(doubled, {sp: np.zeros((2, 3))})
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = \[0,0\] is out of order"):
            s.run(tf.sparse_to_dense([[0, 1], [0, 0]], [2, 2], [1, 2]))


def test_decode_raw_checks_lengths():
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"not a multiple of 4, the size of float\n"):
            s.run(tf.decode_raw(b"abcdef", tf.float32))
        big = s.run(tf.decode_raw(b"\x00\x01", tf.int16, little_endian=False))
    assert big.tolist() == [1]
