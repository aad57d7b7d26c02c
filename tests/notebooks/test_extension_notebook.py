"""The extension in a real notebook: a small notebook built here runs through nbclient on the
"nbgraph" kernel and shows pictures, the %%nbgraph highlight, placement lines in the cell that ran
the session, and the widgets."""
from __future__ import annotations

import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from nbgraph.render import style as S
from tests.conftest import ORIGINAL_LESSON
from tests.render.markup import html_scan, op_nodes

pytestmark = [pytest.mark.notebook, pytest.mark.needs_dot, pytest.mark.timeout(300)]  # a real kernel per module

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"

CELLS = {
    "load": "%load_ext nbgraph",
    "reload": "%reload_ext nbgraph\n%reload_ext nbgraph",
    "build": ("import tensorflow as tf\n"
              "a = tf.constant([1.0, 2.0], name='a')\n"
              "b = tf.constant([2.0, 3.0], name='b')\n"
              "result = tf.add(a, b)"),
    "graph": "%nbgraph graph",
    "display": "result",
    "cell_magic": "%%nbgraph\nc = result * 2.0",
    "placement": ("sess = tf.Session(config=tf.ConfigProto(log_device_placement=True))\n"
                  "print(sess.run(c))"),
    "stepper": "from nbgraph.widgets import GraphView, LessonTutor, PlacementLog, Stepper\nStepper(result)",
    "graph_view": "GraphView()",
    "placement_log": "PlacementLog(sess)",
    "tutor": "LessonTutor('00_original_graphs_and_sessions')",
}


@pytest.fixture(scope="module")
def notebook(tmp_path_factory):
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    from nbclient import NotebookClient
    try:
        KernelSpecManager().get_kernel_spec("nbgraph")
    except NoSuchKernel:
        pytest.fail("the 'nbgraph' kernelspec is not installed: run `python -m nbgraph install-kernel`")
    nb = new_notebook(cells=[new_code_cell(src, metadata={"name": key}) for key, src in CELLS.items()])
    nb.metadata.kernelspec = {"name": "nbgraph", "display_name": "Python 3 (nbgraph)", "language": "python"}
    NotebookClient(nb, kernel_name="nbgraph", timeout=120, allow_errors=False,
                   resources={"metadata": {"path": str(tmp_path_factory.mktemp("nb"))}}).execute()
    nbformat.validate(nb)
    return nb


@pytest.fixture(scope="module")
def executed(notebook):
    return {c.metadata["name"]: c.outputs for c in notebook.cells}


@pytest.fixture(scope="module")
def widget_state(notebook):
    return notebook.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]


def widget_texts(state, model_id):
    """Every text the widget `model_id` and the widgets inside it show (HTML read as a browser
    reads it), from the widget state the notebook saved."""
    seen, todo, texts = set(), [model_id], []
    while todo and len(seen) < 500:        # bounded: a widget tree is small; document order
        mid = todo.pop(0)
        if mid in seen or mid not in state:
            continue
        seen.add(mid)
        model = state[mid]["state"]
        for key in ("value", "description"):
            value = model.get(key)
            if isinstance(value, str) and value:
                texts += html_scan(value)[1] if "<" in value else [value]
        todo[:0] = [c[len("IPY_MODEL_"):] for c in model.get("children", ()) if isinstance(c, str)]
    return texts


def data(outputs, mime):
    return [o["data"][mime] for o in outputs if mime in o.get("data", {})]


def stdout(outputs):
    return "".join(o["text"] for o in outputs if o["output_type"] == "stream" and o["name"] == "stdout")


def test_the_kernel_has_the_extension_and_loading_or_reloading_is_fine(executed):
    assert not any(o["output_type"] == "error" for outs in executed.values() for o in outs)
    assert "already loaded" in stdout(executed["load"])
    assert executed["reload"] == []


def test_graph_magic_shows_an_svg_with_the_ops(executed):
    [svg] = data(executed["graph"], "image/svg+xml")
    assert set(op_nodes(svg)) == {"a", "b", "Add"}


def test_a_tensor_displays_once_with_tfs_repr(executed):
    [result] = [o for o in executed["display"] if o["output_type"] == "execute_result"]
    assert result["data"]["text/plain"] == "<tf.Tensor 'Add:0' shape=(2,) dtype=float32>"
    assert "Add" in result["data"]["image/svg+xml"]
    assert len(executed["display"]) == 1


def test_cell_magic_highlights_what_the_cell_added(executed):
    [svg] = data(executed["cell_magic"], "image/svg+xml")
    nodes = op_nodes(svg)
    assert {n for n, v in nodes.items() if v["stroke"] == S.HIGHLIGHT["color"]} == {"mul", "mul/y"}
    assert "the cell added 2 op(s): mul/y, mul" in stdout(executed["cell_magic"])


def test_placement_lines_land_in_the_cell_that_ran_the_session(executed):
    out = stdout(executed["placement"])
    for line in (f"mul: (Mul): {CPU0}", f"Add: (Add): {CPU0}", f"a: (Const): {CPU0}"):
        assert re.search(rf"^{re.escape(line)}$", out, re.M), out
    assert "[ 6. 10.]" in out
    assert not any("mul: (Mul)" in stdout(outs) for key, outs in executed.items() if key != "placement")


@pytest.mark.parametrize("cell, shown", [
    ("stepper", ["Const a holds a constant: [1. 2.]", "step", "1 of 3", "node", "a (Const)"]),
    ("graph_view", ["a", "Const", "[1. 2.]", "Add", "mul", "Mul"]),
    ("placement_log", ["node", "type", "requested", "assigned", "why", "Add", "Add", "(none)", CPU0]),
    ("tutor", ["lesson", f"cell 1 of {len(nbformat.read(str(ORIGINAL_LESSON), 4).cells)} (markdown)",
               "Prev cell", "Run", "Next cell"]),
])
def test_widgets_show_their_values_in_the_notebook(executed, widget_state, cell, shown):
    [view] = data(executed[cell], WIDGET_VIEW)
    texts = widget_texts(widget_state, view["model_id"])
    it = iter(texts)
    assert all(any(t == want for t in it) for want in shown), (shown, texts)   # in this order
