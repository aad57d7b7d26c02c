"""`tf.contrib`, the parts TF 1.x teaching code leans on: `contrib.layers` (the regularizers,
`xavier_initializer`, `variance_scaling_initializer`, `fully_connected`, `flatten`,
`apply_regularization`), `contrib.rnn` (the cells of `tf.nn.rnn_cell`, `static_rnn`),
`contrib.lookup` (hash and index tables), `contrib.eager` (tfe) and
`contrib.tensorboard.plugins.projector`. Other contrib modules (slim, learn, ...) are TF 1.x extras
nbgraph does not carry; using one says so."""
from __future__ import annotations

import importlib

__all__ = ["layers", "rnn", "lookup", "tensorboard", "eager"]

_MODULES = {"layers": ".layers", "rnn": ".rnn", "lookup": ".lookup", "tensorboard": ".tensorboard",
            "eager": ".eager"}  # tf.contrib.eager (tfe): nbgraph/eager


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
                         f"tf.contrib.layers, rnn, lookup, eager and tensorboard.plugins.projector; not "
                         f"tf.contrib.{name})")
