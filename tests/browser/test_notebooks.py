"""The lesson notebooks, run in a real page: pictures show, widgets render, placement is visible."""
from __future__ import annotations

import re

import pytest

from ._lab import NOTEBOOKS, STEPPER_STATE_JS, SVG_IMAGES_JS, WIDGET_OUTPUTS_JS, expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]  # JupyterLab + Chromium start-up

PLACEMENT_LINE = re.compile(r"^(\S+): \((\w+)\): (/job:localhost/replica:0/task:0/device:(?:CPU|GPU):\d+)$", re.M)


def _need(name):
    if not (NOTEBOOKS / name).exists():
        pytest.fail(f"notebooks/{name} is missing")
    return name


def _pictures_loaded(lab, minimum):
    """Waits until every SVG output is a loaded <img> with a size; returns them."""
    try:
        lab.page.wait_for_function(f"""() => {{
            const imgs = ({SVG_IMAGES_JS})();
            return imgs.length >= {minimum} && imgs.every(i => i.img && i.complete && i.naturalWidth > 0);
        }}""", timeout=20_000, polling=250)
    except Exception:  # noqa: BLE001 - say what the page shows
        pytest.fail(f"graph pictures not all shown: {lab.page.evaluate(SVG_IMAGES_JS)}")
    return lab.page.evaluate(SVG_IMAGES_JS)


def _widgets_rendered(lab):
    try:
        lab.page.wait_for_function(f"() => ({WIDGET_OUTPUTS_JS})().every(w => w.rendered >= w.want)", timeout=20_000)
    except Exception:  # noqa: BLE001
        pytest.fail(f"widgets not rendered: {lab.page.evaluate(WIDGET_OUTPUTS_JS)}")
    expect(lab.page.get_by_text("Error displaying widget")).to_have_count(0)
    return lab.page.evaluate(WIDGET_OUTPUTS_JS)


def test_graphs_and_sessions_notebook(lab):
    name = _need("01_graphs_and_sessions.ipynb")
    lab.open(name)
    lab.run_all()
    assert lab.error_outputs() == []
    cells = lab.cells_json()
    svg_cells = {c["index"] for c in cells for o in c.get("outputs", []) if "image/svg+xml" in o.get("data", {})}
    assert len(svg_cells) >= 3, f"expected graph pictures in at least 3 cells, got {sorted(svg_cells)}"
    imgs = _pictures_loaded(lab, len(svg_cells))
    assert {i["cell"] for i in imgs} == svg_cells
    widgets = _widgets_rendered(lab)
    kinds = {k for w in widgets for k in w["classes"]}
    assert {"nbgraph-stepper", "nbgraph-placement", "nbgraph-tutor"} <= kinds, widgets
    # the stepper's inline SVG names the ops, and it starts on the first one
    stepper = lab.page.locator(".nbgraph-stepper").first
    state = stepper.evaluate(STEPPER_STATE_JS)
    assert state["current"] == ["a"] and state["rows"]["step"] == "1 of 3", state
    svg_text = " ".join(stepper.locator("svg").all_text_contents())  # the picture (the legend's icons are svgs too)
    assert all(op in svg_text for op in ("a", "b", "Add")), svg_text
    lab.screenshot("01-pictures", lab.cell(min(svg_cells)), whole_page=True)
    lab.screenshot("01-stepper", stepper)


def test_device_placement_notebook(lab):
    name = _need("02_device_placement.ipynb")
    lab.open(name)
    lab.run_all()
    # only the cells tagged raises-exception may fail
    tagged = lab.page.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets.map(
        c => (c.model.getMetadata('tags') || []).includes('raises-exception'))""")
    errors = lab.error_outputs()
    assert [e for e in errors if not tagged[e[0]]] == [], errors
    assert lab.page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets.at(-1).model.executionCount") \
        is not None, "Run All stopped early"
    # placement lines, as printed into the cell that ran the session
    text_outputs = lab.page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stdout']")
    printed = "\n".join(text_outputs.all_text_contents())
    placed = {m.group(1): m.group(3) for m in PLACEMENT_LINE.finditer(printed)}
    on_gpu = {node: dev for node, dev in placed.items() if "/device:GPU:" in dev}
    assert on_gpu, f"no placement line names a GPU in the printed outputs:\n{printed[:2000]}"
    first = lab.page.locator(".jp-OutputArea-output", has_text=PLACEMENT_LINE).first
    first.scroll_into_view_if_needed()
    expect(first).to_be_visible()
    expect(first).to_contain_text(re.compile(r"\w+: \(\w+\): /job:localhost/replica:0/task:0/device:GPU:\d"))
    # the PlacementLog table lists the virtual GPU nodes
    log = lab.page.locator(".nbgraph-placement").first
    log.scroll_into_view_if_needed()
    expect(log.locator("table.nbgraph-table")).to_be_visible()
    rows = log.locator("table.nbgraph-table tbody tr")
    table = {}
    for r in rows.all():
        cells = r.locator("td").all_text_contents()
        table[cells[0]] = cells
    first_run_gpu = {n: d for n, d in on_gpu.items() if n in table}
    assert first_run_gpu, f"the table lists none of the GPU nodes {on_gpu}: {table}"
    for node, dev in first_run_gpu.items():
        assert table[node][3] == dev, (node, table[node], dev)
    # its filter narrows the rows
    gpu1 = [n for n, d in first_run_gpu.items() if d.endswith("GPU:1")]
    log.locator("input").fill("GPU:1")
    log.locator("input").press("Enter")
    expect(rows).to_have_count(len([n for n, c in table.items() if "gpu:1" in " ".join(c).lower()]))
    if gpu1:
        expect(log.locator("table.nbgraph-table")).to_contain_text(gpu1[0])
    lab.screenshot("02-placement", log)
    _pictures_loaded(lab, 1)
