"""Mutation check: break one piece of core behaviour at a time and see whether the tests notice.

    python scripts/mutate.py                 # every mutation
    python scripts/mutate.py feed-shape tutor-verdict
    python scripts/mutate.py --list          # the mutations and the tests each one runs
    python scripts/mutate.py --baseline      # first check the unmutated tree passes those tests

Each mutation replaces one exact snippet in one file of a temporary copy of the tree (the copy
is made from this checkout, so the working tree is never touched), runs its tests there with
`python -m pytest -p no:cacheprovider` (the tests' imports resolve to the copy through
PYTHONPATH), and reports it CAUGHT (pytest exit 1: a test failed) with the failing tests, or
SURVIVED (everything passed). A snippet that is no longer in the file is reported as STALE:
the code moved and the mutation needs updating. Exits 1 when any mutation survived or is stale.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", "test-artifacts", "*.pyc")


@dataclass(frozen=True)
class Mutation:
    name: str
    what: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


ENGINE = ("tests/engine/test_session.py", "tests/engine/test_executor.py", "tests/engine/test_memory.py",
          "tests/engine/test_errors.py",
          "tests/engine/test_variables.py", "tests/engine/test_graph.py", "tests/engine/test_ops.py",
          "tests/engine/test_placement.py", "tests/engine/test_differential.py")

MUTATIONS = [
    Mutation("feed-shape", "the feed-shape check is removed",
             "nbgraph/engine/fetches.py",
             "    if not _fits(t._shape, arr.shape):\n        raise ValueError(f\"Cannot feed value",
             "    if False:\n        raise ValueError(f\"Cannot feed value",
             ENGINE),
    Mutation("free-intermediates", "intermediates are never freed",
             "nbgraph/engine/executor.py",
             "                for s in free:\n                    vals[s] = None",
             "                for s in ():\n                    vals[s] = None",
             ENGINE),
    Mutation("tutor-verdict", "the tutor says every recorded cell matches",
             "nbgraph/tutor/lesson.py",
             "matches = None if recorded is None or error else outputs_match(output, recorded)",
             "matches = None if recorded is None or error else True",
             ("tests/tutor",)),
    Mutation("step-feed", "`%nbgraph step --feed` is ignored",
             "nbgraph/ipython/magics.py",
             "feed = self._eval(args.feed, \"feed\") if args.feed else None",
             "feed = None",
             ("tests/ipython",)),
    Mutation("step-session", "`%nbgraph step --session` is ignored",
             "nbgraph/ipython/magics.py",
             "sess = self._session(args.session) if args.session else None",
             "sess = None",
             ("tests/ipython",)),
    Mutation("stepper-next", "the stepper's next() does not advance",
             "nbgraph/ipython/widgets.py",
             "return self.goto(self.index + 1) if self.index + 1 < self.total else self.current",
             "return self.current",
             ("tests/ipython/test_widgets.py", "tests/ipython/test_magics.py")),
    Mutation("placement-order", "generators are placed in the first pass (log order changes)",
             "nbgraph/engine/placement.py",
             "            if n.generator:\n                second.append(n)",
             "            if False and n.generator:\n                second.append(n)",
             ("tests/engine/test_placement.py", "tests/ipython/test_magics.py")),
    Mutation("error-text", "the missing-feed error says something else",
             "nbgraph/engine/ops/array_ops.py",
             "msg = f\"You must feed a value for placeholder tensor '{op.name}' with dtype",
             "msg = f\"Must feed a value for placeholder tensor '{op.name}' with dtype",
             ENGINE),
    Mutation("default-session", "the outermost default session wins over the innermost",
             "nbgraph/engine/session.py",
             "    return stack[-1] if stack else None",
             "    return stack[0] if stack else None",
             ENGINE),
    Mutation("variable-init", "reading an uninitialised variable gives zeros instead of an error",
             "nbgraph/engine/ops/state_ops.py",
             "            return ctx.variables[op]\n",
             "            return ctx.variables.get(op, np.zeros(()))\n",
             ENGINE),
    Mutation("unique-names", "name uniquification counts from the wrong number",
             "nbgraph/engine/graph.py",
             "            name = f\"{name}_{i - 1}\"",
             "            name = f\"{name}_{i}\"",
             ENGINE),
    Mutation("broadcasting", "the shape function accepts shapes that cannot broadcast",
             "nbgraph/engine/ops/common.py",
             "    out = broadcast_shapes(a, b)\n    if out is None:",
             "    out = broadcast_shapes(a, b)\n    if out is None:\n        return [unknown_shape()]\n    if out is None:",
             ENGINE),
]


def _copy_tree(dest: Path) -> Path:
    tree = dest / "tree"
    shutil.copytree(ROOT, tree, ignore=SKIP)
    return tree


def _pytest(tree: Path, tests: tuple[str, ...], timeout: int) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rf", "--no-header", *tests]
    return subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, timeout=timeout)


def _failed(output: str) -> list[str]:
    return re.findall(r"^(?:FAILED|ERROR) (\S+)", output, flags=re.M)


def run_one(m: Mutation, timeout: int) -> tuple[str, list[str], float]:
    with tempfile.TemporaryDirectory(prefix="nbgraph-mutant-") as tmp:
        tree = _copy_tree(Path(tmp))
        target = tree / m.path
        text = target.read_text(encoding="utf-8")
        if text.count(m.old) != 1:
            return "STALE", [f"snippet found {text.count(m.old)} times in {m.path}"], 0.0
        target.write_text(text.replace(m.old, m.new), encoding="utf-8")
        compile(target.read_text(encoding="utf-8"), str(target), "exec")  # a mutant must still be Python
        start = time.monotonic()
        try:
            result = _pytest(tree, m.tests, timeout)
        except subprocess.TimeoutExpired:
            return "CAUGHT", [f"(the tests hung past {timeout} s)"], time.monotonic() - start
        seconds = time.monotonic() - start
        if result.returncode == 0:
            return "SURVIVED", [], seconds
        if result.returncode == 1:
            return "CAUGHT", _failed(result.stdout), seconds
        return "BROKEN", [f"pytest exit {result.returncode}: {result.stdout[-1500:]}{result.stderr[-1500:]}"], seconds


def baseline(mutations: list[Mutation], timeout: int) -> bool:
    tests = tuple(dict.fromkeys(t for m in mutations for t in m.tests))
    with tempfile.TemporaryDirectory(prefix="nbgraph-baseline-") as tmp:
        result = _pytest(_copy_tree(Path(tmp)), tests, timeout)
    print(f"baseline (unmutated): pytest exit {result.returncode}; {result.stdout.strip().splitlines()[-1]}")
    return result.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="mutations to run (default: all)")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--baseline", action="store_true", help="check the unmutated tree passes first")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per mutation's test run")
    args = parser.parse_args(argv)
    known = {m.name: m for m in MUTATIONS}
    unknown = [n for n in args.names if n not in known]
    if unknown:
        parser.error(f"unknown mutation(s) {unknown}; known: {', '.join(known)}")
    chosen = [known[n] for n in args.names] if args.names else MUTATIONS
    if args.list:
        for m in chosen:
            print(f"{m.name:20s} {m.what}\n{'':20s} {m.path}; runs {' '.join(m.tests)}")
        return 0
    if args.baseline and not baseline(chosen, args.timeout):
        print("the unmutated tree fails its tests: fix that first")
        return 1
    bad = 0
    for m in chosen:
        verdict, tests, seconds = run_one(m, args.timeout)
        bad += verdict != "CAUGHT"
        shown = ", ".join(t.split("::", 1)[-1] if "::" in t else t for t in tests[:4])
        more = f" (+{len(tests) - 4} more)" if len(tests) > 4 else ""
        print(f"{verdict:8s} {m.name:20s} {m.what} [{seconds:.0f} s]"
              + (f"\n         caught by {len(tests)}: {shown}{more}" if verdict == "CAUGHT" else
                 f"\n         {tests[0]}" if tests else ""), flush=True)
    print(f"{len(chosen) - bad} of {len(chosen)} mutations caught")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
