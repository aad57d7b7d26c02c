"""Devices and placement: DeviceSpec, the tf.device stack, the session's devices (virtual GPUs),
TF 1.15's placer and its log.

Where a golden log says "captured", it is what TensorFlow printed for the same program
(tensorflow.compat.v1 on CPU; TF 1.15's `Add` written for TF 2's `AddV2` where the program used
`tf.add`). GPU goldens are derived from TF's rules (placer.cc / colocation_graph.cc): GPUs come
before CPUs, generators (Const, Placeholder) wait for a second pass and follow their consumers,
ops without a GPU kernel stay on the CPU, `_Arg`/`_Retval` sit on the client CPU.
"""
from __future__ import annotations

import contextlib
import io
import re
import sys
import warnings

import nbformat
import numpy as np
import pytest

import nbgraph as tf
from nbgraph.engine import placement
from nbgraph.engine.session_placer import SessionPlacer
from tests.conftest import ORIGINAL_LESSON

CPU = "/job:localhost/replica:0/task:0/device:CPU:0"
GPU0 = "/job:localhost/replica:0/task:0/device:GPU:0"
GPU1 = "/job:localhost/replica:0/task:0/device:GPU:1"
GPU2 = "/job:localhost/replica:0/task:0/device:GPU:2"
VIRTUAL = "name: nbgraph virtual GPU (numpy), pci bus id: virtual, compute capability: virtual"
NO_DEVICES = "Device mapping: no known devices."
LOG = dict(log_device_placement=True)
SOFT = dict(log_device_placement=True, allow_soft_placement=True)
CUDA = " The requested device appears to be a GPU, but CUDA is not enabled."
MAKE_SURE = "Make sure the device specification refers to a valid device."


def line_of_next_statement():
    return sys._getframe(1).f_lineno + 1


def out(capsys):
    return capsys.readouterr().out.splitlines()


def session(**config):
    return tf.Session(config=tf.ConfigProto(**config))


def lesson_graph():
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.constant([2.0, 3.0], name="b")
    return tf.add(a, b)


def first_line(excinfo):
    return str(excinfo.value).splitlines()[0]


def mapping(n_gpus):
    return ["Device mapping:"] + [f"/job:localhost/replica:0/task:0/device:GPU:{i} -> device: {i}, {VIRTUAL}"
                                  for i in range(n_gpus)]


# -- DeviceSpec ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,canonical,fields", [
    ("/gpu:0", "/device:GPU:0", (None, None, None, "GPU", 0)),
    ("/GPU:1", "/device:GPU:1", (None, None, None, "GPU", 1)),
    ("/device:GPU:1", "/device:GPU:1", (None, None, None, "GPU", 1)),
    ("/device:gpu:0", "/device:GPU:0", (None, None, None, "GPU", 0)),
    ("gpu:1", "/device:GPU:1", (None, None, None, "GPU", 1)),
    ("/cpu:0", "/device:CPU:0", (None, None, None, "CPU", 0)),
    ("/CPU:0", "/device:CPU:0", (None, None, None, "CPU", 0)),
    ("/cpu:*", "/device:CPU:*", (None, None, None, "CPU", None)),
    ("/gpu:*", "/device:GPU:*", (None, None, None, "GPU", None)),
    ("cpu", "/device:CPU:*", (None, None, None, "CPU", None)),
    ("/job:localhost/replica:0/task:0/device:CPU:0", CPU, ("localhost", 0, 0, "CPU", 0)),
    ("/job:worker", "/job:worker", ("worker", None, None, None, None)),
    ("/task:1/gpu:0", "/task:1/device:GPU:0", (None, None, 1, "GPU", 0)),
    ("/job:ps/task:2", "/job:ps/task:2", ("ps", None, 2, None, None)),
    ("/replica:1/cpu:0", "/replica:1/device:CPU:0", (None, 1, None, "CPU", 0)),
    ("/job:a/job:b", "/job:b", ("b", None, None, None, None)),
    ("", "", (None, None, None, None, None)),
])
def test_device_strings_in_every_tf_form_parse(text, canonical, fields):
    spec = tf.DeviceSpec.from_string(text)
    assert spec.to_string() == canonical
    assert (spec.job, spec.replica, spec.task, spec.device_type, spec.device_index) == fields


@pytest.mark.parametrize("text,message", [
    ("/foo:1", "Unknown attribute: 'foo' in '/foo:1'"),
    ("/gpu:x", "invalid literal for int() with base 10: 'x'"),
    ("/cpu:0/gpu:0", "Cannot specify multiple device types: /cpu:0/gpu:0"),
    ("/device:GPU:0:1", "Unknown attribute: 'device' in '/device:GPU:0:1'"),
])
def test_bad_device_strings_fail_with_tf_texts(text, message):
    with pytest.raises(ValueError) as e:
        tf.DeviceSpec.from_string(text)
    assert str(e.value) == message
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        tf.device(text).__enter__()


