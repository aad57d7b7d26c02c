"""`tf.contrib`, the parts TF 1.x teaching code leans on: `contrib.layers` (the regularizers,
`xavier_initializer`, `variance_scaling_initializer`, `fully_connected`, `flatten`,
`apply_regularization`) and `contrib.rnn` (the cells of `tf.nn.rnn_cell`, `static_rnn`). Other
contrib modules (slim, learn, ...) are TF 1.x extras nbgraph does not carry; using one says so."""
from __future__ import annotations

import importlib

__all__ = ["layers", "rnn"]

_MODULES = {"layers": ".layers", "rnn": ".rnn"}
_MODULES["eager"] = ".eager"  # tf.contrib.eager (tfe): nbgraph/eager


def __getattr__(name: str):
    if name in _MODULES:
        try:
            return importlib.import_module(_MODULES[name], __name__)
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{name}":
                raise
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"module 'tensorflow.contrib' has no attribute '{name}' (nbgraph implements "
                         f"tf.contrib.layers' regularizers, initializers, fully_connected and flatten, and "
                         f"tf.contrib.rnn's cells; not tf.contrib.{name})")
