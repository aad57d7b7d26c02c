"""The formats are an optional extra: `import nbgraph` loads no protobuf or tensorboard, the
engine works without them (get_attr included), and using a format without them says what to
install."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": REPO})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_import_loads_no_protobuf():
    out = _run("""
        import sys, nbgraph as tf
        tf.constant(1.0) + tf.constant(2.0)
        print(sorted(m for m in sys.modules if m.startswith(("google.protobuf", "tensorboard", "google_crc32c"))))
    """)
    assert out.strip() == "[]"


def test_engine_without_the_extra():
    out = _run("""
        import sys
        sys.modules["tensorboard"] = None  # as if not installed
        import nbgraph as tf
        a = tf.constant([1.0, 2.0], name="a")
        s = tf.reduce_sum(a + a, keep_dims=True)
        print(s.op.get_attr("T"), s.op.get_attr("keep_dims"), s.op.get_attr("Tidx"), a.op.node_def.name)
        with tf.Session() as sess:
            print(sess.run(s))
        for use in (lambda: tf.get_default_graph().as_graph_def(), lambda: tf.GraphDef,
                    lambda: tf.summary.FileWriter("/tmp/nbgraph-no-extra")):
            try:
                use()
            except ImportError as e:
                print("ImportError", "pip install 'nbgraph[tensorboard]'" in str(e))
    """)
    assert out.splitlines() == ["<dtype: 'float32'> True <dtype: 'int32'> a", "[6.]",
                                "ImportError True", "ImportError True", "ImportError True"]
