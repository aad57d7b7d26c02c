"""`tf.keras.losses`: Keras's per-sample loss functions as TF 1.15 computes them (the cross
entropies take the logits back from a Softmax/Sigmoid output op, else clip by `epsilon`), their
short names (`mse`, `mae`...) and `get`, which names an unknown loss in its error."""
from __future__ import annotations

from typing import Callable

import nbgraph as tf

from . import backend as K


def mean_squared_error(y_true, y_pred):
    return tf.reduce_mean(tf.squared_difference(y_pred, tf.cast(y_true, y_pred.dtype)), axis=-1)


def mean_absolute_error(y_true, y_pred):
    return tf.reduce_mean(tf.abs(y_pred - tf.cast(y_true, y_pred.dtype)), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    y_true = tf.cast(y_true, y_pred.dtype)
    diff = tf.abs((y_true - y_pred) / tf.maximum(tf.abs(y_true), K.epsilon()))
    return 100.0 * tf.reduce_mean(diff, axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    y_true = tf.cast(y_true, y_pred.dtype)
    a = tf.log(tf.maximum(y_pred, K.epsilon()) + 1.0)
    b = tf.log(tf.maximum(y_true, K.epsilon()) + 1.0)
    return tf.reduce_mean(tf.squared_difference(a, b), axis=-1)


def _logits_of(output, op_type):
    return output.op.inputs[0] if getattr(output, "op", None) is not None and output.op.type == op_type else None


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0):
    y_true = tf.cast(y_true, y_pred.dtype)
    if not from_logits:
        logits = _logits_of(y_pred, "Softmax")
        if logits is None:
            output = y_pred / tf.reduce_sum(y_pred, axis=-1, keepdims=True)
            output = tf.clip_by_value(output, K.epsilon(), 1.0 - K.epsilon())
            return -tf.reduce_sum(y_true * tf.log(output), axis=-1)
        y_pred = logits
    return tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_true, logits=y_pred)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, axis=-1):
    logits = y_pred
    if not from_logits:
        logits = _logits_of(y_pred, "Softmax")
        if logits is None:
            logits = tf.log(tf.clip_by_value(y_pred, K.epsilon(), 1.0 - K.epsilon()))
    labels = tf.cast(tf.reshape(y_true, [-1]), tf.int64)
    n_classes = logits.get_shape().as_list()[-1]
    flat = tf.reshape(logits, [-1, n_classes])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=flat)
    if logits.get_shape().ndims > 2:
        loss = tf.reshape(loss, tf.shape(logits)[:-1])
    return loss


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0):
    y_true = tf.cast(y_true, y_pred.dtype)
    logits = y_pred
    if not from_logits:
        logits = _logits_of(y_pred, "Sigmoid")
        if logits is None:
            p = tf.clip_by_value(y_pred, K.epsilon(), 1.0 - K.epsilon())
            logits = tf.log(p / (1.0 - p))
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y_true, logits=logits), axis=-1)


def hinge(y_true, y_pred):
    y_true = tf.cast(y_true, y_pred.dtype)
    return tf.reduce_mean(tf.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


def squared_hinge(y_true, y_pred):
    y_true = tf.cast(y_true, y_pred.dtype)
    return tf.reduce_mean(tf.square(tf.maximum(1.0 - y_true * y_pred, 0.0)), axis=-1)


def kullback_leibler_divergence(y_true, y_pred):
    y_true = tf.clip_by_value(tf.cast(y_true, y_pred.dtype), K.epsilon(), 1.0)
    y_pred = tf.clip_by_value(y_pred, K.epsilon(), 1.0)
    return tf.reduce_sum(y_true * tf.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    return tf.reduce_mean(y_pred - tf.cast(y_true, y_pred.dtype) * tf.log(y_pred + K.epsilon()), axis=-1)


def cosine_similarity(y_true, y_pred, axis=-1):
    y_true = tf.nn.l2_normalize(tf.cast(y_true, y_pred.dtype), axis)
    y_pred = tf.nn.l2_normalize(y_pred, axis)
    return -tf.reduce_sum(y_true * y_pred, axis=axis)


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence
cosine_proximity = cosine = cosine_similarity

_BY_NAME = {f.__name__: f for f in (mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
                                   mean_squared_logarithmic_error, categorical_crossentropy,
                                   sparse_categorical_crossentropy, binary_crossentropy, hinge, squared_hinge,
                                   kullback_leibler_divergence, poisson, cosine_similarity)}
_BY_NAME.update(mse=mse, MSE=mse, mae=mae, MAE=mae, mape=mape, MAPE=mape, msle=msle, MSLE=msle, kld=kld,
                KLD=kld, cosine_proximity=cosine_similarity, cosine=cosine_similarity)


def get(identifier) -> Callable:
    if callable(identifier):
        return identifier
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Unknown loss function:{identifier}")
        return _BY_NAME[identifier]
    raise ValueError(f"Could not interpret loss function identifier: {identifier}")


def serialize(loss) -> str:
    return getattr(loss, "__name__", str(loss))


def deserialize(name: str) -> Callable:
    return get(name)
