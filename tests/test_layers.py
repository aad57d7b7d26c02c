"""The layers above the engine point one way (ARCHITECTURE.md), checked on the source (AST):
- `render/`, `ipython/`, `tutor/` and `nbgraph/devices.py` read no underscore attribute of an
  engine object (they use the engine's public surface) and import no underscore name of it;
- `ipython/` never imports `tutor/` (the tutor registers its own `%nbgraph lesson`).
The engine core's own rule (it never imports the op catalogue) is tests/engine/test_layering.py."""
from __future__ import annotations

import ast
import pathlib

import pytest

from tests.engine.test_layering import PKG, _is_under, _modules, imported_modules


def test_ipython_never_imports_the_tutor():
    bad = [(p.name, line, m) for p in _modules(PKG / "ipython") for line, m in imported_modules(p)
           if _is_under(m, "nbgraph.tutor")]
    assert bad == []


# -- underscore attributes of engine objects ---------------------------------------------------
# Engine objects reach the layers above as values of many names (sess, op, plan, step ...), so
# the scan flags every `x._name` whose owner is not `self`/`cls` of the module's own classes and
# whose attribute is not a Python dunder. Nothing is allowed: a layer above owns no underscore
# attribute of any foreign object either (its own private state hangs off `self`).
ABOVE = ["render", "ipython", "tutor", "devices.py"]


def private_reads(path: pathlib.Path) -> list[tuple[int, str]]:
    """(line, text) of every `x._name` whose owner is not `self`/`cls`, and every underscore name
    imported from an engine module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and "engine" in node.module.split("."):
            out += [(node.lineno, f"from {node.module} import {a.name}") for a in node.names
                    if a.name.startswith("_") and a.name != "__future__"]
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                out.append((node.lineno, ast.unparse(node)))
    return sorted(out)


@pytest.mark.parametrize("layer", ABOVE)
def test_layers_above_touch_no_underscore_attribute_of_the_engine(layer):
    files = _modules(PKG / layer) if (PKG / layer).is_dir() else [PKG / layer]
    assert files
    bad = [f"{p.relative_to(PKG)}:{line}: {text}" for p in files for line, text in private_reads(p)]
    assert bad == [], "\n".join(bad)


def test_the_private_scan_would_notice(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from nbgraph.engine.session import _default_session_stack\n"
                     "def f(sess, self):\n    self._ok = sess._ctx\n    return sess.__class__\n")
    found = [text for _, text in private_reads(probe)]
    assert found == ["from nbgraph.engine.session import _default_session_stack", "sess._ctx"]
