"""`tf.contrib.layers.optimize_loss` as TF 1.15 builds it: under the `OptimizeLoss` variable
scope, the learning rate as a non-trainable variable `OptimizeLoss/learning_rate` (when given as
a number), the optimizer chosen by name ("SGD", "Adam", "Adagrad", "Momentum", "RMSProp"), by class,
by instance or by a function of the learning rate; optional gradient noise, multipliers and
clipping; the `loss`, `learning_rate` and `global_norm/gradient_norm` summaries; and a train
tensor that returns the loss once the update (and the UPDATE_OPS) have run."""
from __future__ import annotations

import numbers

from ..engine.graph import GraphKeys, get_default_graph
from ..engine.variables import get_variable, trainable_variables, variable_scope

__all__ = ["optimize_loss", "OPTIMIZER_CLS_NAMES", "OPTIMIZER_SUMMARIES"]

OPTIMIZER_SUMMARIES = ["learning_rate", "loss", "gradients", "gradient_norm", "global_gradient_norm"]


def _optimizer_classes() -> dict:
    from .. import train
    classes = {"Adagrad": train.AdagradOptimizer, "Adam": train.AdamOptimizer,
               "Momentum": lambda learning_rate: train.MomentumOptimizer(learning_rate, momentum=0.9),
               "RMSProp": train.RMSPropOptimizer, "SGD": train.GradientDescentOptimizer}
    try:
        classes["Ftrl"] = train.FtrlOptimizer
    except AttributeError:
        pass  # a build without tf.train.FtrlOptimizer: "Ftrl" is refused by name
    return classes


OPTIMIZER_CLS_NAMES = ("Adagrad", "Adam", "Ftrl", "Momentum", "RMSProp", "SGD")


def optimize_loss(loss, global_step, learning_rate, optimizer, gradient_noise_scale=None, gradient_multipliers=None,
                  clip_gradients=None, learning_rate_decay_fn=None, update_ops=None, variables=None, name=None,
                  summaries=None, colocate_gradients_with_ops=False, increment_global_step=True):
    """The training op for `loss`: the loss value, computed after one optimizer step."""
    from .. import summary
    from ..engine.convert import convert_to_tensor
    from ..engine.ops import clip_ops
    from ..engine.ops.control_ops import with_dependencies
    from ..engine.ops.random_ops import random_normal
    from ..engine.ops.math_ops import multiply
    from ..train import Optimizer
    from ..train.learning_rate import assert_global_step, get_global_step
    loss = convert_to_tensor(loss)
    if global_step is None:
        global_step = get_global_step()
    else:
        assert_global_step(global_step)
    with variable_scope(name, "OptimizeLoss", [loss, global_step]):
        g = get_default_graph()
        if update_ops is None:
            update_ops = set(g.get_collection(GraphKeys.UPDATE_OPS))
        if update_ops:
            loss = with_dependencies(list(update_ops), loss)
        lr = None
        if learning_rate is not None:
            if hasattr(learning_rate, "_op") and learning_rate.get_shape().ndims == 0:
                lr = learning_rate
            elif isinstance(learning_rate, numbers.Real):
                if learning_rate < 0.0:
                    raise ValueError(f"Invalid learning_rate {learning_rate}.")
                from ..engine.initializers import constant_initializer
                lr = get_variable("learning_rate", [], trainable=False,
                                  initializer=constant_initializer(learning_rate))
            else:
                raise ValueError("Learning rate should be 0d Tensor or float. Got %s of type %s"
                                 % (str(learning_rate), str(type(learning_rate))))
        summaries = ["loss", "learning_rate", "global_gradient_norm"] if summaries is None else summaries
        for s in summaries:
            if s not in OPTIMIZER_SUMMARIES:
                raise ValueError(f"Summaries should be one of [{', '.join(OPTIMIZER_SUMMARIES)}], you provided {s}.")
        if learning_rate is not None and learning_rate_decay_fn is not None:
            if global_step is None:
                raise ValueError("global_step is required for learning_rate_decay_fn.")
            lr = learning_rate_decay_fn(lr, global_step)
            if "learning_rate" in summaries:
                summary.scalar("learning_rate", lr)
        classes = _optimizer_classes()
        if isinstance(optimizer, str):
            if lr is None:
                raise ValueError(f"Learning rate is None, but should be specified if optimizer is string ({optimizer}).")
            if optimizer not in classes:
                raise ValueError("Optimizer name should be one of [%s], you provided %s."
                                 % (", ".join(OPTIMIZER_CLS_NAMES), optimizer))
            opt = classes[optimizer](learning_rate=lr)
        elif isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
            if lr is None:
                raise ValueError(f"Learning rate is None, but should be specified if optimizer is class ({optimizer}).")
            opt = optimizer(learning_rate=lr)
        elif isinstance(optimizer, Optimizer):
            opt = optimizer
        elif callable(optimizer):
            opt = optimizer(lr) if learning_rate is not None else optimizer()
            if not isinstance(opt, Optimizer):
                raise ValueError(f"Unrecognized optimizer: function should return subclass of Optimizer. Got {opt}.")
        else:
            raise ValueError("Unrecognized optimizer: should be string, subclass of Optimizer, instance of "
                             f"subclass of Optimizer or function with one argument. Got {optimizer}.")
        if variables is None:
            variables = trainable_variables()
        gradients = opt.compute_gradients(loss, variables,
                                          colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gradient_noise_scale is not None:
            gradients = [(None if gr is None else gr + multiply(random_normal(gr.shape), gradient_noise_scale), v)
                         for gr, v in gradients]
        if gradient_multipliers is not None:
            gradients = [(gr if gr is None or (v not in gradient_multipliers and v.name not in gradient_multipliers)
                          else gr * gradient_multipliers.get(v, gradient_multipliers.get(v.name)), v)
                         for gr, v in gradients]
        if "global_gradient_norm" in summaries or "gradient_norm" in summaries:
            summary.scalar("global_norm/gradient_norm", clip_ops.global_norm([gr for gr, _ in gradients
                                                                                if gr is not None]))
        if isinstance(clip_gradients, numbers.Real):
            grads = [gr for gr, _ in gradients]
            clipped, _ = clip_ops.clip_by_global_norm(grads, clip_gradients)
            gradients = list(zip(clipped, [v for _, v in gradients]))
        elif callable(clip_gradients):
            gradients = clip_gradients(gradients)
        elif clip_gradients is not None:
            raise ValueError(f"Unknown type {type(clip_gradients)} for clip_gradients")
        if "loss" in summaries:
            summary.scalar("loss", loss)
        if lr is not None and "learning_rate" in summaries and learning_rate_decay_fn is None:
            summary.scalar("learning_rate", lr)
        grad_updates = opt.apply_gradients(gradients, global_step=global_step if increment_global_step else None,
                                           name="train")
        return with_dependencies([grad_updates], loss)