def test_device_spec_construct_merge_and_repr():
    spec = tf.DeviceSpec(job="ps", device_type="gpu", device_index=0)
    assert spec.to_string() == "/job:ps/device:GPU:0"
    assert repr(tf.DeviceSpec.from_string("/cpu:0")) == \
        "<DeviceSpec(job=None, replica=None, task=None, device_type=CPU, device_index=0)>"
    outer = tf.DeviceSpec.from_string("/gpu:1")
    merged = outer.make_merged_spec(tf.DeviceSpec.from_string("/cpu:*"))
    assert merged.to_string() == "/device:CPU:1"      # field by field: the index survives
    assert outer.to_string() == "/device:GPU:1"        # make_merged_spec copies
    outer.merge_from(tf.DeviceSpec.from_string("/job:w/task:3"))
    assert outer.to_string() == "/job:w/task:3/device:GPU:1"
    assert tf.DeviceSpec.from_string("/gpu:0") == tf.DeviceSpec(device_type="GPU", device_index=0)
    assert spec.replace(job=None).to_string() == "/device:GPU:0"
    assert tf.devices.DeviceSpec is tf.DeviceSpec


# -- the tf.device stack (captured from TensorFlow) --------------------------------------------------
def _device_under(*stack):
    tf.reset_default_graph()
    with contextlib.ExitStack() as blocks:
        for spec in stack:
            blocks.enter_context(tf.device(spec))
        return tf.constant(1.0, name="c").op.device


@pytest.mark.parametrize("stack,device", [
    (("/gpu:1", "/cpu:*"), "/device:CPU:1"),
    (("/gpu:1", "/device:GPU:*"), "/device:GPU:1"),
    (("/gpu:1", "/job:w"), "/job:w/device:GPU:1"),
    (("/job:ps/task:2", "/gpu:1"), "/job:ps/task:2/device:GPU:1"),
    (("/gpu:0", None, "/cpu:0"), "/device:CPU:0"),
    (("/gpu:0", None), ""),
    (("/gpu:0", ""), "/device:GPU:0"),
    (("/job:ps", lambda op: "/cpu:0", "/gpu:0"), "/job:ps/device:CPU:0"),
    (("/job:ps", lambda op: "/cpu:0"), "/job:ps/device:CPU:0"),
    ((lambda op: "/cpu:0",), "/cpu:0"),                 # a function's string is kept as written
    ((lambda op: "/cpu:0", "/gpu:1"), "/cpu:0"),         # ... and it overrides the blocks inside it
    ((lambda op: "/cpu:0", ""), "/cpu:0"),
    (("/job:ps", lambda op: tf.DeviceSpec(device_type="GPU", device_index=2)), "/job:ps/device:GPU:2"),
    (("/job:ps", lambda op: ""), "/job:ps"),
    (("/device:gpu:0",), "/device:GPU:0"),
    (("/replica:1/cpu:0",), "/replica:1/device:CPU:0"),
    ((tf.DeviceSpec(device_type="GPU", device_index=1),), "/device:GPU:1"),
])
def test_nested_device_blocks_and_functions_merge_as_in_tf(stack, device):
    assert _device_under(*stack) == device


def test_nested_and_partial_blocks_in_one_graph():
    with tf.device("/gpu:0"):
        a = tf.constant(1.0, name="a")
        with tf.device("/cpu:0"):
            b = tf.constant(1.0, name="b")
        with tf.device("/job:worker"):
            c = tf.constant(1.0, name="c")
        with tf.device(None):
            d = tf.constant(1.0, name="d")
        with tf.device(""):
            e = tf.constant(1.0, name="e")
    with tf.device(lambda op: "/gpu:0" if op.type == "MatMul" else "/cpu:0"):
        m = tf.matmul(tf.ones([1, 1], name="o1"), tf.ones([1, 1], name="o2"), name="mm")
    with tf.device("/gpu:0"):
        v = tf.Variable(1.0, name="v")
    assert [t.device for t in (a, b, c, d, e)] == ["/device:GPU:0", "/device:CPU:0", "/job:worker/device:GPU:0",
                                                   "", "/device:GPU:0"]
    assert m.op.inputs[0].op.device == "/cpu:0" and m.device == "/gpu:0"
    g = tf.get_default_graph()
    assert [g.get_operation_by_name(n).device for n in ("v/initial_value", "v", "v/Assign", "v/read")] == \
        ["/device:GPU:0"] * 4


def test_device_function_sees_the_op_and_must_return_a_string():
    seen = []
    with tf.device(lambda op: seen.append((op.type, op.device)) or ""):
        with tf.device("/gpu:1"):
            tf.constant(1.0, name="k")
    assert seen == [("Const", "/device:GPU:1")]
    with pytest.raises(TypeError) as e:
        with tf.device(lambda op: None):
            tf.constant(1.0)
    assert str(e.value) == "Expected binary or unicode string, got None"


