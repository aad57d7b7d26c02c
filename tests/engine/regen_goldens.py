"""Write, check or re-normalise the TensorFlow goldens of the differential corpus.

From the repository root, with the project's venv python (it runs each program under the
TensorFlow at ``$NBGRAPH_TF_PYTHON``, else ``/tmp/tfref/bin/python``):

    python -m tests.engine.regen_goldens                 # goldens for new or changed programs
    python -m tests.engine.regen_goldens p50 p51_foo     # those programs (stem or its pNN prefix)
    python -m tests.engine.regen_goldens --all           # every program
    python -m tests.engine.regen_goldens --check         # TensorFlow still prints every golden?
    python -m tests.engine.regen_goldens --renormalise   # re-apply normalise() to stored TF output
                                                         # (after a rule change; needs no TF)

A program that fails under TensorFlow (non-zero exit) gets no golden and the command exits 1.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.engine import tf1_reference as ref


def _select(names: list[str], everything: bool) -> list[Path]:
    programs = ref.programs()
    if everything:
        return programs
    if not names:
        return [p for p in programs
                if (g := ref.load_golden(p)) is None or g.program_sha256 != ref.program_sha256(p)]
    chosen = []
    for name in names:
        stem = Path(name).stem
        matches = [p for p in programs if p.stem == stem or p.stem.startswith(stem + "_")]
        if not matches:
            raise SystemExit(f"no corpus program called {name!r} in {ref.CORPUS}")
        chosen += matches
    return chosen


def _tf() -> tuple[str, str]:
    python = ref.find_tf_python()
    if python is None:
        raise SystemExit("no TensorFlow: set NBGRAPH_TF_PYTHON to a python that can import tensorflow "
                         f"(default {ref.DEFAULT_TF_PYTHON})")
    return python, ref.tf_version(python) or "?"


def regenerate(programs: list[Path]) -> int:
    python, version = _tf()
    failures = 0
    for program in programs:
        result = ref.run_with_tf(python, program)
        if result.returncode != 0:
            failures += 1
            print(f"{program.stem}: FAILED under TensorFlow {version} (exit {result.returncode}), no golden\n"
                  f"{result.stderr[-2000:]}")
            continue
        path = ref.write_golden(program, ref.make_golden(program, result.stdout, version))
        print(f"{program.stem}: wrote {path.relative_to(ref.REPO)} (TensorFlow {version})")
    return 1 if failures else 0


def check(programs: list[Path]) -> int:
    python, version = _tf()
    bad = 0
    for program in programs:
        golden = ref.load_golden(program)
        result = ref.run_with_tf(python, program)
        if golden is None or ref.normalise(result.stdout) != golden.expected_text:
            bad += 1
            print(f"{program.stem}: golden {'missing' if golden is None else 'differs from TensorFlow ' + version}")
        else:
            print(f"{program.stem}: ok")
    return 1 if bad else 0


def renormalise(programs: list[Path]) -> int:
    for program in programs:
        golden = ref.load_golden(program)
        if golden is None:
            print(f"{program.stem}: no golden (run without --renormalise to make one)")
            continue
        golden.expected = ref.normalise(golden.tf_stdout_text).splitlines()
        golden.normalisation = list(ref.NORMALISATION_RULES)
        ref.write_golden(program, golden)
        print(f"{program.stem}: re-normalised")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=ref.REGEN_COMMAND, description=__doc__.split("\n\n")[0])
    parser.add_argument("programs", nargs="*", help="program stems or pNN prefixes (default: new or changed)")
    parser.add_argument("--all", action="store_true", help="every program")
    parser.add_argument("--check", action="store_true", help="compare the goldens with TensorFlow, write nothing")
    parser.add_argument("--renormalise", action="store_true", help="re-apply normalise() to the stored TF output")
    args = parser.parse_args(argv)
    if args.check:
        return check(_select(args.programs, everything=not args.programs))
    if args.renormalise:
        return renormalise(_select(args.programs, everything=not args.programs))
    chosen = _select(args.programs, args.all)
    if not chosen:
        print("every program has a current golden")
        return 0
    return regenerate(chosen)


if __name__ == "__main__":
    sys.exit(main())
