"""Group 8 of issue 15: the tutor is robust to bad notebooks. Each malformed file gives one
clear error that names the file (never a raw KeyError/JSONDecodeError); a cell raising
SystemExit is an error of that cell, not the end of the caller; a huge recorded output is
clipped in the view; a lesson name can never reach files outside the lesson folders."""
from __future__ import annotations

import json

import pytest

from nbgraph.tutor import LessonTutor
from nbgraph.tutor.lesson import LessonRunner, lesson_path, read_cells
from nbgraph.tutor.notebook_file import SHOWN_CHARS


def _code(source, **extra):
    return {"cell_type": "code", "source": source, "metadata": {}, "outputs": [], "execution_count": None, **extra}


def _nb(cells):
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


BAD = [
    ("bad_json", b'{"cells": [', "is not valid notebook JSON: Expecting value at line 1 column 12"),
    ("no_cells", json.dumps({"nbformat": 4, "metadata": {}}).encode(), "is not a notebook: it has no 'cells' list"),
    ("no_cell_type", json.dumps(_nb([{"source": "x = 1"}])).encode(), "cell 0 of the lesson"),
    ("top_list", b"[1, 2]", "holds a JSON list, not a notebook object"),
    ("latin1", json.dumps(_nb([_code("s = 'caf\u00e9'")]), ensure_ascii=False).encode("latin-1"),
     "is not UTF-8 text (byte 0xe9"),
    ("empty_file", b"", "is empty, not a notebook"),
    ("no_cells_at_all", json.dumps(_nb([])).encode(), "has no cells"),
]


@pytest.mark.parametrize("name, data, says", BAD, ids=[b[0] for b in BAD])
def test_a_bad_notebook_gives_one_error_naming_the_file(tmp_path, name, data, says):
    path = tmp_path / f"{name}.ipynb"
    path.write_bytes(data)
    for make in (lambda: read_cells(path), lambda: LessonTutor.from_notebook(path)):
        with pytest.raises(ValueError) as info:
            make()
        text = str(info.value)
        assert str(path) in text and says in text, text


def test_a_cell_without_source_is_an_empty_cell(tmp_path):
    path = tmp_path / "nosource.ipynb"
    path.write_text(json.dumps(_nb([{"cell_type": "markdown", "metadata": {}}, _code(["x = ", "1"])])))
    cells = read_cells(path)
    assert [(c.cell_type, c.source) for c in cells] == [("markdown", ""), ("code", "x = 1")]


@pytest.mark.parametrize("statement", ["raise SystemExit(3)", "import sys; sys.exit(0)", "exit()"])
def test_a_cell_raising_system_exit_is_that_cells_error(tmp_path, statement):
    path = tmp_path / "exits.ipynb"
    path.write_text(json.dumps(_nb([_code(statement), _code("y = 2")])))
    runner = LessonRunner.from_notebook(path)
    result = runner.run(0)                      # still here
    assert result.error is not None and result.error.startswith("SystemExit")
    assert runner.run(1).error is None and runner.namespace["y"] == 2


def test_a_huge_recorded_output_is_clipped_in_the_view(tmp_path):
    recorded = "x" * 5_000_000
    path = tmp_path / "huge.ipynb"
    path.write_text(json.dumps(_nb([_code("print('x' * 10)", metadata={"nbgraph": {"recorded_output": recorded}})])))
    tutor = LessonTutor.from_notebook(path)
    tutor.run_cell()
    html = tutor.output_view.value
    assert len(html) < SHOWN_CHARS + 5_000
    assert f"… ({5_000_000 - SHOWN_CHARS:,} more characters not shown)" in html
    assert tutor.results[0].recorded == recorded          # kept whole for the comparison


@pytest.mark.parametrize("name", ["../../x", "../notebooks/00_original_graphs_and_sessions", "/etc/passwd", "a/b"])
def test_a_lesson_name_cannot_leave_the_lesson_folders(name):
    with pytest.raises(ValueError, match="unknown lesson"):
        lesson_path(name)
    with pytest.raises(ValueError, match="unknown lesson"):
        LessonTutor(name)