def test_colocate_with_wins_over_device_blocks():
    """Captured: colocate_with resets the device stack and takes the colocated op's device."""
    v = tf.Variable(1.0, name="v")
    with tf.colocate_with(v.op):
        with tf.device("/gpu:0"):
            c = tf.identity(v, name="c")
    with tf.device("/gpu:0"):
        d = tf.assign_add(v, 1.0, name="d")
    g = tf.get_default_graph()
    assert [(op.name, op.device) for op in g.get_operations()] == [
        ("v/initial_value", ""), ("v", ""), ("v/Assign", ""), ("v/read", ""), ("c", "/device:GPU:0"),
        ("d/value", "/device:GPU:0"), ("d", "")]
    assert d.op.colocation_groups() == [b"loc:@v"]
    tf.reset_default_graph()
    with tf.device("/cpu:0"):
        v = tf.Variable(1.0, name="v")
    with tf.device("/gpu:0"):
        with tf.colocate_with(v.op):
            a = tf.identity(v, name="a")
        b = tf.assign(v, 2.0, name="b")
    assert (a.device, b.device, b.op.inputs[1].op.device) == ("/device:CPU:0", "/device:CPU:0", "/device:GPU:0")


# -- the session's devices ----------------------------------------------------------------------------
def test_cpu_only_by_default(capsys):
    s = tf.Session()
    assert [(d.name, d.device_type, d.virtual) for d in s.list_devices()] == [(CPU, "CPU", False)]
    assert repr(s.list_devices()[0]).startswith(f"_DeviceAttributes({CPU}, CPU, 268435456, ")
    s.run(lesson_graph())
    assert capsys.readouterr().out == ""   # no log without log_device_placement


def test_virtual_gpus_are_listed_and_described_as_virtual(capsys):
    tf.use_virtual_gpus(2)
    s = session(**LOG)
    assert out(capsys) == mapping(2)
    devices = s.list_devices()
    assert [d.name for d in devices] == [CPU, GPU0, GPU1]
    assert [d.virtual for d in devices] == [False, True, True]
    assert all("virtual" in d.physical_device_desc for d in devices[1:])
    assert tf.devices.use_virtual_gpus is tf.use_virtual_gpus
    tf.devices.use_virtual_gpus(0)
    session(**LOG)
    assert out(capsys) == [NO_DEVICES]


def test_virtual_gpus_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("NBGRAPH_VIRTUAL_GPUS", "1")
    session(**LOG)
    assert out(capsys) == mapping(1)
    monkeypatch.setenv("NBGRAPH_VIRTUAL_GPUS", "many")
    with pytest.raises(ValueError) as e:
        tf.Session()
    assert str(e.value) == "NBGRAPH_VIRTUAL_GPUS must be a non-negative integer, got 'many'"
    with pytest.raises(ValueError, match="^number of virtual GPUs must be a non-negative int, got -1$"):
        tf.use_virtual_gpus(-1)


def test_device_count_and_visible_device_list_restrict_the_gpus(capsys):
    tf.use_virtual_gpus(2)
    s = session(device_count={"GPU": 0}, **LOG)
    assert out(capsys) == [NO_DEVICES] and [d.name for d in s.list_devices()] == [CPU]
    session(device_count={"GPU": 1}, **LOG)
    assert out(capsys) == mapping(1)
    config = tf.ConfigProto(**LOG)
    config.gpu_options.visible_device_list = "1,0"
    s = tf.Session(config=config)
    assert out(capsys) == ["Device mapping:", f"{GPU0} -> device: 1, {VIRTUAL}", f"{GPU1} -> device: 0, {VIRTUAL}"]
    config.gpu_options.visible_device_list = "1"
    tf.Session(config=config)
    assert out(capsys) == ["Device mapping:", f"{GPU0} -> device: 1, {VIRTUAL}"]
    s = session(device_count={"CPU": 2})
    assert [d.name for d in s.list_devices()] == [CPU, CPU[:-1] + "1", GPU0, GPU1]
    for bad, message in [("5", "'visible_device_list' listed an invalid GPU id '5' but visible device count is 2"),
                         ("0,x", "Could not parse entry in 'visible_device_list': 'x'. visible_device_list = 0,x"),
                         ("0,0", "visible_device_list contained a duplicate entry: 0,0")]:
        config.gpu_options.visible_device_list = bad
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            tf.Session(config=config)
        assert str(e.value) == message


# -- the lesson -----------------------------------------------------------------------------------------
def _lesson_cells():
    nb = nbformat.read(ORIGINAL_LESSON, as_version=4)
    code = [c.source.replace("import tensorflow as tf", "import nbgraph as tf") for c in nb.cells
            if c.cell_type == "code"]
    tensor_cell = next(c for c in code if "result = tf.add(a, b)" in c)
    config_cell = next(c for c in code if "sess1 = tf.InteractiveSession(config=config)" in c)
    return tensor_cell, config_cell


def _exec(code, ns):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(code, "<cell>", "exec"), ns)
    return buf.getvalue().splitlines()


