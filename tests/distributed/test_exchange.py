"""Tasks that push to each other at the same time, on the tasks' one-thread loops
(`taskloop.py`; test_channel.py checks that a loop's write never blocks): two tasks swapping
8 MB tensors in one step, and steps of two sessions that run at once on the same tasks
interleave on the loops and each get their own values."""
from __future__ import annotations

import threading

import numpy as np

import nbgraph as tf
import nbgraph.distributed as dist

N = 2_000_000  # float32: 8 MB each way


def test_two_tasks_swap_large_tensors_in_one_step(servers):
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:ps/task:0"):
            a = tf.fill([N], 1.0, name="a")
        with tf.device("/job:worker/task:1"):
            b = tf.fill([N], 2.0, name="b")
            sum_a = tf.reduce_sum(a, name="sum_a")
        with tf.device("/job:ps/task:0"):
            sum_b = tf.reduce_sum(b, name="sum_b")
        sess = tf.Session(servers["worker1"].target)
        got = sess.run([sum_a, sum_b])
        crossed = sorted((t.tensor.name, t.bytes) for t in dist.transfers(sess) if t.type == "_Send"
                         and t.tensor.name in ("a:0", "b:0"))
        sess.close()
    assert got == [float(N), 2.0 * N]
    assert crossed == [("a:0", 4 * N), ("b:0", 4 * N)]


def test_steps_of_two_sessions_at_once_each_get_their_own_values(servers):
    graphs = []
    for k in range(2):
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, [3], name="x")
            with tf.device("/job:ps/task:1"):
                y = tf.multiply(x, 2.0, name="y")
            with tf.device(f"/job:worker/task:{k}"):
                z = tf.add(y, 1.0, name="z")
            graphs.append((tf.Session(servers[f"worker{k}"].target, graph=g), x, z))
    failures = []

    def loop(k):
        sess, x, z = graphs[k]
        for i in range(60):
            v = np.array([i, k, i * k], np.float32)
            out = sess.run(z, {x: v})
            if not np.array_equal(out, v * 2 + 1):
                failures.append((k, i, out))
    threads = [threading.Thread(target=loop, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for sess, _, _ in graphs:
        sess.close()
    assert not failures
    assert not any(t.is_alive() for t in threads)
