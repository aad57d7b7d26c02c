"""`tf.contrib.eager` (imported as `tfe` in TF 1.x eager tutorials): nbgraph/eager's names under
TF 1.15's contrib spellings."""
from __future__ import annotations

from ..eager import (GradientTape, Iterator, enable_eager_execution, gradients_function,  # noqa: F401
                     implicit_gradients, implicit_value_and_gradients, value_and_gradients_function)
from ..engine.graph import executing_eagerly as in_eager_mode  # noqa: F401
from ..engine.variables import Variable  # noqa: F401  (an eager variable while eager execution is on)

executing_eagerly = in_eager_mode


def in_graph_mode() -> bool:
    return not in_eager_mode()


def num_gpus() -> int:
    """Eager code asks this to choose a device; nbgraph's eager ops run on the CPU."""
    return 0


def defun(func=None, input_signature=None, autograph=True):
    """`tfe.defun(f)` traces `f` into a graph function in TF for speed; here eager ops are already
    numpy calls, so `f` runs as written (same values, same gradients)."""
    if func is None:
        return lambda f: f
    return func
