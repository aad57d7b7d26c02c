"""`tf.losses`: the TF 1.15 loss functions, `Reduction`, and the loss collections
(`add_loss`, `get_losses`, `get_total_loss`, `get_regularization_losses`...)."""
from __future__ import annotations

from ..engine.graph import GraphKeys, get_default_graph
from ..engine.ops.array_ops import constant
from ..engine.ops.nn_ops import add_n
from .losses_impl import (Reduction, absolute_difference, add_loss, compute_weighted_loss,  # noqa: F401
                          hinge_loss, huber_loss, log_loss, mean_squared_error, sigmoid_cross_entropy,
                          softmax_cross_entropy, sparse_softmax_cross_entropy)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES) -> list:
    return get_default_graph().get_collection(loss_collection, scope)


def get_regularization_losses(scope=None) -> list:
    return get_default_graph().get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """The sum of the regularization losses (`add_n`), or a constant 0.0 when there are none."""
    losses = get_regularization_losses(scope)
    if losses:
        return add_n(losses, name=name)
    return constant(0.0)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    """`add_n` of the losses collection (and the regularization losses)."""
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses += get_regularization_losses(scope=scope)
    return add_n(losses, name=name)
