"""`Optimizer.compute_gradients` / `minimize` with eager execution on (TF 1.15's eager branch):
the loss is a function, run under a `GradientTape`; the variables are the ones given or, when
none are, the trainable variables the loss read."""
from __future__ import annotations

from typing import Callable

from .tape import GradientTape, _flatten

__all__ = ["compute_gradients"]


def compute_gradients(loss: Callable, var_list=None, grad_loss=None) -> list:
    """[(gradient, variable)] for `loss()`; TF's errors for a tensor loss and for no variables."""
    if not callable(loss):
        raise RuntimeError("`loss` passed to Optimizer.compute_gradients should be a function when eager "
                           "execution is enabled.")
    with GradientTape() as tape:
        if var_list is not None:
            var_list = _flatten(var_list)
            tape.watch(var_list)
        loss_value = loss()
    if var_list is None:
        var_list = list(tape.watched_variables())
    if not var_list:
        raise ValueError("No variables to optimize.")
    grads = tape.gradient(loss_value, var_list, grad_loss)
    return list(zip(grads, var_list))
