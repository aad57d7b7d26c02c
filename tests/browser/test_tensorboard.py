"""TensorBoard, the real server, shows a run written by an nbgraph lesson.

The linear-regression lesson (notebooks/03_linear_regression.ipynb) runs top to bottom on the
nbgraph kernel; its TensorBoard section writes the graph and a `training_loss` scalar per step
with `tf.summary.FileWriter` (into `$TMPDIR/nbgraph-logs/linear_regression`, here a temporary
folder). Then `python -m tensorboard.main` serves that folder on a free port of 127.0.0.1 (it
serves its own assets: nothing leaves the machine) and headless Chromium opens the Graphs
dashboard (the lesson's op names as drawn nodes) and the Time Series dashboard (a line chart
card for `training_loss` whose data table holds the lesson's last step and value). Screenshots:
test-artifacts/screenshots/tensorboard-*.png. The server is stopped by its own PID.

This file needs no JupyterLab, so it launches its own Chromium instead of the `browser` fixture.
"""
from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from ._lab import CHROMIUM, CHROMIUM_ARGS, LAB_PYTHON, NOTEBOOKS, ROOT, ServerProcess, free_port
from .conftest import SHOTS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

LESSON = NOTEBOOKS / "03_linear_regression.ipynb"
RUN = "linear_regression"
TAG = "training_loss"
# what the lesson builds: placeholders, variables, the forward ops, both optimizers' scopes
LESSON_NODES = {"x", "y", "w", "b", "mul", "add", "sub", "Square", "loss", "gradients", "GradientDescent", "Adam"}

# data-name of every drawn node and annotation of the graph (they live in shadow roots)
_GRAPH_NAMES_JS = """() => {
  const names = {nodes: [], annotations: []};
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot);
      if (el.tagName.toLowerCase() !== 'g' || !el.getAttribute('data-name')) continue;
      if (el.classList.contains('node')) names.nodes.push(el.getAttribute('data-name'));
      else if (el.classList.contains('annotation')) names.annotations.push(el.getAttribute('data-name'));
    }
  };
  walk(document);
  return names;
}"""


def _runner():
    spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "scripts" / "execute_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def chromium(playwright_session):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found (apt-get install -y chromium fonts-liberation)")
    if importlib.util.find_spec("tensorboard") is None:
        pytest.skip("tensorboard is not installed (pip install 'nbgraph[tensorboard]')")
    browser = playwright_session.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def run_lesson(tmp) -> pathlib.Path:
    """Runs the lesson on the nbgraph kernel with TMPDIR=`tmp`; returns its logs folder."""
    runner = _runner()
    started = time.monotonic()
    nb = runner.execute(LESSON, env=runner.kernel_env(TMPDIR=str(tmp), PYTHONPATH=str(ROOT)))
    assert runner.problems(nb) == [], runner.problems(nb)
    logs = tmp / "nbgraph-logs"
    events = list((logs / RUN).glob("events.out.tfevents.*"))
    assert len(events) == 1, f"the lesson wrote {events} into {logs / RUN}"
    print(f"lesson executed in {time.monotonic() - started:.1f} s")
    return logs


class TensorBoardServer(ServerProcess):
    """`python -m tensorboard.main --logdir LOGS` on a free port of 127.0.0.1, stopped by PID."""

    STOP_GRACE = 10

    def __init__(self, logs, base):
        self.logs, self.base = logs, base
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = base / "tensorboard.log"
        self.proc = None

    def launch(self):
        """Starts the server (it watches LOGS, so it may start before the lesson has written)."""
        self.logs.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "TMPDIR": str(self.base), "PYTHONPATH": ""}   # .tensorboard-info goes there
        cmd = [LAB_PYTHON, "-m", "tensorboard.main", "--logdir", str(self.logs), "--port", str(self.port),
               "--host", "127.0.0.1", "--load_fast=false", "--reload_interval=1"]
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, cwd=self.base, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        return self

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:   # up, and the run's scalar loaded
            if self.proc.poll() is not None:
                raise RuntimeError(f"TensorBoard exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/data/plugin/scalars/tags", timeout=2) as r:
                    if TAG in json.loads(r.read().decode()).get(RUN, {}):
                        return self
            except (urllib.error.URLError, OSError, ValueError):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"TensorBoard did not serve {RUN}/{TAG} in {timeout}s:\n{self.log_tail()}")


