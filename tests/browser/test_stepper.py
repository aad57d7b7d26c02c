"""The Stepper widget in a real page: Next/Prev/First/Last, the slider, the highlight."""
from __future__ import annotations

import time

import pytest

from ._lab import STEPPER_STATE_JS, write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]  # JupyterLab + Chromium start-up

SETUP = """import tensorflow as tf
a = tf.constant([1.0, 2.0], name="a")
b = tf.constant([2.0, 3.0], name="b")
result = tf.add(a, b)"""


def _state(stepper):
    return stepper.evaluate(STEPPER_STATE_JS)


def _wait_current(lab, stepper, title, timeout=15_000):
    """Waits until the highlighted node is named NAME ("a", "Add") and returns the stepper's state."""
    handle = stepper.element_handle()
    try:
        lab.page.wait_for_function(f"([root, want]) => {{ const s = ({STEPPER_STATE_JS})(root); "
                                   f"return s.current.length === 1 && s.current[0] === want; }}",
                                   arg=[handle, title], timeout=timeout, polling=100)
    except Exception:  # noqa: BLE001 - say what the page shows instead
        pytest.fail(f"the stepper never highlighted {title!r}; it shows {_state(stepper)}")
    # a step's other parts (rows, marks, slider) arrive in their own widget messages: return the
    # state once it has stopped changing (two reads 200 ms apart agree), not the first match
    state, deadline = _state(stepper), time.monotonic() + 10
    while time.monotonic() < deadline:
        lab.page.wait_for_timeout(200)
        now = _state(stepper)
        if now == state:
            break
        state = now
    return state


def test_stepper_buttons_and_slider(lab):
    write_notebook(lab.server.root / "stepper.ipynb", [SETUP, "%nbgraph step result"])
    lab.open("stepper.ipynb")
    lab.run_all()
    assert lab.error_outputs() == []
    stepper = lab.page.locator(".nbgraph-stepper")
    stepper.wait_for(state="visible")
    assert stepper.count() == 1

    s = _wait_current(lab, stepper, "a")
    assert s["rows"]["step"] == "1 of 3"
    assert s["explain"].startswith("Const a holds a constant: [1. 2.]"), s
    assert s["slider"] == "1"

    buttons = {name: stepper.get_by_role("button", name=name, exact=True) for name in ("First", "Prev", "Next", "Last")}
    buttons["Next"].click()
    s = _wait_current(lab, stepper, "b")
    assert s["rows"]["step"] == "2 of 3" and s["rows"]["output"].startswith("[2. 3.]"), s
    assert s["done"] == ["a"], s

    buttons["Next"].click()
    s = _wait_current(lab, stepper, "Add")
    assert s["rows"]["step"] == "3 of 3", s
    assert s["rows"]["output"].startswith("[3. 5.]"), s
    assert "[1. 2.] + [2. 3.] = [3. 5.]" in s["explain"], s
    assert s["slider"] == "3", s
    lab.screenshot("stepper-add", stepper)

    buttons["First"].click()
    s = _wait_current(lab, stepper, "a")
    assert s["slider"] == "1" and s["done"] == [], s
    buttons["Last"].click()
    s = _wait_current(lab, stepper, "Add")
    assert sorted(s["done"]) == ["a", "b"], s
    buttons["Prev"].click()
    _wait_current(lab, stepper, "b")

    # the slider jumps: type into its readout, then drive its handle with the keyboard
    readout = stepper.locator(".widget-readout")
    readout.click()
    lab.page.keyboard.press("Control+A")
    lab.page.keyboard.type("1")
    lab.page.keyboard.press("Enter")
    s = _wait_current(lab, stepper, "a")
    assert s["rows"]["step"] == "1 of 3", s
    handle = stepper.locator(".noUi-handle")
    handle.focus()
    lab.page.keyboard.press("End")
    s = _wait_current(lab, stepper, "Add")
    assert s["rows"]["output"].startswith("[3. 5.]"), s

    # Play walks from the start to the end on its own
    buttons["First"].click()
    _wait_current(lab, stepper, "a")
    stepper.locator(".widget-play button").first.click()   # the play (triangle) button
    _wait_current(lab, stepper, "b")
    s = _wait_current(lab, stepper, "Add")
    assert s["slider"] == "3" and sorted(s["done"]) == ["a", "b"], s
    lab.screenshot("stepper")
