"""`tf.keras.regularizers`: `l1`, `l2`, `l1_l2` (a weight's penalty, added to the model's loss)."""
from __future__ import annotations

import nbgraph as tf


class Regularizer:
    def __call__(self, x):
        return 0.0


class L1L2(Regularizer):
    def __init__(self, l1=0.0, l2=0.0):
        self.l1, self.l2 = float(l1), float(l2)

    def __call__(self, x):
        total = None
        if self.l1:
            total = self.l1 * tf.reduce_sum(tf.abs(x))
        if self.l2:
            term = self.l2 * tf.reduce_sum(tf.square(x))
            total = term if total is None else total + term
        return total if total is not None else tf.constant(0.0)


def l1(l=0.01):  # noqa: E741 - Keras's argument name
    return L1L2(l1=l)


def l2(l=0.01):  # noqa: E741
    return L1L2(l2=l)


def l1_l2(l1=0.01, l2=0.01):
    return L1L2(l1=l1, l2=l2)


def get(identifier):
    if identifier is None or callable(identifier):
        return identifier
    table = {"l1": l1, "l2": l2, "l1_l2": l1_l2}
    if identifier in table:
        return table[identifier]()
    raise ValueError(f"Could not interpret regularizer identifier: {identifier}")
