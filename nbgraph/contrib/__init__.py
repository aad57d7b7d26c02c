"""`tf.contrib`, the parts TF 1.x teaching code leans on: `contrib.layers` (the regularizers,
`xavier_initializer`, `variance_scaling_initializer`, `fully_connected`, `flatten`,
`apply_regularization`), `contrib.rnn` (the cells of `tf.nn.rnn_cell`, `static_rnn`),
`contrib.lookup` (hash and index tables), `contrib.eager` (tfe),
`contrib.tensorboard.plugins.projector` and `contrib.learn.datasets` (MNIST). Other contrib modules (slim, ...) are TF 1.x extras
nbgraph does not carry; using one says so."""
from __future__ import annotations

import importlib

__all__ = ["layers", "rnn", "lookup", "tensorboard", "eager", "learn"]

_MODULES = {"layers": ".layers", "rnn": ".rnn", "lookup": ".lookup", "tensorboard": ".tensorboard",
            "eager": ".eager",  # tf.contrib.eager (tfe): nbgraph/eager
            "learn": ".learn"}  # only tf.contrib.learn.datasets (load_dataset('mnist'))


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
                         f"tf.contrib.layers, rnn, lookup, eager, learn.datasets and tensorboard.plugins.projector; not "
                         f"tf.contrib.{name})")
