"""`import tensorflow as tf` -> nbgraph, switchable: `%nbgraph alias tensorflow on|off`.

Turning it on puts nbgraph into `sys.modules` under `tensorflow`, `tensorflow.compat` and
`tensorflow.compat.v1`, and the `tensorflow.python.*` module paths lessons import
(`from tensorflow.python.framework import ops`, see nbgraph/tf_paths.py); any other
`tensorflow.x.y` (`from tensorflow.contrib import rnn`, `import tensorflow.contrib.slim as slim`)
is the module `nbgraph.x.y` is as an attribute, found by a finder at the head of
`sys.meta_path` (without it Python would load nbgraph's files a second time under `tensorflow.`
names, a second engine whose tensors the first does not know). Turning it off restores exactly
what was there before (a real TensorFlow, or nothing)."""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types

_NAMES = ("tensorflow", "tensorflow.compat", "tensorflow.compat.v1")
_NOTF = "tensorboard.compat.notf"
_saved: dict | None = None


class _Loader(importlib.abc.Loader):
    """Hands back an existing nbgraph module for a `tensorflow.` name."""

    def __init__(self, module: types.ModuleType):
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


class _Finder(importlib.abc.MetaPathFinder):
    """`tensorflow.a.b` -> the module `nbgraph.a.b` is (an attribute chain, else a submodule)."""

    def find_spec(self, fullname, path=None, target=None):
        if _saved is None or not fullname.startswith("tensorflow."):
            return None
        import nbgraph
        module = nbgraph
        for part in fullname.split(".")[1:]:
            module = getattr(module, part, None)
            if not isinstance(module, types.ModuleType):
                module = None
                break
        if module is None:
            inner = "nbgraph" + fullname[len("tensorflow"):]
            try:
                module = importlib.import_module(inner)
            except ModuleNotFoundError:
                raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname) from None
        _saved.setdefault(fullname, None)  # `off` takes it out of sys.modules again
        return importlib.util.spec_from_loader(fullname, _Loader(module))


_FINDER = _Finder()


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
    nbgraph.python = paths["tensorflow.python"]  # `import tensorflow.python.x` reads tensorflow.python
    nbgraph.examples = paths["tensorflow.examples"]
    # TensorBoard imports `tensorflow` for its own file I/O unless `tensorboard.compat.notf`
    # exists; with the alias on that would be nbgraph, so point it at its built-in stub
    _saved.setdefault(_NOTF, sys.modules.get(_NOTF))
    sys.modules.setdefault(_NOTF, types.ModuleType(_NOTF))
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    return real


def disable() -> None:
    global _saved
    if _saved is None:
        return
    import nbgraph
    nbgraph.__dict__.pop("python", None)
    nbgraph.__dict__.pop("examples", None)
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
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
