"""`tf.keras.metrics`: the per-sample metric functions Keras averages over an epoch (accuracy in
its binary/categorical/sparse forms, and the losses), and how TF 1.15 resolves and names a
compile-time metric (`'accuracy'`/`'acc'` -> `acc`, `'mae'` -> `mean_absolute_error`)."""
from __future__ import annotations

from typing import Callable

import nbgraph as tf

from . import losses as _losses
from .losses import (binary_crossentropy, categorical_crossentropy, cosine_similarity,  # noqa: F401
                     hinge, kullback_leibler_divergence, mean_absolute_error, mean_absolute_percentage_error,
                     mean_squared_error, mean_squared_logarithmic_error, poisson, sparse_categorical_crossentropy,
                     squared_hinge)


def binary_accuracy(y_true, y_pred, threshold=0.5):
    y_pred_b = tf.cast(y_pred > threshold, y_pred.dtype)
    return tf.reduce_mean(tf.cast(tf.equal(tf.cast(y_true, y_pred.dtype), y_pred_b), tf.float32), axis=-1)


def categorical_accuracy(y_true, y_pred):
    return tf.cast(tf.equal(tf.argmax(y_true, axis=-1), tf.argmax(y_pred, axis=-1)), tf.float32)


def sparse_categorical_accuracy(y_true, y_pred):
    if y_true.get_shape().ndims is not None and y_true.get_shape().ndims == y_pred.get_shape().ndims:
        y_true = tf.squeeze(y_true, [-1])
    pred = tf.cast(tf.argmax(y_pred, axis=-1), tf.float32)
    return tf.cast(tf.equal(tf.cast(y_true, tf.float32), pred), tf.float32)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    return tf.cast(tf.nn.in_top_k(y_pred, tf.argmax(y_true, axis=-1), k), tf.float32)


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
cosine = cosine_similarity
accuracy = categorical_accuracy

_BY_NAME = {f.__name__: f for f in (binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
                                   top_k_categorical_accuracy)}


def get(identifier) -> Callable:
    if callable(identifier):
        return identifier
    if isinstance(identifier, str):
        if identifier in _BY_NAME:
            return _BY_NAME[identifier]
        try:
            return _losses.get(identifier)
        except ValueError:
            raise ValueError(f"Unknown metric function:{identifier}") from None
    raise ValueError(f"Could not interpret metric function identifier: {identifier}")


def resolve(metric, loss_fn, output, target_ndim) -> tuple[str, Callable]:
    """(history name, per-sample function) for one compile-time metric, as TF 1.15 picks them."""
    if metric in ("accuracy", "acc"):
        shape = output.get_shape().as_list()
        if loss_fn is _losses.sparse_categorical_crossentropy:
            return "acc", sparse_categorical_accuracy
        if shape[-1] == 1 or loss_fn is _losses.binary_crossentropy:
            return "acc", binary_accuracy
        return "acc", categorical_accuracy
    fn = get(metric)
    return getattr(fn, "name", None) or fn.__name__, fn
