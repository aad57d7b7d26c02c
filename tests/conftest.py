"""Shared fixtures: every test starts with a fresh default graph, no default session and no
virtual GPUs, and leaves no interactive session open behind it."""
from __future__ import annotations

import pathlib

import pytest

import nbgraph as tf
from nbgraph.engine import local_devices, session

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ORIGINAL_LESSON = NOTEBOOKS / "00_original_graphs_and_sessions.ipynb"


@pytest.fixture(autouse=True)
def fresh_engine(monkeypatch):
    monkeypatch.delenv("NBGRAPH_VIRTUAL_GPUS", raising=False)
    local_devices._virtual_gpus = None
    session._default_session_stack.stack.clear()
    tf.reset_default_graph()
    yield
    for s in session.open_sessions():
        s.close()
    session._default_session_stack.stack.clear()
    local_devices._virtual_gpus = None
    from nbgraph.engine import graph
    graph._default_graph_stack.stack.clear()
    tf.reset_default_graph()
