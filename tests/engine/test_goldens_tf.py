"""The committed goldens of the differential corpus still equal real TensorFlow's output.

Runs where TensorFlow is found ($NBGRAPH_TF_PYTHON, else /tmp/tfref/bin/python) and
``NBGRAPH_CHECK_GOLDENS=1`` is set: each program starts TensorFlow afresh (about 5 s each on an
idle machine, 15 minutes for 41 programs on a busy 2-core one), too slow for every engine run.
Elsewhere each case is skipped; test_differential.py, which needs no TensorFlow, still runs every
program against the goldens. The same check without pytest: ``python -m tests.engine.regen_goldens
--check``. A failure here means the golden is stale: regenerate it with
``python -m tests.engine.regen_goldens pNN`` and commit it.
"""
from __future__ import annotations

import os

import pytest

from tests.engine.tf1_reference import (REGEN_COMMAND, find_tf_python, load_golden, normalise, programs,
                                        run_with_tf, tf_version)

PROGRAMS = programs()


@pytest.fixture(scope="module")
def tf_python():
    if os.environ.get("NBGRAPH_CHECK_GOLDENS") != "1":
        pytest.skip("set NBGRAPH_CHECK_GOLDENS=1 to re-run the corpus under TensorFlow (or: "
                    f"{REGEN_COMMAND} --check)")
    python = find_tf_python()
    if python is None:
        pytest.skip("no TensorFlow ($NBGRAPH_TF_PYTHON or /tmp/tfref/bin/python) to check the goldens against")
    return python


@pytest.mark.slow
@pytest.mark.timeout(400)
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_golden_equals_tensorflow_output(program, tf_python):
    golden = load_golden(program)
    assert golden is not None, f"{program.name} has no golden: run `{REGEN_COMMAND} {program.stem}`"
    result = run_with_tf(tf_python, program)
    assert result.returncode == 0, f"{program.name} failed under TensorFlow:\n{result.stderr[-4000:]}"
    assert normalise(result.stdout) == golden.expected_text, (
        f"{program.name}: TensorFlow {tf_version(tf_python)} now prints something else than the golden "
        f"(written with {golden.tensorflow}): run `{REGEN_COMMAND} {program.stem}`")
