"""The notebook side's speed: `%load_ext nbgraph`, drawing, and one stepper step.

    .venv/bin/python bench/bench_extension.py [--strict]

Measures, each as the median of several runs, against its target:
  1. `%load_ext nbgraph` in a fresh interpreter that already imported numpy and started an
     IPython shell (what a learner waits for in a new kernel)                 target < 0.3 s
  2. drawing the lesson's a/b/Add graph to SVG                                  target < 100 ms
  3. drawing a 2,000-op graph (20 name scopes) collapsed one level by scope     target < 2 s
  4. one stepper step on a 1,000-op plan: the picture is laid out once and
     each step only restyles it (highlight_css) and refreshes the details      target < 300 ms
and prints PASS/MISS for each (`--strict`: exit 1 on a MISS). Needs the graphviz `dot` program.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

LOAD_EXT = """
import time, numpy
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
t0 = time.perf_counter()
shell.run_line_magic("load_ext", "nbgraph")
print(time.perf_counter() - t0)
"""


def median_seconds(fn, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def load_ext_seconds(runs=5):
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", LOAD_EXT], capture_output=True, text=True, cwd=ROOT,
                             check=True, timeout=120)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def lesson_graph():
    import nbgraph as tf
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([1.0, 2.0], name="a")
        b = tf.constant([2.0, 3.0], name="b")
        tf.add(a, b)
    return g


def scoped_chain(n_scopes, per_scope):
    """A chain of adds: `n_scopes` name scopes of `per_scope` ops each, after one constant."""
    import nbgraph as tf
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(1.0, name="x")
        for s in range(n_scopes):
            with tf.name_scope(f"layer{s}"):
                one = tf.constant(1.0, name="one")
                for _ in range(per_scope - 1):
                    x = tf.add(x, one)
    return g, x


def step_seconds(steps=30, scoped=True):
    """One Next on a 1,000-op plan: scoped (drawn collapsed once, restyled per step) or flat
    (too big to draw whole even collapsed: a window around the step is laid out each time)."""
    from nbgraph.widgets import Stepper
    import nbgraph as tf
    if scoped:
        _g, x = scoped_chain(10, 100)
    else:
        with tf.Graph().as_default():
            x = one = tf.constant(1.0, name="one")
            for _ in range(999):
                x = tf.add(x, one)
    stepper = Stepper(x)
    assert stepper._windowed is not scoped
    stepper.goto(400)
    return median_seconds(stepper.next, steps)


def main():
    from nbgraph.render import to_svg
    lesson = lesson_graph()
    to_svg(lesson)   # warm: the first call imports graphviz's helpers
    big, _ = scoped_chain(20, 100)
    rows = [
        ("%load_ext nbgraph (fresh process, numpy imported)", load_ext_seconds(), 0.3),
        ("render the lesson graph (a, b, Add)", median_seconds(lambda: to_svg(lesson), 10), 0.1),
        (f"render the {len(big.get_operations())}-op graph collapsed by scope (depth=1)",
         median_seconds(lambda: to_svg(big, depth=1), 3), 2.0),
        ("one stepper step on a 1,000-op plan in 10 scopes", step_seconds(), 0.3),
        ("one stepper step on a flat 1,000-op plan (a window)", step_seconds(10, scoped=False), 0.3),
    ]
    width = max(len(name) for name, _, _ in rows)
    missed = 0
    for name, seconds, target in rows:
        ok = seconds < target
        missed += not ok
        print(f"{name:<{width}}  {seconds * 1000:9.1f} ms   target < {target * 1000:6.0f} ms   "
              f"{'PASS' if ok else 'MISS'}")
    return 1 if missed and "--strict" in sys.argv[1:] else 0


if __name__ == "__main__":
    sys.exit(main())
