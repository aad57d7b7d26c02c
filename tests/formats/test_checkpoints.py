"""tf.train.Saver and the V2 checkpoint files: round trips, TF's file names and state file,
max_to_keep, readers, the errors for missing/mismatched/damaged checkpoints, interrupted saves,
and interop with real TensorFlow in both directions."""
from __future__ import annotations

import os

import numpy as np
import pytest

import nbgraph as tf


def _model():
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [3], initializer=tf.constant_initializer(0.5))
    step = tf.Variable(7, name="global_step", trainable=False)
    return v, w, step


def test_save_restore_round_trip_and_file_names(tmp_path):
    v, w, step = _model()
    saver = tf.train.Saver()
    prefix = str(tmp_path / "model.ckpt")
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert saver.save(s, prefix, global_step=step) == prefix + "-7"
        s.run([v.assign(tf.zeros([2, 2])), w.assign([9.0, 9.0, 9.0])])
        saver.restore(s, prefix + "-7")
        np.testing.assert_array_equal(s.run(v), [[1, 2], [3, 4]])
        np.testing.assert_array_equal(s.run(w), [0.5, 0.5, 0.5])
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "model.ckpt-7.data-00000-of-00001", "model.ckpt-7.index",
                                            "model.ckpt-7.meta"]
    assert (tmp_path / "checkpoint").read_text() == (f'model_checkpoint_path: "{prefix}-7"\n'
                                                     f'all_model_checkpoint_paths: "{prefix}-7"\n')
    assert tf.train.latest_checkpoint(str(tmp_path)) == prefix + "-7"
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert state.all_model_checkpoint_paths == [prefix + "-7"]
    assert tf.train.checkpoint_exists(prefix + "-7") and not tf.train.checkpoint_exists(prefix + "-8")


def test_saver_graph_ops_are_tf_names():
    _model()
    saver = tf.train.Saver()
    names = {o.name: o.type for o in tf.get_default_graph().get_operations() if o.name.startswith("save/")}
    assert names == {"save/filename/input": "Const", "save/filename": "PlaceholderWithDefault",
                     "save/Const": "PlaceholderWithDefault", "save/SaveV2/tensor_names": "Const",
                     "save/SaveV2/shape_and_slices": "Const", "save/SaveV2": "SaveV2",
                     "save/control_dependency": "Identity", "save/RestoreV2/tensor_names": "Const",
                     "save/RestoreV2/shape_and_slices": "Const", "save/RestoreV2": "RestoreV2",
                     "save/Assign": "Assign", "save/Assign_1": "Assign", "save/Assign_2": "Assign",
                     "save/restore_all": "NoOp"}
    sd = saver.saver_def
    assert (sd.filename_tensor_name, sd.save_tensor_name, sd.restore_op_name, sd.max_to_keep) == (
        "save/Const:0", "save/control_dependency:0", "save/restore_all", 5)
    assert tf.train.Saver().saver_def.restore_op_name == "save_1/restore_all"


def test_max_to_keep_deletes_old_checkpoints(tmp_path):
    _model()
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for i in range(4):
            saver.save(s, str(tmp_path / "m"), global_step=i, write_meta_graph=i == 3)
    assert saver.last_checkpoints == [str(tmp_path / "m-2"), str(tmp_path / "m-3")]
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "m-2.data-00000-of-00001", "m-2.index",
                                            "m-3.data-00000-of-00001", "m-3.index", "m-3.meta"]
    assert tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths == saver.last_checkpoints


def test_var_list_as_list_and_dict(tmp_path):
    v, w, step = _model()
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        tf.train.Saver({"renamed": v}).save(s, str(tmp_path / "d"))
        tf.train.Saver([w]).save(s, str(tmp_path / "l"))
    assert tf.train.list_variables(str(tmp_path / "d")) == [("renamed", [2, 2])]
    assert tf.train.list_variables(str(tmp_path / "l")) == [("layer/w", [3])]
    np.testing.assert_array_equal(tf.train.load_variable(str(tmp_path / "d"), "renamed:0"), [[1, 2], [3, 4]])


