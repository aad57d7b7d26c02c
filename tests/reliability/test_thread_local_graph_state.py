"""Group 4 of issue 15: as in TF 1.x, a Graph's name-scope, control-dependency, device and
colocation stacks are per thread. Ops a thread builds get only that thread's scopes and
blocks, a new thread starts with empty stacks, and the main thread's state is untouched."""
from __future__ import annotations

import threading

import nbgraph as tf

N_THREADS = 4
ROUNDS = 30


def _in_threads(fn):
    barrier = threading.Barrier(N_THREADS)
    errors = []

    def run(i):
        try:
            fn(i, barrier)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(N_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_each_thread_builds_in_its_own_name_scopes():
    g = tf.get_default_graph()
    made = {}

    def build(i, barrier):
        with g.as_default():
            for _ in range(ROUNDS):
                with tf.name_scope(f"t{i}"):
                    barrier.wait()               # every thread is inside its scope now
                    c = tf.constant(1.0, name="c")
                    barrier.wait()
                made.setdefault(i, []).append(c.op.name)

    with tf.name_scope("main"):
        _in_threads(build)
        assert tf.get_default_graph().get_name_scope() == "main"
    assert tf.get_default_graph().get_name_scope() == ""
    for i, names in made.items():
        assert all(n.split("/")[0].startswith(f"t{i}") and n.count("/") == 1 for n in names), names


def test_control_dependencies_and_devices_stay_in_their_thread():
    g = tf.get_default_graph()
    gates = [tf.constant(float(i), name=f"gate{i}") for i in range(N_THREADS)]
    made = {}

    def build(i, barrier):
        with g.as_default(), tf.control_dependencies([gates[i]]), tf.device(f"/cpu:{i}"):
            barrier.wait()
            x = tf.constant(1.0, name=f"x{i}")
            barrier.wait()
            made[i] = x.op

    _in_threads(build)
    for i, op in made.items():
        assert [c.name for c in op.control_inputs] == [f"gate{i}"]
        assert op.device == f"/device:CPU:{i}"
    after = tf.constant(2.0, name="after")
    assert after.op.control_inputs == [] and after.op.device == ""


def test_a_new_thread_starts_with_empty_stacks():
    g = tf.get_default_graph()
    gate = tf.constant(0.0, name="gate")
    seen = {}

    def build():
        with g.as_default():
            seen["scope"] = g.get_name_scope()
            op = tf.constant(1.0, name="fresh").op
            seen["op"] = (op.name, op.device, op.control_inputs)

    with tf.name_scope("outer"), tf.control_dependencies([gate]), tf.device("/cpu:0"):
        t = threading.Thread(target=build)
        t.start()
        t.join()
        inside = tf.constant(1.0, name="inside").op
    assert seen == {"scope": "", "op": ("fresh", "", [])}
    assert (inside.name, inside.device, [c.name for c in inside.control_inputs]) == \
        ("outer/inside", "/device:CPU:0", ["gate"])


def test_colocation_is_per_thread():
    g = tf.get_default_graph()
    anchor = tf.constant(1.0, name="anchor")
    seen = {}

    def build():
        with g.as_default():
            seen["colocation"] = tf.constant(2.0, name="other").op.colocation_groups()

    with tf.colocate_with(anchor.op):
        t = threading.Thread(target=build)
        t.start()
        t.join()
        mine = tf.constant(3.0, name="mine").op
    assert seen["colocation"] == [b"loc:@other"]
    assert mine.colocation_groups() == [b"loc:@anchor"]
