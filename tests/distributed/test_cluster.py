"""A real cluster of processes: placement over tasks, values across tasks, transfers, variables
shared between sessions, and a task killed mid-run (`UnavailableError` naming it)."""
from __future__ import annotations

import threading
import time

import numpy as np
import psutil
import pytest

import nbgraph as tf
import nbgraph.distributed as dist
from nbgraph import errors

from .conftest import wait_for

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]


def _model(x_value):
    """A tiny two-layer computation spread over every task; returns (fetches, feed)."""
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.device("/job:ps/task:0"):
        w1 = tf.Variable(np.arange(12, dtype=np.float32).reshape(3, 4) / 10, name="w1")
    with tf.device("/job:ps/task:1"):
        w2 = tf.Variable(np.ones((4, 2), np.float32), name="w2")
    with tf.device("/job:worker/task:0"):
        h = tf.nn.relu(tf.matmul(x, w1))
    with tf.device("/job:worker/task:1"):
        y = tf.reduce_sum(tf.matmul(h, w2) * 2.0, axis=1)
    return [h, y], {x: x_value}, [w1, w2]


def test_values_across_tasks_equal_the_single_process_result(servers):
    xv = np.array([[1.0, -2.0, 3.0], [0.5, 0.5, 0.5]], np.float32)
    g = tf.Graph()
    with g.as_default():
        fetches, feed, _ = _model(xv)
        init = tf.global_variables_initializer()
        with tf.Session(servers["worker0"].target) as sess:
            sess.run(init)
            got = sess.run(fetches, feed)
            devices = {r.node: r.assigned for r in sess.placement_log}
            transfers = sess._remote.transfers
    local = tf.Graph()
    with local.as_default():
        with tf.device(None):
            fetches_l, feed_l, _ = _model_local(xv)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            want = sess.run(fetches_l, feed_l)
    for a, b in zip(got, want):
        np.testing.assert_array_equal(a, b)
    assert devices["w1"] == "/job:ps/replica:0/task:0/device:CPU:0"
    assert devices["MatMul"] == "/job:worker/replica:0/task:0/device:CPU:0"
    assert devices["Sum"] == "/job:worker/replica:0/task:1/device:CPU:0"
    crossing = {(t.type, t.tensor.name, t.send_device.split("/device")[0], t.recv_device.split("/device")[0], t.bytes)
                for t in transfers}
    assert ("_Send", "w1/read:0", "/job:ps/replica:0/task:0", "/job:worker/replica:0/task:0", 48) in crossing
    assert ("_Recv", "Relu:0", "/job:worker/replica:0/task:0", "/job:worker/replica:0/task:1", 32) in crossing
    # nothing crosses between ops of one task
    assert not any(t.send_device == t.recv_device for t in transfers)


def _model_local(xv):
    g = tf.get_default_graph()
    with g.device(lambda op: ""):
        return _model(xv)


def test_records_show_send_and_recv_steps_and_placement_lines(servers, capsys):
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:ps/task:1"):
            a = tf.constant([1.0, 2.0], name="a")
        with tf.device("/job:worker/task:1"):
            b = tf.multiply(a, 3.0, name="b")
        sess = tf.Session(servers["worker1"].target, config=tf.ConfigProto(log_device_placement=True))
        execution, _ = sess._start(b, None)
        steps = [(r.op.type, r.device) for r in execution]
        sess.close()
    assert execution.results[0].tolist() == [3.0, 6.0]
    assert ("_Send", "/job:ps/replica:0/task:1/device:CPU:0") in steps
    assert ("_Recv", "/job:worker/replica:0/task:1/device:CPU:0") in steps
    assert steps.index(("Mul", "/job:worker/replica:0/task:1/device:CPU:0")) > steps.index(
        ("_Recv", "/job:worker/replica:0/task:1/device:CPU:0"))
    out = capsys.readouterr().out
    assert "b: (Mul): /job:worker/replica:0/task:1/device:CPU:0\n" in out
    assert "a: (Const): /job:ps/replica:0/task:1/device:CPU:0\n" in out


