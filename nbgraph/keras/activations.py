"""`tf.keras.activations`: the activation functions by their Keras names, and `get` (a name, a
callable or None) as layers resolve their `activation=` argument."""
from __future__ import annotations

from typing import Callable

import nbgraph as tf


def linear(x):
    return x


def relu(x, alpha=0.0, max_value=None, threshold=0):
    if alpha == 0 and max_value is None and threshold == 0:
        return tf.nn.relu(x)
    if alpha == 0 and max_value == 6 and threshold == 0:
        return tf.nn.relu6(x)
    y = tf.nn.relu(x) if alpha == 0 else tf.nn.leaky_relu(x, alpha=alpha)
    return y if max_value is None else tf.minimum(y, max_value)


def softmax(x, axis=-1):
    ndim = x.get_shape().ndims
    if ndim == 1:
        raise ValueError("Cannot apply softmax to a tensor that is 1D. Received input: " + str(x))
    return tf.nn.softmax(x, axis=axis)


def sigmoid(x):
    return tf.nn.sigmoid(x)


def tanh(x):
    return tf.nn.tanh(x)


def elu(x, alpha=1.0):
    return tf.nn.elu(x)


def selu(x):
    return tf.nn.selu(x)


def softplus(x):
    return tf.nn.softplus(x)


def softsign(x):
    return tf.nn.softsign(x)


def exponential(x):
    return tf.exp(x)


def hard_sigmoid(x):
    return tf.clip_by_value(x * 0.2 + 0.5, 0.0, 1.0)


_BY_NAME = {f.__name__: f for f in (linear, relu, softmax, sigmoid, tanh, elu, selu, softplus, softsign,
                                   exponential, hard_sigmoid)}


def serialize(activation) -> str:
    return getattr(activation, "__name__", str(activation))


def deserialize(name: str) -> Callable:
    if name not in _BY_NAME:
        raise ValueError(f"Unknown activation function:{name}")
    return _BY_NAME[name]


def get(identifier) -> Callable:
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret activation function identifier: {identifier}")
