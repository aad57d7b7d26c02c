"""Real TensorFlow's distributed runtime on the same loops as `bench_distributed.py`.

    $NBGRAPH_TF_PYTHON bench/tf_distributed.py --steps 1000 --mlp-steps 1000

Run by `bench_distributed.py` with an interpreter that has TensorFlow (`tensorflow.compat.v1`),
never by the test suite. Starts 2 ps + 2 worker `tf.train.Server`s, each in its own process
(spawned, on free localhost ports), trains the linear model and the 784-128-10 network with
`replica_device_setter` by between-graph replication (two sessions in two threads), the same
steps in one local session, and prints one JSON line: seconds for each, TF's version.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import socket
import threading
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402


def free_ports(n: int) -> list:
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("localhost", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def config(tf):
    return tf.ConfigProto(intra_op_parallelism_threads=1, inter_op_parallelism_threads=2)


def serve(spec: dict, job: str, index: int) -> None:
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    tf.train.Server(tf.train.ClusterSpec(spec), job_name=job, task_index=index, config=config(tf)).join()


def model(tf, cluster, task_index: int, kind: str):
    """The graphs of bench_distributed.model, built with TF."""
    g = tf.Graph()
    with g.as_default():
        setter = tf.train.replica_device_setter(cluster=cluster, worker_device=f"/job:worker/task:{task_index}") \
            if cluster is not None else None
        with tf.device(setter):
            if kind == "linear":
                w = tf.Variable(0.0, name="w")
                b = tf.Variable(0.0, name="b")
                x = tf.constant(np.linspace(-1, 1, 32, dtype=np.float32))
                loss = tf.reduce_mean(tf.square(w * x + b - (3 * x + 2)))
            else:
                rng = np.random.RandomState(task_index)
                x = tf.constant(rng.rand(256, 784).astype(np.float32))
                labels = tf.constant(rng.randint(0, 10, 256).astype(np.int32))
                w1 = tf.Variable(np.random.RandomState(9).randn(784, 128).astype(np.float32) * 0.05, name="w1")
                w = tf.Variable(np.zeros((128, 10), np.float32), name="w2")
                logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1)), w)
                loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
            train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
            init = tf.global_variables_initializer()
    return g, train, init


def loops(tf, spec: dict, steps: int, kind: str) -> tuple:
    """(local seconds, distributed seconds) for `steps` steps of `kind`."""
    g, train, init = model(tf, None, 0, kind)
    local = tf.Session(graph=g, config=config(tf))
    local.run(init)
    for _ in range(10):
        local.run(train)
    t0 = time.perf_counter()
    for _ in range(steps):
        local.run(train)
    local_s = time.perf_counter() - t0
    cluster = tf.train.ClusterSpec(spec)
    replicas = [model(tf, cluster, i, kind) for i in range(2)]
    sessions = [tf.Session("grpc://" + spec["worker"][i], graph=r[0], config=config(tf)) for i, r in enumerate(replicas)]
    sessions[0].run(replicas[0][2])
    for s, r in zip(sessions, replicas):
        for _ in range(5):
            s.run(r[1])

    def loop(s, r):
        for _ in range(steps // 2):
            s.run(r[1])
    threads = [threading.Thread(target=loop, args=(s, r)) for s, r in zip(sessions, replicas)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return local_s, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--mlp-steps", type=int, default=200)
    args = ap.parse_args()
    ports = free_ports(4)
    spec = {"ps": [f"localhost:{p}" for p in ports[:2]], "worker": [f"localhost:{p}" for p in ports[2:]]}
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=serve, args=(spec, job, i), daemon=True) for job in spec for i in range(2)]
    for p in procs:
        p.start()
    try:
        import tensorflow as real_tf
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        local_s, dist_s = loops(tf, spec, args.steps, "linear")
        mlp_local, mlp_dist = loops(tf, spec, args.mlp_steps, "mlp")
        print(json.dumps({"version": real_tf.__version__, "steps": args.steps, "train_local_s": local_s,
                          "train_dist_s": dist_s, "mlp_steps": args.mlp_steps, "mlp_local_s": mlp_local,
                          "mlp_dist_s": mlp_dist}))
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.join(10)


if __name__ == "__main__":
    main()
