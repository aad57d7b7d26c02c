"""TF 1.15's cosine learning-rate schedules (`cosine_decay`, `cosine_decay_restarts`,
`linear_cosine_decay`, `noisy_linear_cosine_decay`): the ops TF's learning_rate_schedule classes build
when called on the global step, in their name scopes (`CosineDecay/`, `SGDRDecay/`, ...)."""
from __future__ import annotations

import math

from ..engine.convert import convert_to_tensor
from ..engine.graph import get_default_graph
from ..engine.ops import math_ops as _m
from ..engine.ops.array_ops import constant
from ..engine.ops.control_flow_ops import cond
from .learning_rate import _cast


def _need_step(global_step, what: str) -> None:
    if global_step is None:
        raise ValueError(f"{what} requires global_step")

__all__ = ["cosine_decay", "cosine_decay_restarts", "linear_cosine_decay", "noisy_linear_cosine_decay"]


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """lr * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)."""
    _need_step(global_step, "cosine decay")
    with get_default_graph().name_scope(name or "CosineDecay"):
        lr = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = lr.dtype.base_dtype
        steps = _cast(decay_steps, dtype)
        step = _m.minimum(_cast(global_step, dtype), steps)
        completed = step / steps
        cosine_decayed = 0.5 * (1.0 + _m.cos(constant(math.pi) * completed))
        decayed = (1 - alpha) * cosine_decayed + alpha
        return _m.multiply(lr, decayed)


def cosine_decay_restarts(learning_rate, global_step, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0,
                          name=None):
    """SGDR: cosine decay restarting every period (periods scaled by t_mul, peaks by m_mul)."""
    _need_step(global_step, "cosine decay restarts")
    with get_default_graph().name_scope(name or "SGDRDecay") as scope:
        lr = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = lr.dtype.base_dtype
        first = _cast(first_decay_steps, dtype)
        alpha_t, t_mul_t, m_mul_t = _cast(alpha, dtype), _cast(t_mul, dtype), _cast(m_mul, dtype)
        completed = _cast(global_step, dtype) / first

        def compute_step(completed, geometric=False):
            if geometric:
                i_restart = _m.floor(_m.log(1.0 - completed * (1.0 - t_mul_t)) / _m.log(t_mul_t))
                sum_r = (1.0 - t_mul_t ** i_restart) / (1.0 - t_mul_t)
                completed = (completed - sum_r) / t_mul_t ** i_restart
            else:
                i_restart = _m.floor(completed)
                completed -= i_restart
            return i_restart, completed

        i_restart, completed = cond(_m.equal(t_mul_t, 1.0), lambda: compute_step(completed, geometric=False),
                                    lambda: compute_step(completed, geometric=True))
        m_fac = m_mul_t ** i_restart
        cosine_decayed = 0.5 * m_fac * (1.0 + _m.cos(constant(math.pi) * completed))
        decayed = (1 - alpha_t) * cosine_decayed + alpha_t
        return _m.multiply(lr, decayed, name=scope)


def _linear_cosine(learning_rate, global_step, decay_steps, num_periods, alpha, beta, name, default, noise):
    with get_default_graph().name_scope(name or default) as scope:
        lr = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = lr.dtype.base_dtype
        steps = _cast(decay_steps, dtype)
        extra = [_cast(v, dtype) for v in noise] if noise else []
        periods, alpha_t, beta_t = _cast(num_periods, dtype), _cast(alpha, dtype), _cast(beta, dtype)
        step = _m.minimum(_cast(global_step, dtype), steps)
        linear = (steps - step) / steps
        if noise:
            from ..engine.ops.random_ops import random_normal
            variance = extra[0] / _m.pow(1.0 + step, extra[1])
            std = _m.sqrt(variance)
            linear = linear + random_normal(linear.shape, stddev=std)
        completed = step / steps
        fraction = 2.0 * periods * completed
        cosine_decayed = 0.5 * (1.0 + _m.cos(constant(math.pi) * fraction))
        return _m.multiply(lr, (alpha_t + linear) * cosine_decayed + beta_t, name=scope)


def linear_cosine_decay(learning_rate, global_step, decay_steps, num_periods=0.5, alpha=0.0, beta=0.001,
                        name=None):
    """lr * ((alpha + linear_decay) * cosine_decay + beta), the cosine over num_periods periods."""
    _need_step(global_step, "linear cosine decay")
    return _linear_cosine(learning_rate, global_step, decay_steps, num_periods, alpha, beta, name,
                          "LinearCosineDecay", None)


def noisy_linear_cosine_decay(learning_rate, global_step, decay_steps, initial_variance=1.0, variance_decay=0.55,
                              num_periods=0.5, alpha=0.0, beta=0.001, name=None):
    """linear_cosine_decay with Gaussian noise (variance decaying with the step) on the linear part."""
    _need_step(global_step, "noisy linear cosine decay")
    return _linear_cosine(learning_rate, global_step, decay_steps, num_periods, alpha, beta, name,
                          "NoisyLinearCosineDecay", (initial_variance, variance_decay))
