"""`make bench`: nbgraph beside plain numpy and (when available) real TensorFlow 1.x-compat.

    .venv/bin/python bench/run.py [--quick] [--no-tf] [--strict] [--json PATH]

Measures, in one run:
  1. the per-call overhead of `session.run` on a 2-element `a + b`          (µs per call)
  2. building a 1000-op chain                                               (µs per op)
  3. running that chain fed through a placeholder, on 2 and 1M float32s,
     beside the same chain written as straight-line numpy                   (ms per run)
  4. the peak memory of a long chain on large tensors, via tracemalloc      (x one tensor)
and prints each ratio with its target and PASS/MISS. TensorFlow runs in a subprocess with the
interpreter named by $NBGRAPH_TF_PYTHON, else /tmp/tfref/bin/python, else this interpreter if
it can import tensorflow. Results also go to bench/results/latest.json. See bench/README.md.
"""
from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402

import cases  # noqa: E402
from tf_worker import MARKER  # noqa: E402

DEFAULT_TF_PYTHON = "/tmp/tfref/bin/python"
SMALL, LARGE = 2, 1_000_000
MEM_ELEMS, MEM_OPS = 4_000_000, 300

# (key, label, target text, test on the ratio)
TARGETS = {
    "overhead": ("session.run overhead: nbgraph / TF", "< 0.10", lambda r: r < 0.10),
    "build": ("graph building: TF / nbgraph per op", ">= 10", lambda r: r >= 10),
    "chain_small": (f"1000-op chain, {SMALL} elems: nbgraph / numpy", "<= 1.3", lambda r: r <= 1.3),
    "chain_large": (f"1000-op chain, {LARGE:,} elems: nbgraph / numpy", "<= 0.9", lambda r: r <= 0.9),
    "chain_large_tf": (f"1000-op chain, {LARGE:,} elems: nbgraph / TF", "<= 1.0", lambda r: r <= 1.0),
    # two tensors: the last result and the copy `session.run` hands back (+1% for Python objects)
    "memory": (f"peak memory, {MEM_OPS}-op chain on {MEM_ELEMS:,} elems / one tensor", "<= 2.01",
               lambda r: r <= 2.01),
}


# -- finding TensorFlow -------------------------------------------------------------------------
def tf_interpreter():
    """(python executable or None, how it was chosen)."""
    env = os.environ.get("NBGRAPH_TF_PYTHON")
    if env is not None:
        if env.strip().lower() in ("", "0", "none", "off"):
            return None, "disabled by NBGRAPH_TF_PYTHON"
        return env, "NBGRAPH_TF_PYTHON"
    if os.path.exists(DEFAULT_TF_PYTHON):
        return DEFAULT_TF_PYTHON, DEFAULT_TF_PYTHON
    if importlib.util.find_spec("tensorflow") is not None:
        return sys.executable, "this interpreter"
    return None, "not installed"


def run_tf(python, settings, timeout_s):
    """Runs bench/tf_worker.py; returns (results dict or None, error text or None)."""
    cmd = [python, os.path.join(HERE, "tf_worker.py"), json.dumps(settings)]
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore")
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s, env=env, cwd=HERE)
    except FileNotFoundError:
        return None, f"{python} not found"
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout_s:.0f} s"
    for line in proc.stdout.splitlines():
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER):]), None
    tail = [ln for ln in (proc.stderr or "").strip().splitlines() if ln.strip()][-1:] or [f"exit {proc.returncode}"]
    return None, tail[0][:200]


# -- formatting ----------------------------------------------------------------------------------
def fmt_time(value, unit):
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f} {unit}"
    if value >= 10:
        return f"{value:.1f} {unit}"
    return f"{value:.2f} {unit}"


def fmt_ratio(r):
    return "-" if r is None else (f"{r:.3f}x" if r < 1 else f"{r:.2f}x")


