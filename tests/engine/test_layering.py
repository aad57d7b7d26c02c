"""The layers point one way (ARCHITECTURE.md), checked on the source text (AST), not by importing:
- no module of the engine core (everything under `nbgraph/engine/` outside `ops/`) imports the
  op catalogue `nbgraph.engine.ops`;
(the layers above the engine are checked in tests/test_layers.py)."""
from __future__ import annotations

import ast
import pathlib

import pytest

PKG = pathlib.Path(__file__).resolve().parents[2] / "nbgraph"


def _modules(folder: pathlib.Path):
    return sorted(folder.rglob("*.py"))


def _dotted(path: pathlib.Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: pathlib.Path, package: str | None = None) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in `path`, wherever it is (module level or
    inside a function); `from X import y` also yields `X.y` (y may be a submodule). `package`:
    the package relative imports start from (default: the file's own, inside nbgraph/)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if package is None:
        package = _dotted(path).rsplit(".", 1)[0] if path.name != "__init__.py" else _dotted(path)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module
            out.append((node.lineno, mod))
            out += [(node.lineno, f"{mod}.{a.name}") for a in node.names]
    return out


def _is_under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


CORE = [p for p in _modules(PKG / "engine") if "ops" not in p.relative_to(PKG / "engine").parts[:1]]


def test_the_scan_sees_the_core_and_its_imports():
    names = {p.name for p in CORE}
    assert {"executor.py", "tensor.py", "variables.py", "convert.py", "__init__.py"} <= names
    assert not any("ops" in p.relative_to(PKG / "engine").parts[:-1] for p in CORE)
    ops_init = PKG / "engine" / "ops" / "__init__.py"
    assert any(_is_under(m, "nbgraph.engine.ops.array_ops") for _, m in imported_modules(ops_init))


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(PKG)))
def test_the_engine_core_never_imports_the_op_catalogue(path):
    bad = [(line, m) for line, m in imported_modules(path) if _is_under(m, "nbgraph.engine.ops")]
    assert bad == [], f"{path.relative_to(PKG)} imports the op catalogue: {bad}"


def test_the_import_scan_would_notice(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from .ops.common import KernelError\n    from . import ops\n")
    found = [m for _, m in imported_modules(probe, "nbgraph.engine")]
    assert "nbgraph.engine.ops.common" in found and "nbgraph.engine.ops" in found
