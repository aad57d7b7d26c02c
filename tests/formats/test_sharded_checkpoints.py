"""`tf.train.Saver(sharded=True)`: one shard per device the variables are pinned to, written under
a temporary prefix and merged into one checkpoint (`<prefix>.index` + `<prefix>.data-0000i-of-0000N`)
with TF 1.15's op names; real TensorFlow restores nbgraph's sharded checkpoints and nbgraph
restores (and re-saves with) real TF's."""
from __future__ import annotations

import os

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.formats.bundle import BundleReader


def _model():
    """Three variables on two device groups: unpinned (device "") and /cpu:0."""
    a = tf.Variable([1.0, 2.0], name="a")
    with tf.device("/cpu:0"):
        b = tf.Variable([3, 4], name="b")
    c = tf.Variable(5.0, name="c")
    return a, b, c


def test_sharded_saver_graph_is_tf_1_15s():
    _model()
    saver = tf.train.Saver(sharded=True)
    ops = {o.name: (o.type, o.device) for o in tf.get_default_graph().get_operations() if o.name.startswith("save/")}
    cpu0 = "/device:CPU:0"
    assert ops == {
        "save/filename/input": ("Const", ""), "save/filename": ("PlaceholderWithDefault", ""),
        "save/Const": ("PlaceholderWithDefault", ""),
        "save/StringJoin/inputs_1": ("Const", ""), "save/StringJoin": ("StringJoin", ""),
        "save/num_shards": ("Const", ""),
        # shard 0: the unpinned variables (device ""), saved from CPU:0
        "save/ShardedFilename/shard": ("Const", cpu0), "save/ShardedFilename": ("ShardedFilename", cpu0),
        "save/SaveV2/tensor_names": ("Const", cpu0), "save/SaveV2/shape_and_slices": ("Const", cpu0),
        "save/SaveV2": ("SaveV2", cpu0), "save/control_dependency": ("Identity", cpu0),
        # shard 1: the variables on /cpu:0
        "save/ShardedFilename_1/shard": ("Const", cpu0), "save/ShardedFilename_1": ("ShardedFilename", cpu0),
        "save/SaveV2_1/tensor_names": ("Const", cpu0), "save/SaveV2_1/shape_and_slices": ("Const", cpu0),
        "save/SaveV2_1": ("SaveV2", cpu0), "save/control_dependency_1": ("Identity", cpu0),
        "save/MergeV2Checkpoints/checkpoint_prefixes": ("Pack", cpu0),
        "save/MergeV2Checkpoints": ("MergeV2Checkpoints", cpu0), "save/Identity": ("Identity", cpu0),
        # restore: one RestoreV2 (on CPU:0) per device group, assigns on the variables' devices
        "save/RestoreV2/tensor_names": ("Const", cpu0), "save/RestoreV2/shape_and_slices": ("Const", cpu0),
        "save/RestoreV2": ("RestoreV2", cpu0), "save/Assign": ("Assign", ""), "save/Assign_1": ("Assign", ""),
        "save/restore_shard": ("NoOp", ""),
        "save/RestoreV2_1/tensor_names": ("Const", cpu0), "save/RestoreV2_1/shape_and_slices": ("Const", cpu0),
        "save/RestoreV2_1": ("RestoreV2", cpu0), "save/Assign_2": ("Assign", cpu0),
        "save/restore_shard_1": ("NoOp", cpu0),
        "save/restore_all/NoOp": ("NoOp", ""), "save/restore_all/NoOp_1": ("NoOp", cpu0),
        "save/restore_all": ("NoOp", ""),
    }
    g = tf.get_default_graph()
    assert g.get_operation_by_name("save/StringJoin").get_attr("separator") == b""
    assert g.get_operation_by_name("save/StringJoin").get_attr("N") == 2
    assert g.get_operation_by_name("save/MergeV2Checkpoints").get_attr("delete_old_dirs") is True
    assert [t.name for t in g.get_operation_by_name("save/MergeV2Checkpoints").inputs] == [
        "save/MergeV2Checkpoints/checkpoint_prefixes:0", "save/Const:0"]
    sd = saver.saver_def
    assert (sd.filename_tensor_name, sd.save_tensor_name, sd.restore_op_name, sd.sharded) == (
        "save/Const:0", "save/Identity:0", "save/restore_all", True)


