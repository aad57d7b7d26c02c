"""`tf.train.SessionRunHook` and what a hook sees (TF 1.15's session_run_hook.py): a hook's
`before_run(run_context)` may return `SessionRunArgs(fetches, feed_dict)` to add to the
caller's `run`, and `after_run(run_context, run_values)` gets those fetches' values back in
`run_values.results`; `run_context.request_stop()` ends a `MonitoredSession` loop."""
from __future__ import annotations

import collections


class SessionRunHook:
    """A hook into `MonitoredSession.run`; every method is optional."""

    def begin(self):
        """Called once before the session is created; the graph may still be changed here."""

    def after_create_session(self, session, coord):
        """Called when the session has been created (and initialised or restored)."""

    def before_run(self, run_context):
        """Called before each run; may return `SessionRunArgs` to fetch or feed more."""
        return None

    def after_run(self, run_context, run_values):
        """Called after each run with the values fetched for this hook."""

    def end(self, session):
        """Called when the session ends without an error (or with OutOfRangeError)."""


class SessionRunArgs(collections.namedtuple("SessionRunArgs", ["fetches", "feed_dict", "options"])):
    """What a hook adds to a `run`: `fetches`, a `feed_dict` and `RunOptions`."""

    def __new__(cls, fetches, feed_dict=None, options=None):
        return super().__new__(cls, fetches, feed_dict, options)


class SessionRunContext:
    """The run in progress: the caller's `original_args`, the `session`, and `request_stop()`."""

    def __init__(self, original_args, session):
        self._original_args = original_args
        self._session = session
        self._stop_requested = False

    original_args = property(lambda self: self._original_args)
    session = property(lambda self: self._session)
    stop_requested = property(lambda self: self._stop_requested)

    def request_stop(self):
        self._stop_requested = True


class SessionRunValues(collections.namedtuple("SessionRunValues", ["results", "options", "run_metadata"])):
    """The values of a hook's `SessionRunArgs.fetches` (`results`), the options and metadata."""


__all__ = ["SessionRunHook", "SessionRunArgs", "SessionRunContext", "SessionRunValues"]
