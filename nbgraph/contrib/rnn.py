"""`tf.contrib.rnn`: the RNN cells and builders TF 1.x books import from contrib, the same
classes as `tf.nn.rnn_cell` (TF 1.15 aliases them too)."""
from __future__ import annotations

from ..rnn import (BasicLSTMCell, BasicRNNCell, DropoutWrapper, GRUCell, LSTMCell, LSTMStateTuple,  # noqa: F401
                   MultiRNNCell, RNNCell, static_bidirectional_rnn, static_rnn)

__all__ = ["RNNCell", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell", "MultiRNNCell", "DropoutWrapper",
           "LSTMStateTuple", "static_rnn", "static_bidirectional_rnn"]
