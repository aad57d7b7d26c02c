"""`from tensorflow.python.tools import inspect_checkpoint` (the r1 save/restore guide) and
`from tensorflow.python import pywrap_tensorflow` under the `tensorflow` alias: TF 1.15's printout
of a checkpoint's tensors, one tensor, the debug string and the parameter count."""
from __future__ import annotations

import importlib
import sys

import pytest

import nbgraph as tf
from nbgraph.ipython import alias


@pytest.fixture
def tf_alias():
    was_on = alias.is_on()
    alias.enable()
    yield
    if not was_on:
        alias.disable()


@pytest.fixture
def ckpt(tmp_path):
    with tf.Graph().as_default():
        v1 = tf.get_variable("v1", shape=[3], initializer=tf.zeros_initializer)
        v2 = tf.get_variable("v2", shape=[5], initializer=tf.zeros_initializer)
        ops = [v1.assign(v1 + 1), v2.assign(v2 - 1)]
        saver = tf.train.Saver()
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            s.run(ops)
            return saver.save(s, str(tmp_path / "model.ckpt"))


def test_print_tensors_in_checkpoint_file_as_tf(tf_alias, ckpt, capsys):
    chkp = importlib.import_module("tensorflow.python.tools.inspect_checkpoint")
    assert sys.modules["tensorflow.python.tools"].inspect_checkpoint is chkp
    chkp.print_tensors_in_checkpoint_file(ckpt, tensor_name="", all_tensors=True)
    chkp.print_tensors_in_checkpoint_file(ckpt, tensor_name="v1", all_tensors=False)
    chkp.print_tensors_in_checkpoint_file(ckpt, tensor_name="", all_tensors=False)
    chkp.print_tensors_in_checkpoint_file(ckpt, tensor_name="v3", all_tensors=False)
    chkp.print_tensors_in_checkpoint_file(ckpt, tensor_name="", all_tensors=True, count_exclude_pattern="v2")
    assert capsys.readouterr().out == (
        "tensor_name:  v1\n[1. 1. 1.]\ntensor_name:  v2\n[-1. -1. -1. -1. -1.]\n# Total number of params: 8\n"
        "tensor_name:  v1\n[1. 1. 1.]\n# Total number of params: 8\n"
        "v1 (DT_FLOAT) [3]\nv2 (DT_FLOAT) [5]\n\n# Total number of params: 8\n"
        "tensor_name:  v3\nKey v3 not found in checkpoint\n"
        "tensor_name:  v1\n[1. 1. 1.]\ntensor_name:  v2\n[-1. -1. -1. -1. -1.]\n"
        "# Excluding 1 tensors (5 params) that match v2 when counting.\n# Total number of params: 3\n")


def test_pywrap_tensorflow_new_checkpoint_reader(tf_alias, ckpt):
    from tensorflow.python import pywrap_tensorflow  # noqa: PLC0415 - through the alias
    reader = pywrap_tensorflow.NewCheckpointReader(ckpt)
    assert reader.get_variable_to_shape_map() == {"v1": [3], "v2": [5]}
    assert reader.get_tensor("v2").tolist() == [-1.0] * 5
