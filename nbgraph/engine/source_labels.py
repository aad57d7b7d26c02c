"""How a node's "defined at" place is written: `file.py:3`, or what a layer above calls it.

The engine records the (filename, line) of the learner's frame that built a node and writes it
as TF 1.x does, `basename:line`. A notebook cell has no useful file name (IPython compiles it
as `<ipython-input-3-…>` or `/tmp/ipykernel_…/2237552615.py`), so a layer above that knows the
cells registers a labeller with `add_source_labeller`: `labeller(filename, line)` returns a label
such as `Cell In[3], line 2`, or None for a file it does not know. The engine imports nothing
from those layers.
"""
from __future__ import annotations

import os
from typing import Callable, Optional

__all__ = ["SourceLabeller", "add_source_labeller", "remove_source_labeller", "source_label"]

SourceLabeller = Callable[[str, int], Optional[str]]

_labellers: list[SourceLabeller] = []


def add_source_labeller(labeller: SourceLabeller) -> None:
    """Asks `labeller(filename, line)` first (newest first) when a place is written; adding the
    same one twice keeps one."""
    if labeller not in _labellers:
        _labellers.append(labeller)


def remove_source_labeller(labeller: SourceLabeller) -> None:
    """Forgets `labeller`; a labeller not added is ignored."""
    if labeller in _labellers:
        _labellers.remove(labeller)


def source_label(filename: str, line: int) -> str:
    """`Cell In[3], line 2` when a labeller knows `filename`, else TF's `basename:line`."""
    for labeller in reversed(_labellers):
        try:
            label = labeller(filename, line)
        except Exception:  # noqa: BLE001 - a broken labeller must not break an error message
            label = None
        if label:
            return label
    return f"{os.path.basename(filename)}:{line}"
