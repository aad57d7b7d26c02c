"""On a real kernel, the placement log shows in the output of the cell that ran the session (TF
1.15's `printf` went to the kernel's console, where a learner never saw it).

The notebook is the lesson's tensor cell and its ConfigProto cell as written (only the import
swapped), then a cell that runs a session with that config, then one that runs on two virtual
GPUs. The kernel is the plain "python3" kernel of this interpreter; its console (the kernel
process's stdout and stderr) goes to a file, which must not hold the placement lines.
"""
from __future__ import annotations

import os
import re

import nbformat
import pytest
from nbclient import NotebookClient

from ..conftest import ORIGINAL_LESSON, ROOT

pytestmark = [pytest.mark.notebook, pytest.mark.timeout(300)]  # a real kernel per module

CPU = "/job:localhost/replica:0/task:0/device:CPU:0"
GPU0 = "/job:localhost/replica:0/task:0/device:GPU:0"
PLACEMENT_LINE = re.compile(r"^\S+: \(\w+\): /job:localhost/replica:0/task:0/device:(CPU|GPU):\d+$", re.M)

RUN_AFTER_CONFIG = """\
config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=True)
with tf.Session(config=config) as sess:
    print(sess.run(result))
"""

ON_TWO_GPUS = """\
tf.devices.use_virtual_gpus(2)
with tf.Session(config=tf.ConfigProto(log_device_placement=True)) as sess:
    with tf.device("/gpu:1"):
        doubled = result * 2
    print(sess.run(doubled))
"""


def _lesson_cell(marker):
    nb = nbformat.read(ORIGINAL_LESSON, as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "code" and marker in c.source)


def _stdout(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    swap = ("import tensorflow as tf", "import nbgraph as tf")
    cells = ["import nbgraph as tf",
             _lesson_cell("result = tf.add(a, b)").replace(*swap),
             _lesson_cell("sess1 = tf.InteractiveSession(config=config)").replace(*swap),
             RUN_AFTER_CONFIG,
             ON_TWO_GPUS,
             'import sys\nprint("console-marker", file=sys.__stderr__, flush=True)']
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    console = tmp_path_factory.mktemp("kernel") / "console.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NBGRAPH_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    client = NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=False,
                            resources={"metadata": {"path": str(ROOT)}})
    with open(console, "w") as sink:
        client.execute(env=env, stdout=sink, stderr=sink)
    return nb, console.read_text()


def test_the_config_cell_shows_only_the_device_mapping(executed):
    nb, _ = executed
    assert _stdout(nb.cells[2]) == "Device mapping: no known devices.\nDevice mapping: no known devices.\n"


def test_the_cell_that_runs_the_session_shows_tfs_placement_lines(executed):
    nb, _ = executed
    assert _stdout(nb.cells[3]).splitlines() == [
        "Device mapping: no known devices.",
        f"Add: (Add): {CPU}",
        f"a: (Const): {CPU}",
        f"b: (Const): {CPU}",
        "[3. 5.]"]
    others = [i for i, c in enumerate(nb.cells) if i not in (3, 4)
              and PLACEMENT_LINE.search("".join(o.get("text", "") for o in c.outputs))]
    assert others == [], "placement lines leaked into other cells"


def test_virtual_gpus_in_the_cell(executed):
    nb, _ = executed
    lines = _stdout(nb.cells[4]).splitlines()
    assert lines[0] == "Device mapping:"
    assert all("nbgraph virtual GPU" in line for line in lines[1:3])
    assert lines[3:] == [f"Add: (Add): {GPU0}", f"mul: (Mul): /job:localhost/replica:0/task:0/device:GPU:1",
                         f"a: (Const): {GPU0}", f"b: (Const): {GPU0}",
                         "mul/y: (Const): /job:localhost/replica:0/task:0/device:GPU:1", "[ 6. 10.]"]


def test_nothing_reaches_the_kernels_console(executed):
    _, console = executed
    assert "console-marker" in console   # the kernel's console is captured
    assert not PLACEMENT_LINE.search(console), console
    assert "Device mapping" not in console
