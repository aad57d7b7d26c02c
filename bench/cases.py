"""The benchmark cases, written once against the TF1 API.

Every function here takes the `tf` module as its first argument, so the same code measures
`nbgraph` (in the `bench/run.py` process) and `tensorflow.compat.v1` (in the subprocess started
by `bench/tf_worker.py`). Plain-numpy baselines for the same work live here too.

This module imports only the standard library and numpy at import time.
"""
from __future__ import annotations

import gc
import statistics
import time
import tracemalloc

import numpy as np

# The chain's op mix, in order and repeated: (python operator, constant). Constants are chosen
# so the values stay bounded over thousands of steps (x -> (x + .5) * .999 - .25 ...).
CHAIN_MIX = (("+", 0.5), ("*", 0.999), ("-", 0.25))
CHAIN_OPS = 1000


# -- timing helpers ---------------------------------------------------------------------------
class _NoGC:
    """Like timeit: no garbage collection inside a timed region."""

    def __enter__(self):
        self.was = gc.isenabled()
        gc.collect()
        gc.disable()

    def __exit__(self, *exc):
        if self.was:
            gc.enable()


def time_batches(fn, *, batch, budget_s, min_batches=5, max_batches=10_000):
    """Median seconds per call of `fn()`, from batches of `batch` calls run for ~`budget_s`."""
    samples = []
    clock = time.perf_counter
    with _NoGC():
        start = clock()
        while len(samples) < max_batches and (len(samples) < min_batches or clock() - start < budget_s):
            t0 = clock()
            for _ in range(batch):
                fn()
            samples.append((clock() - t0) / batch)
    return statistics.median(samples), len(samples) * batch


def time_interleaved(fns, *, budget_s, min_reps=3, max_reps=10_000):
    """Median seconds per call of each of `fns` (a dict), calling them in turn so that slow
    drifts of the machine hit all of them alike. Returns ({name: wall}, {name: cpu}, reps, {name:
    process cpu}): wall-clock, this thread's CPU time (what a single-threaded engine really spent:
    other processes on a busy machine do not inflate it; meaningless for multi-threaded TF), and
    the whole process's CPU time (TF's work across its thread pools)."""
    wall = {k: [] for k in fns}
    cpu = {k: [] for k in fns}
    proc = {k: [] for k in fns}
    clock, cpu_clock, proc_clock = time.perf_counter, time.thread_time, time.process_time
    reps = 0
    with _NoGC():
        start = clock()
        while reps < max_reps and (reps < min_reps or clock() - start < budget_s):
            for k, fn in fns.items():
                p0 = proc_clock()
                c0 = cpu_clock()
                t0 = clock()
                fn()
                t1 = clock()
                cpu[k].append(cpu_clock() - c0)
                proc[k].append(proc_clock() - p0)
                wall[k].append(t1 - t0)
            reps += 1
    med = statistics.median
    return ({k: med(v) for k, v in wall.items()}, {k: med(v) for k, v in cpu.items()}, reps,
            {k: med(v) for k, v in proc.items()})


# -- 1. per-call overhead of session.run ------------------------------------------------------
def make_add_session(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([1.0, 2.0], name="a")
        b = tf.constant([3.0, 4.0], name="b")
        c = a + b
    sess = tf.Session(graph=g)
    for _ in range(20):  # warm: plan cache, placement, grappler
        sess.run(c)
    return sess, c


def run_overhead(tf, budget_s=1.5):
    sess, c = make_add_session(tf)
    try:
        per_call, calls = time_batches(lambda: sess.run(c), batch=50, budget_s=budget_s, min_batches=10)
    finally:
        sess.close()
    return {"us_per_call": per_call * 1e6, "calls": calls}


def numpy_add_overhead(budget_s=0.3):
    a = np.array([1.0, 2.0], np.float32)
    b = np.array([3.0, 4.0], np.float32)
    per_call, calls = time_batches(lambda: a + b, batch=1000, budget_s=budget_s)
    return {"us_per_call": per_call * 1e6, "calls": calls}


# -- 2. building a chain ----------------------------------------------------------------------
def build_chain(tf, n_ops=CHAIN_OPS, block=50):
    """A fresh graph: placeholder `x` (shape [None]) followed by `n_ops` binary ops, each
    `y = y <op> c` with one of three float32 constants made up front (so exactly `n_ops` ops
    are timed). Returns (graph, x, y, total seconds for the n_ops ops, seconds per op of each
    block of `block` consecutive ops)."""
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[None], name="x")
        consts = [tf.constant(v, dtype=tf.float32, name=f"c{i}") for i, (_, v) in enumerate(CHAIN_MIX)]
        mix = [(sym, consts[i]) for i, (sym, _) in enumerate(CHAIN_MIX)]
        y = x
        m = len(mix)
        clock = time.perf_counter
        blocks = []
        start = t0 = clock()
        for i in range(n_ops):
            sym, c = mix[i % m]
            if sym == "+":
                y = y + c
            elif sym == "*":
                y = y * c
            else:
                y = y - c
            if (i + 1) % block == 0:
                t1 = clock()
                blocks.append((t1 - t0) / block)
                t0 = t1
        seconds = clock() - start
    return g, x, y, seconds, blocks


