"""The stepper's memory budget: the values (inputs and output) its step records hold.

Every step keeps copies of its inputs and output so that the view can show them; on big
tensors that grows without limit (120 steps on 8 MiB tensors held ~930 MiB). `StepValues`
counts the bytes held and, past `budget` bytes, drops the values of the oldest steps (never the
newest one); the view says so for a step whose values were dropped.
"""
from __future__ import annotations

from collections import deque

import numpy as np

__all__ = ["StepValues", "DEFAULT_BUDGET"]

DEFAULT_BUDGET = 64 * 2 ** 20   # bytes of step values a Stepper keeps


def _nbytes(value) -> int:
    if isinstance(value, np.ndarray):
        return value.nbytes if value.dtype != object else value.size * 64
    if isinstance(value, (tuple, list)):
        return sum(_nbytes(v) for v in value)
    return 0


class StepValues:
    """Keeps the step records' values within `budget` bytes, dropping the oldest first."""

    def __init__(self, budget: int = DEFAULT_BUDGET):
        self.budget = int(budget)
        self.held = 0
        self.dropped = set()          # indices of steps whose values were dropped
        self._kept = deque()          # (record, bytes), oldest first

    def add(self, record) -> None:
        size = _nbytes(record.inputs) + _nbytes(record.output)
        self._kept.append((record, size))
        self.held += size
        while self.held > self.budget and len(self._kept) > 1:
            old, old_size = self._kept.popleft()
            old.inputs = old.output = None
            self.held -= old_size
            self.dropped.add(old.index)

    def note(self, index: int) -> str | None:
        """What the view says of step `index` when its values were dropped."""
        if index not in self.dropped:
            return None
        return (f"values not kept: the stepper keeps at most {self.budget / 2 ** 20:g} MiB of step values "
                f"and drops the oldest first (holding {self.held / 2 ** 20:.1f} MiB now)")