def test_the_lessons_config_cell_runs_unchanged_and_a_run_after_it_logs_placement():
    tensor_cell, config_cell = _lesson_cells()
    ns = {}
    assert _exec("import nbgraph as tf", ns) == []   # the lesson's first cell, import swapped
    assert _exec(tensor_cell, ns) == ['Tensor("Add:0", shape=(2,), dtype=float32)', "[3. 5.]"]
    assert _exec(config_cell, ns) == [NO_DEVICES, NO_DEVICES]
    # the cell with a run added after the config (captured, 1.15's `Add`)
    ran = _exec("config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=True)\n"
                "with tf.Session(config=config) as sess:\n"
                "    print(sess.run(result))\n", ns)
    assert ran == [NO_DEVICES,
                   f"Add: (Add): {CPU}",
                   f"a: (Const): {CPU}",
                   f"b: (Const): {CPU}",
                   "[3. 5.]"]
    # the lesson's own cell, with a run added inside it: the interactive session places the
    # pruned graph, with TF's fetch node (captured)
    ran = _exec(config_cell.replace("# 关闭会话", "print(sess1.run(result))\nprint(sess2.run(result))\n"), ns)
    assert ran == [NO_DEVICES, NO_DEVICES,
                   f"Add: (Add): {CPU}", f"_retval_Add_0_0: (_Retval): {CPU}", f"a: (Const): {CPU}",
                   f"b: (Const): {CPU}", "[3. 5.]",
                   # sess2 got the same config, which InteractiveSession set to place pruned graphs
                   f"Add: (Add): {CPU}", f"_retval_Add_0_0: (_Retval): {CPU}", f"a: (Const): {CPU}",
                   f"b: (Const): {CPU}", "[3. 5.]"]


def test_lesson_graph_on_two_virtual_gpus(capsys):
    tf.use_virtual_gpus(2)
    result = lesson_graph()
    with session(**SOFT) as s:
        s.run(result)
    assert out(capsys) == mapping(2) + [f"Add: (Add): {GPU0}", f"a: (Const): {GPU0}", f"b: (Const): {GPU0}"]
    s = tf.InteractiveSession(config=tf.ConfigProto(**LOG))
    result.eval()
    assert out(capsys) == mapping(2) + [f"Add: (Add): {GPU0}", f"_retval_Add_0_0: (_Retval): {CPU}",
                                        f"a: (Const): {GPU0}", f"b: (Const): {GPU0}"]


# -- a plain Session places the whole graph, again when it grows (captured) ------------------------
def test_a_graph_that_grows_between_runs_is_placed_again_whole(capsys):
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.constant([2.0, 3.0], name="b")
    result = tf.add(a, b)
    sess = session(**LOG)
    assert out(capsys) == [NO_DEVICES]
    sess.run(result)
    assert out(capsys) == [f"Add: (Add): {CPU}", f"a: (Const): {CPU}", f"b: (Const): {CPU}"]
    sess.run(result)
    assert out(capsys) == []                              # same graph: no lines
    c = result * 2
    np.testing.assert_array_equal(sess.run(c), [6.0, 10.0])
    assert out(capsys) == [f"Add: (Add): {CPU}", f"mul: (Mul): {CPU}", f"a: (Const): {CPU}",
                           f"b: (Const): {CPU}", f"mul/y: (Const): {CPU}"]
    v = tf.Variable([1.0, 2.0], name="v")
    w = tf.get_variable("w", [2], initializer=tf.zeros_initializer())
    s = v + w
    init = tf.global_variables_initializer()
    sess.run(init)
    # VariableV2 outputs a ref, so it is not a generator: it keeps its place in creation order
    assert out(capsys) == [f"Add: (Add): {CPU}", f"mul: (Mul): {CPU}", f"v: (VariableV2): {CPU}",
                           f"v/Assign: (Assign): {CPU}", f"v/read: (Identity): {CPU}", f"w: (VariableV2): {CPU}",
                           f"w/Assign: (Assign): {CPU}", f"w/read: (Identity): {CPU}", f"add_1: (AddV2): {CPU}",
                           f"init: (NoOp): {CPU}", f"a: (Const): {CPU}", f"b: (Const): {CPU}",
                           f"mul/y: (Const): {CPU}", f"v/initial_value: (Const): {CPU}",
                           f"w/Initializer/zeros: (Const): {CPU}"]
    np.testing.assert_array_equal(sess.run(s), [1.0, 2.0])
    assert out(capsys) == []


def test_nothing_is_placed_when_nothing_runs(capsys):
    """Captured: TF's client skips the runtime for an empty fetch or a fed fetch."""
    x = tf.constant([1.0], name="x")
    sess = session(**LOG)
    capsys.readouterr()
    assert sess.run([]) == []
    sess.run(x, {x: [2.0]})
    assert out(capsys) == [] and sess.placement_log == []
    sess.run(x.op)
    assert out(capsys) == [f"x: (Const): {CPU}"]
    y = x + 1
    with tf.control_dependencies([y]):
        z = tf.constant(3.0, name="z")   # control inputs are not inputs: z is still a generator
    sess.run(z)
    assert out(capsys) == [f"add: (AddV2): {CPU}", f"x: (Const): {CPU}", f"add/y: (Const): {CPU}",
                           f"z: (Const): {CPU}"]


