"""tf.cond and tf.while_loop on a cluster: values equal the single-process run, whether the
control-flow ops sit on one task or a cond's branches live on other tasks than its predicate."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf
import nbgraph.distributed as dist
from nbgraph import errors

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

PS0, W0, W1 = "/job:ps/task:0", "/job:worker/task:0", "/job:worker/task:1"


def _both(build, feeds_of=lambda t: {}, cluster_target=None, runs=1):
    """Runs build() on a cluster session (pinned) and in a local session (pins dropped)."""
    out, moved = [], []
    for target in (cluster_target, None):
        g = tf.Graph()
        with g.as_default():
            if target is None:
                with g.device(lambda op: ""):
                    fetches, inputs = build()
            else:
                fetches, inputs = build()
            sess = tf.Session(target or "", graph=g)
            sess.run(tf.global_variables_initializer())
            out.append([sess.run(fetches, feeds_of(inputs)) for _ in range(runs)])
            moved += [(t.type, t.tensor.name, t.send_device.split("/device:")[0], t.recv_device.split("/device:")[0])
                      for t in dist.transfers(sess)]
            sess.close()
    _both.moved = moved  # the cluster run's _Send/_Recv steps
    return out


def _cond_model():
    x = tf.placeholder(tf.float32, [3], name="x")
    with tf.device(PS0):
        v = tf.Variable([1.0, 2.0, 3.0], name="cf_v")
    with tf.device(W0):
        pred = tf.reduce_sum(x) > 0.0
    with tf.device(W1):  # the branches on another task than the predicate
        y = tf.cond(pred, lambda: x * v + 1.0, lambda: x - v)
    with tf.device(PS0):
        z = tf.reduce_sum(y) * 2.0
    return [y, z], x


@pytest.mark.parametrize("xv", [[1.0, 2.0, 3.0], [-1.0, -2.0, -3.0]])
def test_cond_across_tasks_equals_the_single_process_result(servers, xv):
    got, want = _both(_cond_model, lambda x: {x: np.array(xv, np.float32)}, servers["worker0"].target)
    for a, b in zip(got[0], want[0]):
        np.testing.assert_array_equal(a, b)
    # the predicate crossed from worker:0 to the branches on worker:1, the result to ps:0
    tasks = {(src, dst) for _, _, src, dst in _both.moved}
    assert ("/job:worker/replica:0/task:0", "/job:worker/replica:0/task:1") in tasks
    assert ("/job:worker/replica:0/task:1", "/job:ps/replica:0/task:0") in tasks


def _while_model():
    with tf.device(PS0):
        v = tf.Variable(3.0, name="cf_start")
    with tf.device(W0):  # the whole loop on one task; its input from ps:0, its output to worker:1
        i, acc = tf.while_loop(lambda i, acc: i < 10, lambda i, acc: (i + 1, acc * 1.5 + v),
                               [tf.constant(0), tf.constant(1.0)])
    with tf.device(W1):
        out = acc * 2.0 + tf.cast(i, tf.float32)
    return [i, acc, out], None


def test_while_loop_on_one_task_equals_the_single_process_result(servers):
    got, want = _both(_while_model, cluster_target=servers["worker1"].target, runs=2)
    for run_got, run_want in zip(got, want):
        for a, b in zip(run_got, run_want):
            np.testing.assert_allclose(a, b, rtol=1e-6)
    assert got[0][0] == 10
    assert ("_Send", "while/Exit_1:0", "/job:worker/replica:0/task:0", "/job:worker/replica:0/task:1") in _both.moved


def test_training_through_a_cond_on_a_cluster_equals_local(servers):
    def build():
        with tf.device(PS0):
            w = tf.Variable(0.5, name="cf_w")
        with tf.device(W0):
            x = tf.constant([1.0, 2.0, 3.0])
            loss = tf.cond(w > 0.0, lambda: tf.reduce_sum(tf.square(w * x - 2.0)), lambda: tf.reduce_sum(w * x))
            train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
        return [train, w], None
    got, want = _both(build, cluster_target=servers["worker0"].target, runs=5)
    np.testing.assert_allclose([r[1] for r in got], [r[1] for r in want], rtol=1e-6)


def test_a_loop_split_over_two_tasks_is_refused_with_a_clear_error(servers):
    g = tf.Graph()
    with g.as_default():
        def body(i):
            with tf.device(W1):
                j = i + 1
            return j
        with tf.device(W0):
            r = tf.while_loop(lambda i: i < 3, body, [tf.constant(0)])
        with tf.Session(servers["worker0"].target) as sess:
            with pytest.raises(errors.UnimplementedError, match="inside the loop; pin the loop"):
                sess.run(r)
