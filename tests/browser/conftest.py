"""Fixtures for the browser tests: one JupyterLab server and one headless Chromium per session,
a fresh browser context and page per test (`lab`), screenshots under test-artifacts/screenshots/.

Skips (with the reason) only when Debian's chromium or Python's playwright is missing; `make
test-browser` installs both.
"""
from __future__ import annotations

import importlib.util
import pathlib

import pytest

from ._lab import CHROMIUM, CHROMIUM_ARGS, ROOT, LabPage, LabServer

SHOTS = ROOT / "test-artifacts" / "screenshots"
VIEWPORT = {"width": 1400, "height": 1600}
_used_shots = []


def _missing():
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (apt-get install -y chromium fonts-liberation)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright Python package is not installed (pip install playwright; no `playwright install`)"
    return None


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    why = _missing()
    if why:
        pytest.skip(why)
    if SHOTS.is_dir():  # this session's pictures only
        for old in SHOTS.glob("*.png"):
            old.unlink()
    server = LabServer(tmp_path_factory.mktemp("jupyterlab")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright driver for the whole session: its sync API allows one per thread, and both the
    JupyterLab browser and TensorBoard's (test_tensorboard.py) launch from it."""
    import importlib.util
    if importlib.util.find_spec("playwright") is None:
        pytest.skip("the playwright Python package is not installed (pip install playwright; no `playwright install`)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(lab_server, playwright_session):
    b = playwright_session.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def lab(browser, lab_server, request):
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(30_000)
    lp = LabPage(page, lab_server, SHOTS)
    _used_shots.append(SHOTS)
    yield lp
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        try:
            lp.screenshot(f"FAILED-{request.node.name}")
        except Exception:  # noqa: BLE001 - best effort
            pass
    try:  # the server is shared: shut this test's kernels down
        page.evaluate("() => window.jupyterapp && window.jupyterapp.serviceManager.sessions.shutdownAll()")
    except Exception:  # noqa: BLE001 - best effort; the server's stop ends them anyway
        pass
    context.close()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.when == "call":
        item.rep_call = rep   # the `lab` fixture screenshots failures


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _used_shots:
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"browser screenshots: {SHOTS}")