def test_nested_and_partial_specs_are_placed(capsys):
    """Captured on CPU."""
    with tf.device("/job:localhost"):
        p = tf.constant(1.0, name="p")
        with tf.device("/cpu:0"):
            q = tf.add(p, p, name="q")
        with tf.device("/replica:0/task:0"):
            r = tf.add(q, p, name="r")
    with tf.device("/device:CPU:*"):
        t = tf.multiply(r, 2.0, name="t")
    with tf.device(lambda op: "/cpu:0" if op.type == "Mul" else ""):
        u = tf.multiply(t, 3.0, name="u")
        w = tf.subtract(u, 1.0, name="w")
    assert [(o.name, o.device) for o in tf.get_default_graph().get_operations()] == [
        ("p", "/job:localhost"), ("q", "/job:localhost/device:CPU:0"), ("r", "/job:localhost/replica:0/task:0"),
        ("t/y", "/device:CPU:*"), ("t", "/device:CPU:*"), ("u/y", ""), ("u", "/cpu:0"), ("w/y", ""), ("w", "")]
    s = session(**LOG)
    assert s.run(w) == 17.0
    assert out(capsys) == [NO_DEVICES, f"q: (Add): {CPU}", f"r: (Add): {CPU}", f"t: (Mul): {CPU}",
                           f"u: (Mul): {CPU}", f"w: (Sub): {CPU}", f"p: (Const): {CPU}", f"t/y: (Const): {CPU}",
                           f"u/y: (Const): {CPU}", f"w/y: (Const): {CPU}"]


def test_nested_and_partial_specs_with_two_virtual_gpus(capsys):
    tf.use_virtual_gpus(2)
    with tf.device("/job:localhost/replica:0"):
        p = tf.constant(1.0, name="p")
        with tf.device("/gpu:1"):
            q = tf.add(p, p, name="q")
        with tf.device("/cpu:*"):
            r = tf.add(q, p, name="r")
    with tf.device("/device:GPU:*"):
        t = tf.multiply(r, 2.0, name="t")
    s = session(**LOG)
    assert s.run(t) == 6.0
    # q asks for GPU:1; r for any CPU; t for any GPU and gets the first. p asks only for
    # /job:localhost/replica:0 and its consumers q and r differ, so it takes the first device: GPU:0
    assert out(capsys)[3:] == [f"q: (Add): {GPU1}", f"r: (Add): {CPU}", f"t: (Mul): {GPU0}",
                               f"p: (Const): {GPU0}", f"t/y: (Const): {GPU0}"]
    assert [r.reason for r in s.placement_log] == ["explicit"] * 5


# -- InteractiveSession: the pruned graph of each signature (captured) -------------------------------
def test_interactive_session_places_each_pruned_signature(capsys):
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.multiply(x, 2.0, name="y")
    k = tf.constant([1.0, 1.0], name="k")
    zz = tf.add(y, k, name="zz")
    s = tf.InteractiveSession(config=tf.ConfigProto(**LOG))
    assert out(capsys) == [NO_DEVICES]
    s.run(zz, {x: [1.0, 2.0]})
    assert out(capsys) == [f"y: (Mul): {CPU}", f"zz: (Add): {CPU}", f"_arg_x_0_0: (_Arg): {CPU}",
                           f"_retval_zz_0_0: (_Retval): {CPU}", f"y/y: (Const): {CPU}", f"k: (Const): {CPU}"]
    s.run([zz, y], {x: [1.0, 2.0]})   # fetches are sorted by name: y:0 is _retval 0
    assert out(capsys) == [f"y: (Mul): {CPU}", f"zz: (Add): {CPU}", f"_arg_x_0_0: (_Arg): {CPU}",
                           f"_retval_y_0_0: (_Retval): {CPU}", f"_retval_zz_0_1: (_Retval): {CPU}",
                           f"y/y: (Const): {CPU}", f"k: (Const): {CPU}"]
    s.run([y, zz], {x: [1.0, 2.0]})   # the same signature in another order: nothing new
    assert out(capsys) == []
    s.run(k)
    assert out(capsys) == [f"_retval_k_0_0: (_Retval): {CPU}", f"k: (Const): {CPU}"]
    s.run(zz, {y: [1.0, 2.0]})
    assert out(capsys) == [f"zz: (Add): {CPU}", f"_arg_y_0_0: (_Arg): {CPU}", f"_retval_zz_0_0: (_Retval): {CPU}",
                           f"k: (Const): {CPU}"]
    s.run(zz, {y: [1.0, 2.0], x: [3.0, 3.0]})   # feeds sorted too: y is arg 1, x's arg is pruned
    assert out(capsys) == [f"zz: (Add): {CPU}", f"_arg_y_0_1: (_Arg): {CPU}", f"_retval_zz_0_0: (_Retval): {CPU}",
                           f"k: (Const): {CPU}"]
    s.run(x, {x: [1.0, 2.0]})
    assert out(capsys) == []
    v = tf.Variable([1.0, 2.0], name="v")
    s.run(tf.global_variables_initializer())
    assert out(capsys) == [f"v: (VariableV2): {CPU}", f"v/Assign: (Assign): {CPU}", f"init: (NoOp): {CPU}",
                           f"v/initial_value: (Const): {CPU}"]
    s.run(v)
    assert out(capsys) == [f"v: (VariableV2): {CPU}", f"_retval_v_0_0: (_Retval): {CPU}"]
    s.run(v.value())
    assert out(capsys) == [f"v: (VariableV2): {CPU}", f"v/read: (Identity): {CPU}",
                           f"_retval_v/read_0_0: (_Retval): {CPU}"]
    asg = tf.assign(v, [5.0, 6.0], name="asg")
    s.run(asg)
    assert out(capsys) == [f"v: (VariableV2): {CPU}", f"asg: (Assign): {CPU}", f"_retval_asg_0_0: (_Retval): {CPU}",
                           f"asg/value: (Const): {CPU}"]
    s.run(asg.op)   # a target, not a fetch: another signature, no _Retval
    assert out(capsys) == [f"v: (VariableV2): {CPU}", f"asg: (Assign): {CPU}", f"asg/value: (Const): {CPU}"]