def test_variables_are_shared_by_every_session_on_the_cluster(servers):
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default():
        with tf.device("/job:ps/task:0"):
            v = tf.Variable(10.0, name="shared_counter")
        bump = tf.assign_add(v, 5.0)
        init = tf.global_variables_initializer()
        s1 = tf.Session(servers["worker0"].target)
        s1.run(init)
    with g2.as_default():  # another "notebook": its own graph, the same variable name
        with tf.device("/job:ps/task:0"):
            v2 = tf.Variable(0.0, name="shared_counter")
        s2 = tf.Session(servers["worker1"].target)
        assert s2.run(v2) == 10.0
        s1.run(bump)
        assert s2.run(v2) == 15.0
        s2.run(tf.assign(v2, -1.0))
    assert s1.run(v) == -1.0
    s1.close()
    s2.close()


def test_a_task_killed_mid_run_is_unavailable_and_the_rest_keeps_working(servers):
    cluster = servers["ps1"].cluster
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:ps/task:0"):
            keep = tf.Variable(7.0, name="survivor")
        with tf.device("/job:ps/task:1"):
            lost = tf.Variable(3.0, name="victim")
        with tf.device("/job:worker/task:0"):
            m = tf.random_normal([700, 700], seed=1)
            for _ in range(12):  # a few seconds of work before ps:1 is needed
                m = tf.tanh(tf.matmul(m, m) / 700.0)
            s = tf.reduce_sum(m)
        with tf.device("/job:ps/task:1"):
            total = lost + s
        sess = tf.Session(servers["worker0"].target)
        sess.run(tf.global_variables_initializer())
        pid = cluster.pid_of("/job:ps/replica:0/task:1")
        killer = threading.Timer(0.5, lambda: psutil.Process(pid).kill())
        killer.start()
        t0 = time.monotonic()
        with pytest.raises(errors.UnavailableError) as e:
            sess.run(total)
        killer.join()
        assert time.monotonic() - t0 < 30
        assert str(e.value).startswith("From /job:ps/replica:0/task:1:\n")
        # the session stays usable for the other tasks, which keep their values
        assert sess.run(keep) == 7.0
        assert sess.run(tf.assign_add(keep, 1.0)) == 8.0
        # the Nanny restarts the task: it comes back uninitialised, as a restarted TF server does
        cluster.wait_for_task("/job:ps/replica:0/task:1")
        assert wait_for(lambda: cluster.pid_of("/job:ps/replica:0/task:1") != pid)
        with pytest.raises(errors.FailedPreconditionError, match="Attempting to use uninitialized value victim"):
            sess.run(lost)
        sess.run(lost.initializer)
        assert sess.run(lost) == 3.0
        sess.close()


def test_run_metadata_traces_the_transfers_per_task_device(servers):
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:ps/task:0"):
            a = tf.constant(np.ones(1000, np.float32), name="a")
        with tf.device("/job:worker/task:1"):
            b = tf.reduce_sum(a * 2.0, name="b")
        with tf.Session(servers["worker1"].target) as sess:
            meta = tf.RunMetadata()
            assert sess.run(b, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=meta) == 2000.0
            sent = [t for t in dist.transfers(sess) if t.type == "_Send"]
    by_device = {d.device: [n.node_name for n in d.node_stats] for d in meta.step_stats.dev_stats}
    assert "a" in by_device["/job:ps/replica:0/task:0/device:CPU:0"]
    assert any(n.startswith("a/_") for n in by_device["/job:ps/replica:0/task:0/device:CPU:0"])   # its _Send
    assert "b" in by_device["/job:worker/replica:0/task:1/device:CPU:0"]
    assert [(t.tensor.name, t.bytes) for t in sent] == [("a:0", 4000)]


def test_create_local_server_is_a_one_task_cluster_of_its_own():
    server = tf.train.Server.create_local_server()
    assert server.target.startswith("grpc://localhost:")
    pid = server.cluster.pid_of("/job:localhost/replica:0/task:0")
    try:
        g = tf.Graph()
        with g.as_default():
            c = tf.constant(3.0) * 2.0
            with tf.Session(server.target) as sess:
                assert sess.run(c) == 6.0
                assert sess.placement_log[-1].assigned == "/job:localhost/replica:0/task:0/device:CPU:0"
    finally:
        server.cluster.close()
    assert wait_for(lambda: not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE)


