"""`%reload_ext nbgraph` in the page, then run again: every output appears once."""
from __future__ import annotations

import pytest

from ._lab import expect, write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]  # JupyterLab + Chromium start-up

CELLS = [
    """import tensorflow as tf
tf.reset_default_graph()
a = tf.constant([1.0, 2.0], name="a")
b = tf.constant([2.0, 3.0], name="b")
result = tf.add(a, b)""",
    "%reload_ext nbgraph",
    "%reload_ext nbgraph\n%config NbgraphMagics.placement_display = 'table'",
    "result",                                  # 3: one picture
    "%nbgraph graph",                          # 4: one picture
    "%%nbgraph\ndoubled = tf.multiply(result, 2.0, name='doubled')",   # 5: picture + one summary line
    """config = tf.ConfigProto(log_device_placement=True)
with tf.Session(config=config) as sess:
    print(sess.run(doubled))""",             # 6: the log once, one placement table
    "%nbgraph step doubled",                   # 7: one stepper
]


def _mimes(lab, index):
    cell = lab.cells_json()[index]
    return [o.get("output_type") + ":" + ",".join(sorted(o.get("data", {}))) if "data" in o
            else o.get("output_type") + ":" + o.get("name", "") for o in cell["outputs"]]


def _check_once(lab):
    assert lab.error_outputs() == []
    assert _mimes(lab, 3) == ["execute_result:image/svg+xml,text/plain"], _mimes(lab, 3)
    assert _mimes(lab, 4) == ["display_data:image/svg+xml,text/plain"], _mimes(lab, 4)
    assert _mimes(lab, 5) == ["display_data:image/svg+xml,text/plain", "stream:stdout"], _mimes(lab, 5)
    assert lab.cells_json()[5]["outputs"][1]["text"].count("the cell added") == 1
    out6 = _mimes(lab, 6)
    assert out6.count("display_data:text/html,text/plain") == 1, out6          # the placement table
    log = "".join(o.get("text", "") for o in lab.cells_json()[6]["outputs"] if o.get("name") == "stdout")
    assert log.count("doubled: (Mul): ") == 1, log
    assert log.count("[ 6. 10.]") == 1, log
    # and in the page: one picture per picture cell, one stepper, one placement table
    for i in (3, 4, 5):
        expect(lab.cell(i).locator(".jp-OutputArea-output img")).to_have_count(1)
    expect(lab.cell(6).locator("table.nbgraph-table")).to_have_count(1)
    expect(lab.cell(7).locator(".nbgraph-stepper")).to_have_count(1)


def test_reload_ext_does_not_duplicate_outputs(lab):
    write_notebook(lab.server.root / "reload.ipynb", CELLS)
    lab.open("reload.ipynb")
    lab.run_all()
    _check_once(lab)
    lab.run_all()                               # the extension has now been reloaded four times
    _check_once(lab)
    lab.screenshot("reload", lab.cell(3), whole_page=True)
