"""Distributed nbgraph: what a cluster of Dask worker processes costs.

    .venv/bin/python bench/bench_distributed.py [--steps N] [--json PATH]

1. Cross-task transfer: a 1,000,000-float32 tensor (4 MB) made on `/job:ps/task:0` and reduced on
   `/job:worker/task:0`; ms per run, against the same graph in one local session. The run's
   `_Send` byte count is checked (4,000,000).
2. A training loop: linear regression (`replica_device_setter`: w and b on the two ps tasks,
   the model on the workers) trained for `--steps` steps (default 1,000) in total by two
   workers doing between-graph replication (two sessions in two threads, half the steps each),
   against the same steps in one local session. Target: distributed / local <= 3. The comparison
   is made `--rounds` times (default 3); the median round is reported, with every ratio.
3. The same for a 784-128-10 ReLU network on batches of 256 (`--mlp-steps`, default 1,000),
   where the step's own compute dominates the per-step cost of the messages.
4. Real TensorFlow's distributed runtime on the same two loops (`tf_distributed.py`, run with
   $NBGRAPH_TF_PYTHON, else /tmp/tfref/bin/python; `--no-tf` skips it): its 2 ps + 2 worker
   gRPC servers in four processes, against TF in one local session. A step of the linear
   loop costs a few dozen microseconds of compute and about ten messages between processes,
   so both runtimes pay mostly for the messages there; the reference says what that costs TF.

The cluster is 2 ps + 2 workers, each a worker process of a Dask LocalCluster on this machine;
its start-up time is reported apart. A step is one request per task on the tasks' direct
channels (nbgraph/distributed/channel.py), not a Dask scheduler round trip. The loop's CPU time
over every process (client and tasks) is printed too, with the load average: on a shared
machine the wall-clock ratio depends on how soon four processes get a core each hop. The test
suite never runs this file.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import nbgraph as tf  # noqa: E402
import nbgraph.distributed as dist  # noqa: E402

SPEC = {"ps": ["localhost:2322", "localhost:2323"], "worker": ["localhost:2324", "localhost:2325"]}
N = 1_000_000


def transfer_graph(pinned: bool):
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:ps/task:0" if pinned else None):
            big = tf.random_uniform([N], seed=1, name="big")
        with tf.device("/job:worker/task:0" if pinned else None):
            total = tf.reduce_sum(big, name="total")
    return g, total


def bench_transfer(servers, repeats):
    g, total = transfer_graph(True)
    sess = tf.Session(servers["worker0"].target, graph=g)
    sess.run(total)
    sent = [t.bytes for t in dist.transfers(sess) if t.type == "_Send" and t.tensor.name == "big:0"]
    assert sent == [4 * N], sent
    t0 = time.perf_counter()
    for _ in range(repeats):
        sess.run(total)
    remote = (time.perf_counter() - t0) / repeats
    lg, ltotal = transfer_graph(False)
    local = tf.Session(graph=lg)
    local.run(ltotal)
    t0 = time.perf_counter()
    for _ in range(repeats):
        local.run(ltotal)
    return remote, (time.perf_counter() - t0) / repeats


def model(cluster, task_index, kind="linear"):
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
            else:  # a 784-128-10 ReLU network on a batch of 256: the step's compute dominates
                rng = np.random.RandomState(task_index)
                x = tf.constant(rng.rand(256, 784).astype(np.float32))
                labels = tf.constant(rng.randint(0, 10, 256).astype(np.int32))
                w1 = tf.Variable(np.random.RandomState(9).randn(784, 128).astype(np.float32) * 0.05, name="w1")
                w = tf.Variable(np.zeros((128, 10), np.float32), name="w2")
                logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1)), w)
                loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
            train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
            init = tf.global_variables_initializer()
    return g, train, init, w


def cpu_seconds() -> float:
    """CPU seconds of this process and every process it started (the cluster's tasks)."""
    import psutil
    total = time.process_time()
    for p in psutil.Process().children(recursive=True):
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def bench_training(servers, cluster, steps, kind="linear"):
    """(distributed wall s, local wall s, w, distributed CPU s (all processes), local CPU s)."""
    g, train, init, w = model(None, 0, kind)
    local = tf.Session(graph=g)
    local.run(init)
    for _ in range(10):
        local.run(train)
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        local.run(train)
    local_s = time.perf_counter() - t0
    local_cpu = time.process_time() - c0
    replicas = [model(cluster, i, kind) for i in range(2)]
    sessions = [tf.Session(servers[f"worker{i}"].target, graph=r[0]) for i, r in enumerate(replicas)]
    sessions[0].run(replicas[0][2])
    for s, r in zip(sessions, replicas):
        for _ in range(5):
            s.run(r[1])

    def loop(s, r):
        for _ in range(steps // 2):
            s.run(r[1])
    threads = [threading.Thread(target=loop, args=(s, r)) for s, r in zip(sessions, replicas)]
    t0, c0 = time.perf_counter(), cpu_seconds()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    dist_s = time.perf_counter() - t0
    dist_cpu = cpu_seconds() - c0
    return dist_s, local_s, float(np.sum(sessions[0].run(replicas[0][3]))), dist_cpu, local_cpu


DEFAULT_TF_PYTHON = "/tmp/tfref/bin/python"


def run_tf(steps: int, mlp_steps: int):
    """TensorFlow's own numbers (tf_distributed.py in a TF interpreter), or (None, why not)."""
    python = os.environ.get("NBGRAPH_TF_PYTHON", DEFAULT_TF_PYTHON)
    if not os.path.exists(python):
        return None, f"tensorflow: no interpreter at {python} (set NBGRAPH_TF_PYTHON)"
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tf_distributed.py")
    try:
        proc = subprocess.run([python, script, "--steps", str(steps), "--mlp-steps", str(mlp_steps)],
                              capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        return None, "tensorflow: timed out"
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        return None, "tensorflow failed: " + ((proc.stderr or "").strip().splitlines() or ["?"])[-1]
    return json.loads(lines[-1]), None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3, help="training comparisons; the median ratio is reported")
    ap.add_argument("--mlp-steps", type=int, default=1000)
    ap.add_argument("--no-tf", action="store_true", help="skip the TensorFlow reference")
    ap.add_argument("--json")
    args = ap.parse_args()
    t0 = time.perf_counter()
    cluster = tf.train.ClusterSpec(SPEC)
    servers = {f"{j}{i}": tf.train.Server(cluster, job_name=j, task_index=i) for j in SPEC for i in range(2)}
    startup = time.perf_counter() - t0
    try:
        remote, local = bench_transfer(servers, args.repeats)
        rounds = sorted((bench_training(servers, cluster, args.steps) for _ in range(max(1, args.rounds))),
                        key=lambda r: r[0] / r[1])
        ratios = [r[0] / r[1] for r in rounds]
        dist_s, local_s, w, dist_cpu, local_cpu = rounds[len(rounds) // 2]   # the median round
        mlp_steps = max(2, args.mlp_steps)
        mlp_dist, mlp_local, _, _, _ = bench_training(servers, cluster, mlp_steps, kind="mlp")
        load = os.getloadavg()[0]
    finally:
        dist.shutdown()
    ratio = dist_s / local_s
    print(f"cluster start-up (4 worker processes)        {startup:8.2f} s")
    print(f"1M-float transfer ps:0 -> worker:0, per run   {remote * 1e3:8.1f} ms   (local session: {local * 1e3:.1f} ms)")
    print(f"{args.steps} training steps, 2 workers              {dist_s:8.2f} s    ({dist_s / args.steps * 1e3:.2f} ms/step)")
    print(f"{args.steps} training steps, 1 process              {local_s:8.2f} s    ({local_s / args.steps * 1e3:.2f} ms/step)")
    print(f"ratio distributed / local                     {ratio:8.1f}x   target <= 3x: {'PASS' if ratio <= 3 else 'MISS'}"
          f"   (w after training: {w:.3f})")
    print(f"  median of {len(ratios)} rounds: {', '.join(f'{r:.1f}x' for r in ratios)}")
    print(f"CPU time of the loop, all processes: 2 workers {dist_cpu:.2f} s, 1 process {local_cpu:.2f} s, "
          f"ratio {dist_cpu / local_cpu:.1f}x   (load average {load:.1f} on {os.cpu_count()} cores)")
    print(f"{mlp_steps} steps of a 784-128-10 network (batch 256): 2 workers {mlp_dist:.2f} s, 1 process "
          f"{mlp_local:.2f} s, ratio {mlp_dist / mlp_local:.1f}x   target <= 3x: "
          f"{'PASS' if mlp_dist / mlp_local <= 3 else 'MISS'}")
    tf_res, tf_note = (None, "tensorflow: skipped (--no-tf)") if args.no_tf else run_tf(args.steps, mlp_steps)
    if tf_res is None:
        print(tf_note)
    else:
        tf_ratio = tf_res["train_dist_s"] / tf_res["train_local_s"]
        tf_mlp = tf_res["mlp_dist_s"] / tf_res["mlp_local_s"]
        print(f"tensorflow {tf_res['version']} (compat.v1, gRPC servers in 4 processes), same loops:")
        print(f"  {args.steps} training steps, 2 workers {tf_res['train_dist_s'] / args.steps * 1e3:.2f} ms/step, "
              f"1 process {tf_res['train_local_s'] / args.steps * 1e3:.2f} ms/step, ratio {tf_ratio:.1f}x")
        print(f"  {mlp_steps} steps of the 784-128-10 network: ratio {tf_mlp:.1f}x")
        print(f"nbgraph / tensorflow, distributed step: linear {dist_s / tf_res['train_dist_s']:.2f}, "
              f"784-128-10 {mlp_dist / tf_res['mlp_dist_s']:.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"tensorflow": tf_res, "startup_s": startup, "transfer_ms": remote * 1e3, "transfer_local_ms": local * 1e3,
                       "train_dist_s": dist_s, "train_local_s": local_s, "ratio": ratio, "steps": args.steps,
                       "mlp_steps": mlp_steps, "mlp_dist_s": mlp_dist, "mlp_local_s": mlp_local,
                       "train_dist_cpu_s": dist_cpu, "train_local_cpu_s": local_cpu, "load_average": load,
                       "ratios": ratios}, f)


if __name__ == "__main__":
    main()
