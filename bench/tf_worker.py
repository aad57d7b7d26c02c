"""Runs the benchmark cases against real `tensorflow.compat.v1` and prints one JSON line.

Started by `bench/run.py` in a subprocess, with whichever interpreter has TensorFlow, so
TensorFlow never shares a process (or its threads) with the nbgraph measurements.
Usage: python bench/tf_worker.py '<json settings>'
"""
from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

MARKER = "NBGRAPH-BENCH-RESULT "


def main(argv):
    settings = json.loads(argv[1]) if len(argv) > 1 else {}
    t0 = time.perf_counter()
    import tensorflow as real_tf
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    tf.logging.set_verbosity(tf.logging.ERROR)
    import_s = time.perf_counter() - t0

    import numpy as np

    import cases
    sizes = [int(n) for n in settings.get("sizes", [2, 1_000_000])]
    budgets = {int(k): float(v) for k, v in settings.get("chain_budgets", {}).items()}
    out = {
        "version": real_tf.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "import_s": import_s,
        "overhead": cases.run_overhead(tf, budget_s=float(settings.get("overhead_budget", 1.5))),
        "build": cases.build_speed(tf, repeats=int(settings.get("build_repeats", 3))),
        "chain": cases.run_chain(tf, sizes, {n: budgets.get(n, 1.0) for n in sizes}),
    }
    sys.stdout.write(MARKER + json.dumps(out) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv)
