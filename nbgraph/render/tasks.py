"""Colours for a cluster's tasks: in a picture of a graph placed on a cluster every task has
one colour (its CPU and its virtual GPUs alike), so what runs where reads at a glance.
ps tasks are blues and purples, worker tasks greens and oranges, any other job a fixed slot by
its name; none is yellow, grey or red (the stepper's and failure marks)."""
from __future__ import annotations

import re
import zlib

__all__ = ["task_colour", "cluster_task"]

_JOBS = {"ps": ["#bfdbfe", "#ddd6fe", "#a5f3fc", "#c7d2fe"],
         "worker": ["#bbf7d0", "#fed7aa", "#d9f99d", "#99f6e4"],
         "chief": ["#fbcfe8"]}
_OTHER = ["#fbcfe8", "#e9d5ff", "#ccfbf1", "#ffedd5", "#e0e7ff", "#dcfce7"]
_TASK = re.compile(r"^/job:([^/]+)(?:/replica:\d+)?/task:(\d+)")


def cluster_task(device: str):
    """(job, task index) of a device on a cluster (`/job:ps/replica:0/task:1/...`), or None for
    a local device (`/job:localhost/...`) or a string without a task."""
    m = _TASK.match(device or "")
    if m is None or m.group(1) == "localhost":
        return None
    return m.group(1), int(m.group(2))


def task_colour(device: str) -> str | None:
    """The colour of `device`'s task, or None when it is not a cluster device."""
    found = cluster_task(device)
    if found is None:
        return None
    job, index = found
    palette = _JOBS.get(job)
    if palette is None:
        return _OTHER[(zlib.crc32(job.encode()) + index) % len(_OTHER)]
    return palette[index % len(palette)]
