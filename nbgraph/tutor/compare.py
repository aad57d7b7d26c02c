"""Comparing a cell's output with the output a lesson recorded, modulo numpy's print format
(old numpy printed `[ 3.  5.]` where today's prints `[3. 5.]`)."""
from __future__ import annotations

import difflib
import re

__all__ = ["differing_lines", "normalize_output", "only_spacing_differs", "outputs_match", "strip_placement_log"]

_SPACES = re.compile(r"[ \t]+")
# TF printed these to the server console, so a recorded notebook output never holds them.
_PLACEMENT = re.compile(r"^(Device mapping:.*|/job:[^ ]+ -> .*|[^\s:]+: \([A-Za-z0-9_]+\): /job:\S+)$")


def strip_placement_log(text: str) -> str:
    return "\n".join(line for line in (text or "").split("\n") if not _PLACEMENT.match(line.strip()))


def normalize_output(text: str) -> str:
    """Collapses runs of spaces, drops padding just inside brackets and trailing blank lines."""
    lines = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        line = _SPACES.sub(" ", line.strip())
        line = re.sub(r"\[ ", "[", line)
        line = re.sub(r" \]", "]", line)
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def outputs_match(actual: str, recorded: str) -> bool:
    """True when `actual` shows what the lesson recorded. Placement-log lines are ignored on both
    sides: real TF printed them to the console, where a recorded TF notebook never saw them (a
    notebook saved from nbgraph has them in its outputs)."""
    return normalize_output(strip_placement_log(actual)) == normalize_output(strip_placement_log(recorded))


def _as_printed(text: str) -> list[str]:
    """The lines as printed, ignoring only trailing spaces and blank lines at either end."""
    lines = [line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def only_spacing_differs(actual: str, recorded: str) -> bool:
    """True when `actual` matches `recorded` (see `outputs_match`) but does not read the same:
    numpy printed it with other spacing (`[3. 5.]` today, `[ 3.  5.]` in the recording)."""
    actual, recorded = strip_placement_log(actual), strip_placement_log(recorded)
    return outputs_match(actual, recorded) and _as_printed(actual) != _as_printed(recorded)


def differing_lines(actual: str, recorded: str) -> tuple[set[int], set[int]]:
    """Which lines differ: (indices into actual.split("\\n"), indices into recorded.split("\\n")),
    comparing lines as `outputs_match` compares whole outputs (spacing normalised, placement-log
    lines of `actual` never counted as a difference)."""
    def lines(text, skip_placement):
        return [(i, normalize_output(line)) for i, line in enumerate((text or "").replace("\r\n", "\n").split("\n"))
                if not (skip_placement and _PLACEMENT.match(line.strip()))]
    ours, theirs = lines(actual, True), lines(recorded, True)
    while ours and not ours[-1][1]:
        ours.pop()
    while theirs and not theirs[-1][1]:
        theirs.pop()
    matcher = difflib.SequenceMatcher(None, [t for _, t in ours], [t for _, t in theirs], autojunk=False)
    mine, recorded_ones = set(), set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            mine.update(ours[i][0] for i in range(i1, i2))
            recorded_ones.update(theirs[j][0] for j in range(j1, j2))
    return mine, recorded_ones
