"""Wall-clock limits that used to be asserts inside tests (tests check behaviour only; how long
it takes depends on the machine, so it is measured and reported here).

    .venv/bin/python bench/bench_limits.py [--strict]

Measures, each against the limit its test once asserted:
  1. 8 threads sharing one Session, 1,000 `run` calls each (alternating a feed-and-add fetch
     and a dict of two fetches), every result checked                           limit < 20 s
  2. `operation_timeout_in_ms=50` on a chain of six 30 ms ops: time until the session raises
     DeadlineExceededError (it must stop before running the last ops)          limit < 0.17 s
  3. drawing a 200-op chain that shares one constant to SVG (plain edge labels once took
     `dot` minutes on it)                                                       limit < 10 s
  4. one stepper step (Next) on a 1,000-op plan in 10 name scopes               limit < 1.0 s
     (bench_extension.py holds the tighter target of 0.3 s for the same step)
and prints PASS/MISS for each (`--strict`: exit 1 on a MISS). Rows 3-4 need graphviz's `dot`.
"""
from __future__ import annotations

import os
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))


def threads_seconds(n_threads=8, calls=1000):
    import nbgraph as tf
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, shape=[], name="p")
        v = tf.Variable(10.0, name="v")
        out = p * 2.0 + v
        pair = {"double": p * 2.0, "neg": -p}
        s = tf.Session()
        s.run(v.initializer)
        errors = []

        def work(k):
            for i in range(calls):
                x = float(k * calls + i)
                got = s.run(out, {p: x}) if i % 2 else s.run(pair, {p: x})
                ok = got == x * 2 + 10 if i % 2 else (got["double"] == 2 * x and got["neg"] == -x)
                if not ok:
                    errors.append((k, i, got))

        threads = [threading.Thread(target=work, args=(k,)) for k in range(n_threads)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - t0
        s.close()
    if errors:
        raise SystemExit(f"wrong results under threads: {errors[:3]}")
    return seconds


def deadline_seconds():
    import nbgraph as tf
    with tf.Graph().as_default():
        t = tf.constant(1.0, name="start")
        for i in range(6):
            t = tf.identity(t, name=f"slow{i}")

            def kernel(ctx, x):
                time.sleep(0.03)
                return x
            t.op._kernel = kernel
        with tf.Session(config=tf.ConfigProto(operation_timeout_in_ms=50)) as s:
            t0 = time.perf_counter()
            try:
                s.run(t)
            except tf.errors.DeadlineExceededError:
                return time.perf_counter() - t0
    raise SystemExit("operation_timeout_in_ms did not stop the run")


def shared_constant_chain_seconds():
    from bench_extension import scoped_chain
    from nbgraph.render import to_svg
    g, _ = scoped_chain(2, 100)
    t0 = time.perf_counter()
    to_svg(g)
    return time.perf_counter() - t0


def main():
    from bench_extension import step_seconds
    rows = [
        ("8 threads x 1,000 session.run on one Session", threads_seconds(), 20.0),
        ("operation_timeout_in_ms=50 stops a 6 x 30 ms chain", deadline_seconds(), 0.17),
        ("draw a 200-op chain sharing one constant (SVG)", shared_constant_chain_seconds(), 10.0),
        ("one stepper step on a 1,000-op plan in 10 scopes", step_seconds(10), 1.0),
    ]
    width = max(len(name) for name, _, _ in rows)
    missed = 0
    for name, seconds, limit in rows:
        ok = seconds < limit
        missed += not ok
        print(f"{name:<{width}}  {seconds:8.3f} s   limit < {limit:6.2f} s   {'PASS' if ok else 'MISS'}")
    return 1 if missed and "--strict" in sys.argv[1:] else 0


if __name__ == "__main__":
    sys.exit(main())
