"""What issue 15 bounded: nested control_dependencies and the placement log.

    .venv/bin/python bench/bench_reliability.py [--strict] [--depth 5000] [--runs 2000]

Measures, each in a fresh graph, against its target:
  1. building a 5,000-deep nested `control_dependencies` chain (each constant inside the
     blocks of all earlier ones: 12.5M control edges, as in TF)                  target < 2 s
  2. the first `Session.run` of its last op (pruning, ordering, placing)        target < 2 s
  3. a plain Session running 2,000 freshly built constants: the placement log's
     size (target: one record per op), the median run of the last 50 against
     the first 50 (target < 2x), and taking `placement_log` (target: O(1): the
     same time at 2,000 records as at 20)
and prints PASS/MISS for each (`--strict`: exit 1 on a MISS).
"""
from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import nbgraph as tf  # noqa: E402


def nested_chain(depth):
    with contextlib.ExitStack() as stack:
        prev = tf.constant(0.0)
        for i in range(depth):
            stack.enter_context(tf.control_dependencies([prev]))
            prev = tf.constant(float(i + 1))
    return prev


def bench_control_dependencies(depth):
    g = tf.Graph()
    with g.as_default():
        t0, c0 = time.perf_counter(), time.process_time()
        last = nested_chain(depth)
        build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
        sess = tf.Session()
        t0, c0 = time.perf_counter(), time.process_time()
        value = sess.run(last)
        run, run_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert value == depth, value
    return build, run, build_cpu, run_cpu


def _log_access_seconds(sess, repeats=2000):
    t0 = time.perf_counter()
    for _ in range(repeats):
        sess.placement_log  # noqa: B018 - the access is what is timed
    return (time.perf_counter() - t0) / repeats


def bench_placement_log(runs):
    g = tf.Graph()
    with g.as_default():
        sess = tf.Session()
        times, access_early = [], None
        for i in range(runs):
            c = tf.constant(float(i))
            t0 = time.perf_counter()
            sess.run(c)
            times.append(time.perf_counter() - t0)
            if i == 19:
                access_early = _log_access_seconds(sess)
        access_late = _log_access_seconds(sess)
    return (len(sess.placement_log), statistics.median(times[:50]), statistics.median(times[-50:]),
            access_early, access_late)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--depth", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=2000)
    args = ap.parse_args(argv)
    build, run, build_cpu, run_cpu = bench_control_dependencies(args.depth)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    records, first, last, early, late = bench_placement_log(args.runs)
    rows = [
        (f"control_dependencies {args.depth} deep: build", f"{build:.2f} s (CPU {build_cpu:.2f} s)", build < 2.0),
        (f"control_dependencies {args.depth} deep: first run", f"{run:.2f} s (CPU {run_cpu:.2f} s)", run < 2.0),
        (f"placement log after {args.runs} runs", f"{records} records", records == args.runs),
        ("run time, last 50 / first 50 (median)", f"{last * 1e3:.3f} / {first * 1e3:.3f} ms", last < 2 * first),
        ("placement_log access at 20 / at the end", f"{early * 1e6:.2f} / {late * 1e6:.2f} µs",
         late < 3 * early + 1e-6),
    ]
    if load > (os.cpu_count() or 1) / 2:
        print(f"note: load average {load:.1f} on {os.cpu_count()} CPUs: wall times are inflated")
    missed = 0
    for name, value, ok in rows:
        missed += not ok
        print(f"{'PASS' if ok else 'MISS'}  {name:<45} {value}")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
