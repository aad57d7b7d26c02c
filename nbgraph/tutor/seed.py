"""Reading a lesson exported as text (`In [n]:` code cells, markdown between them, recorded
outputs after the code) into cells: the form the original lesson was handed to us in."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["SeedCell", "parse_seed"]

_IN = re.compile(r"^In \[(\d*)\]:\s*$")


@dataclass
class SeedCell:
    kind: str                      # "markdown" or "code"
    source: str
    execution_count: int | None = None
    recorded_output: str = ""
    meta: dict = field(default_factory=dict)




def _markdown_starts(block, line):
    return line.startswith("#") and len(block) >= 2 and not block[-1].strip() and not block[-2].strip()


def parse_seed(text: str) -> list[SeedCell]:
    """Splits the exported lesson into markdown and code cells.

    A code cell runs from its `In [n]:` line to the next `In [` line or markdown heading (a `#`
    line after two blank lines: inside code, comments follow at most one blank line). When
    its code prints, the last blank-line-separated paragraph is the recorded output (export
    puts one blank line between code and output, two after the output).
    """
    lines = text.replace("\r\n", "\n").split("\n")
    cells: list[SeedCell] = []
    i = 0
    md: list[str] = []

    def flush_md():
        body = "\n".join(md).strip("\n")
        if body.strip():
            cells.append(SeedCell("markdown", body))
        md.clear()

    while i < len(lines):
        m = _IN.match(lines[i])
        if not m:
            md.append(lines[i])
            i += 1
            continue
        flush_md()
        count = int(m.group(1)) if m.group(1) else None
        i += 1
        block = []
        while i < len(lines) and not _IN.match(lines[i]) and not _markdown_starts(block, lines[i]):
            block.append(lines[i])
            i += 1
        while block and not block[-1].strip():
            block.pop()
        code_lines, output = block, ""
        if "print(" in "\n".join(block):
            # the recorded output is what follows the last line that is followed by a blank line
            # and then only non-code lines: find the last blank line in the block
            last_blank = max(j for j, line in enumerate(block) if not line.strip())
            code_lines, out_lines = block[:last_blank], block[last_blank + 1:]
            output = "\n".join(out_lines)
        while code_lines and not code_lines[-1].strip():
            code_lines.pop()
        cells.append(SeedCell("code", "\n".join(code_lines), count, output))
    flush_md()
    return cells