def table(rows, headers):
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
    line = "  ".join(str(h).ljust(w) for h, w in zip(headers, widths))
    out = [line, "  ".join("-" * w for w in widths)]
    for r in rows:
        out.append("  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths))))
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="short time budgets (a smoke run, noisy numbers)")
    ap.add_argument("--no-tf", action="store_true", help="skip TensorFlow even when it is available")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--json", default=os.path.join(HERE, "results", "latest.json"), help="where to write results")
    args = ap.parse_args(argv)
    scale = 0.25 if args.quick else 1.0
    started = time.perf_counter()

    import nbgraph as tf

    print(f"nbgraph {getattr(tf, '__version__', '?')} | numpy {np.__version__} | Python {platform.python_version()}"
          f" | {platform.machine()} x{os.cpu_count()}", flush=True)
    load = _load()
    if load is not None and load > 0.5 * (os.cpu_count() or 1):
        print(f"warning: the machine is busy (load average {load:.1f} on {os.cpu_count()} CPUs); timings will be "
              "noisy, TF's most of all (its thread pool): TF-relative ratios then flatter nbgraph", flush=True)

    # ---- nbgraph and numpy ----
    print("measuring nbgraph and numpy ...", flush=True)
    nb = {}
    nb["overhead"] = cases.run_overhead(tf, budget_s=2.0 * scale)
    np_overhead = cases.numpy_add_overhead(budget_s=0.3 * scale)
    nb["build"] = cases.build_speed(tf, repeats=7 if not args.quick else 3)
    nb["chain"] = cases.run_chain(tf, [SMALL, LARGE], {SMALL: 3.0 * scale, LARGE: 8.0 * scale}, with_numpy=True)
    nb["memory"] = cases.peak_memory(tf, MEM_ELEMS if not args.quick else MEM_ELEMS // 4, MEM_OPS)

    # ---- TensorFlow ----
    python, how = (None, "skipped (--no-tf)") if args.no_tf else tf_interpreter()
    tfr, tf_status = None, None
    if python is None:
        tf_status = f"not installed ({how})" if how != "not installed" else "not installed"
    else:
        print(f"measuring tensorflow.compat.v1 with {python} ({how}) ...", flush=True)
        settings = {"sizes": [SMALL, LARGE], "overhead_budget": 2.0 * scale,
                    "build_repeats": 3, "chain_budgets": {SMALL: 2.0 * scale, LARGE: 3.0 * scale}}
        tfr, err = run_tf(python, settings, timeout_s=150)
        tf_status = f"{tfr['version']} via {python}" if tfr else f"not installed ({python}: {err})"
    print(f"tensorflow: {tf_status}\n")

    # ---- ratios and targets ----
    small, large = nb["chain"][str(SMALL)], nb["chain"][str(LARGE)]
    tfc_large = (tfr or {}).get("chain", {}).get(str(LARGE), {})
    ratios = {
        "overhead": nb["overhead"]["us_per_call"] / tfr["overhead"]["us_per_call"] if tfr else None,
        "build": tfr["build"]["us_per_op"] / nb["build"]["us_per_op"] if tfr else None,
        # the CPU time each spent, all threads of the process (a busy machine inflates wall time;
        # nbgraph shares a big value's blocks out among threads, numpy runs on one)
        "chain_small": small["process_cpu_ms_per_run"] / small["numpy_process_cpu_ms_per_run"],
        "chain_large": large["process_cpu_ms_per_run"] / large["numpy_process_cpu_ms_per_run"],
        # TF runs on its own thread pool: wall-clock against wall-clock
        "chain_large_tf": large["ms_per_run"] / tfc_large["ms_per_run"] if tfr else None,
        "memory": nb["memory"]["peak_tensors"],
    }
    verdicts = {k: (None if r is None else bool(TARGETS[k][2](r))) for k, r in ratios.items()}

    tfc = (tfr or {}).get("chain", {})
    mem = nb["memory"]
    rows = [
        ["session.run(a + b), 2 elems", fmt_time(nb["overhead"]["us_per_call"], "µs"),
         fmt_time(np_overhead["us_per_call"], "µs"), fmt_time(tfr and tfr["overhead"]["us_per_call"], "µs"),
         "nbgraph/TF", fmt_ratio(ratios["overhead"]), TARGETS["overhead"][1]],
        ["build 1000-op chain, per op", fmt_time(nb["build"]["us_per_op"], "µs"), "-",
         fmt_time(tfr and tfr["build"]["us_per_op"], "µs"),
         "TF/nbgraph", fmt_ratio(ratios["build"]), TARGETS["build"][1]],
        [f"run 1000-op chain, {SMALL} elems", fmt_time(small["ms_per_run"], "ms"),
         fmt_time(small["numpy_ms_per_run"], "ms"), fmt_time(tfc.get(str(SMALL), {}).get("ms_per_run"), "ms"),
         "nbgraph/numpy", fmt_ratio(ratios["chain_small"]), TARGETS["chain_small"][1]],
        [f"run 1000-op chain, {LARGE:,} elems", fmt_time(large["ms_per_run"], "ms"),
         fmt_time(large["numpy_ms_per_run"], "ms"), fmt_time(tfc.get(str(LARGE), {}).get("ms_per_run"), "ms"),
         "nbgraph/numpy", fmt_ratio(ratios["chain_large"]), TARGETS["chain_large"][1]],
        [f"run 1000-op chain, {LARGE:,} elems", fmt_time(large["ms_per_run"], "ms"), "-",
         fmt_time(tfc_large.get("ms_per_run"), "ms"),
         "nbgraph/TF", fmt_ratio(ratios["chain_large_tf"]), TARGETS["chain_large_tf"][1]],
        [f"peak mem, {mem['n_ops']}-op chain, {mem['n_elems']:,} elems", f"{mem['peak_tensors']:.2f} tensors",
         f"{mem['numpy_peak_tensors']:.2f} tensors", "n/a",
         "nbgraph/tensor", fmt_ratio(ratios["memory"]), TARGETS["memory"][1]],
    ]
    for row, k in zip(rows, TARGETS):
        v = verdicts[k]
        row.append("n/a (no TF)" if v is None else ("PASS" if v else "MISS"))
    print(table(rows, ["benchmark", "nbgraph", "numpy", "tensorflow", "ratio", "measured", "target", ""]))
    print("\ntimes are wall-clock medians; the nbgraph/numpy ratios compare the process's CPU time (all threads; "
          "wall-clock ratios "
          f"{fmt_ratio(small['ms_per_run'] / small['numpy_ms_per_run'])} and "
          f"{fmt_ratio(large['ms_per_run'] / large['numpy_ms_per_run'])})")
    if tfr:
        tf_small = tfc[str(SMALL)]["ms_per_run"] / small["numpy_ms_per_run"]
        tf_large = tfc[str(LARGE)]["ms_per_run"] / large["numpy_ms_per_run"]
        print(f"TF/numpy on the chain (wall-clock): {SMALL} elems {fmt_ratio(tf_small)}, "
              f"{LARGE:,} elems {fmt_ratio(tf_large)}")
        if tfc_large.get("process_cpu_ms_per_run"):
            print(f"nbgraph/TF on the {LARGE:,}-element chain by CPU time (TF's across all its threads): "
                  f"{fmt_ratio(large['process_cpu_ms_per_run'] / tfc_large['process_cpu_ms_per_run'])} "
                  f"({large['process_cpu_ms_per_run']:.0f} ms / {tfc_large['process_cpu_ms_per_run']:.0f} ms); "
                  "on a busy machine TF's thread pool gets a larger share of the CPUs than one thread, "
                  "which flatters TF's wall-clock")
        print(f"TF import took {tfr['import_s']:.1f} s (not in any number above)")
    else:
        print("\nTF-relative targets are not measured without TensorFlow; numpy ratios only.")
    elapsed = time.perf_counter() - started
    passed = sum(1 for v in verdicts.values() if v)
    measured = sum(1 for v in verdicts.values() if v is not None)
    print(f"\n{passed}/{measured} measured targets met ({elapsed:.0f} s)")

    result = {
        "meta": {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                 "python": platform.python_version(), "numpy": np.__version__,
                 "nbgraph": getattr(tf, "__version__", None), "machine": platform.machine(),
                 "cpus": os.cpu_count(), "quick": args.quick, "tensorflow": tf_status,
                 "git": _git_rev(), "seconds": elapsed, "load_before": load, "load_after": _load()},
        "nbgraph": nb,
        "numpy": {"overhead": np_overhead,
                  "chain": {k: {"ms_per_run": v["numpy_ms_per_run"], "cpu_ms_per_run": v["numpy_cpu_ms_per_run"]}
                            for k, v in nb["chain"].items()},
                  "memory": {"peak_bytes": mem["numpy_peak_bytes"], "peak_tensors": mem["numpy_peak_tensors"]}},
        "tensorflow": tfr,
        "targets": {k: {"label": TARGETS[k][0], "ratio": ratios[k], "target": TARGETS[k][1],
                        "pass": verdicts[k]} for k in TARGETS},
        "wall_clock_ratios": {"chain_small": small["ms_per_run"] / small["numpy_ms_per_run"],
                              "chain_large": large["ms_per_run"] / large["numpy_ms_per_run"]},
        "cpu_time_ratios": {"chain_large_tf": (large["process_cpu_ms_per_run"] / tfc_large["process_cpu_ms_per_run"]
                                               if tfc_large.get("process_cpu_ms_per_run") else None)},
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(f"results: {os.path.relpath(args.json, ROOT)}")
    return 1 if args.strict and measured != passed else 0


def _load():
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def _git_rev():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=5).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


if __name__ == "__main__":
    sys.exit(main())