def test_interactive_session_on_virtual_gpus_keeps_fetches_on_the_client_cpu(capsys):
    tf.use_virtual_gpus(1)
    k = tf.constant([1.0], name="k")
    d = tf.multiply(k, 2.0, name="d")
    s = tf.InteractiveSession(config=tf.ConfigProto(**LOG))
    capsys.readouterr()
    s.run(k)    # k's only consumer is the fetch node on the CPU: it joins it
    assert out(capsys) == [f"_retval_k_0_0: (_Retval): {CPU}", f"k: (Const): {CPU}"]
    s.run(d)
    assert out(capsys) == [f"d: (Mul): {GPU0}", f"_retval_d_0_0: (_Retval): {CPU}", f"k: (Const): {GPU0}",
                           f"d/y: (Const): {GPU0}"]


# -- explicit /gpu:0, with and without soft placement ------------------------------------------------
def _pinned_graph(device="/gpu:0"):
    with tf.device(device):
        x = tf.constant(1.0, name="x")
        y = tf.constant(2.0, name="y")
        line = line_of_next_statement()
        z = tf.add(x, y, name="z")
    return z, line


def test_gpu_pin_without_gpus_fails_on_every_run_with_tfs_text(capsys):
    z, line = _pinned_graph()
    s = session(**LOG)
    for _ in range(2):
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            s.run(z)
        assert str(e.value) == (
            f"Cannot assign a device for operation z: node z (defined at test_placement.py:{line})  was explicitly "
            f"assigned to /device:GPU:0 but available devices are [ {CPU} ]. {MAKE_SURE}{CUDA}\n"
            f"\t [[z]]")
        assert e.value.op is None and e.value.node_def is None  # TF 1.15: the placer names no op
    q = tf.constant(5.0, name="q")
    with pytest.raises(tf.errors.InvalidArgumentError) as e:   # the whole graph is placed each time
        s.run(q)
    assert first_line(e).startswith("Cannot assign a device for operation z: node z")
    assert out(capsys) == [NO_DEVICES]     # no line: z is the first node placed


def test_lines_placed_before_a_failure_are_printed(capsys):
    """Captured: TF prints each node as it places it."""
    a = tf.constant(1.0, name="a")
    b = tf.add(a, 1.0, name="b")
    with tf.device("/gpu:0"):
        tf.add(b, 1.0, name="z")
    s = session(**LOG)
    with pytest.raises(tf.errors.InvalidArgumentError, match="^Cannot assign a device for operation z: node z"):
        s.run(b)
    assert out(capsys) == [NO_DEVICES, f"b: (Add): {CPU}"]


def test_gpu_pin_without_gpus_with_soft_placement_runs_on_the_cpu(capsys):
    z, _ = _pinned_graph()
    s = session(**SOFT)
    assert s.run(z) == 3.0
    assert out(capsys) == [NO_DEVICES, f"z: (Add): {CPU}", f"x: (Const): {CPU}", f"y: (Const): {CPU}"]
    assert s.placement_log == [
        tf.PlacementRecord("z", "Add", "/device:GPU:0", CPU, "soft placement: /device:GPU:0 does not exist"),
        tf.PlacementRecord("x", "Const", "/device:GPU:0", CPU, "soft placement: /device:GPU:0 does not exist"),
        tf.PlacementRecord("y", "Const", "/device:GPU:0", CPU, "soft placement: /device:GPU:0 does not exist")]


def test_gpu_pin_with_two_virtual_gpus(capsys):
    tf.use_virtual_gpus(2)
    z, _ = _pinned_graph()
    with tf.device("/gpu:1"):
        z1 = tf.multiply(z, 2.0, name="z1")
    for config in (LOG, SOFT):
        s = session(**config)
        assert s.run(z1) == 6.0
        assert out(capsys) == mapping(2) + [f"z: (Add): {GPU0}", f"z1: (Mul): {GPU1}", f"x: (Const): {GPU0}",
                                            f"y: (Const): {GPU0}", f"z1/y: (Const): {GPU1}"]
        assert {r.reason for r in s.placement_log} == {"explicit"}
        assert tf.devices.placed_device(z1, s) == GPU1 and z1.device == "/device:GPU:1"


def test_a_gpu_that_does_not_exist_among_two(capsys):
    tf.use_virtual_gpus(2)
    z, line = _pinned_graph("/gpu:2")
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        session(**LOG).run(z)
    assert first_line(e) == (   # GPUs exist, so no CUDA sentence; devices sorted by name
        f"Cannot assign a device for operation z: node z (defined at test_placement.py:{line})  was explicitly "
        f"assigned to /device:GPU:2 but available devices are [ {CPU}, {GPU0}, {GPU1} ]. {MAKE_SURE}")
    capsys.readouterr()
    s = session(**SOFT)   # soft placement drops the type and index: the first device, GPU:0
    assert s.run(z) == 3.0
    assert out(capsys) == mapping(2) + [f"z: (Add): {GPU0}", f"x: (Const): {GPU0}", f"y: (Const): {GPU0}"]
    assert s.placement_log[0].reason == "soft placement: /device:GPU:2 does not exist"


