"""Strings from the user reach the page as text: no markup, no script, in every view nbgraph has."""
from __future__ import annotations

import pytest

from ._lab import expect, write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]  # JupyterLab + Chromium start-up

P1 = "<img src=x onerror=window.__pwned=1>"
P2 = "</script><script>window.__pwned=1</script>"
P3 = "<svg/onload=alert('nbgraph-pwned')>"

SETUP = f"""import tensorflow as tf
from nbgraph.widgets import GraphView, Stepper, PlacementLog
P1 = {P1!r}
P2 = {P2!r}
P3 = {P3!r}
tf.reset_default_graph()
s1 = tf.constant(P1, name="s1")
s2 = tf.constant(P2, name="s2")
s3 = tf.constant([P3, P1], name="s3")
shown = tf.identity(s2, name="shown")
sv = tf.Variable(P1, name="sv")
config = tf.ConfigProto(log_device_placement=True, device_count={{P1: 1}},
                        gpu_options=tf.GPUOptions(visible_device_list=P2))
sess = tf.Session(config=config)
sess.run(sv.initializer)
print(sess.run([s1, s2, s3, shown]))"""

CELLS = [
    SETUP,
    "s1",                                   # rich display: SVG picture + TF's repr
    "%nbgraph graph",                       # the default graph's picture
    "GraphView()",                          # inline SVG in a widget
    "st = Stepper(shown)\nst",              # stepper: picture + details
    "sess",                                 # the session card (HTML)
    "%nbgraph sessions",                    # the open-sessions table (HTML)
    "PlacementLog(sess)",                   # the placement table (widget)
    "%config NbgraphMagics.placement_display = 'table'\nsess.run(s3)",   # placement as an HTML output
    "%%nbgraph\nlabelled = tf.identity(s3, name='labelled')",            # what the cell added
]

ATTACK_JS = """() => ({
  pwned: typeof window.__pwned,
  imgs: document.querySelectorAll('img[src="x"]').length,
  handlers: Array.from(document.querySelectorAll('[onerror], [onload]')).map(e => e.outerHTML.slice(0, 120)),
  scripts: Array.from(document.scripts).filter(s => s.textContent.includes('__pwned')).length,
})"""


def test_user_strings_render_as_text(lab):
    write_notebook(lab.server.root / "escaping.ipynb", CELLS)
    lab.open("escaping.ipynb")
    lab.run_all()
    assert lab.error_outputs() == []
    page = lab.page
    # let every widget render, then drive the stepper to the step that outputs P2
    stepper = page.locator(".nbgraph-stepper")
    expect(stepper).to_be_visible()
    stepper.get_by_role("button", name="Last", exact=True).click()
    expect(stepper.locator(".nbgraph-step")).to_contain_text(P2)
    expect(page.locator(".nbgraph-graphview svg")).to_be_visible()
    expect(page.locator(".nbgraph-placement table")).to_be_visible()
    # the literal strings are visible as text where nbgraph shows them
    graph = page.locator(".nbgraph-graphview svg")
    expect(graph).to_contain_text(P1)                   # s1's value, in its node's label
    expect(graph).to_contain_text("<svg/onload=alert(")  # s3's first element
    card = page.locator(".nbgraph-session")
    expect(card).to_contain_text(P1)                    # config: device_count's key
    expect(card).to_contain_text(P2)                    # config: visible_device_list
    expect(lab.outputs(CELLS.index("%nbgraph sessions"))).to_contain_text(P2)
    expect(lab.outputs(0)).to_contain_text(P1)          # print()
    # the pictures JupyterLab shows as <img> carry the strings escaped in their SVG source
    for c in lab.cells_json():
        for o in c.get("outputs", []):
            svg = o.get("data", {}).get("image/svg+xml")
            if svg:
                text = svg if isinstance(svg, str) else "".join(svg)
                assert "<img" not in text and "<script" not in text and "<svg/" not in text, (c["index"], text[:300])
    lab.screenshot("escaping", graph, whole_page=True)
    # and nothing ran
    state = page.evaluate(ATTACK_JS)
    assert state["pwned"] == "undefined", state
    assert state["imgs"] == 0 and state["handlers"] == [] and state["scripts"] == 0, state
    assert lab.dialogs == [], lab.dialogs
    assert [c for c in lab.console if "pwned" in c.lower()] == [], lab.console
    assert lab.errors == [], lab.errors