def build_speed(tf, repeats=5, n_ops=CHAIN_OPS):
    """µs per op of building the chain: the median over blocks of 50 consecutive ops of
    `repeats` whole 1000-op chains (short blocks keep a busy machine's preemptions from
    inflating every sample), and the plain total / n_ops per chain beside it."""
    blocks, whole = [], []
    build_chain(tf, 50)  # warm imports / caches
    with _NoGC():
        for _ in range(repeats):
            *_, seconds, per_block = build_chain(tf, n_ops)
            whole.append(seconds / n_ops)
            blocks.extend(per_block)
    return {"us_per_op": statistics.median(blocks) * 1e6, "us_per_op_whole_chain": statistics.median(whole) * 1e6,
            "repeats": repeats, "n_ops": n_ops}


# -- 3. running the chain ---------------------------------------------------------------------
def numpy_chain(n_ops=CHAIN_OPS):
    """The same chain as straight-line numpy code (`x = x + c0`, `x = x * c1`, ...), with the
    constants as 0-d float32 arrays like the graph's Const values."""
    lines = [f"    x = x {CHAIN_MIX[i % len(CHAIN_MIX)][0]} c{i % len(CHAIN_MIX)}" for i in range(n_ops)]
    src = "def chain(x, " + ", ".join(f"c{i}" for i in range(len(CHAIN_MIX))) + "):\n" + "\n".join(lines) + \
        "\n    return x\n"
    ns = {}
    exec(compile(src, f"<numpy chain of {n_ops}>", "exec"), ns)  # noqa: S102 - generated above
    consts = [np.asarray(v, np.float32) for _, v in CHAIN_MIX]
    fn = ns["chain"]
    return lambda x: fn(x, *consts)


def chain_session(tf, n_ops=CHAIN_OPS):
    g, x, y, *_ = build_chain(tf, n_ops)
    sess = tf.Session(graph=g)
    return sess, x, y


def run_chain(tf, sizes, budgets, with_numpy=False, n_ops=CHAIN_OPS, check=True):
    """ms per `sess.run(y, {x: value})` for each size (1-D float32 of that many elements).
    With `with_numpy`, the numpy chain is timed interleaved with it and reported beside it."""
    sess, x, y = chain_session(tf, n_ops)
    npchain = numpy_chain(n_ops)
    out = {}
    try:
        for n in sizes:
            value = np.linspace(-1.0, 1.0, n, dtype=np.float32)
            got = sess.run(y, {x: value})  # warm: plan, placement, allocator
            if check:
                want = npchain(value)
                if not np.allclose(got, want, rtol=1e-4, atol=1e-5):
                    raise AssertionError(f"chain result differs from numpy for n={n}")
            fns = {"graph": lambda: sess.run(y, {x: value})}
            if with_numpy:
                fns["numpy"] = lambda: npchain(value)
            min_reps = 3 if n >= 100_000 else 20
            wall, cpu, reps, proc = time_interleaved(fns, budget_s=budgets[n], min_reps=min_reps)
            out[str(n)] = {"ms_per_run": wall["graph"] * 1e3, "cpu_ms_per_run": cpu["graph"] * 1e3,
                           "process_cpu_ms_per_run": proc["graph"] * 1e3, "reps": reps}
            if with_numpy:
                out[str(n)]["numpy_ms_per_run"] = wall["numpy"] * 1e3
                out[str(n)]["numpy_cpu_ms_per_run"] = cpu["numpy"] * 1e3
                out[str(n)]["numpy_process_cpu_ms_per_run"] = proc["numpy"] * 1e3
    finally:
        sess.close()
    return out


# -- 4. peak memory ----------------------------------------------------------------------------
def _traced_peak(fn):
    """Peak bytes numpy (and Python) allocated while `fn()` ran, as tracemalloc sees them."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak - base


def peak_memory(tf, n_elems, n_ops):
    """Peak traced memory of one `sess.run` of an `n_ops` chain on `n_elems` float32 values,
    and of the numpy chain, each in units of one tensor (`n_elems * 4` bytes). The caller's
    input array exists before tracing starts, so it is not counted; the fetched result is."""
    value = np.linspace(-1.0, 1.0, n_elems, dtype=np.float32)
    one = value.nbytes
    sess, x, y = chain_session(tf, n_ops)
    try:
        small = value[:2].copy()
        for _ in range(2):  # build, cache and compile the plan outside the traced region
            sess.run(y, {x: small})
        graph_peak = _traced_peak(lambda: sess.run(y, {x: value}))
    finally:
        sess.close()
    npchain = numpy_chain(n_ops)
    numpy_peak = _traced_peak(lambda: npchain(value))
    return {"tensor_bytes": one, "n_elems": n_elems, "n_ops": n_ops,
            "peak_bytes": graph_peak, "peak_tensors": graph_peak / one,
            "numpy_peak_bytes": numpy_peak, "numpy_peak_tensors": numpy_peak / one}