@pytest.mark.parametrize("device,text", [
    ("/cpu:1", f"was explicitly assigned to /device:CPU:1 but available devices are [ {CPU} ]. {MAKE_SURE}"),
    ("/job:worker", f"was explicitly assigned to /job:worker but available devices are [ {CPU} ]. {MAKE_SURE}"),
])
def test_other_impossible_pins(device, text):
    """Captured."""
    with tf.device(device):
        k = tf.constant(1.0, name="k")
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        tf.Session().run(k)
    assert first_line(e).startswith("Cannot assign a device for operation k: node k (defined at test_placement.py:")
    assert first_line(e).endswith(")  " + text)


def test_a_job_pin_fails_even_with_soft_placement():
    with tf.device("/job:worker/gpu:0"):
        k = tf.constant(1.0, name="k")
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        session(allow_soft_placement=True).run(k)
    assert "was explicitly assigned to /job:worker/device:GPU:0 but available devices are" in first_line(e)


def test_a_device_functions_raw_string_is_named_in_the_error():
    """Captured: the requested device is shown as the function returned it."""
    with tf.device(lambda op: "/gpu:0"):
        z = tf.constant(1.0, name="z")
        z2 = tf.identity(z, name="z2")
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        tf.Session().run(z2)
    assert " was explicitly assigned to /gpu:0 but available devices are " in first_line(e)
    assert first_line(e).startswith("Cannot assign a device for operation z2: node z2 ")


# -- ops without a GPU kernel --------------------------------------------------------------------------
def test_print_has_no_gpu_kernel(capsys):
    tf.use_virtual_gpus(2)
    x = tf.constant([1.0], name="x")
    p = tf.Print(x, [x], message="hi ", name="p")
    q = tf.add(p, 1.0, name="q")
    s = session(**LOG)
    capsys.readouterr()
    s.run(q)
    assert [line for line in out(capsys) if ": (" in line] == [
        f"p: (Print): {CPU}", f"q: (Add): {GPU0}", f"x: (Const): {CPU}", f"q/y: (Const): {GPU0}"]
    assert s.placement_log[0].reason == "default: no GPU kernel for Print"
    assert s.placement_log[2].reason == "with its consumer"


def test_print_pinned_to_a_gpu(capsys):
    tf.use_virtual_gpus(2)
    x = tf.constant([1.0], name="x")
    with tf.device("/gpu:0"):
        p = tf.Print(x, [x], message="hi ", name="p")
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        tf.Session().run(p)
    assert first_line(e) == ("Cannot assign a device for operation p: Could not satisfy explicit device specification "
                             "'/device:GPU:0' because no supported kernel for GPU devices is available.")
    s = session(**SOFT)
    capsys.readouterr()
    s.run(p)
    assert [line for line in out(capsys) if ": (" in line] == [f"p: (Print): {CPU}", f"x: (Const): {CPU}"]
    assert s.placement_log[0].reason == "soft placement: no GPU kernel for Print"


def test_string_constants_stay_on_the_cpu_and_metadata_ops_follow_their_input(capsys):
    tf.use_virtual_gpus(1)
    w = tf.constant("hi", name="w")
    with tf.device("/cpu:0"):
        x = tf.placeholder(tf.float32, [None], name="x")
        y = tf.multiply(x, 2.0, name="y")
    shape = tf.shape(y, name="shape")   # a Shape op (a known shape would fold to a Const, as in TF)
    assert shape.op.type == "Shape"
    s = session(**LOG)
    capsys.readouterr()
    s.run([w, shape], {x: [1.0, 2.0]})
    assert out(capsys) == [f"y: (Mul): {CPU}", f"shape: (Shape): {CPU}", f"w: (Const): {CPU}",
                           f"x: (Placeholder): {CPU}", f"y/y: (Const): {CPU}"]
    assert [r.reason for r in s.placement_log][:3] == ["explicit", "with its input", "default: no GPU kernel for Const"]


# -- variables and their assigns ----------------------------------------------------------------------
def test_variables_are_colocated_with_their_assigns_on_a_virtual_gpu(capsys):
    tf.use_virtual_gpus(2)
    with tf.device("/gpu:1"):
        v = tf.Variable([1.0, 2.0], name="v")
    asg = tf.assign(v, [3.0, 4.0], name="asg")       # no device block: it goes where v is
    with tf.device("/gpu:0"):
        add = tf.assign_add(v, [1.0, 1.0], name="add")   # the block loses to the colocation
    w = tf.multiply(v, 2.0, name="w")
    s = session(**LOG)
    capsys.readouterr()
    s.run(tf.global_variables_initializer())
    assert out(capsys) == [f"v: (VariableV2): {GPU1}", f"v/Assign: (Assign): {GPU1}", f"v/read: (Identity): {GPU1}",
                           f"asg: (Assign): {GPU1}", f"add: (AssignAdd): {GPU1}", f"w: (Mul): {GPU0}",
                           f"init: (NoOp): {GPU1}", f"v/initial_value: (Const): {GPU1}",
                           f"asg/value: (Const): {GPU1}", f"add/value: (Const): {GPU0}", f"w/y: (Const): {GPU0}"]
    np.testing.assert_array_equal(s.run(asg), [3.0, 4.0])
    np.testing.assert_array_equal(s.run(add), [4.0, 5.0])
    np.testing.assert_array_equal(s.run(w), [8.0, 10.0])
    by_name = {r.node: r for r in s.placement_log}
    assert asg.device == "/device:GPU:1" and add.device == "/device:GPU:1"
    assert by_name["v"].reason == "explicit" and by_name["add/value"].reason == "explicit"


