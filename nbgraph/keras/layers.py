"""`tf.keras.layers`: every Keras layer nbgraph has, under TF's names."""
from __future__ import annotations

from .base_layer import Input, InputLayer, Layer  # noqa: F401
from .layers_conv import *  # noqa: F401,F403
from .layers_core import *  # noqa: F401,F403
from .layers_rnn import *  # noqa: F401,F403
from .layers_more import *  # noqa: F401,F403