def test_sharded_save_writes_one_data_file_per_device_and_restores(tmp_path):
    a, b, c = _model()
    saver = tf.train.Saver(sharded=True)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        path = saver.save(s, str(tmp_path / "m"), global_step=3)
        assert path == str(tmp_path / "m-3")
        s.run([a.assign([0.0, 0.0]), b.assign([0, 0]), c.assign(0.0)])
        saver.restore(s, path)
        assert s.run(a).tolist() == [1.0, 2.0] and s.run(b).tolist() == [3, 4] and s.run(c) == 5.0
    # the temporary folder of the parts is gone; the merged checkpoint names its shards
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "m-3.data-00000-of-00002", "m-3.data-00001-of-00002",
                                            "m-3.index", "m-3.meta"]
    reader = BundleReader(path)
    assert reader.num_shards == 2
    assert {n: e.shard_id for n, e in reader.entries.items()} == {"a": 0, "c": 0, "b": 1}
    assert tf.train.load_checkpoint(path).get_variable_to_shape_map() == {"a": [2], "b": [2], "c": []}
    assert tf.train.latest_checkpoint(str(tmp_path)) == path
    # a later save with max_to_keep deletes every shard of the old one
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        keep_one = tf.train.Saver(sharded=True, max_to_keep=1)
        keep_one.save(s, str(tmp_path / "k"), global_step=1, write_meta_graph=False)
        keep_one.save(s, str(tmp_path / "k"), global_step=2, write_meta_graph=False)
    assert sorted(p for p in os.listdir(tmp_path) if p.startswith("k-")) == [
        "k-2.data-00000-of-00002", "k-2.data-00001-of-00002", "k-2.index"]


def test_sharded_saver_on_one_device_writes_one_shard(tmp_path):
    tf.Variable([1.0], name="only")
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        tf.train.Saver(sharded=True).save(s, str(tmp_path / "one"), write_meta_graph=False)
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "one.data-00000-of-00001", "one.index"]


def test_sharded_checkpoint_restores_through_import_meta_graph_and_an_unsharded_saver(tmp_path):
    _model()
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        path = tf.train.Saver(sharded=True).save(s, str(tmp_path / "m"))
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(path + ".meta")
        assert saver.saver_def.sharded
        with tf.Session() as s:
            saver.restore(s, path)
            assert s.run("b:0").tolist() == [3, 4]
            again = saver.save(s, str(tmp_path / "again"))   # the imported StringJoin/ShardedFilename/Merge run
        assert sorted(p for p in os.listdir(tmp_path) if p.startswith("again")) == [
            "again.data-00000-of-00002", "again.data-00001-of-00002", "again.index", "again.meta"]
    with tf.Graph().as_default():
        a, b, c = _model()
        with tf.Session() as s:
            tf.train.Saver().restore(s, str(tmp_path / "again"))  # an unsharded saver reads every shard
            assert s.run([a, c]) == [pytest.approx([1.0, 2.0]), 5.0]


def test_damaged_shard_is_data_loss_naming_the_file(tmp_path):
    _model()
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        path = tf.train.Saver(sharded=True).save(s, str(tmp_path / "m"), write_meta_graph=False)
    shard = tmp_path / "m.data-00001-of-00002"
    raw = bytearray(shard.read_bytes())
    raw[0] ^= 0xFF
    shard.write_bytes(bytes(raw))
    with pytest.raises(tf.errors.DataLossError, match="m.data-00001-of-00002"):
        tf.train.load_checkpoint(path).get_tensor("b")
    assert tf.train.load_checkpoint(path).get_tensor("a").tolist() == [1.0, 2.0]