def test_readers(tmp_path):
    _model()
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        tf.train.Saver().save(s, str(tmp_path / "m"))
    reader = tf.train.NewCheckpointReader(str(tmp_path / "m"))
    assert reader.get_variable_to_shape_map() == {"v": [2, 2], "layer/w": [3], "global_step": []}
    assert reader.get_variable_to_dtype_map() == {"v": tf.float32, "layer/w": tf.float32, "global_step": tf.int32}
    assert reader.has_tensor("v") and not reader.has_tensor("nope")
    assert reader.get_tensor("global_step") == 7
    assert tf.train.load_checkpoint(str(tmp_path)).get_variable_to_shape_map() == reader.get_variable_to_shape_map()
    with pytest.raises(tf.errors.NotFoundError, match="Key nope not found in checkpoint"):
        reader.get_tensor("nope")
    with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files for .*missing"):
        tf.train.NewCheckpointReader(str(tmp_path / "missing"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match=f"Couldn't find 'checkpoint' file or checkpoints in given directory {empty}"):
        tf.train.load_checkpoint(str(empty))
    assert tf.train.latest_checkpoint(str(empty)) is None


def test_saver_errors(tmp_path):
    v, w, step = _model()
    with pytest.raises(ValueError, match="At least two variables have the same name: v"):
        tf.train.Saver({"v": v, "x": w} if False else [v, v])
    with tf.Graph().as_default(), pytest.raises(ValueError, match="No variables to save"):
        tf.train.Saver()
    saver = tf.train.Saver()
    with tf.Session() as s:
        with pytest.raises(ValueError, match="The passed save_path is not a valid checkpoint: " + str(tmp_path / "no")):
            saver.restore(s, str(tmp_path / "no"))
        with pytest.raises(tf.errors.FailedPreconditionError, match="Attempting to use uninitialized value"):
            saver.save(s, str(tmp_path / "m"))
        assert tf.train.latest_checkpoint(str(tmp_path)) is None
        s.run(tf.global_variables_initializer())
        # as TF's bundle writer: the checkpoint's own folder is created, not the folders above it
        with pytest.raises(ValueError, match="Parent directory of .*nodir/deeper/m doesn't exist, can't save."):
            saver.save(s, str(tmp_path / "nodir" / "deeper" / "m"))
        assert not (tmp_path / "nodir").exists()
        assert saver.save(s, str(tmp_path / "newdir" / "m")) == str(tmp_path / "newdir" / "m")
        assert tf.train.latest_checkpoint(str(tmp_path / "newdir")) == str(tmp_path / "newdir" / "m")


def test_restore_missing_key_and_shape_mismatch(tmp_path):
    with tf.Graph().as_default():
        a = tf.Variable([1.0, 2.0], name="a")
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            tf.train.Saver().save(s, str(tmp_path / "m"))
    with tf.Graph().as_default():
        tf.Variable([1.0, 2.0], name="a")
        tf.Variable([1.0], name="b")
        with tf.Session() as s, pytest.raises(tf.errors.NotFoundError) as e:
            tf.train.Saver().restore(s, str(tmp_path / "m"))
        assert str(e.value).startswith("Restoring from checkpoint failed. This is most likely due to a Variable name")
        assert "Key b not found in checkpoint" in str(e.value)
    with tf.Graph().as_default():
        tf.Variable([1.0, 2.0, 3.0], name="a")
        with tf.Session() as s, pytest.raises(tf.errors.InvalidArgumentError) as e:
            tf.train.Saver().restore(s, str(tmp_path / "m"))
        assert "Assign requires shapes of both tensors to match. lhs shape= [3] rhs shape= [2]" in str(e.value)
    del a


@pytest.mark.parametrize("target,where", [("data", -3), ("index", 5), ("index", -60), ("truncate", 0)])
def test_damaged_checkpoint_is_data_loss_naming_the_file(tmp_path, target, where):
    _model()
    prefix = str(tmp_path / "m")
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        tf.train.Saver().save(s, prefix)
    path = prefix + (".data-00000-of-00001" if target == "data" else ".index")
    data = bytearray(open(path, "rb").read())
    if target == "truncate":
        data = data[: len(data) // 2]
    else:
        data[where] ^= 0x55
    open(path, "wb").write(bytes(data))
    with tf.Session() as s, pytest.raises(tf.errors.DataLossError, match=str(path)):
        tf.train.Saver().restore(s, prefix)
    with pytest.raises(tf.errors.DataLossError, match=str(path)):
        reader = tf.train.NewCheckpointReader(prefix)
        [reader.get_tensor(n) for n in reader.get_variable_to_shape_map()]


def test_interrupted_save_leaves_latest_checkpoint_on_the_last_good_one(tmp_path, monkeypatch):
    v, _, _ = _model()
    saver = tf.train.Saver()
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        good = saver.save(s, str(tmp_path / "m"), global_step=1)
        real_replace = os.replace

        def crash_on_index(src, dst):
            if str(dst).endswith(".index"):
                raise KeyboardInterrupt  # the learner pressed stop half-way through the save
            return real_replace(src, dst)
        monkeypatch.setattr(os, "replace", crash_on_index)
        with pytest.raises(KeyboardInterrupt):
            saver.save(s, str(tmp_path / "m"), global_step=2)
        monkeypatch.setattr(os, "replace", real_replace)
    assert tf.train.latest_checkpoint(str(tmp_path)) == good
    assert not tf.train.checkpoint_exists(str(tmp_path / "m-2"))
    with tf.Session() as s:
        saver.restore(s, tf.train.latest_checkpoint(str(tmp_path)))
        np.testing.assert_array_equal(s.run(v), [[1, 2], [3, 4]])


def test_import_meta_graph_restores(tmp_path):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    v, w, step = _model()
    y = tf.matmul(x, v, name="y")
    tf.add_to_collection("outputs", y)
    tf.add_to_collection("numbers", 3)
    tf.add_to_collection("names", "hi")
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        s.run(v.assign([[2.0, 0.0], [0.0, 3.0]]))
        tf.train.Saver().save(s, str(tmp_path / "m"))
    meta = tf.train.export_meta_graph()
    assert meta.meta_info_def.tensorflow_version == "1.15.0"
    with tf.Graph().as_default() as g2:
        saver = tf.train.import_meta_graph(str(tmp_path / "m.meta"))
        assert saver.saver_def.restore_op_name == "save/restore_all"
        assert [v.name for v in tf.global_variables()] == ["v:0", "layer/w:0", "global_step:0"]
        assert [v.name for v in tf.trainable_variables()] == ["v:0", "layer/w:0"]
        assert g2.get_collection("numbers") == [3] and g2.get_collection("names") == [b"hi"]
        (y2,) = g2.get_collection("outputs")
        with tf.Session() as s:
            saver.restore(s, str(tmp_path / "m"))
            np.testing.assert_array_equal(s.run(y2, {"x:0": [[1, 1]]}), [[2, 3]])
    with tf.Graph().as_default():
        scoped = tf.train.import_meta_graph(str(tmp_path / "m.meta"), import_scope="r")
        assert scoped.saver_def.restore_op_name == "r/save/restore_all"
        with tf.Session() as s:
            scoped.restore(s, str(tmp_path / "m"))
            np.testing.assert_array_equal(s.run("r/v:0"), [[2, 0], [0, 3]])


@pytest.mark.timeout(600)  # TensorFlow's import alone takes ~20 s on a busy machine
def test_real_tf_restores_nbgraph_checkpoints(tmp_path, run_tf):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    v, w, step = _model()
    y = tf.reduce_sum(tf.matmul(x, v), axis=1, name="y")
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        s.run(v.assign([[2.0, 1.0], [0.5, 3.0]]))
        path = tf.train.Saver().save(s, str(tmp_path / "nb"), global_step=step)
        ours = s.run(y, {x: [[1, 2]]}).tolist()
    got = run_tf("""
        saver = tf.train.import_meta_graph(ARGS["path"] + ".meta")
        with tf.Session() as s:
            saver.restore(s, tf.train.latest_checkpoint(ARGS["dir"]))
            y = s.run("y:0", {"x:0": [[1, 2]]}).tolist()
        with tf.Graph().as_default():
            v = tf.Variable(tf.zeros([2, 2]), name="v")
            with tf.variable_scope("layer"):
                w = tf.get_variable("w", [3])
            step = tf.Variable(0, name="global_step")
            with tf.Session() as s:
                tf.train.Saver().restore(s, ARGS["path"])
                vals = s.run([v, w, step])
        r = tf.train.load_checkpoint(ARGS["path"])
        print(json.dumps({"y": y, "v": vals[0].tolist(), "w": vals[1].tolist(), "step": int(vals[2]),
                          "shapes": r.get_variable_to_shape_map()}))
    """, path=path, dir=str(tmp_path))
    assert got["y"] == ours == [10.0]
    assert (got["v"], got["w"], got["step"]) == ([[2.0, 1.0], [0.5, 3.0]], [0.5] * 3, 7)
    assert got["shapes"] == {"v": [2, 2], "layer/w": [3], "global_step": []}


@pytest.mark.timeout(600)  # TensorFlow's import alone takes ~20 s on a busy machine
def test_nbgraph_restores_real_tf_checkpoints(tmp_path, run_tf):
    got = run_tf("""
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        v = tf.Variable([[1.5, -2.0], [0.25, 4.0]], name="v")
        b = tf.Variable([1, 2], dtype=tf.int64, name="b")
        y = tf.add(tf.matmul(x, v), tf.cast(b, tf.float32), name="y")
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            path = tf.train.Saver().save(s, ARGS["dir"] + "/tf.ckpt", global_step=3)
            print(json.dumps({"path": path, "y": s.run(y, {x: [[1, 1]]}).tolist()}))
    """, dir=str(tmp_path))
    assert tf.train.latest_checkpoint(str(tmp_path)) == got["path"]
    assert tf.train.NewCheckpointReader(got["path"]).get_variable_to_dtype_map() == {"v": tf.float32, "b": tf.int64}
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(got["path"] + ".meta")
        with tf.Session() as s:
            saver.restore(s, got["path"])
            assert s.run("y:0", {"x:0": [[1, 1]]}).tolist() == got["y"]
    with tf.Graph().as_default():
        v = tf.Variable(tf.zeros([2, 2]), name="v")
        with tf.Session() as s:
            tf.train.Saver([v]).restore(s, got["path"])
            np.testing.assert_array_equal(s.run(v), [[1.5, -2.0], [0.25, 4.0]])


def test_keep_checkpoint_every_n_hours_preserves_old_ones(tmp_path):
    import time
    _model()
    saver = tf.train.Saver(max_to_keep=1, keep_checkpoint_every_n_hours=0.01 / 3600)  # one per 10 ms
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for i in range(3):
            time.sleep(0.05)  # each save lands past the next 10 ms mark
            saver.save(s, str(tmp_path / "m"), global_step=i, write_meta_graph=False)
    assert saver.last_checkpoints == [str(tmp_path / "m-2")]
    assert all(tf.train.checkpoint_exists(str(tmp_path / f"m-{i}")) for i in range(3))
