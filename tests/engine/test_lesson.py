"""The original lesson runs unchanged (only the import swapped) and prints what it recorded."""
from __future__ import annotations

import contextlib
import io
import warnings

import nbformat
import pytest

from nbgraph.tutor.compare import normalize_output, outputs_match
from tests.conftest import ORIGINAL_LESSON


def lesson_code_cells():
    nb = nbformat.read(ORIGINAL_LESSON, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and "nbgraph" in c.metadata
             and "recorded_output" in c.metadata["nbgraph"]]
    assert len(cells) >= 9, "the original lesson has nine code cells"
    return cells


def run_lesson():
    ns, outputs = {}, []
    for cell in lesson_code_cells():
        code = cell.source.replace("import tensorflow as tf", "import nbgraph as tf")
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(code, f"<lesson cell {cell.execution_count}>", "exec"), ns)
        outputs.append((cell, buf.getvalue()))
    return outputs


def test_every_cell_prints_what_the_lesson_recorded():
    results = run_lesson()
    for cell, out in results:
        recorded = cell.metadata["nbgraph"]["recorded_output"]
        assert outputs_match(out, recorded), (cell.source, out, recorded)


def test_the_recorded_values_are_the_lessons():
    printed = "\n".join(normalize_output(out) for _, out in run_lesson())
    assert "[0.]\n[1.]" in printed
    assert 'Tensor("Add:0", shape=(2,), dtype=float32)\n[3. 5.]' in printed
    assert printed.count("[3. 5.]") == 7


def test_the_config_cell_shows_device_mapping_in_the_cell():
    out = run_lesson()[-1][1]
    assert out.count("Device mapping: no known devices.") == 2


@pytest.mark.parametrize("text,recorded,same", [
    ("[3. 5.]\n", "[ 3.  5.]", True),
    ("[3. 6.]\n", "[ 3.  5.]", False),
    ("Device mapping: no known devices.\n", "", True),
    ("a: (Const): /job:localhost/replica:0/task:0/device:CPU:0\n[1.]", "[1.]", True),
])
def test_output_comparison_is_modulo_print_format_only(text, recorded, same):
    assert outputs_match(text, recorded) is same
