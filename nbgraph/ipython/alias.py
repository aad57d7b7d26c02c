"""`import tensorflow as tf` -> nbgraph, switchable: `%nbgraph alias tensorflow on|off`.

Turning it on puts nbgraph into `sys.modules` under `tensorflow`, `tensorflow.compat` and
`tensorflow.compat.v1`, and the `tensorflow.python.*` module paths lessons import
(`from tensorflow.python.framework import ops`, see nbgraph/tf_paths.py); turning it off
restores exactly what was there before (a real TensorFlow, or nothing)."""
from __future__ import annotations

import sys
import types

_NAMES = ("tensorflow", "tensorflow.compat", "tensorflow.compat.v1")
_NOTF = "tensorboard.compat.notf"
_saved: dict | None = None


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
    return real


def disable() -> None:
    global _saved
    if _saved is None:
        return
    import nbgraph
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