@pytest.fixture(scope="module")
def tensorboard(chromium, tmp_path_factory):
    """TensorBoard on the lesson's logs: the server starts first, the lesson runs meanwhile."""
    tmp = tmp_path_factory.mktemp("lesson")
    server = TensorBoardServer(tmp / "nbgraph-logs", tmp_path_factory.mktemp("tensorboard"))
    started = time.monotonic()
    try:
        server.launch()
        run_lesson(tmp)
        server.wait_ready()
        print(f"lesson run and TensorBoard serving it in {time.monotonic() - started:.1f} s")
        yield server
    finally:
        server.stop()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def _shot(page, name, locator=None):
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    (locator or page).screenshot(path=str(path))
    return path


def test_graph_dashboard_draws_the_lessons_graph(tensorboard, page):
    started = time.monotonic()
    page.goto(f"{tensorboard.url}/#graphs&run={RUN}", wait_until="domcontentloaded")
    try:
        page.wait_for_function(f"""() => {{
            const names = new Set(({_GRAPH_NAMES_JS})().nodes);
            return {json.dumps(sorted(LESSON_NODES))}.every(n => names.has(n));
        }}""", timeout=45_000, polling=250)
    except Exception:  # noqa: BLE001 - say what the page drew
        _shot(page, "FAILED-tensorboard-graphs")
        pytest.fail(f"the graph dashboard did not draw {sorted(LESSON_NODES)}: {page.evaluate(_GRAPH_NAMES_JS)}")
    drawn = page.evaluate(_GRAPH_NAMES_JS)
    # the summary op hangs off `loss` as a summary annotation, under its op name
    assert TAG in drawn["annotations"], drawn
    assert page.locator("tf-graph-dashboard").count() == 1
    assert page.errors == [], page.errors
    _shot(page, "tensorboard-graphs")
    print(f"graph dashboard drawn in {time.monotonic() - started:.1f} s")


def test_time_series_dashboard_charts_the_lessons_loss(tensorboard, page):
    started = time.monotonic()
    series = tensorboard.get(f"/data/plugin/scalars/scalars?run={RUN}&tag={TAG}")
    assert [step for _wall, step, _value in series] == list(range(101))
    last_step, last_value = series[-1][1], series[-1][2]
    assert series[0][2] > 40 and last_value < 0.01, (series[0], series[-1])
    page.goto(f"{tensorboard.url}/#timeseries", wait_until="domcontentloaded")
    card = page.locator("scalar-card").filter(has=page.locator("span.name", has_text=TAG))
    card.wait_for(timeout=45_000)
    assert card.count() == 1
    assert card.locator("span.name").inner_text().strip() == TAG
    # a line chart: its canvas has a size, its axes have ticks
    canvas = card.locator("line-chart canvas").first
    canvas.wait_for(state="visible")
    box = canvas.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100, box
    x_ticks = [float(t) for t in card.locator("div.x-axis text").all_text_contents() if _is_float(t.strip())]
    assert x_ticks and min(x_ticks) == 0 and 80 <= max(x_ticks) <= 100, x_ticks   # steps 0..100
    # the data table under the chart: the run, its last step and value, as the lesson wrote them
    row = card.locator("tb-data-table-content-row").first
    row.wait_for()
    cells = [c.strip() for c in row.locator("tb-data-table-content-cell").all_inner_texts()]
    assert RUN in cells and str(last_step) in cells, cells
    values = [float(c) for c in cells if _is_float(c) and c != str(last_step)]
    assert any(abs(v - last_value) <= max(1e-4, 0.01 * last_value) for v in values), (cells, last_value)
    assert page.errors == [], page.errors
    _shot(page, "tensorboard-timeseries")
    _shot(page, "tensorboard-loss-card", card)
    print(f"time series card shown in {time.monotonic() - started:.1f} s")


def _is_float(text):
    try:
        float(text)
    except ValueError:
        return False
    return True
