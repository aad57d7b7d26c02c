"""JupyterLab + headless Chromium for the browser tests (see /work/shared/BROWSER_TESTING.md).

`LabServer` starts one token-less JupyterLab on 127.0.0.1 over a temporary copy of
`notebooks/`, with its own config/runtime/IPython dirs, and stops it by its own PID.
`LabPage` drives one page of it through Playwright: open a notebook and wait for its kernel,
run all cells, read outputs, click widget buttons, take screenshots.
"""
from __future__ import annotations

import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
DOCS = ROOT / "docs"
CHROMIUM = pathlib.Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
KERNEL_NAME = "nbgraph"
# JupyterLab (and so the kernel: the kernelspec says "python") runs on the project's venv when
# there is one, whatever interpreter runs pytest; its share/jupyter holds the nbgraph kernelspec.
_VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
LAB_PYTHON = str(_VENV_PYTHON) if _VENV_PYTHON.exists() else sys.executable
LAB_PREFIX = ROOT / ".venv" if _VENV_PYTHON.exists() else pathlib.Path(sys.prefix)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_notebook(path, cells, kernel=KERNEL_NAME):
    """A minimal nbformat-4 notebook of code cells (str) / markdown cells (("md", str))."""
    nb_cells = []
    for c in cells:
        if isinstance(c, tuple):
            nb_cells.append({"cell_type": "markdown", "metadata": {}, "source": c[1]})
        else:
            nb_cells.append({"cell_type": "code", "metadata": {}, "source": c, "outputs": [],
                             "execution_count": None})
    nb = {"nbformat": 4, "nbformat_minor": 5, "cells": nb_cells,
          "metadata": {"kernelspec": {"name": kernel, "display_name": "Python 3 (nbgraph)",
                                      "language": "python"},
                       "language_info": {"name": "python"}}}
    pathlib.Path(path).write_text(json.dumps(nb, indent=1), encoding="utf-8")


class ServerProcess:
    """A server the tests start in its own process group (`proc`, `url`, `log_path`, `_log`):
    JSON from its HTTP API, the tail of its log, and stopping it by PID."""

    STOP_GRACE = 15   # seconds between SIGTERM and SIGKILL

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=10) as r:
            return json.loads(r.read().decode())

    def log_tail(self, n=4000):
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def stop(self):
        """SIGTERM to our own server (a Jupyter server shuts its kernels down), then SIGKILL to its
        own process group."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=self.STOP_GRACE)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # our own session: the server and its children
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self._log.close()
        self.proc = None


class LabServer(ServerProcess):
    def __init__(self, base: pathlib.Path):
        self.base = pathlib.Path(base)
        self.root = self.base / "notebooks"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.log_path = self.base / "jupyterlab.log"

    def start(self, timeout=90):
        shutil.copytree(NOTEBOOKS, self.root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        dirs = {name: self.base / name for name in ("config", "runtime", "ipython", "data", "workspaces")}
        for d in dirs.values():
            d.mkdir(parents=True, exist_ok=True)
        (dirs["config"] / "labconfig").mkdir()
        (dirs["config"] / "labconfig" / "page_config.json").write_text(json.dumps(
            {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
        env = dict(os.environ)
        venv_data = LAB_PREFIX / "share" / "jupyter"
        env.update({
            "JUPYTER_CONFIG_DIR": str(dirs["config"]),
            "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
            "JUPYTER_DATA_DIR": str(dirs["data"]),
            "IPYTHONDIR": str(dirs["ipython"]),
            # the venv's kernelspecs (nbgraph) and lab extensions (widgets) come first
            "JUPYTER_PATH": os.pathsep.join(p for p in (str(venv_data), os.environ.get("JUPYTER_PATH", "")) if p),
            # the kernel runs in the notebook's folder: the package must import from anywhere
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        })
        env.pop("NBGRAPH_VIRTUAL_GPUS", None)
        env.pop("JUPYTER_PREFER_ENV_PATH", None)
        cmd = [LAB_PYTHON, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
               f"--port={self.port}", "--port-retries=0",
               f"--ServerApp.root_dir={self.root}",
               "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.allow_root=True",
               f"--LabApp.workspaces_dir={dirs['workspaces']}",
               "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.expose_app_in_browser=True"]
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/api/status", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        else:
            self.stop()
            raise RuntimeError(f"JupyterLab did not answer /api/status in {timeout}s:\n{self.log_tail()}")
        specs = self.get("/api/kernelspecs")["kernelspecs"]
        if KERNEL_NAME not in specs:
            self.stop()
            raise RuntimeError(f"JupyterLab does not see the {KERNEL_NAME!r} kernelspec (it sees {sorted(specs)}); "
                               f"install it with `python -m nbgraph install-kernel --sys-prefix`")
        return self

# -- the page -------------------------------------------------------------------------------------

_KERNEL_READY_JS = """(name) => {
  const app = window.jupyterapp;
  if (!app) return false;
  const w = app.shell.currentWidget;
  if (!w || !w.context || w.context.path !== name || !w.sessionContext) return false;
  const s = w.sessionContext.session;
  const k = s && s.kernel;
  return !!(k && k.connectionStatus === 'connected' && k.status === 'idle'
            && w.content && w.content.widgets.length > 0 && w.sessionContext.kernelDisplayStatus === 'idle');
}"""

_KERNEL_INFO_JS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session.kernel;
  return {name: k.name, status: k.status, path: w.context.path};
}"""

