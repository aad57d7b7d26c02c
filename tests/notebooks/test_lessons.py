"""The lesson notebooks execute top to bottom on the "Python 3 (nbgraph)" kernel, as a learner
would run them, and show what each lesson is for. Each notebook is executed once per module
(by scripts/execute_notebooks.py, the same code that stores their outputs)."""
from __future__ import annotations

import importlib.util
import io
import json
import re
import tokenize

import nbformat
import pytest

from nbgraph.tutor.compare import outputs_match

from ..conftest import NOTEBOOKS, ORIGINAL_LESSON, ROOT

pytestmark = [pytest.mark.notebook, pytest.mark.timeout(300)]  # a real kernel per module

_spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "scripts" / "execute_notebooks.py")
runner = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(runner)

ALL = runner.notebooks(NOTEBOOKS)
ENGLISH = NOTEBOOKS / "01_graphs_and_sessions.ipynb"
PLACEMENT = NOTEBOOKS / "02_device_placement.ipynb"
DISTRIBUTED = NOTEBOOKS / "04_distributed.ipynb"
KERNELSPEC = {"name": "nbgraph", "display_name": "Python 3 (nbgraph)", "language": "python"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PLACEMENT_LINE = re.compile(r"^\S+: \(\w+\): /job:localhost/replica:0/task:0/device:(CPU|GPU):\d+$", re.M)


@pytest.fixture(scope="module")
def executed():
    """`executed(path)`: the notebook after a fresh run (each one runs at most once here)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    try:
        KernelSpecManager().get_kernel_spec(runner.KERNEL)
    except NoSuchKernel:
        pytest.fail("the 'nbgraph' kernelspec is not installed: run `python -m nbgraph install-kernel`")
    cache = {}

    def get(path):
        if path not in cache:
            cache[path] = runner.execute(path)
        return cache[path]
    return get


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def outputs(nb, mime):
    return [o for c in code_cells(nb) for o in c.outputs if mime in o.get("data", {})]


def test_the_three_lessons_are_there_and_listed():
    assert [p.name for p in ALL][:3] == [ORIGINAL_LESSON.name, ENGLISH.name, PLACEMENT.name]
    readme = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    for path in ALL:
        assert f"]({path.name})" in readme, f"notebooks/README.md does not list {path.name}"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_stored_notebook_runs_on_the_nbgraph_kernel_with_its_outputs(path):
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    assert {k: nb.metadata.kernelspec[k] for k in KERNELSPEC} == KERNELSPEC
    unexecuted = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.execution_count is None]
    assert not unexecuted, (f"{path.name}: cells {unexecuted} have no stored outputs; "
                            f"run scripts/execute_notebooks.py and commit the result")


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_notebook_executes_top_to_bottom(executed, path):
    assert runner.problems(executed(path)) == []


def test_original_lesson_prints_what_it_recorded(executed):
    nb = executed(ORIGINAL_LESSON)
    recorded = [c for c in code_cells(nb) if "recorded_output" in c.metadata.get("nbgraph", {})]
    assert len(recorded) >= 9
    for cell in recorded:
        want = cell.metadata["nbgraph"]["recorded_output"]
        got = runner.cell_text(cell)
        assert outputs_match(got, want), f"{cell.source[:60]!r}: printed {got!r}, recorded {want!r}"


def test_original_lesson_keeps_its_cell_metadata():
    stored = nbformat.read(str(ORIGINAL_LESSON), as_version=4)
    counts = [c.metadata["nbgraph"]["original_execution_count"] for c in code_cells(stored)
              if "nbgraph" in c.metadata]
    assert counts == [1, 2, 6, 7, 8, 9, 11, 12, 3]


def test_original_lesson_last_cell_shows_the_placement_log(executed):
    last = code_cells(executed(ORIGINAL_LESSON))[-1]
    text = runner.cell_text(last)
    assert "log_device_placement=True" in last.source
    assert PLACEMENT_LINE.search(text), text
    assert "Add: (Add): /job:localhost/replica:0/task:0/device:CPU:0" in text
    assert outputs_match(text, "[ 3.  5.]")


def _code_only(source):
    """The code without comments, blank lines or spaces: what runs, whatever the language of
    its comments."""
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                                tokenize.DEDENT, tokenize.ENDMARKER)]
    return " ".join(t.string for t in tokens)


def test_english_lesson_runs_the_original_code_with_the_same_output(executed):
    original = [c for c in code_cells(nbformat.read(str(ORIGINAL_LESSON), as_version=4))
                if "nbgraph" in c.metadata]
    english = {_code_only(c.source): c for c in code_cells(executed(ENGLISH))}
    for cell in original:
        twin = english.get(_code_only(cell.source))
        assert twin is not None, f"the English lesson lacks the original cell {cell.source[:60]!r}"
        want = cell.metadata["nbgraph"]["recorded_output"]
        assert outputs_match(runner.cell_text(twin), want), (twin.source[:60], runner.cell_text(twin), want)


def test_english_lesson_draws_graphs_and_shows_widgets(executed):
    nb = executed(ENGLISH)
    by_source = {c.source.strip(): c for c in code_cells(nb)}
    for picture in ("%nbgraph graph g1", "%nbgraph graph g2", "result"):
        svgs = [o.data["image/svg+xml"] for o in by_source[picture].outputs if "image/svg+xml" in o.get("data", {})]
        assert len(svgs) == 1 and "<svg" in svgs[0], picture
    assert ">v<" in by_source["%nbgraph graph g1"].outputs[0].data["image/svg+xml"]
    result = by_source["result"].outputs[0].data
    assert result["text/plain"] == "<tf.Tensor 'Add:0' shape=(2,) dtype=float32>"
    # the widgets: their views in the cells, their state in the notebook
    views = {c.source.strip().splitlines()[-1]: o.data[WIDGET_VIEW]["model_id"]
             for c in code_cells(nb) for o in c.outputs if WIDGET_VIEW in o.get("data", {})}
    assert {"%nbgraph step result", "stepper", "PlacementLog(sess)", "%nbgraph lesson"} <= set(views)
    state = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    assert all(model_id in state for model_id in views.values())
    stepper_text = json.dumps([m["state"] for m in state.values()])
    assert "Add adds a and b element-wise" in stepper_text
    assert "/job:localhost/replica:0/task:0/device:CPU:0" in stepper_text   # the PlacementLog table


def test_english_lesson_shows_placement_sessions_and_the_tutor(executed):
    nb = executed(ENGLISH)
    by_source = {c.source.strip(): c for c in code_cells(nb)}
    log = next(c for c in code_cells(nb) if c.source.startswith("config = tf.ConfigProto(") and "with" in c.source)
    assert PLACEMENT_LINE.search(runner.cell_text(log))
    sessions = by_source["%nbgraph sessions"].outputs[0].data["text/html"]
    assert "still open" in sessions and "Session #" in sessions
    tutor = next(c for c in code_cells(nb) if "tutor.run_all()" in c.source)
    verdicts = runner.cell_text(tutor).splitlines()
    assert verdicts and all(v.endswith(("matches the recorded output", "ran (nothing recorded to compare)",
                                        "matches the recorded output (only numpy's print spacing differs)"))
                            for v in verdicts), verdicts
    assert "cell  5: matches the recorded output (only numpy's print spacing differs)" in verdicts, verdicts


def test_device_placement_lesson_uses_virtual_gpus(executed):
    nb = executed(PLACEMENT)
    text = "".join(runner.cell_text(c) for c in code_cells(nb))
    gpu_lines = [m.group(0) for m in PLACEMENT_LINE.finditer(text) if m.group(1) == "GPU"]
    assert any(line.endswith("device:GPU:0") for line in gpu_lines)
    assert any(line.endswith("device:GPU:1") for line in gpu_lines)
    assert "name: nbgraph virtual GPU" in text     # the device mapping says they are virtual


def test_device_placement_lesson_shows_tfs_error_then_soft_placement(executed):
    nb = executed(PLACEMENT)
    failing = [c for c in code_cells(nb) if "raises-exception" in c.metadata.get("tags", ())]
    assert len(failing) == 1 and "/gpu:5" in failing[0].source
    error = next(o for o in failing[0].outputs if o.output_type == "error")
    assert error.ename == "InvalidArgumentError"
    assert error.evalue.startswith("Cannot assign a device for operation far: ")
    assert "/device:GPU:5" in error.evalue
    text = "".join(runner.cell_text(c) for c in code_cells(nb))
    assert "soft placement: /device:GPU:5 does not exist" in text
    assert "soft placement: no GPU kernel for Print" in text
    assert "increment: (AssignAdd): /job:localhost/replica:0/task:0/device:GPU:1" in text  # colocated with counter


def test_device_placement_lesson_draws_the_graph_coloured_by_device(executed):
    nb = executed(PLACEMENT)
    state = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    graph_view = next(c for c in code_cells(nb) if "GraphView(" in c.source)
    model = graph_view.outputs[0].data[WIDGET_VIEW]["model_id"]
    assert model in state
    svgs = [m["state"]["value"] for m in state.values() if "<svg" in str(m["state"].get("value", ""))]
    # the legend: every node of that graph is on GPU:1 (`init` too: TF's group puts its NoOp on its inputs' device)
    assert any("GPU:1 (virtual)" in s and "GPU:0 (virtual)" not in s for s in svgs)
    assert len(outputs(nb, "image/svg+xml")) >= 2


def test_problems_names_unexpected_errors_silent_raises_exception_cells_and_changed_outputs():
    v4 = nbformat.v4
    error = v4.new_output("error", ename="ValueError", evalue="boom", traceback=[])
    printed = v4.new_output("stream", name="stdout", text="[3. 5.]\n")
    fine = v4.new_code_cell("print(x)", outputs=[printed], metadata={"nbgraph": {"recorded_output": "[ 3.  5.]"}})
    expected = v4.new_code_cell("raise ValueError('boom')", outputs=[error], metadata={"tags": ["raises-exception"]})
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("# x"), fine, expected])
    assert runner.problems(nb) == []
    nb.cells += [v4.new_code_cell("oops()", outputs=[error]),
                 v4.new_code_cell("pass", metadata={"tags": ["raises-exception"]}),
                 v4.new_code_cell("print(y)", outputs=[printed], metadata={"nbgraph": {"recorded_output": "[4. 5.]"}})]
    assert runner.problems(nb) == [
        "cell 3 ('oops()') raised ValueError: boom",
        "cell 4 ('pass') is tagged raises-exception but did not raise",
        "cell 5 ('print(y)') printed '[3. 5.]\\n', the lesson recorded '[4. 5.]'",
    ]


@pytest.mark.slow
def test_distributed_lesson_runs_a_cluster_of_processes_and_trains_between_graphs(executed):
    nb = executed(DISTRIBUTED)
    text = {i: runner.cell_text(c) for i, c in enumerate(code_cells(nb))}
    everything = "".join(text.values())
    pids = re.findall(r"runs in process (\d+) \(this notebook: (\d+)\)", everything)
    assert len(pids) == 4 and len({p for p, _ in pids}) == 4 and all(p != me for p, me in pids)
    assert "MatMul: (MatMul): /job:worker/replica:0/task:0/device:CPU:0\n" in everything
    assert re.search(r"_Recv +bias/read:0 +/job:ps/replica:0/task:1 -> /job:worker/replica:0/task:0 +8 bytes", everything)
    assert "[ 0.5 -0.5]\n[10. 20.]\n" in everything    # the second session sees the first one's assign
    seen = re.findall(r"worker (\d) sees w, b, step = (.*)", everything)
    assert [w for w, _ in seen] == ["0", "1"] and seen[0][1] == seen[1][1] and "np.int64(40)" in seen[0][1]
    losses = [float(x) for x in re.findall(r"loss (\d+\.\d+)", everything)]
    assert len(losses) == 4 and losses[-1] < losses[0] / 10
    state = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    svgs = [m["state"]["value"] for m in state.values() if "<svg" in str(m["state"].get("value", ""))]
    assert any(all(f">{t} CPU:0<" in s for t in ("ps:0", "ps:1", "worker:0")) for s in svgs)  # legend by task
    # the placement log lists task and device, and the bytes that crossed between tasks
    tables = [str(m["state"].get("value", "")) for m in state.values()]
    assert any(">task<" in t and ">/job:ps/task:1</td>" in t and "Between tasks in the latest run" in t
               for t in tables)
    # tf.cond across two tasks and a while_loop on one: the single-process values
    assert "x =  2.0: cond gives  20.0, loop total 15.0, result 35.0\n" in everything
    assert "x = -2.0: cond gives   2.0, loop total 15.0, result 17.0\n" in everything
    assert re.search(r"crossed: Greater:0 +/job:worker/replica:0/task:0 -> /job:worker/replica:0/task:1", everything)
    assert text[max(text)].startswith("[]")   # shut down: no cluster left


REGRESSION = [NOTEBOOKS / "03_linear_regression.ipynb", NOTEBOOKS / "03_线性回归.ipynb"]
LOSS_LINE = re.compile(r"^step +(\d+) +loss ([0-9.e+-]+)$", re.M)
FIT_LINE = re.compile(r"^w = ([0-9.-]+), b = ([0-9.-]+)$", re.M)


@pytest.mark.parametrize("path", REGRESSION, ids=lambda p: p.stem)
def test_linear_regression_lesson_fits_the_line_with_sgd_then_adam(executed, path):
    nb = executed(path)
    runs = [c for c in code_cells(nb) if "minimize(loss)" in c.source or "sess.run(train_op" in c.source]
    printed = [runner.cell_text(c) for c in code_cells(nb) if LOSS_LINE.search(runner.cell_text(c))]
    assert len(printed) == 2, printed          # gradient descent, then Adam
    for text in printed:
        losses = [float(v) for _, v in LOSS_LINE.findall(text)]
        assert len(losses) == 7 and losses[0] > 40, losses
        assert all(a >= b for a, b in zip(losses, losses[1:])) and losses[-1] < 0.01, losses
        (w, b), = [tuple(map(float, m)) for m in FIT_LINE.findall(text)]
        assert abs(w - 2.0) < 0.02 and abs(b - 1.0) < 0.05, (w, b)
    assert "AdamOptimizer" in "".join(c.source for c in code_cells(nb)) and runs


@pytest.mark.parametrize("path", REGRESSION, ids=lambda p: p.stem)
def test_linear_regression_lesson_writes_a_tensorboard_run(executed, path, tmp_path):
    """The TensorBoard section: the graph and a `training_loss` scalar per step, in one event file that
    TensorBoard's own reader loads (tests/browser/test_tensorboard.py opens it in TensorBoard)."""
    nb = runner.execute(path, env=runner.kernel_env(TMPDIR=str(tmp_path)))
    (cell,) = [c for c in code_cells(nb) if "tf.summary.FileWriter(logdir, sess.graph)" in c.source]
    assert runner.cell_text(cell) == "training_loss ScalarSummary -> 1 event file\n"
    from tensorboard.backend.event_processing import event_accumulator as ea
    acc = ea.EventAccumulator(str(tmp_path / "nbgraph-logs" / "linear_regression"))
    acc.Reload()
    assert acc.Tags()["scalars"] == ["training_loss"] and acc.Tags()["graph"]
    losses = acc.Scalars("training_loss")
    assert [e.step for e in losses] == list(range(101)) and losses[0].value > 40 and losses[-1].value < 0.01
    names = {n.name for n in acc.Graph().node}
    assert {"x", "y", "w", "b", "loss", "training_loss", "GradientDescent", "Adam"} <= names


@pytest.mark.parametrize("path", REGRESSION, ids=lambda p: p.stem)
def test_linear_regression_lesson_draws_the_gradients_and_steps_the_training_op(executed, path):
    nb = executed(path)
    by_source = {c.source.strip(): c for c in code_cells(nb)}
    from tests.render.markup import op_nodes, texts
    pictures = {}
    for source in ("%nbgraph graph", "%nbgraph graph --expand gradients"):
        svgs = [o.data["image/svg+xml"] for o in by_source[source].outputs if "image/svg+xml" in o.get("data", {})]
        assert len(svgs) == 1 and "<svg" in svgs[0], source
        pictures[source] = svgs[0]
    collapsed, opened = pictures.values()
    assert {"mul", "add", "sub", "Square", "loss"} <= set(op_nodes(collapsed))
    assert not any(n.startswith("gradients/") for n in op_nodes(collapsed))
    assert "gradients/" in texts(collapsed) and "GradientDescent/" in texts(collapsed)
    assert {"gradients/mul_grad/Mul", "gradients/Square_grad/Mul"} <= set(op_nodes(opened))
    step = by_source["%nbgraph step train_op --feed feed --session sess"]
    model = next(o.data[WIDGET_VIEW]["model_id"] for o in step.outputs if WIDGET_VIEW in o.get("data", {}))
    state = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    assert model in state
    stepper_text = json.dumps([m["state"] for m in state.values()])
    assert "ApplyGradientDescent" in stepper_text and "gradients/mul_grad" in stepper_text
