"""Training speed: nbgraph beside real TensorFlow 1.x-compat and hand-written numpy.

    .venv/bin/python bench/bench_training.py [--steps N] [--no-tf] [--json PATH]

Two models, each trained for `--steps` (default 1,000) gradient-descent steps after 20 warm-up
steps, timed as wall-clock time per `sess.run(train_op)`:
  1. linear regression on 5x2 data held in the graph (constants, two variables, the mean
     squared error, `GradientDescentOptimizer.minimize`): run overhead dominates;
  2. a 784-128-10 ReLU network on one random batch of 64 fed through placeholders, sparse softmax
     cross-entropy, `GradientDescentOptimizer.minimize`: the matmuls dominate.
The numpy column is the same forward and backward pass written by hand. TensorFlow runs in a
subprocess (this file with `--worker`, interpreter $NBGRAPH_TF_PYTHON, else /tmp/tfref/bin/python)
so it never shares a process with the nbgraph measurements. Targets: nbgraph / TF <= 1.0 on the
small model and <= 1.5 on the dense network. The test suite never runs this file.

numpy's OpenBLAS runs single-threaded here (OPENBLAS_NUM_THREADS=1 unless set): on a small, busy
machine its spinning worker threads made a 64x784x128 matmul ~100x slower (30 ms, not 0.3 ms).
TensorFlow keeps its own default thread pools.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads OpenBLAS (see above)

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MARKER = "NBGRAPH-TRAIN-BENCH "
DEFAULT_TF_PYTHON = "/tmp/tfref/bin/python"
WARMUP = 20
REPEATS = 3

X5 = np.array([[1., 2.], [2., 1.], [3., 4.], [4., 3.], [5., 5.]], np.float32)
Y5 = np.array([[5.], [4.], [11.], [10.], [15.]], np.float32)


def _dense_data():
    rng = np.random.RandomState(0)
    return (rng.rand(64, 784).astype(np.float32), rng.randint(0, 10, size=64).astype(np.int32),
            (rng.randn(784, 128) * 0.05).astype(np.float32), (rng.randn(128, 10) * 0.05).astype(np.float32))


def _time_steps(step, steps):
    """Median over REPEATS of the mean wall-clock seconds per call of `step` over `steps` calls."""
    for _ in range(WARMUP):
        step()
    per = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        per.append((time.perf_counter() - t0) / steps)
    return float(np.median(per))


# -- the two models, for any `tf` module ------------------------------------------------------------
def linear_regression(tf, steps):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(X5)
        y = tf.constant(Y5)
        w = tf.Variable(tf.zeros([2, 1]), name="w")
        b = tf.Variable(0.0, name="b")
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer())
            seconds = _time_steps(lambda: sess.run(train), steps)
            return seconds, float(sess.run(loss))


def dense_network(tf, steps):
    xs, ys, w1_0, w2_0 = _dense_data()
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 784], name="x")
        y = tf.placeholder(tf.int32, [None], name="y")
        w1 = tf.Variable(w1_0, name="w1")
        b1 = tf.Variable(tf.zeros([128]), name="b1")
        w2 = tf.Variable(w2_0, name="w2")
        b2 = tf.Variable(tf.zeros([10]), name="b2")
        hidden = tf.nn.relu(tf.matmul(x, w1) + b1)
        logits = tf.matmul(hidden, w2) + b2
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        feed = {x: xs, y: ys}
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer())
            seconds = _time_steps(lambda: sess.run(train, feed), steps)
            return seconds, float(sess.run(loss, feed))


# -- the same by hand -------------------------------------------------------------------------------
def numpy_linear_regression(steps):
    w = np.zeros((2, 1), np.float32)
    b = np.zeros((), np.float32)
    lr = np.float32(0.01)

    def step():
        nonlocal b
        err = X5 @ w + b - Y5
        grad = err * np.float32(2.0 / err.size)
        w[...] -= lr * (X5.T @ grad)
        b = b - lr * grad.sum()
    seconds = _time_steps(step, steps)
    return seconds, float(np.mean(np.square(X5 @ w + b - Y5)))


def numpy_dense_network(steps):
    xs, ys, w1, w2 = _dense_data()
    b1, b2 = np.zeros(128, np.float32), np.zeros(10, np.float32)
    lr = np.float32(0.1)
    rows = np.arange(len(ys))

    def forward():
        h = np.maximum(xs @ w1 + b1, 0)
        z = h @ w2 + b2
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        p = e / e.sum(axis=1, keepdims=True)
        return h, p

    def step():
        h, p = forward()
        d = p
        d[rows, ys] -= 1
        d /= len(ys)
        dh = (d @ w2.T) * (h > 0)
        w2[...] -= lr * (h.T @ d)
        b2[...] -= lr * d.sum(axis=0)
        w1[...] -= lr * (xs.T @ dh)
        b1[...] -= lr * dh.sum(axis=0)
    seconds = _time_steps(step, steps)
    _, p = forward()
    return seconds, float(-np.mean(np.log(p[rows, ys])))


def measure(tf, steps):
    lin, lin_loss = linear_regression(tf, steps)
    dense, dense_loss = dense_network(tf, steps)
    return {"linear_s": lin, "linear_loss": lin_loss, "dense_s": dense, "dense_loss": dense_loss}


# -- TensorFlow in its own process ------------------------------------------------------------------
def worker(steps):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as real_tf
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    tf.disable_resource_variables()
    tf.logging.set_verbosity(tf.logging.ERROR)
    out = measure(tf, steps)
    out["version"] = real_tf.__version__
    sys.stdout.write(MARKER + json.dumps(out) + "\n")


def run_tf(steps):
    python = os.environ.get("NBGRAPH_TF_PYTHON", DEFAULT_TF_PYTHON)
    if python.strip().lower() in ("", "0", "none", "off") or not os.path.exists(python):
        return None, "tensorflow: not found"
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore")
    env.pop("OPENBLAS_NUM_THREADS", None)  # TF as it comes
    try:
        proc = subprocess.run([python, os.path.abspath(__file__), "--worker", "--steps", str(steps)],
                              capture_output=True, text=True, timeout=1800, env=env, cwd=HERE)
    except subprocess.TimeoutExpired:
        return None, "tensorflow: timed out"
    for line in proc.stdout.splitlines():
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER):]), None
    return None, "tensorflow failed: " + ((proc.stderr or "").strip().splitlines() or ["?"])[-1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--no-tf", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", default=os.path.join(HERE, "results", "training.json"))
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.steps)
        return 0
    sys.path.insert(0, ROOT)
    import nbgraph
    nb = measure(nbgraph, args.steps)
    np_lin, np_lin_loss = numpy_linear_regression(args.steps)
    np_dense, np_dense_loss = numpy_dense_network(args.steps)
    tf_res, tf_note = (None, "tensorflow: skipped (--no-tf)") if args.no_tf else run_tf(args.steps)
    rows = [("linear regression 5x2", "linear", np_lin, np_lin_loss, "<= 1.0", 1.0),
            ("dense 784-128-10, batch 64", "dense", np_dense, np_dense_loss, "<= 1.5", 1.5)]
    print(f"training benchmark: {args.steps} steps after {WARMUP} warm-up, median of {REPEATS}; wall-clock per step")
    print(tf_note or f"tensorflow {tf_res['version']} (compat.v1, separate process)",
          f"| numpy OpenBLAS threads: {os.environ.get('OPENBLAS_NUM_THREADS')}")
    print(f"{'model':28} {'nbgraph':>11} {'TF':>11} {'numpy':>11} {'nb/TF':>7} {'target':>7} {'':4} {'nb/numpy':>8}")
    report = {"steps": args.steps, "nbgraph": nb, "tensorflow": tf_res,
              "numpy": {"linear_s": np_lin, "dense_s": np_dense}, "ratios": {}}
    for label, key, np_s, np_loss, target_text, target in rows:
        nb_s = nb[f"{key}_s"]
        tf_s = tf_res[f"{key}_s"] if tf_res else None
        ratio = nb_s / tf_s if tf_s else None
        verdict = "n/a" if ratio is None else ("PASS" if ratio <= target else "MISS")
        print(f"{label:28} {nb_s * 1e6:9.1f}us {tf_s * 1e6 if tf_s else float('nan'):9.1f}us {np_s * 1e6:9.1f}us "
              f"{ratio if ratio else float('nan'):7.2f} {target_text:>7} {verdict:4} {nb_s / np_s:8.2f}")
        report["ratios"][key] = {"nbgraph_over_tf": ratio, "target": target, "verdict": verdict,
                                 "nbgraph_over_numpy": nb_s / np_s}
        losses = [nb[f"{key}_loss"], np_loss] + ([tf_res[f"{key}_loss"]] if tf_res else [])
        print(f"{'':28} final loss: nbgraph {losses[0]:.6g}, numpy {losses[1]:.6g}"
              + (f", TF {losses[2]:.6g}" if tf_res else ""))
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
