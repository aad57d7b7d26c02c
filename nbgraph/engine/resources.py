"""Per-session resources (queues, readers, iterators) and the one way a kernel waits for them.

Like variables, a resource lives in the session that created it: two sessions on one graph
hold separate queues and iterators. The store hangs off the session's run context
(`ctx.resources`), keyed by the op that declares the resource.

`wait_for` is how a blocking kernel (a dequeue on an empty queue, an enqueue on a full one)
waits: on the resource's condition variable, in short slices, so that it honours the run's
deadline (`RunOptions.timeout_in_ms`, `operation_timeout_in_ms`: TF's DeadlineExceededError),
a closed session (CancelledError), and Ctrl-C (a KeyboardInterrupt in the main thread leaves
the resource consistent and the session usable).
"""
from __future__ import annotations

import itertools
import threading
import time
from typing import Any, Callable

from .errors import CancelledError, DeadlineExceededError, KernelError
from .executor import current_deadline

__all__ = ["resource_store", "get_or_create", "lookup", "wait_for", "unique_resource_name"]

_SLICE = 0.05                       # seconds between checks of the deadline and the session
_ids = itertools.count()            # TF's process-wide unique id for anonymous resources
_store_lock = threading.RLock()  # re-entrant: a factory may create resources too


def unique_resource_name(op) -> str:
    """TF's name for a resource with no `shared_name`: `_<process-unique id>_<node name>`."""
    shared = op._attrs.get("shared_name") or ""
    return shared if shared else f"_{next(_ids)}_{op.name}"


def resource_store(ctx) -> dict:
    """The session's resources, op -> object (created on first use)."""
    store = getattr(ctx, "resources", None)
    if store is None:
        with _store_lock:
            store = getattr(ctx, "resources", None)
            if store is None:
                store = ctx.resources = {}
    return store


def get_or_create(ctx, op, factory: Callable) -> Any:
    """The session's resource for `op`, made by `factory()` the first time (thread-safe)."""
    store = resource_store(ctx)
    res = store.get(op)
    if res is None:
        with _store_lock:
            res = store.get(op)
            if res is None:
                res = store[op] = factory()
    return res


def lookup(ctx, op) -> Any:
    return resource_store(ctx).get(op)


def wait_for(cond: threading.Condition, ready: Callable[[], bool], ctx) -> None:
    """Waits (holding `cond`) until `ready()`; TF's errors on a deadline or a closed session.

    The caller holds `cond`. Waiting in slices lets the run's deadline and the session's
    closing be noticed; a KeyboardInterrupt raised during `cond.wait` propagates unchanged."""
    deadline = current_deadline()
    while not ready():
        if ctx.closed:
            raise KernelError("Session has been closed.", CancelledError)
        timeout = _SLICE
        if deadline is not None:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise KernelError("Timed out waiting for notification", DeadlineExceededError)
            timeout = min(timeout, left)
        cond.wait(timeout)
