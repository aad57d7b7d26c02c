"""The `tensorflow.python.*` module paths lessons import, through the `tensorflow` alias as the
nbgraph kernel sets it up (`%nbgraph alias tensorflow on`), and gone again when it is off."""
from __future__ import annotations

import sys

import pytest

import nbgraph as tf
from nbgraph import tf_paths

COOKBOOK_CELL = """\
import tensorflow as tf
from tensorflow.python.framework import ops
ops.reset_default_graph()
sess = tf.Session()
x = tf.linspace(-1.0, 1.0, 5)
print(sess.run(x))
"""


@pytest.fixture
def alias_on(run, monkeypatch):
    for name in ["tensorflow", *tf_paths.modules()]:
        monkeypatch.delitem(sys.modules, name, raising=False)
    run("%nbgraph alias tensorflow on")
    return run


def test_the_cookbook_reset_runs_verbatim(alias_on):
    old = tf.get_default_graph()
    assert alias_on(COOKBOOK_CELL).stdout == "[-1.  -0.5  0.   0.5  1. ]\n"
    assert tf.get_default_graph() is not old


def test_framework_and_ops_modules_map_to_nbgraph(alias_on):
    out = alias_on("""\
from tensorflow.python.framework import dtypes, tensor_shape, constant_op
from tensorflow.python.framework import ops
from tensorflow.python.ops import (math_ops, array_ops, nn_ops, init_ops, variables, state_ops,
                                   control_flow_ops, random_ops, linalg_ops)
import tensorflow.python.framework.ops as ops2
import tensorflow.python.ops.math_ops
a = constant_op.constant([1.0, 2.0], dtype=dtypes.float32)
with ops.name_scope("s"):
    b = math_ops.add(a, a)
print(b, array_ops.reshape(b, [2, 1]).shape, tensor_shape.TensorShape([None, 3]))
print(ops2 is ops, tensorflow.python.ops.math_ops is math_ops, ops.Graph is tf.Graph)
print(ops.convert_to_tensor([1, 2]).dtype, nn_ops.relu(a).op.type, random_ops.random_normal([2]).shape)
v = variables.Variable(init_ops.zeros_initializer()([2]))
print(state_ops.assign(v, a).op.type, control_flow_ops.group(b).type, linalg_ops.matrix_inverse([[2.0]]).op.type)
""").stdout.splitlines()
    assert out == ['Tensor("s/Add:0", shape=(2,), dtype=float32) (2, 1) (?, 3)', "True True True",
                   "<dtype: 'int32'> Relu (2,)", "Assign NoOp MatrixInverse"]


def test_platform_gfile_is_tf_gfile(alias_on, tmp_path):
    out = alias_on(f"""\
from tensorflow.python.platform import gfile
gfile.MakeDirs({str(tmp_path / "logs" / "run")!r})
print(gfile.Exists({str(tmp_path / "logs")!r}), gfile.ListDirectory({str(tmp_path / "logs")!r}),
      gfile.GFile is tf.gfile.GFile)
""").stdout
    assert out == "True ['run'] True\n"


def test_a_name_tensorflow_has_but_nbgraph_lacks_says_so(alias_on):
    err = alias_on("from tensorflow.python.ops import math_ops\nmath_ops.zeta", ok=False).result.error_in_exec
    assert isinstance(err, AttributeError)
    assert str(err) == ("module 'tensorflow.python.ops.math_ops' has no attribute 'zeta' (TensorFlow has it; "
                        "nbgraph does not implement it)")
    err = alias_on("from tensorflow.python.framework import ops\nops.no_such_name", ok=False).result.error_in_exec
    assert str(err) == "module 'tensorflow.python.framework.ops' has no attribute 'no_such_name'"


def test_alias_off_removes_the_paths(alias_on):
    alias_on("%nbgraph alias tensorflow off")
    assert not any(n.startswith("tensorflow") for n in sys.modules)
    assert not hasattr(tf, "python")
    err = alias_on("from tensorflow.python.framework import ops", ok=False).result.error_in_exec
    assert isinstance(err, ImportError)


def test_plain_import_nbgraph_installs_no_paths():
    import subprocess
    code = "import sys, nbgraph; print(sorted(n for n in sys.modules if n.startswith('tensorflow')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[]\n"


def test_contrib_and_other_submodule_imports_are_nbgraphs_own_modules(alias_on):
    """`from tensorflow.contrib import rnn` must not load nbgraph's files again under
    `tensorflow.` names (a second engine whose tensors the first rejects)."""
    out = alias_on("""\
import sys
from tensorflow.contrib import rnn
import tensorflow.contrib.rnn as rnn2
x = tf.unstack(tf.placeholder(tf.float32, [None, 3, 2]), 3, 1)
outputs, state = rnn.static_rnn(rnn.BasicLSTMCell(4), x, dtype=tf.float32)
print(rnn is tf.contrib.rnn, rnn2 is rnn, outputs[-1].shape)
print(sorted(n for n in sys.modules if n.startswith("tensorflow.") and n.split(".")[1] in ("engine", "rnn")))
""").stdout.splitlines()
    assert out == ["True True (?, 4)", "[]"]
    err = alias_on("import tensorflow.contrib.no_such_module", ok=False).result.error_in_exec
    assert isinstance(err, ModuleNotFoundError) and str(err) == "No module named 'tensorflow.contrib.no_such_module'"
    alias_on("%nbgraph alias tensorflow off")
    assert not any(n.startswith("tensorflow") for n in sys.modules)


def test_dotted_imports_of_nbgraph_packages_are_nbgraph_itself(alias_on):
    out = alias_on("""\
import sys
import tensorflow.contrib.layers as L
from tensorflow.contrib import rnn
import nbgraph.contrib.layers
x = tf.placeholder(tf.float32, [None, 3])
print(L is nbgraph.contrib.layers, L.fully_connected(x, 2))
print(rnn.BasicLSTMCell(4).state_size, [n for n in sys.modules if n.startswith("tensorflow.engine")])
""").stdout.splitlines()
    assert out == ['True Tensor("fully_connected/Relu:0", shape=(?, 2), dtype=float32)',
                   "LSTMStateTuple(c=4, h=4) []"]
    out = alias_on("""\
from tensorflow.nn import rnn_cell
import tensorflow.nn as tnn
print(rnn_cell is tf.nn.rnn_cell, tnn is tf.nn)
""").stdout
    assert out == "True True\n"
    err = alias_on("import tensorflow.contrib.no_such_module", ok=False).result.error_in_exec
    assert isinstance(err, ModuleNotFoundError) and err.name == "tensorflow.contrib.no_such_module"
    alias_on("%nbgraph alias tensorflow off")
    assert not any(n.startswith("tensorflow") for n in sys.modules)
    err = alias_on("import tensorflow.contrib.layers", ok=False).result.error_in_exec
    assert isinstance(err, ImportError)


def test_graph_util_and_graph_io_paths_freeze_a_graph(alias_on, tmp_path):
    out = alias_on(f"""\
from tensorflow.python.framework import graph_util, graph_io
v = tf.Variable([1.0, 2.0], name="v")
out = tf.multiply(v, 2.0, name="out")
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    frozen = graph_util.convert_variables_to_constants(s, s.graph_def, ["out"])
graph_io.write_graph(frozen, {str(tmp_path)!r}, "frozen.pb", as_text=False)
print(sorted(n.op for n in frozen.node), graph_util.convert_variables_to_constants is tf.graph_util.convert_variables_to_constants)
""").stdout
    assert out == "['Const', 'Const', 'Identity', 'Mul'] True\n"
    assert (tmp_path / "frozen.pb").exists()
