"""The views show tasks: the PlacementLog widget has a task and a device column and lists the
tensors that crossed between tasks with their bytes; pictures colour each task apart."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf
from nbgraph.render import to_dot
from nbgraph.render import style as S
from nbgraph.render.cards import placement_table, task_and_device
from nbgraph.render.tasks import task_colour

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


def test_task_and_device_split_a_cluster_device_name():
    assert task_and_device("/job:ps/replica:0/task:1/device:CPU:0") == ("/job:ps/task:1", "CPU:0")
    assert task_and_device("/job:worker/replica:0/task:0/device:GPU:1") == ("/job:worker/task:0", "GPU:1")


def test_every_task_of_a_small_cluster_has_its_own_colour_and_local_devices_keep_theirs():
    tasks = [f"/job:{j}/replica:0/task:{i}/device:CPU:0" for j in ("ps", "worker") for i in range(4)]
    colours = [S.device_colour(d) for d in tasks]
    assert len(set(colours)) == len(colours)
    # a task's virtual GPU shares its CPU's colour; a local session's devices are unchanged
    assert S.device_colour("/job:ps/replica:0/task:1/device:GPU:0") == S.device_colour(tasks[1])
    assert task_colour("/job:localhost/replica:0/task:0/device:CPU:0") is None
    assert S.device_colour("/job:localhost/replica:0/task:0/device:CPU:0") == S.DEVICE_PALETTE[0]
    assert not {c.lower() for c in colours} & {S.CURRENT["fillcolor"], S.DONE["fillcolor"], S.FAILED["fillcolor"]}


def test_a_local_placement_table_keeps_its_columns():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0, name="c") * 2.0
        with tf.Session() as sess:
            sess.run(c)
            html = placement_table(sess.placement_log)
    assert "<th" in html and ">assigned<" in html and ">task<" not in html


def test_placement_log_and_graph_show_the_tasks(servers):
    from nbgraph.widgets import PlacementLog
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:ps/task:0"):
            a = tf.constant(np.ones(250, np.float32), name="big_a")
        with tf.device("/job:worker/task:1"):
            b = tf.reduce_sum(a * 2.0, name="total_b")
        sess = tf.Session(servers["worker1"].target)
        assert sess.run(b) == 500.0
        view = PlacementLog(sess)
        html = view.table.value
        assert ">task<" in html and ">device<" in html
        assert "<td style=\"text-align:left;padding:2px 8px;font-family:monospace\">/job:ps/task:0</td>" in html
        assert "/job:worker/task:1</td>" in html and ">CPU:0</td>" in html
        # the tensor that crossed, from which task to which, and its size
        assert "Between tasks in the latest run: 1 tensor(s), 1,000 bytes" in html
        assert ">big_a:0</td>" in html and ">1,000</td>" in html
        assert [t.bytes for t in view.transfers if t.type == "_Send"] == [1000]
        view.filter.value = "ps/task:0"
        assert [r.node for r in view.rows] == ["big_a"]
        src = to_dot(g, session=sess).source
        sess.close()
    ps_colour = S.device_colour("/job:ps/replica:0/task:0/device:CPU:0")
    worker_colour = S.device_colour("/job:worker/replica:0/task:1/device:CPU:0")
    assert ps_colour != worker_colour
    assert f'fillcolor="{ps_colour}"' in src and f'fillcolor="{worker_colour}"' in src
    assert "ps:0 CPU:0" in src and "worker:1 CPU:0" in src   # the legend names the tasks
