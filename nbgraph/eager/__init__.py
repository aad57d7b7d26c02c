"""Eager execution as TF 1.15 offers it: `tf.enable_eager_execution()`, EagerTensor values,
eager variables, `tf.GradientTape` and `tf.contrib.eager` (`tfe`).

Opt-in per process, as in TF: nothing here runs until a program calls
`tf.enable_eager_execution()`; lessons and kernels stay in graph mode. The mechanism is one
graph whose ops run as they are created (context.py); values, variables and tapes sit on it.
"""
from __future__ import annotations

from .context import EagerGraph, eager_enabled, enable_eager_execution
from .data import Iterator
from .tape import (GradientTape, gradients_function, implicit_gradients, implicit_value_and_gradients,
                   value_and_gradients_function)
from .tensor import EagerTensor
from .variables import EagerVariable

__all__ = ["EagerGraph", "EagerTensor", "EagerVariable", "GradientTape", "Iterator", "eager_enabled",
           "enable_eager_execution", "gradients_function", "implicit_gradients", "implicit_value_and_gradients",
           "value_and_gradients_function"]
