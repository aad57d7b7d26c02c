"""The engine is numpy only: importing it (or `import nbgraph as tf` and running a lesson)
in a fresh interpreter pulls in none of IPython, ipywidgets, graphviz, nor the layers above."""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FORBIDDEN = ("IPython", "ipywidgets", "graphviz", "ipykernel", "nbgraph.render", "nbgraph.ipython",
             "nbgraph.tutor")

PROBE = """
import json, sys
{body}
print(json.dumps(sorted(sys.modules)))
"""


def loaded_modules(body):
    out = subprocess.run([sys.executable, "-c", PROBE.format(body=body)], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def offenders(modules):
    return [m for m in modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]


@pytest.mark.parametrize("body", [
    "import nbgraph.engine",
    "import nbgraph.engine.session, nbgraph.engine.executor, nbgraph.engine.placement",
    "import nbgraph as tf\n"
    "a = tf.constant([1.0, 2.0], name='a')\n"
    "b = tf.constant([3.0, 4.0], name='b')\n"
    "with tf.Session(config=tf.ConfigProto(log_device_placement=True)) as s:\n"
    "    s.run(tf.add(a, b))",
])
def test_engine_imports_nothing_from_the_notebook_side(body):
    modules = loaded_modules(body)
    assert "numpy" in modules and "nbgraph.engine" in modules  # the probe really ran
    assert offenders(modules) == []


def test_the_probe_would_notice():
    """The check is not vacuous: a module that does import one of them is reported."""
    modules = loaded_modules("import json as _j\nsys.modules['graphviz'] = _j\nimport nbgraph.engine")
    assert offenders(modules) == ["graphviz"]
