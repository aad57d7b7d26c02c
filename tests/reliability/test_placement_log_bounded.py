"""Group 2 of issue 15: a plain Session's placement log holds records per placement, not per
node per run. Running freshly built ops places only what the growth touched (a connected
component), the log gains only new or changed records, and taking `placement_log` is O(1).
The soak test (slow) runs 5,000 freshly built ops and checks memory and run time stay flat."""
from __future__ import annotations

import statistics
import time
import tracemalloc

import pytest

import nbgraph as tf

CPU = "/job:localhost/replica:0/task:0/device:CPU:0"
GPU0 = "/job:localhost/replica:0/task:0/device:GPU:0"
GPU1 = "/job:localhost/replica:0/task:0/device:GPU:1"


def test_running_fresh_constants_keeps_one_record_each():
    s = tf.Session()
    for i in range(300):
        assert s.run(tf.constant(float(i))) == float(i)
    log = s.placement_log
    assert len(log) == 300                      # was 300 * 301 / 2 = 45,150
    assert [r.node for r in log[:3]] == ["Const", "Const_1", "Const_2"]
    assert {r.assigned for r in log} == {CPU}


def test_the_log_is_a_snapshot_view_equal_to_a_list():
    s = tf.Session()
    a = tf.constant(1.0, name="a")
    s.run(a)
    before = s.placement_log
    s.run(tf.constant(2.0, name="b"))
    assert len(before) == 1 and before == [tf.PlacementRecord("a", "Const", "", CPU, "default")]
    after = s.placement_log
    assert [r.node for r in after] == ["a", "b"] and after[-1].node == "b" and after[1:] == [after[1]]
    with pytest.raises(TypeError):
        after[0] = None                          # read-only


def test_placing_only_the_grown_component_matches_placing_the_whole_graph(capsys):
    tf.use_virtual_gpus(2)
    s = tf.Session()
    # with every line printed, the session places the whole graph each time it grew
    full = tf.Session(config=tf.ConfigProto(log_device_placement=True))
    c = tf.constant(1.0, name="c")
    with tf.device("/gpu:1"):
        q = tf.add(c, 1.0, name="q")
    s.run(q)
    full.run(q)
    assert {r.node: r.assigned for r in s.placement_log}["c"] == GPU1     # with its only consumer
    v = tf.Variable(2.0, name="v")
    s.run(v.initializer)
    full.run(v.initializer)
    with tf.device("/gpu:0"):
        r = tf.add(c, 2.0, name="r")           # c's consumers now differ: it goes back to the default
    with tf.colocate_with(q.op):
        w = tf.multiply(v, 3.0, name="w")      # joins q's group (and with it c's component)
    s.run([r, w])
    full.run([r, w])
    whole = {rec.node: (rec.assigned, rec.reason) for rec in full.placement_log}
    latest = {rec.node: (rec.assigned, rec.reason) for rec in s.placement_log}
    assert latest == whole and len(latest) == 11
    assert latest["c"][0] == GPU0 and latest["w"][0] == GPU1
    names = [rec.node for rec in s.placement_log]
    assert names.count("c") == 2 and names.count("q") == 1   # c changed, q did not: q logged once
    for i in range(20):                          # an unrelated op does not place c's component again
        s.run(tf.constant(float(i), name=f"k{i}"))
    assert [rec.node for rec in s.placement_log].count("c") == 2


def test_an_impossible_pin_still_fails_every_run():
    s = tf.Session()
    with tf.device("/gpu:3"):
        bad = tf.constant(1.0, name="bad")
    ok = tf.constant(2.0, name="ok")
    for _ in range(2):
        with pytest.raises(tf.errors.InvalidArgumentError, match="Cannot assign a device for operation bad"):
            s.run(ok)


@pytest.mark.slow
def test_soak_5000_fresh_ops_keep_memory_and_run_time_flat():
    s = tf.Session()
    times = []
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        for i in range(5000):
            c = tf.constant(float(i))
            t0 = time.perf_counter()
            s.run(c)
            times.append(time.perf_counter() - t0)
        grown = (tracemalloc.get_traced_memory()[0] - start) / 2 ** 20
    finally:
        tracemalloc.stop()
    first, last = statistics.median(times[:50]), statistics.median(times[-50:])
    assert len(s.placement_log) == 5000
    assert grown < 50, f"{grown:.1f} MiB"
    assert last < 2 * first, (first, last)