def test_string_join_and_sharded_filename_ops():
    from nbgraph.engine.ops.array_ops import constant
    g = tf.get_default_graph()
    base = constant(["x", "y"])
    join = g.create_op("StringJoin", [base, constant("-z")], [tf.string], attrs={"N": 2, "separator": "+"})
    name = g.create_op("ShardedFilename", [constant("p"), constant(1), constant(12)], [tf.string])
    with tf.Session() as s:
        assert s.run(join.outputs[0]).tolist() == [b"x+-z", b"y+-z"]
        assert s.run(name.outputs[0]) == b"p-00001-of-00012"
    assert join.outputs[0].shape.as_list() == [2] and name.outputs[0].shape.as_list() == []


@pytest.mark.timeout(600)
def test_real_tf_restores_nbgraph_sharded_checkpoints(tmp_path, run_tf):
    _model()
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        path = tf.train.Saver(sharded=True).save(s, str(tmp_path / "nb"), global_step=1)
    got = run_tf("""
        r = tf.train.load_checkpoint(ARGS["path"])
        values = {n: r.get_tensor(n).tolist() for n in sorted(r.get_variable_to_shape_map())}
        saver = tf.train.import_meta_graph(ARGS["path"] + ".meta")
        with tf.Session() as s:
            saver.restore(s, ARGS["path"])
            restored = s.run(["a:0", "b:0", "c:0"])
            resaved = saver.save(s, ARGS["dir"] + "/tf_again")
        print(json.dumps({"values": values, "restored": [x.tolist() for x in restored],
                          "sharded": saver.saver_def.sharded, "resaved": resaved}))
    """, path=path, dir=str(tmp_path))
    assert got["values"] == {"a": [1.0, 2.0], "b": [3, 4], "c": 5.0}
    assert got["restored"] == [[1.0, 2.0], [3, 4], 5.0] and got["sharded"] is True
    # TF ran nbgraph's sharded save graph: its files are TF's layout, and nbgraph reads them
    assert sorted(p for p in os.listdir(tmp_path) if p.startswith("tf_again")) == [
        "tf_again.data-00000-of-00002", "tf_again.data-00001-of-00002", "tf_again.index", "tf_again.meta"]
    assert tf.train.load_checkpoint(got["resaved"]).get_tensor("b").tolist() == [3, 4]


@pytest.mark.timeout(600)
def test_nbgraph_restores_real_tf_sharded_checkpoints(tmp_path, run_tf):
    got = run_tf("""
        import os
        a = tf.Variable([1.5, -2.0], name="a")
        with tf.device("/cpu:0"):
            b = tf.Variable([[1, 2], [3, 4]], dtype=tf.int64, name="b")
        c = tf.Variable(7.0, name="c")
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            path = tf.train.Saver(sharded=True).save(s, ARGS["dir"] + "/tf.ckpt", global_step=2)
        print(json.dumps({"path": path, "files": sorted(os.listdir(ARGS["dir"]))}))
    """, dir=str(tmp_path))
    assert got["files"] == ["checkpoint", "tf.ckpt-2.data-00000-of-00002", "tf.ckpt-2.data-00001-of-00002",
                            "tf.ckpt-2.index", "tf.ckpt-2.meta"]
    assert BundleReader(got["path"]).num_shards == 2
    with tf.Graph().as_default():
        a = tf.Variable([0.0, 0.0], name="a")
        with tf.device("/cpu:0"):
            b = tf.Variable(np.zeros([2, 2], np.int64), name="b")
        c = tf.Variable(0.0, name="c")
        with tf.Session() as s:
            tf.train.Saver(sharded=True).restore(s, got["path"])
            assert s.run(a).tolist() == [1.5, -2.0] and s.run(b).tolist() == [[1, 2], [3, 4]] and s.run(c) == 7.0
    with tf.Graph().as_default():   # TF's own saver graph (TF 2 adds StaticRegexFullMatch/Select) runs here
        saver = tf.train.import_meta_graph(got["path"] + ".meta")
        with tf.Session() as s:
            saver.restore(s, got["path"])
            assert s.run("c:0") == 7.0
            path = saver.save(s, str(tmp_path / "nb_again"))
        assert tf.train.load_checkpoint(path).get_tensor("b").tolist() == [[1, 2], [3, 4]]
        assert BundleReader(path).num_shards == 2
