"""Executes the lesson notebooks on the "Python 3 (nbgraph)" kernel and writes them back with
their outputs, widget state included, so they open with pictures on GitHub and Binder.

    python scripts/execute_notebooks.py            # every notebook in notebooks/, written back
    python scripts/execute_notebooks.py --check    # execute only: report problems, write nothing
    python scripts/execute_notebooks.py notebooks/02_device_placement.ipynb

A cell may raise only when it is tagged `raises-exception`, and then it must raise. In a lesson
that recorded its outputs (code cell metadata `nbgraph.recorded_output`, see
scripts/seed_to_notebook.py) every such cell must print what was recorded, modulo numpy's print
format. Cell metadata is kept as it is; nothing is written when a notebook has a problem.
Exit status: 0 when every notebook is fine, 1 otherwise.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNEL = "nbgraph"
# Settings a teacher may have in their shell that would change what the lessons print.
_UNSET = ("NBGRAPH_VIRTUAL_GPUS", "NBGRAPH_LESSONS")


def notebooks(folder=NOTEBOOKS) -> list[pathlib.Path]:
    return sorted(pathlib.Path(folder).glob("*.ipynb"))


def kernel_env(**overrides) -> dict:
    """The environment the kernel starts with: ours, less the nbgraph settings above."""
    env = {k: v for k, v in os.environ.items() if k not in _UNSET}
    env.update(overrides)
    return env


def execute(path, kernel_name=KERNEL, timeout=120, env=None):
    """Runs the notebook at `path` top to bottom in a fresh kernel (working directory: the
    notebook's folder) and returns it with its outputs; errors are kept as outputs."""
    path = pathlib.Path(path)
    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(nb, kernel_name=kernel_name, timeout=timeout, allow_errors=True,
                            store_widget_state=True, record_timing=False, coalesce_streams=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=kernel_env() if env is None else env)
    return nb


def cell_text(cell, stream="stdout") -> str:
    """What a code cell printed on `stream`."""
    return "".join(o.get("text", "") for o in cell.get("outputs", ())
                   if o.output_type == "stream" and o.name == stream)


def problems(nb) -> list[str]:
    """What is wrong with an executed notebook, one line each (empty: nothing)."""
    from nbgraph.tutor.compare import outputs_match
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"cell {i} ({cell.source.strip().splitlines()[0][:50] if cell.source.strip() else 'empty'!r})"
        errors = [o for o in cell.outputs if o.output_type == "error"]
        expected = "raises-exception" in cell.metadata.get("tags", ())
        if errors and not expected:
            found.append(f"{where} raised {errors[0].ename}: {errors[0].evalue.splitlines()[0] if errors[0].evalue else ''}")
        elif expected and not errors:
            found.append(f"{where} is tagged raises-exception but did not raise")
        recorded = cell.metadata.get("nbgraph", {}).get("recorded_output")
        if recorded is not None and not errors and not outputs_match(cell_text(cell), recorded):
            found.append(f"{where} printed {cell_text(cell)!r}, the lesson recorded {recorded!r}")
    return found


def _shown(path) -> str:
    try:
        return str(pathlib.Path(path).resolve().relative_to(pathlib.Path.cwd()))
    except ValueError:
        return str(path)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("paths", nargs="*", type=pathlib.Path, help="notebooks (default: every one in notebooks/)")
    p.add_argument("--check", action="store_true", help="execute and report, but write nothing back")
    p.add_argument("--kernel", default=KERNEL, help=f"kernelspec name (default: {KERNEL})")
    p.add_argument("--timeout", type=int, default=120, help="seconds per cell (default: 120)")
    args = p.parse_args(argv)
    paths = args.paths or notebooks()
    if not paths:
        print(f"no notebooks in {NOTEBOOKS}", file=sys.stderr)
        return 1
    failed = 0
    for path in paths:
        start = time.perf_counter()
        try:
            nb = execute(path, args.kernel, args.timeout)
        except Exception as e:  # noqa: BLE001 - a timeout or a dead kernel: a cell's own exception is an output
            print(f"FAIL {_shown(path)}: {type(e).__name__}: {(str(e).strip().splitlines() or [''])[0]}")
            failed += 1
            continue
        found = problems(nb)
        seconds = time.perf_counter() - start
        if found:
            failed += 1
            print(f"FAIL {_shown(path)} ({seconds:.1f} s):")
            for line in found:
                print(f"     {line}")
            continue
        if not args.check:
            nbformat.write(nb, str(path))
        cells = sum(c.cell_type == "code" for c in nb.cells)
        print(f"ok   {_shown(path)} ({cells} code cells, {seconds:.1f} s){'' if args.check else ', written'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
