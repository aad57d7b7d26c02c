"""Event files and summary ops: TensorBoard's own reader loads what nbgraph writes; names, tags
and serialized Summaries are TF's; corrupted files and bad logdirs are reported by name."""
from __future__ import annotations

import os
import warnings

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.formats.records import read_records

ea = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")


def _lesson(logdir, steps=5):
    x = tf.placeholder(tf.float32, [None], name="x")
    loss = tf.reduce_mean(tf.square(x), name="loss_value")
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("x", x)
    merged = tf.summary.merge_all()
    with tf.Session() as s, tf.summary.FileWriter(logdir, s.graph) as writer:
        for step in range(steps):
            writer.add_summary(s.run(merged, {x: [1.0, 2.0, float(step)]}), step)
    return writer


def _accumulator(logdir):
    acc = ea.EventAccumulator(str(logdir), size_guidance={ea.HISTOGRAMS: 0, ea.SCALARS: 0})
    acc.Reload()
    return acc


def test_tensorboard_reads_graph_scalars_and_histograms(tmp_path):
    writer = _lesson(tmp_path)
    (name,) = os.listdir(tmp_path)
    assert name.startswith("events.out.tfevents.") and name.endswith("." + __import__("socket").gethostname())
    assert len(name.split(".")[3]) == 10 and writer.get_logdir() == str(tmp_path)
    acc = _accumulator(tmp_path)
    # the placeholder took the name "x", so the summary scope is "x_1", as in TF
    assert acc.Tags()["scalars"] == ["loss"] and acc.Tags()["histograms"] == ["x_1"]
    assert [(e.step, e.value) for e in acc.Scalars("loss")] == [
        (s, pytest.approx((1 + 4 + s * s) / 3)) for s in range(5)]
    h = acc.Histograms("x_1")[2].histogram_value
    assert (h.min, h.max, h.num, h.sum, h.sum_squares) == (1.0, 2.0, 3.0, 5.0, 9.0)
    graph = acc.Graph()
    nodes = {n.name: n for n in graph.node}
    assert nodes["loss_value"].op == "Mean" and list(nodes["loss_value"].input) == ["Square", "Const"]
    assert nodes["loss"].op == "ScalarSummary" and list(nodes["loss"].input) == ["loss/tags", "loss_value"]
    assert acc.Tags()["meta_graph"] is True


def test_summary_op_names_tags_and_collection():
    x = tf.constant([1.0, 2.0, 2.5, 4.0], name="x")
    s1 = tf.summary.scalar("loss", tf.reduce_mean(x))
    with tf.name_scope("grp"):
        s2 = tf.summary.scalar("loss", tf.reduce_mean(x), family="fam")
    s3 = tf.summary.histogram("h", x)
    s4 = tf.summary.image("img", tf.ones([2, 4, 4, 3]), max_outputs=1)
    s5 = tf.summary.text("t", tf.constant("hello"))
    s6 = tf.summary.audio("a", tf.zeros([1, 8]), 8000)
    s7 = tf.summary.tensor_summary("ts", x)
    m = tf.summary.merge([s1, s3])
    assert [t.op.type for t in (s1, s3, s4, s5, s6, s7, m)] == [
        "ScalarSummary", "HistogramSummary", "ImageSummary", "TensorSummaryV2", "AudioSummaryV2",
        "TensorSummaryV2", "MergeSummary"]
    assert [t.name for t in (s1, s2, m)] == ["loss:0", "grp/fam/loss:0", "Merge/MergeSummary:0"]
    assert [i.name for i in s1.op.inputs] == ["loss/tags:0", "Mean:0"]
    assert tf.get_collection(tf.GraphKeys.SUMMARIES) == [s1, s2, s3, s4, s5, s6, s7]
    with tf.Session() as s:
        out = {t.name: tf.Summary.FromString(s.run(t)) for t in (s1, s2, s3, s4, s5, s6, s7, m)}
    assert out["loss:0"].value[0].tag == "loss" and out["loss:0"].value[0].simple_value == 2.375
    assert out["grp/fam/loss:0"].value[0].tag == "fam/grp/fam/loss"
    h = out["h:0"].value[0].histo
    assert list(h.bucket) == [0, 1, 0, 1, 0, 1, 0, 1, 0]
    assert h.bucket_limit[1] == pytest.approx(1.0089710279437536, rel=1e-15)
    img = out["img:0"].value[0]
    assert img.tag == "img/image" and (img.image.height, img.image.width, img.image.colorspace) == (4, 4, 3)
    assert img.image.encoded_image_string.startswith(b"\x89PNG")
    assert out["t:0"].value[0].metadata.plugin_data.plugin_name == "text"
    assert list(out["t:0"].value[0].tensor.string_val) == [b"hello"]
    a = out["a:0"].value[0]
    assert a.tag == "a/audio/0" and a.audio.sample_rate == 8000 and a.audio.encoded_audio_string[:4] == b"RIFF"
    assert [v.tag for v in out["Merge/MergeSummary:0"].value] == ["loss", "h"]
    assert tf.make_ndarray(out["ts:0"].value[0].tensor).tolist() == [1.0, 2.0, 2.5, 4.0]


def test_merge_all_of_nothing_is_none():
    assert tf.summary.merge_all() is None


