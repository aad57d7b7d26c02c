"""Eager tests run in-process: eager mode is nothing but an `EagerGraph` as the default graph
(nbgraph/eager/context.py), so the `eager` fixture installs one for a test and puts graph mode
back afterwards. What only a fresh process shows (`tf.enable_eager_execution()` at startup and
its error after graph use) is in test_mode.py, each case in its own subprocess."""
from __future__ import annotations

import pytest

from nbgraph.eager.context import EagerGraph
from nbgraph.engine import graph as graph_mod


@pytest.fixture(autouse=True)
def eager(monkeypatch):
    """The default graph is a fresh eager graph for the test (as after enable_eager_execution)."""
    monkeypatch.setattr(graph_mod, "_default_graph_factory", EagerGraph)
    monkeypatch.setattr(graph_mod, "_global_default_graph", EagerGraph())
    monkeypatch.setattr(graph_mod._default_graph_stack, "stack", [])
    yield graph_mod._global_default_graph
