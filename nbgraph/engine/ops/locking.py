"""`use_locking=True`: one lock per variable per session, held by `Assign`/`AssignAdd`/
`AssignSub` while they write, so concurrent updates from several threads add up exactly (numpy
releases the GIL inside large in-place ufuncs, so unlocked updates can be lost, as in TF)."""
from __future__ import annotations

import contextlib
import threading

__all__ = ["variable_lock"]

_table_guard = threading.Lock()


def variable_lock(ctx, var, use_locking: bool):
    """A context manager: the session's lock of `var` when `use_locking`, else nothing."""
    if not use_locking:
        return contextlib.nullcontext()
    locks = ctx.__dict__.get("_variable_locks")
    if locks is None or var not in locks:
        with _table_guard:
            locks = ctx.__dict__.setdefault("_variable_locks", {})
            locks.setdefault(var, threading.Lock())
    return locks[var]
