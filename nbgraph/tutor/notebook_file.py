"""Reading a lesson notebook defensively, and keeping what the tutor shows small.

`notebook_cells(path)` returns (cell_type, source, metadata, saved output) for each cell of an nbformat-4
notebook, or raises `LessonFileError` (a ValueError) that names the file and says what is wrong
with it: not UTF-8, not JSON, not a notebook object, no `cells` list, no cells, a cell without
`cell_type`. A cell without `source` is an empty cell. `clip(text)` shortens a long output for
the view and says by how much.
"""
from __future__ import annotations

import json
import pathlib

__all__ = ["LessonFileError", "notebook_cells", "saved_output", "clip", "SHOWN_CHARS"]

SHOWN_CHARS = 20_000   # the most characters of one output the tutor's view shows


class LessonFileError(ValueError):
    """A lesson notebook that cannot be used; the message names the file."""


def _load(path: pathlib.Path):
    try:
        data = path.read_bytes()
    except OSError as e:
        raise LessonFileError(f"cannot read the lesson {path}: {e.strerror or e}") from None
    if not data.strip():
        raise LessonFileError(f"the lesson {path} is empty, not a notebook")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise LessonFileError(f"the lesson {path} is not UTF-8 text (byte 0x{data[e.start]:02x} at position "
                              f"{e.start}); notebooks are UTF-8 JSON") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise LessonFileError(f"the lesson {path} is not valid notebook JSON: {e.msg} at line {e.lineno} "
                              f"column {e.colno}") from None


def notebook_cells(path) -> list[tuple[str, str, dict, str | None]]:
    """(cell_type, source, metadata, saved output text) of each cell; `LessonFileError` naming the
    file otherwise."""
    path = pathlib.Path(path)
    nb = _load(path)
    if not isinstance(nb, dict):
        raise LessonFileError(f"the lesson {path} holds a JSON {type(nb).__name__}, not a notebook object")
    if nb.get("nbformat", 4) != 4:
        try:
            import nbformat
            nb = nbformat.read(str(path), as_version=4)
        except Exception as e:  # noqa: BLE001 - any failure: say which file
            raise LessonFileError(f"the lesson {path} could not be converted to nbformat 4: "
                                  f"{str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    cells = nb.get("cells")
    if not isinstance(cells, list):
        raise LessonFileError(f"the lesson {path} is not a notebook: it has no 'cells' list")
    if not cells:
        raise LessonFileError(f"the lesson {path} has no cells")
    out = []
    for i, c in enumerate(cells):
        if not isinstance(c, dict) or not isinstance(c.get("cell_type"), str):
            raise LessonFileError(f"cell {i} of the lesson {path} has no 'cell_type'")
        source = c.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise LessonFileError(f"cell {i} of the lesson {path} has a 'source' that is not text")
        metadata = c.get("metadata")
        out.append((c["cell_type"], source, dict(metadata) if isinstance(metadata, dict) else {},
                    saved_output(c.get("outputs"))))
    return out


def saved_output(outputs) -> str | None:
    """What a saved code cell printed: its stdout streams and its result's plain text, in order
    (None when it saved none: pictures and widgets are not compared)."""
    if not isinstance(outputs, list):
        return None
    parts = []
    for o in outputs:
        if not isinstance(o, dict):
            continue
        if o.get("output_type") == "stream" and o.get("name") == "stdout":
            text = o.get("text", "")
            parts.append("".join(text) if isinstance(text, list) else str(text))
        elif o.get("output_type") == "execute_result":
            text = o.get("data", {}).get("text/plain")
            if text is not None:
                text = "".join(text) if isinstance(text, list) else str(text)
                parts.append(text if text.endswith("\n") else text + "\n")
    return "".join(parts) if parts else None


def clip(text, limit: int = SHOWN_CHARS):
    """`text` cut to `limit` characters, with a note of how many were left out (None stays None)."""
    if text is None or len(text) <= limit:
        return text
    return f"{text[:limit]}\n… ({len(text) - limit:,} more characters not shown)"
