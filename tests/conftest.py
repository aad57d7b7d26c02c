"""Shared fixtures: every test starts with a fresh default graph, no default session and no
virtual GPUs, and leaves no interactive session open behind it."""
from __future__ import annotations

import pathlib

import pytest

from nbgraph.engine.local_devices import use_virtual_gpus
from nbgraph.engine.session import reset

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ORIGINAL_LESSON = NOTEBOOKS / "00_original_graphs_and_sessions.ipynb"


@pytest.fixture(autouse=True)
def fresh_engine(monkeypatch):
    monkeypatch.delenv("NBGRAPH_VIRTUAL_GPUS", raising=False)
    use_virtual_gpus(None)
    reset(close_all=True, force=True)
    yield
    reset(close_all=True, force=True)
    use_virtual_gpus(None)