_CELL_OUTPUTS_JS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  return nb.widgets.map((cell, i) => {
    const m = cell.model;
    if (m.type !== 'code') return {index: i, type: m.type};
    return {index: i, type: 'code', executionCount: m.executionCount,
            outputs: m.outputs.toJSON()};
  });
}"""


class LabPage:
    """One Playwright page on the server, with the hooks the escaping test reads."""

    def __init__(self, page, server: LabServer, shots: pathlib.Path):
        self.page = page
        self.server = server
        self.shots = shots
        self.dialogs, self.console, self.errors = [], [], []
        page.on("dialog", self._on_dialog)
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _on_dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    # -- notebooks ---------------------------------------------------------------------------------
    def open(self, name, timeout=60_000):
        """Opens NAME (relative to the server root) and waits for its connected, idle nbgraph kernel."""
        self.page.goto(f"{self.server.url}/lab/tree/{name}?reset", wait_until="domcontentloaded")
        self.page.wait_for_function(_KERNEL_READY_JS, arg=name, timeout=timeout, polling=200)
        info = self.page.evaluate(_KERNEL_INFO_JS)
        self.page.evaluate("() => window.jupyterapp.shell.collapseLeft()")  # room for the outputs
        assert info["name"] == KERNEL_NAME, f"{name} opened on kernel {info['name']!r}, not {KERNEL_NAME!r}"
        return info

    def run_all(self, timeout=120_000):
        """Runs every cell (Run menu's command; it resolves once all cells have executed)."""
        self.page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        self.wait_executed(timeout=timeout)

    def wait_executed(self, timeout=120_000):
        self.page.wait_for_function("""() => {
          const w = window.jupyterapp.shell.currentWidget;
          const k = w.sessionContext.session.kernel;
          if (!k || k.status !== 'idle') return false;
          return w.content.widgets.every(c => c.model.type !== 'code' || c.model.sharedModel.source.trim() === ''
                                              || typeof c.model.executionCount === 'number');
        }""", timeout=timeout, polling=200)

    def command(self, cmd, args=None):
        return self.page.evaluate("([c, a]) => window.jupyterapp.commands.execute(c, a || {})", [cmd, args])

    def restart_kernel(self, name):
        """Restarts the kernel without the confirmation dialog and waits for it to be idle again."""
        self.page.evaluate("""async () => {
          const w = window.jupyterapp.shell.currentWidget;
          await w.sessionContext.session.kernel.restart();
        }""")
        self.page.wait_for_function(_KERNEL_READY_JS, arg=name, timeout=60_000, polling=200)

    def cells_json(self):
        return self.page.evaluate(_CELL_OUTPUTS_JS)

    def error_outputs(self):
        """(cell index, ename, evalue) for every error output in the notebook's model."""
        found = []
        for c in self.cells_json():
            for o in c.get("outputs", []):
                if o.get("output_type") == "error":
                    found.append((c["index"], o.get("ename"), o.get("evalue")))
        return found

    def cell(self, index):
        """The cell's DOM node (a Playwright locator)."""
        return self.page.locator(".jp-Notebook .jp-Cell").nth(index)

    def outputs(self, index):
        return self.cell(index).locator(".jp-OutputArea-output")

    # -- screenshots --------------------------------------------------------------------------------
    def scroll_to(self, locator):
        """Scrolls LOCATOR into view and lets the page paint it (off-screen cells are not painted)."""
        locator.scroll_into_view_if_needed()
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")

    def screenshot(self, name, locator=None, *, whole_page=False):
        """test-artifacts/screenshots/NAME.png: of LOCATOR, or of the page (scrolled to LOCATOR)."""
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{name}.png"
        if locator is not None:
            self.scroll_to(locator)
        if locator is not None and not whole_page:
            locator.screenshot(path=str(path))
        else:
            self.page.screenshot(path=str(path))
        return path


# -- reading nbgraph's widgets --------------------------------------------------------------------

# A drawn node's name is its label's bold first line.
_NODE_NAME_JS = """const nodeName = (g) => {
    const t = g.querySelector('text[font-weight="bold"]') || g.querySelector('text');
    return t ? t.textContent : g.id;
  };"""

# The node the Stepper highlights is the one whose shape the scoped <style> paints with the
# "current" fill (#fde047); what it says about it is in its details table.
STEPPER_STATE_JS = """(root) => {
  """ + _NODE_NAME_JS + """
  const current = [], done = [];
  for (const g of root.querySelectorAll('svg g.node')) {
    const shape = g.querySelector('ellipse, polygon, path');
    const title = nodeName(g);
    if (!shape) continue;
    const fill = getComputedStyle(shape).fill;
    if (fill === 'rgb(253, 224, 71)') current.push(title);
    if (fill === 'rgb(209, 213, 219)') done.push(title);
  }
  const rows = {};
  for (const tr of root.querySelectorAll('.nbgraph-step tr')) {
    const th = tr.querySelector('th'), td = tr.querySelector('td');
    if (th && td) rows[th.textContent.trim()] = td.textContent;
  }
  const explain = root.querySelector('.nbgraph-explain');
  const readout = root.querySelector('.widget-readout');
  return {current, done, rows, explain: explain ? explain.textContent : null,
          slider: readout ? readout.textContent.trim() : null};
}"""

# Nodes a graph picture highlights as "added by this cell" (stroke #2563eb, blue: red means a
# failure), by their title. Only op and scope nodes (ids nbgop…, nbgs_…): the legend shows the mark too.
HIGHLIGHTED_NODES_JS = """(root) => {
  """ + _NODE_NAME_JS + """
  const out = [];
  for (const g of root.querySelectorAll('svg g.node[id^="nbgop"], svg g.node[id^="nbgs_"]')) {
    const shape = g.querySelector('ellipse, polygon, path');
    const title = nodeName(g);
    if (shape && (shape.getAttribute('stroke') || '').toLowerCase() === '#2563eb') out.push(title);
  }
  return out;
}"""


def expect(*args, **kwargs):
    """`playwright.sync_api.expect`, imported when first used (collection must not need playwright)."""
    from playwright.sync_api import expect as _expect
    _expect.set_options(timeout=15_000)   # a widget round trip is ~0.2 s; leave room for a slow CI box
    return _expect(*args, **kwargs)


# Every image/svg+xml output of the open notebook, by cell: JupyterLab shows them as <img>.
SVG_IMAGES_JS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const out = [];
  nb.widgets.forEach((cell, i) => {
    for (const el of cell.node.querySelectorAll('.jp-OutputArea-output[data-mime-type="image/svg+xml"]')) {
      const img = el.querySelector('img');
      out.push({cell: i, img: !!img, complete: img ? img.complete : false,
                naturalWidth: img ? img.naturalWidth : 0, width: img ? img.getBoundingClientRect().width : 0});
    }
  });
  return out;
}"""

# Every widget output of the open notebook, by cell: did the widget manager render it? (The
# output element of a widget carries no data-mime-type: count them from the model.)
WIDGET_OUTPUTS_JS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const out = [];
  nb.widgets.forEach((cell, i) => {
    if (cell.model.type !== 'code') return;
    const want = cell.model.outputs.toJSON().filter(
        o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length;
    if (!want) return;
    const views = Array.from(cell.node.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets'));
    out.push({cell: i, want, rendered: views.length,
              classes: views.map(v => Array.from(v.classList).find(c => c.startsWith('nbgraph-')) || null)});
  });
  return out;
}"""
