"""TensorBoard in the nbgraph kernel: with `import tensorflow` aliased to nbgraph, TensorBoard's
readers still use their own file layer, and `%load_ext tensorboard` + `%tensorboard --logdir`
start a real TensorBoard (stopped by PID) that serves an nbgraph lesson's graph and scalars."""
from __future__ import annotations

import json
import os
import sys
import urllib.request

import pytest

from nbgraph.ipython import alias
from tests.ipython.conftest import run, shell  # noqa: F401  (fixtures)

pytest.importorskip("tensorboard.notebook")

LESSON = """
import tensorflow as tf
tf.reset_default_graph()
x = tf.placeholder(tf.float32, name="x")
loss = tf.square(x, name="loss_value")
tf.summary.scalar("loss", loss)
merged = tf.summary.merge_all()
with tf.Session() as s, tf.summary.FileWriter({logdir!r}, s.graph) as writer:
    for step in range(4):
        writer.add_summary(s.run(merged, {{x: step * 0.5}}), step)
"""


def test_tensorboard_readers_work_with_the_alias_on(run, tmp_path):  # noqa: F811
    alias.enable()
    run(LESSON.format(logdir=str(tmp_path)))
    from tensorboard.backend.event_processing import event_accumulator as ea
    acc = ea.EventAccumulator(str(tmp_path))
    acc.Reload()
    assert [(e.step, e.value) for e in acc.Scalars("loss")] == [(0, 0.0), (1, 0.25), (2, 1.0), (3, 2.25)]


@pytest.mark.slow
def test_tensorboard_magic_serves_the_lessons_graph_and_scalars(run, tmp_path, monkeypatch):  # noqa: F811
    binary = os.path.join(os.path.dirname(sys.executable), "tensorboard")
    if not os.path.isfile(binary):
        pytest.skip("no tensorboard program beside this python")
    monkeypatch.setenv("TENSORBOARD_BINARY", binary)
    alias.enable()
    logdir = str(tmp_path / "logs")
    run(LESSON.format(logdir=logdir))
    run("%load_ext tensorboard")
    shown = run(f"%tensorboard --logdir {logdir} --port 0 --host 127.0.0.1")
    from tensorboard import manager
    (info,) = [i for i in manager.get_all() if i.logdir == logdir]
    try:
        assert "Launching TensorBoard" in shown.stdout or shown.outputs
        base = f"http://127.0.0.1:{info.port}"
        scalars = json.load(urllib.request.urlopen(f"{base}/data/plugin/scalars/scalars?run=.&tag=loss", timeout=30))
        assert [(step, value) for _wall, step, value in scalars] == [(0, 0.0), (1, 0.25), (2, 1.0), (3, 2.25)]
        graph = urllib.request.urlopen(f"{base}/data/plugin/graphs/graph?run=.", timeout=30).read().decode()
        assert 'name: "loss_value"' in graph and 'op: "Square"' in graph and 'op: "ScalarSummary"' in graph
    finally:
        os.kill(info.pid, 15)
