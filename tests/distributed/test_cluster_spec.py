"""ClusterSpec, replica_device_setter and session targets: no Dask processes needed.

The expected texts are TF's (tensorflow.compat.v1 printed them); `replica_device_setter`'s
device strings are also compared with real TF op by op when it is installed."""
from __future__ import annotations

import pathlib
import subprocess
import sys
import textwrap

import pytest

import nbgraph as tf
from nbgraph import errors

TF_PYTHON = pathlib.Path("/tmp/tfref/bin/python")
SPEC = {"ps": ["localhost:2222", "localhost:2223"], "worker": {1: "localhost:2225", 0: "localhost:2224"}}


def test_cluster_spec_as_tf_prints_it():
    cs = tf.train.ClusterSpec(SPEC)
    assert str(cs) == ("ClusterSpec({'ps': ['localhost:2222', 'localhost:2223'], "
                       "'worker': ['localhost:2224', 'localhost:2225']})")
    assert cs.jobs == ["ps", "worker"]
    assert cs.num_tasks("worker") == 2 and cs.task_address("worker", 1) == "localhost:2225"
    assert cs.task_indices("worker") == [0, 1]
    assert cs.as_dict() == {"ps": ["localhost:2222", "localhost:2223"], "worker": ["localhost:2224", "localhost:2225"]}
    assert str(cs.as_cluster_def()).startswith('job {\n  name: "ps"\n  tasks {\n    key: 0\n    value: "localhost:2222"\n  }\n')
    assert tf.train.ClusterSpec(cs.as_cluster_def()) == cs
    assert tf.train.ClusterSpec({"w": {0: "a:1", 2: "c:1"}}).as_dict() == {"w": {0: "a:1", 2: "c:1"}}


@pytest.mark.parametrize("call, cls, text", [
    (lambda cs: cs.num_tasks("x"), ValueError, "No such job in cluster: 'x'"),
    (lambda cs: cs.task_address("ps", 5), ValueError, "No task with index 5 in job 'ps'"),
    (lambda cs: tf.train.ClusterSpec(3), TypeError, "`cluster` must be a dictionary mapping one or more job names to "
                                                    "lists of network addresses, or a `ClusterDef` protocol buffer"),
])
def test_cluster_spec_errors_are_tfs(call, cls, text):
    with pytest.raises(cls) as e:
        call(tf.train.ClusterSpec(SPEC))
    assert str(e.value) == text


def test_server_needs_job_and_task_when_ambiguous():
    with pytest.raises(ValueError, match="Must specify an explicit `job_name`."):
        tf.train.Server(SPEC, start=False)
    with pytest.raises(ValueError, match="Must specify an explicit `task_index`."):
        tf.train.Server(SPEC, job_name="ps", start=False)
    s = tf.train.Server(SPEC, job_name="worker", task_index=1, start=False)
    assert s.target == "grpc://localhost:2225" and s.task == "/job:worker/replica:0/task:1"


def test_unknown_target_is_tfs_not_found():
    tf.constant(1.0)
    with pytest.raises(errors.NotFoundError) as e:
        tf.Session("foo")
    assert str(e.value) == ('No session factory registered for the given session options: {target: "foo"} '
                            'Registered factories are {DIRECT_SESSION, GRPC_SESSION}.')


def test_grpc_target_without_a_server_fails_instead_of_running_locally():
    tf.constant(1.0)
    with pytest.raises(errors.UnavailableError, match="^failed to connect to all addresses\n"):
        tf.Session("grpc://localhost:1")


def test_nothing_imports_dask_until_a_server_starts():
    code = textwrap.dedent("""
        import sys, nbgraph as tf
        cs = tf.train.ClusterSpec({"ps": ["a:1"], "worker": ["b:1"]})
        with tf.device(tf.train.replica_device_setter(cluster=cs)):
            v = tf.Variable(1.0)
        tf.train.Server(cs, job_name="ps", task_index=0, start=False)
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed")))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _setter_graph(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device(tf.train.replica_device_setter(ps_tasks=2, worker_device="/job:worker/task:1")):
            a = tf.Variable(1.0, name="a")
            b = tf.Variable(2.0, name="b")
            c = tf.Variable(3.0, name="c")
            with tf.device("/job:ps/task:1"):
                d = tf.Variable(4.0, name="d")  # an explicit ps task wins over round-robin
            with tf.device("/cpu:0"):
                e = tf.Variable(5.0, name="e")  # merged: round-robin task, explicit device
            y = a * b + c * d + e
            tf.train.GradientDescentOptimizer(0.1).minimize(y)
    with g.as_default():
        with tf.device(tf.train.replica_device_setter(cluster={"ps": ["p:1", "p:2", "p:3"], "worker": ["w:1"]})):
            tf.Variable(1.0, name="f")
            tf.Variable(1.0, name="h") + 1.0
    return g


# Devices by (type, device) in creation order: TF 2's compat.v1 names the grad_ys ops as TF 1.15 did not,
# so names are not compared; the order, types and devices are.
SETTER_DEVICES = [
    ("Const", "/job:worker/task:1"), ("VariableV2", "/job:ps/task:0"), ("Assign", "/job:ps/task:0"),
    ("Identity", "/job:ps/task:0")]


def _devices(g):
    return [(op.type, op.device) for op in g.get_operations()]


def test_replica_device_setter_round_robin():
    got = _devices(_setter_graph(tf))
    assert got[:4] == SETTER_DEVICES
    variables = [(t, d) for t, d in got if t == "VariableV2"]
    assert variables == [("VariableV2", "/job:ps/task:0"), ("VariableV2", "/job:ps/task:1"),
                         ("VariableV2", "/job:ps/task:0"), ("VariableV2", "/job:ps/task:1"),
                         ("VariableV2", "/job:ps/task:0/device:CPU:0"),
                         ("VariableV2", "/job:ps/task:0"), ("VariableV2", "/job:ps/task:1")]
    assert tf.train.replica_device_setter() is None
    assert tf.train.replica_device_setter(cluster={"worker": ["a:1"]}) is None


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.skipif(not TF_PYTHON.exists(), reason="real TensorFlow not installed at /tmp/tfref")
def test_replica_device_setter_equals_tf():
    here = pathlib.Path(__file__).read_text()
    start, end = here.index("def _setter_graph"), here.index("# Devices by (type, device)")
    code = ("import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n" + here[start:end] +
            "for op in _setter_graph(tf).get_operations(): print(op.type, op.device)\n")
    out = subprocess.run([str(TF_PYTHON), "-c", code], capture_output=True, text=True, timeout=110, check=True).stdout
    theirs = [tuple(line.split(" ", 1)) if " " in line else (line, "") for line in out.splitlines()]
    same = {"AddV2": "Add"}  # TF 2 builds AddV2 where TF 1.15 built Add
    assert [(same.get(t, t), d) for t, d in _devices(_setter_graph(tf))] == [(same.get(t, t), d) for t, d in theirs]


def test_group_puts_its_noop_on_its_inputs_device_one_per_device_as_tf():
    with tf.device("/job:ps/task:1"):
        a = tf.no_op(name="a")
    with tf.device("/job:ps/task:0"):
        b = tf.no_op(name="b")
    one = tf.group(a, name="one")
    two = tf.group(a, b, name="two")
    assert one.device == "/job:ps/task:1"
    inner = sorted((c.name, c.device) for c in two.control_inputs)
    assert inner == [("two/NoOp", "/job:ps/task:0"), ("two/NoOp_1", "/job:ps/task:1")] and two.device == ""
