"""Fixtures for the format tests: a fresh default graph, and real TensorFlow in a subprocess
(skipped cleanly where no interpreter with TensorFlow exists)."""
from __future__ import annotations

import json
import os
import subprocess
import textwrap

import pytest

import nbgraph as tf
from tests.engine.tf1_reference import find_tf_python

pytest.importorskip("tensorboard.compat.proto.graph_pb2")


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


@pytest.fixture(scope="session")
def run_tf():
    """run_tf(code, **values) -> the JSON the code prints last, run by real TF 1.x-mode."""
    python = find_tf_python()
    if python is None:
        pytest.skip("no interpreter with tensorflow (set NBGRAPH_TF_PYTHON)")

    def run(code: str, **values):
        prelude = ("import json, sys, numpy as np\nimport tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"
                   "tf.disable_resource_variables()\nARGS = json.loads(sys.argv[1])\n")
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
        env.pop("PYTHONPATH", None)
        proc = subprocess.run([python, "-c", prelude + textwrap.dedent(code), json.dumps(values)],
                              capture_output=True, text=True, timeout=300, env=env)
        assert proc.returncode == 0, proc.stderr[-3000:]
        return json.loads(proc.stdout.strip().splitlines()[-1])
    return run
