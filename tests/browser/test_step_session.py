"""Issue 14, items 1 and 8, in a real page: `%nbgraph step result` after the learner made `sess`,
initialised `w` and ran `result` steps in `sess` to the end with values (no uninitialised
failure), and at the last step Next, Last and Play are disabled."""
from __future__ import annotations

import re

import pytest

from ._lab import STEPPER_STATE_JS, expect, write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]  # JupyterLab + Chromium start-up

LEARNER = """import tensorflow as tf
w = tf.Variable([1.0, 2.0], name="w")
x = tf.constant([3.0, 4.0], name="x")
result = tf.add(w, x, name="result")
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(result))"""

# step -> (node, how its output starts)
EXPECTED = {1: ("w (VariableV2)", "[1. 2.]"), 2: ("w/read (Identity)", "[1. 2.]"),
            3: ("x (Const)", "[3. 4.]"), 4: ("result (Add)", "[4. 6.]")}


def _state(stepper):
    return stepper.evaluate(STEPPER_STATE_JS)


def _wait_step(lab, stepper, n, total=4, timeout=15_000):
    """Waits until the details table says "step N of TOTAL" and returns the stepper's state."""
    handle = stepper.element_handle()
    want = f"{n} of {total}"
    try:
        lab.page.wait_for_function(f"([root, want]) => ({STEPPER_STATE_JS})(root).rows.step === want",
                                   arg=[handle, want], timeout=timeout, polling=100)
    except Exception:  # noqa: BLE001 - say what the page shows instead
        pytest.fail(f"the stepper never showed step {want}; it shows {_state(stepper)}")
    return _state(stepper)


def _open_stepper(lab, name):
    write_notebook(lab.server.root / name, [LEARNER, "%nbgraph step result"])
    lab.open(name)
    lab.run_all()
    assert lab.error_outputs() == []
    expect(lab.outputs(0).first).to_contain_text("[4. 6.]")
    stepper = lab.page.locator(".nbgraph-stepper")
    stepper.wait_for(state="visible")
    assert stepper.count() == 1
    buttons = {name: stepper.get_by_role("button", name=name, exact=True) for name in ("First", "Prev", "Next", "Last")}
    return stepper, buttons


def test_step_uses_the_learners_initialised_session_to_the_end(lab):
    stepper, buttons = _open_stepper(lab, "learner_session.ipynb")
    said = stepper.locator(".nbgraph-step-session")
    expect(said).to_have_text(re.compile(r"^Stepping in sess \(Session #\d+\): "
                                         r"the open session on this graph you used last\.$"))
    seen = {}
    for n in range(1, 5):
        if n > 1:
            buttons["Next"].click()
        s = _wait_step(lab, stepper, n)
        seen[n] = (s["rows"].get("node"), (s["rows"].get("output") or "")[:7])
        assert "error" not in s["rows"] and "how to fix" not in s["rows"], s
    assert seen == EXPECTED
    assert _state(stepper)["current"] == ["result"]
    text = stepper.inner_text()
    assert "uninitialized" not in text and "FailedPreconditionError" not in text
    assert "[1. 2.] + [3. 4.] = [4. 6.]" in text
    lab.screenshot("step-learners-session", stepper)


def test_at_the_last_step_next_last_and_play_are_disabled(lab):
    stepper, buttons = _open_stepper(lab, "last_step.ipynb")
    play = stepper.locator(".widget-play button").first
    _wait_step(lab, stepper, 1)
    expect(buttons["First"]).to_be_disabled()
    expect(buttons["Prev"]).to_be_disabled()
    expect(buttons["Next"]).to_be_enabled()
    expect(play).to_be_enabled()

    buttons["Last"].click()
    s = _wait_step(lab, stepper, 4)
    assert s["rows"]["node"] == "result (Add)" and s["rows"]["output"].startswith("[4. 6.]"), s
    for name in ("Next", "Last"):
        expect(buttons[name]).to_be_disabled()
    for b in stepper.locator(".widget-play button").all():
        expect(b).to_be_disabled()
    expect(buttons["First"]).to_be_enabled()
    expect(buttons["Prev"]).to_be_enabled()
    lab.screenshot("step-last-buttons-disabled", stepper)

    buttons["Prev"].click()                   # one step back: there is something ahead again
    _wait_step(lab, stepper, 3)
    expect(buttons["Next"]).to_be_enabled()
    expect(buttons["Last"]).to_be_enabled()
    expect(play).to_be_enabled()
    buttons["Next"].click()                   # and Next to the end disables them again
    _wait_step(lab, stepper, 4)
    expect(buttons["Next"]).to_be_disabled()
    expect(play).to_be_disabled()