def test_histogram_of_nan_names_the_tag():
    x = tf.placeholder(tf.float32, [None])
    h = tf.summary.histogram("weights", x)
    with tf.Session() as s, pytest.raises(tf.errors.InvalidArgumentError, match="Nan in summary histogram for: weights"):
        s.run(h, {x: [1.0, float("nan")]})


def test_queue_flush_close_reopen(tmp_path):
    writer = tf.summary.FileWriter(str(tmp_path), max_queue=3, flush_secs=1000)
    path = writer.event_writer.path
    ev = lambda v: tf.Summary(value=[tf.Summary.Value(tag="v", simple_value=v)])  # noqa: E731
    writer.add_summary(ev(1.0), 1)
    assert len(list(read_records(path))) == 1  # only the file_version record: the event is queued
    writer.add_summary(ev(2.0).SerializeToString(), 2)
    writer.add_summary(ev(3.0), 3)
    assert len(list(read_records(path))) == 4  # the queue filled and flushed
    writer.close()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        writer.add_summary(ev(4.0), 4)
    assert "Attempting to use a closed FileWriter" in str(caught[0].message)
    writer.reopen()
    writer.add_summary(ev(5.0), 5)
    writer.flush()
    writer.close()
    first = tf.Event.FromString(next(read_records(path)))
    assert first.file_version == "brain.Event:2"
    acc = _accumulator(tmp_path)
    assert sorted(e.step for e in acc.Scalars("v")) == [1, 2, 3, 5]


def test_flush_secs_timer_writes_without_flush(tmp_path):
    import time
    writer = tf.summary.FileWriter(str(tmp_path), flush_secs=0.1)
    writer.add_summary(tf.Summary(value=[tf.Summary.Value(tag="v", simple_value=1.0)]), 7)
    deadline = time.time() + 5
    while len(list(read_records(writer.event_writer.path))) < 2 and time.time() < deadline:
        time.sleep(0.05)
    assert len(list(read_records(writer.event_writer.path))) == 2
    writer.close()


def test_file_writer_cache_returns_one_writer_per_logdir(tmp_path):
    a = tf.summary.FileWriterCache.get(str(tmp_path))
    assert tf.summary.FileWriterCache.get(str(tmp_path)) is a
    tf.summary.FileWriterCache.clear()
    assert tf.summary.FileWriterCache.get(str(tmp_path)) is not a
    tf.summary.FileWriterCache.clear()


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_corrupted_event_file_names_the_file(tmp_path, damage):
    _lesson(tmp_path, steps=2)
    (name,) = os.listdir(tmp_path)
    path = tmp_path / name
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[:-7]
    else:
        data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(tf.errors.DataLossError, match=f"record at [0-9]+ in {path}"):
        list(read_records(str(path)))


def test_unwritable_logdir_names_the_path(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    with pytest.raises(tf.errors.FailedPreconditionError, match=f"{blocker} is not a directory"):
        tf.summary.FileWriter(str(blocker / "logs"))
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.access(locked, os.W_OK):  # root ignores permissions
        return
    with pytest.raises(tf.errors.PermissionDeniedError, match=str(locked / "logs")):
        tf.summary.FileWriter(str(locked / "logs"))


def test_histogram_buckets_equal_tensorflow(run_tf):
    values = [-3.5, -0.001, 0.0, 1e-9, 0.5, 2.0, 2.0, 7.25, 1e6]
    got = run_tf("""
        with tf.Session() as s:
            out = tf.Summary.FromString(s.run(tf.summary.histogram("h", tf.constant(ARGS["v"], tf.float64))))
        h = out.value[0].histo
        print(json.dumps([list(h.bucket_limit), list(h.bucket), h.min, h.max, h.sum, h.sum_squares]))
    """, v=values)
    with tf.Session() as s:
        h = tf.Summary.FromString(s.run(tf.summary.histogram("h", tf.constant(values, tf.float64)))).value[0].histo
    assert [list(h.bucket_limit), list(h.bucket), h.min, h.max, h.sum, h.sum_squares] == got


def test_image_scaling_matches_tensorflow(run_tf):
    img = (np.arange(2 * 3 * 2 * 1, dtype=np.float32).reshape(2, 3, 2, 1) - 4.0) / 3.0
    got = run_tf("""
        import io
        with tf.Session() as s:
            out = tf.Summary.FromString(s.run(tf.summary.image("i", tf.constant(ARGS["img"], tf.float32), 2)))
        pngs = [v.image.encoded_image_string for v in out.value]
        dec = [tf.image.decode_png(p) for p in pngs]
        with tf.Session() as s:
            print(json.dumps({"tags": [v.tag for v in out.value], "pixels": [s.run(d).tolist() for d in dec]}))
    """, img=img.tolist())
    with tf.Session() as s:
        out = tf.Summary.FromString(s.run(tf.summary.image("i", tf.constant(img), 2)))
    assert [v.tag for v in out.value] == got["tags"] == ["i/image/0", "i/image/1"]
    from PIL import Image
    import io
    ours = [np.asarray(Image.open(io.BytesIO(v.image.encoded_image_string))).reshape(3, 2, 1).tolist()
            for v in out.value]
    assert ours == got["pixels"]
