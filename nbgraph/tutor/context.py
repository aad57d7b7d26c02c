"""The lesson's own world: a namespace, a default graph and default-session stacks, and the
sessions the lesson opened, all apart from the learner's.

The tutor runs every lesson cell inside `LessonContext.active()`: the lesson's `a`, `b`,
`sess` live in `namespace`, its `tf.reset_default_graph()` replaces the lesson's default graph,
its `with tf.Session() as sess:` and `InteractiveSession` push onto the lesson's stacks. The
learner's names, default graph and sessions are never read or written. `export_names()` copies
the lesson's names into the notebook, when the learner asks for it.
"""
from __future__ import annotations

import builtins
import contextlib
from typing import Iterator

from ..engine.default_context import DefaultContext, use_defaults
from ..engine.session import all_sessions

__all__ = ["LessonContext", "LESSON_LABEL"]

LESSON_LABEL = "tutor lesson"   # how a session the lesson opened is labelled in every sessions view


def _max_serial() -> int:
    sessions = all_sessions()
    return sessions[-1].serial if sessions else 0


class LessonContext:
    """`namespace`: the lesson's names; `defaults`: its default graph and stacks; `sessions`:
    every session opened while the context was active (the lesson's, and a stepper's own)."""

    def __init__(self, namespace: dict | None = None, shell=None):
        self.shell = shell
        self.namespace = namespace if namespace is not None else {}
        self._prepare_namespace()
        self.defaults = DefaultContext()
        self.sessions: list = []

    def _prepare_namespace(self):
        self.namespace.setdefault("__name__", "__main__")
        self.namespace.setdefault("__builtins__", builtins)
        if self.shell is not None:   # IPython turns `%nbgraph graph` into `get_ipython().run_line_magic(…)`
            self.namespace.setdefault("get_ipython", self.shell.get_ipython)

    @contextlib.contextmanager
    def active(self) -> Iterator["LessonContext"]:
        """The lesson's defaults (and, in IPython, its namespace as the shell's `user_ns`, so a
        lesson's `%nbgraph step result` finds the lesson's `result`) for the block."""
        start = _max_serial()
        swapped_ns = self.shell is not None and self.shell.user_ns is not self.namespace
        learner_ns = self.shell.user_ns if swapped_ns else None
        if swapped_ns:
            self.shell.user_ns = self.namespace
        try:
            with use_defaults(self.defaults):
                yield self
        finally:
            if swapped_ns:
                self.shell.user_ns = learner_ns
            for s in all_sessions():
                if s.serial > start and s not in self.sessions:
                    self.sessions.append(s)
                    if not s.label:
                        s.label = LESSON_LABEL

    @property
    def graph(self):
        """The lesson's default graph now (what `tf.get_default_graph()` gives a lesson cell)."""
        return self.defaults.default_graph()

    def open_sessions(self) -> list:
        """The sessions the lesson opened and has not closed, oldest first."""
        return [s for s in self.sessions if not s.closed]

    def restart(self) -> list:
        """Closes the lesson's open sessions (inside the lesson's context, so an
        `InteractiveSession` leaves the lesson's stack), then starts a fresh namespace, default
        graph and stacks. Returns the sessions it closed. The learner's are never touched."""
        closing = self.open_sessions()
        with use_defaults(self.defaults):
            for s in closing:
                s.close()
        self.namespace.clear()
        self._prepare_namespace()
        self.defaults = DefaultContext()
        self.sessions = []
        return closing

    def lesson_names(self) -> dict:
        """The lesson's own names: what `export_names` copies (no `_` names, no `get_ipython`)."""
        return {k: v for k, v in self.namespace.items()
                if not k.startswith("_") and k != "get_ipython"}

    def export_names(self, target: dict) -> list[str]:
        """Copies the lesson's names into `target` (the notebook's namespace); returns them, sorted."""
        names = self.lesson_names()
        target.update(names)
        return sorted(names)