def test_an_existing_dask_cluster_serves_the_tasks(monkeypatch):
    """`NBGRAPH_DASK_SCHEDULER`: workers not named by task serve the tasks in address order."""
    from distributed import LocalCluster
    external = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
                            worker_dashboard_address=None)
    try:
        monkeypatch.setenv("NBGRAPH_DASK_SCHEDULER", external.scheduler_address)
        spec = tf.train.ClusterSpec({"ps": ["far:1"], "worker": ["far:2"]})
        worker = tf.train.Server(spec, job_name="worker", task_index=0)
        assert worker.cluster.local is None
        served = worker.cluster.refresh()
        assert sorted(served.values()) == sorted(external.scheduler_info["workers"])
        g = tf.Graph()
        with g.as_default():
            with tf.device("/job:ps/task:0"):
                v = tf.Variable(2.0, name="remote_v")
            with tf.device("/job:worker/task:0"):
                y = v * 21.0
            with tf.Session(worker.target) as sess:
                sess.run(v.initializer)
                assert sess.run(y) == 42.0
        worker.cluster.close()
        assert len(external.scheduler_info["workers"]) == 2  # closing our client leaves their cluster alone
    finally:
        external.close()


def test_an_op_failing_on_one_task_aborts_the_step_and_the_next_run_is_clean(servers):
    """A kernel error on ps:0 while worker:1 waits for its tensor: TF's error naming the op, the
    waiting task gives the step up, and the next runs on the same connections get their own
    replies (none left over from the failed step)."""
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, [None], name="a")
        with tf.device("/job:ps/task:0"):
            shaped = tf.reshape(a, [3], name="shaped")
        with tf.device("/job:worker/task:1"):
            out = shaped * 2.0 + tf.constant(1.0)
        with tf.device("/job:worker/task:0"):
            other = tf.reduce_sum(out)
        with tf.Session(servers["worker0"].target) as sess:
            t0 = time.monotonic()
            with pytest.raises(errors.InvalidArgumentError) as e:
                sess.run(other, {a: [1.0, 2.0]})
            assert time.monotonic() - t0 < 10
            assert e.value.op is not None and e.value.op.name == "shaped"
            for k in range(3):
                np.testing.assert_array_equal(sess.run([out, other], {a: [1.0, 2.0, float(k)]})[0],
                                              [3.0, 5.0, 2.0 * k + 1.0])


def test_a_step_is_one_request_per_task_without_the_scheduler(servers, monkeypatch):
    """After the first run the graph is not pickled again and the plan not partitioned again, and
    no step goes through Dask's scheduler (`Client.submit`, `run`, `scatter`... are not used; only
    a step slower than the liveness poll asks the scheduler which tasks are alive)."""
    import nbgraph.distributed.runtime as runtime
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:ps/task:1"):
            v = tf.Variable(1.0, name="stepper_v")
        with tf.device("/job:worker/task:1"):
            bump = tf.assign_add(v, v * 0.5)
        sess = tf.Session(servers["worker1"].target)
        sess.run(v.initializer)
        sess.run(bump)
        pickled, compiled = [], []
        real_dumps, real_compiled = runtime.dumps_graph, runtime._Compiled
        monkeypatch.setattr(runtime, "dumps_graph", lambda graph: pickled.append(1) or real_dumps(graph))
        monkeypatch.setattr(runtime, "_Compiled", lambda *a: compiled.append(1) or real_compiled(*a))
        client = servers["worker1"].cluster.client

        def no_dask(*args, **kwargs):
            raise AssertionError("a step went through the Dask scheduler")
        for name in ("submit", "map", "gather", "scatter", "run"):
            monkeypatch.setattr(client, name, no_dask)
        for _ in range(20):
            sess.run(bump)
        assert pickled == [] and compiled == []
        assert sess.run(v) == 1.5 ** 21
        monkeypatch.undo()
        sess.close()
