"""tf.app.flags / tf.flags / tf.app.run and tf.logging (corpus p77 has the TF comparison). The
notebook case differs from TF on purpose: a kernel's `-f kernel.json` argv is tolerated."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import nbgraph as tf


def _run(code: str) -> subprocess.CompletedProcess:
    root = str(Path(__file__).resolve().parents[2])  # this checkout's nbgraph, not an installed one
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=60, cwd=root, env=env)


def test_flags_parse_known_arguments_from_a_kernel_argv():
    r = _run("""
        import sys
        sys.argv = ["ipykernel_launcher.py", "-f", "/tmp/kernel-1.json", "--batch_size=8"]
        import nbgraph as tf
        tf.app.flags.DEFINE_integer("batch_size", 32, "batch")
        tf.flags.DEFINE_string("data_dir", "/tmp/data", "data")
        FLAGS = tf.app.flags.FLAGS
        print(FLAGS.batch_size, FLAGS.data_dir)
        """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["8", "/tmp/data"]


def test_app_run_calls_main_with_the_unparsed_arguments_then_exits():
    r = _run("""
        import nbgraph as tf
        tf.flags.DEFINE_float("lr", 0.1, "learning rate")
        def main(argv):
            print(argv, tf.flags.FLAGS.lr)
            return 3
        tf.app.run(main, argv=["prog", "--lr=0.5", "rest"])
        """)
    assert r.returncode == 3
    assert r.stdout.strip() == "['prog', 'rest'] 0.5"


def test_logging_writes_tensorflow_lines_to_stderr_at_the_verbosity():
    r = _run("""
        import nbgraph as tf
        tf.logging.info("not yet")  # the default verbosity is WARN
        tf.logging.set_verbosity(tf.logging.INFO)
        tf.logging.info("step %d", 7)
        tf.logging.debug("hidden")
        tf.logging.set_verbosity(tf.logging.ERROR)
        tf.logging.warn("hidden too")
        tf.logging.error("shown")
        print(tf.logging.get_verbosity())
        """)
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() == ["INFO:tensorflow:step 7", "ERROR:tensorflow:shown"]
    assert r.stdout.strip() == "40"
    assert (tf.logging.DEBUG, tf.logging.INFO, tf.logging.WARN, tf.logging.ERROR) == (10, 20, 30, 40)


def test_duplicate_flag_is_absl_error():
    tf.flags.DEFINE_integer("surf2_test_flag", 1, "x")
    with pytest.raises(Exception, match="defined twice"):
        tf.flags.DEFINE_integer("surf2_test_flag", 2, "x")
