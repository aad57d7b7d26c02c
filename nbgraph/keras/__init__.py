"""`tf.keras` as TF 1.15 offers it in graph mode: layers that make real graph variables, the
Sequential and functional models, `compile`/`fit`/`evaluate`/`predict` run by `K.get_session()`,
and the backend, losses, metrics, optimizers, callbacks, utils and datasets modules lessons use."""
from __future__ import annotations

import types as _types

from . import activations, backend, callbacks, datasets, initializers, layers, losses, metrics  # noqa: F401
from . import optimizers, regularizers, utils  # noqa: F401
from .base_layer import Input  # noqa: F401
from .network import Model, Sequential  # noqa: F401

models = _types.ModuleType("nbgraph.keras.models", "tf.keras.models")
models.Model, models.Sequential = Model, Sequential


def _needs_h5py(*args, **kwargs):
    raise ImportError("`load_model`/`save_model` require h5py. (nbgraph: use `model.save_weights(path)` and "
                      "`model.load_weights(path)`, TF's checkpoint format, and build the model in code.)")


models.load_model = models.save_model = _needs_h5py

__version__ = "2.2.4-tf"
