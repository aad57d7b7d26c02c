"""Swapping what "default" means: the default graph, the `as_default()` graph stack and the
default-session stack, as one value a caller can install for a while and put back.

`tf.get_default_graph()`, `with g.as_default():`, `tf.reset_default_graph()`, `with sess:` and
`InteractiveSession` all read or write three things: the process's global default graph and
this thread's default-graph and default-session stacks. A `DefaultContext` holds its own
three; `use_defaults(ctx)` installs them for a block (code in it sees only `ctx`'s graph and
sessions, and whatever it does to them stays in `ctx`) and afterwards puts back exactly what
was there. The lesson tutor runs each lesson cell this way, so a lesson's
`tf.reset_default_graph()`, its `with tf.Session() as sess:` blocks and an `InteractiveSession`
it leaves open never touch the learner's own.

The global default graph is process-wide (as in TF): while a block runs, other threads see
its graph too. The stacks are per thread: only the calling thread's are swapped.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Iterator

from . import graph as _graph
from . import session as _session

__all__ = ["DefaultContext", "use_defaults"]


@dataclass
class DefaultContext:
    """A default graph (None: made on first use, as TF makes the global one) and the two
    stacks that `as_default()` blocks and interactive sessions push onto."""
    graph: "_graph.Graph | None" = None
    graph_stack: list = field(default_factory=list)
    session_stack: list = field(default_factory=list)
    active: bool = field(default=False, repr=False)   # installed now (inside `use_defaults`)

    def default_graph(self) -> "_graph.Graph":
        """The graph `tf.get_default_graph()` returns inside `use_defaults(self)`."""
        if self.active:
            return _graph.get_default_graph()
        if self.graph_stack:
            return self.graph_stack[-1]
        if self.graph is None:
            self.graph = _graph.Graph()
        return self.graph

    def default_session(self):
        """The session `tf.get_default_session()` returns inside `use_defaults(self)`, or None."""
        return self.session_stack[-1] if self.session_stack else None


def _swap(ctx: DefaultContext) -> DefaultContext:
    """Installs `ctx`; returns what was installed (the same three objects, not copies)."""
    graphs, sessions = _graph._default_graph_stack, _session._default_session_stack
    was = DefaultContext(_graph._global_default_graph, graphs.stack, sessions.stack)
    _graph._global_default_graph = ctx.graph
    graphs.stack = ctx.graph_stack
    sessions.stack = ctx.session_stack
    return was


@contextlib.contextmanager
def use_defaults(ctx: DefaultContext) -> Iterator[DefaultContext]:
    """Inside the block the default graph and sessions are `ctx`'s; on leaving, `ctx` keeps
    what the block left (a graph `reset_default_graph()` made, an open `InteractiveSession`)
    and the caller's defaults are back exactly as they were."""
    if ctx.active:
        raise RuntimeError("this DefaultContext is already in use")
    was = _swap(ctx)
    ctx.active = True
    try:
        yield ctx
    finally:
        left = _swap(was)
        ctx.graph, ctx.graph_stack, ctx.session_stack = left.graph, left.graph_stack, left.session_stack
        ctx.active = False