def test_an_unpinned_variables_group_takes_a_members_request():
    """Captured on CPU: a read colocated with v but asking for a GPU drags the group along."""
    line = line_of_next_statement()
    v = tf.Variable(1.0, name="v")
    with tf.colocate_with(v.op):
        with tf.device("/gpu:0"):
            c = tf.identity(v, name="c")
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        tf.Session().run(c)
    assert first_line(e) == (
        "Cannot assign a device for operation v: Could not satisfy explicit device specification '' because the "
        f"node node v (defined at test_placement.py:{line}) placed on device No device assignments were active "
        "during op 'v' creation.  was colocated with a group of nodes that required incompatible device "
        "'/device:GPU:0'")
    tf.use_virtual_gpus(1)
    s = tf.Session()
    s.run(v.initializer)
    assert s.run(c) == 1.0
    assert {r.node: (r.assigned, r.reason) for r in s.placement_log}["v/read"] == (GPU0, "colocated with c")


def test_incompatible_colocation_requests():
    """Captured: two members of one colocation group ask for different device types."""
    v = tf.Variable(1.0, name="v")
    with tf.colocate_with(v.op):
        with tf.device("/gpu:0"):
            c1 = tf.identity(v, name="c1")
        with tf.device("/cpu:0"):
            c2 = tf.identity(v, name="c2")
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        session(**LOG).run([c1, c2])
    assert first_line(e).startswith("Cannot colocate nodes node c2 (defined at test_placement.py:")
    assert str(e.value).split("\n\t [[")[0].endswith(
        ": Cannot merge devices with incompatible types: '/device:GPU:0' and '/device:CPU:0'")
    s = session(**SOFT)
    s.run(v.initializer)
    assert s.run([c1, c2]) == [1.0, 1.0]
    assert {r.assigned for r in s.placement_log} == {CPU}


# -- the records --------------------------------------------------------------------------------------------
def test_records_are_kept_and_run_metadata_gets_them_when_asked(capsys):
    tf.use_virtual_gpus(1)
    result = lesson_graph()
    s = tf.Session()
    meta = tf.RunMetadata()
    s.run(result, run_metadata=meta)
    assert list(meta.placement) == []   # not asked
    assert s.placement_log == [tf.PlacementRecord("Add", "Add", "", GPU0, "default"),
                               tf.PlacementRecord("a", "Const", "", GPU0, "with its consumer"),
                               tf.PlacementRecord("b", "Const", "", GPU0, "with its consumer")]
    assert s.placement_log[0].log_line() == f"Add: (Add): {GPU0}"
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    s.run(result, options=options, run_metadata=meta)
    assert list(meta.placement) == s.placement_log
    assert {d.device for d in meta.step_stats.dev_stats} == {GPU0}
    meta2 = tf.RunMetadata()
    s.run(result.op.inputs[0], options=tf.RunOptions(output_partition_graphs=True), run_metadata=meta2)
    assert [r.node for r in meta2.placement] == ["a"]
    assert tf.devices.placed_device(result, s) == GPU0
    assert tf.devices.placed_device(result, tf.Session()) is None
    assert result.device == ""
    assert capsys.readouterr().out == ""


def test_execution_records_carry_the_placed_device():
    tf.use_virtual_gpus(1)
    a = tf.constant([1.0], name="a")
    with tf.device("/cpu:0"):
        b = tf.add(a, 1.0, name="b")
    c = tf.multiply(b, 3.0, name="c")
    s = tf.Session()
    execution, finish = s._start(c, None)
    steps = {rec.op.name: rec.device for rec in execution}
    assert steps == {"a": CPU, "b/y": CPU, "b": CPU, "c/y": GPU0, "c": GPU0}
    np.testing.assert_array_equal(finish(execution.results), [6.0])


def test_the_placer_is_the_one_session_placer():
    assert isinstance(tf.Session()._placer, SessionPlacer)


def test_ops_that_took_their_device_from_colocation_say_so():
    tf.use_virtual_gpus(2)
    with tf.device("/gpu:1"):
        counter = tf.Variable(0.0, name="counter")
    increment = tf.assign_add(counter, 1.0)          # made outside any tf.device block
    sess = tf.Session()
    sess.run(counter.initializer)
    sess.run(increment)
    why = {r.node: r.reason for r in sess.placement_log}
    assert why["counter"] == "explicit" and why["counter/initial_value"] == "explicit"
    assert why["AssignAdd"] == why["counter/read"] == why["counter/Assign"] == "colocated with counter"
