"""Every Keras test starts from `K.clear_session()`: a fresh graph, session and layer-name counters."""
from __future__ import annotations

import pytest

import nbgraph as tf


@pytest.fixture(autouse=True)
def fresh_keras():
    tf.keras.backend.clear_session()
    yield
    tf.keras.backend.clear_session()
