"""`import tensorflow as tf` -> nbgraph, switchable: `%nbgraph alias tensorflow on|off`.

Turning it on puts nbgraph into `sys.modules` under `tensorflow`, `tensorflow.compat` and
`tensorflow.compat.v1`, and the `tensorflow.python.*` module paths lessons import
(`from tensorflow.python.framework import ops`, see nbgraph/tf_paths.py); turning it off
restores exactly what was there before (a real TensorFlow, or nothing).

A dotted import of one of nbgraph's own packages under TensorFlow's name
(`from tensorflow.contrib import rnn`, `import tensorflow.contrib.layers`) is answered with the
`nbgraph.*` module itself, never a second copy of it loaded under `tensorflow.*` (a copy would
bring its own engine, whose tensors the first one cannot use)."""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types

_NAMES = ("tensorflow", "tensorflow.compat", "tensorflow.compat.v1")
_NOTF = "tensorboard.compat.notf"
_saved: dict | None = None


class _NbgraphFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds `tensorflow.X.Y` as the already-imported module `nbgraph.X.Y`, or as the namespace
    module nbgraph keeps at that attribute path (`tensorflow.nn`, `tensorflow.nn.rnn_cell`)."""

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith("tensorflow.") or sys.modules.get("tensorflow") is None:
            return None
        if getattr(sys.modules["tensorflow"], "__name__", None) != "nbgraph":
            return None
        module = _resolve(fullname)
        if module is None:
            return None  # not one of nbgraph's modules: "No module named 'tensorflow.…'"
        return importlib.util.spec_from_loader(fullname, self, origin=getattr(module, "__file__", None))

    def create_module(self, spec):
        return _resolve(spec.name)

    def exec_module(self, module):
        pass  # already executed, as `nbgraph.…`


def _resolve(fullname: str):
    rest = fullname[len("tensorflow."):]
    name = "nbgraph." + rest
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name is None or not (name == e.name or name.startswith(e.name + ".")):
            raise
    import nbgraph
    obj = nbgraph
    for part in rest.split("."):
        obj = getattr(obj, part, None)
    return obj if isinstance(obj, types.ModuleType) else None


_FINDER = _NbgraphFinder()


def is_on() -> bool:
    return _saved is not None


def enable() -> bool:
    """Returns True if a real TensorFlow was already imported (it is shadowed until off)."""
    global _saved
    import nbgraph
    from nbgraph import tf_paths
    paths = tf_paths.modules()
    if _saved is None:
        _saved = {n: sys.modules.get(n) for n in _NAMES + tuple(paths)}
    real = any(m is not None and m is not nbgraph and not getattr(m, "_nbgraph_alias", False)
               for m in _saved.values())
    sys.modules["tensorflow"] = nbgraph
    sys.modules["tensorflow.compat"] = nbgraph.compat
    sys.modules["tensorflow.compat.v1"] = nbgraph
    sys.modules.update(paths)
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    nbgraph.python = paths["tensorflow.python"]  # `import tensorflow.python.x` reads tensorflow.python
    nbgraph.examples = paths["tensorflow.examples"]
    # TensorBoard imports `tensorflow` for its own file I/O unless `tensorboard.compat.notf`
    # exists; with the alias on that would be nbgraph, so point it at its built-in stub
    _saved.setdefault(_NOTF, sys.modules.get(_NOTF))
    sys.modules.setdefault(_NOTF, types.ModuleType(_NOTF))
    return real


def disable() -> None:
    global _saved
    if _saved is None:
        return
    import nbgraph
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
    for name in [n for n, m in sys.modules.items() if n.startswith("tensorflow.") and n not in _saved
                 and getattr(m, "__name__", "").startswith("nbgraph")]:
        del sys.modules[name]  # what the finder answered
    nbgraph.__dict__.pop("python", None)
    nbgraph.__dict__.pop("examples", None)
    for name, mod in _saved.items():
        if mod is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = mod
    _saved = None


def real_tensorflow_installed() -> bool:
    import importlib.util
    saved = {n: sys.modules.pop(n) for n in _NAMES if n in sys.modules} if is_on() else {}
    try:
        return importlib.util.find_spec("tensorflow") is not None
    except (ImportError, ValueError):
        return False
    finally:
        sys.modules.update(saved)
