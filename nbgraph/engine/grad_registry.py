"""The gradient registry: op type -> gradient function, with TF 1.x's `RegisterGradient` /
`NotDifferentiable` semantics and texts.

A gradient function is `fn(op, *output_grads)` returning one gradient (or None) per input
of `op`. The functions themselves live beside the ops in the catalogue
(`engine/ops/*_grad.py`); this module only keeps the table, so the core (`gradients.py`)
can look them up without importing the catalogue.
"""
from __future__ import annotations

import sys
from typing import Callable

__all__ = ["RegisterGradient", "NotDifferentiable", "no_gradient", "get_gradient_function",
           "registered_gradients"]

# op type -> (function or None for "not differentiable", (file, line, function name))
_GRADIENTS: dict[str, tuple[Callable | None, tuple[str, int, str]]] = {}


def _caller_location(depth: int) -> tuple[str, int, str]:
    f = sys._getframe(depth)
    return f.f_code.co_filename, f.f_lineno, f.f_code.co_name


def _register(fn: Callable | None, op_type: str, where: tuple[str, int, str]) -> None:
    if op_type in _GRADIENTS:
        filename, line, function = _GRADIENTS[op_type][1]
        raise KeyError(f"Registering two gradient with name '{op_type}'! "
                       f"(Previous registration was in {function} {filename}:{line})")
    _GRADIENTS[op_type] = (fn, where)


class RegisterGradient:
    """`@tf.RegisterGradient("OpType")`: registers the decorated `fn(op, *grads)`."""

    def __init__(self, op_type: str):
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type

    def __call__(self, f: Callable) -> Callable:
        code = getattr(f, "__code__", None)
        where = (code.co_filename, code.co_firstlineno, f.__name__) if code else _caller_location(2)
        _register(f, self._op_type, where)
        return f


def NotDifferentiable(op_type: str) -> None:  # noqa: N802 - TF's name
    """Marks `op_type` as having no gradient: backprop stops there with None, no error."""
    if not isinstance(op_type, str):
        raise TypeError("op_type must be a string")
    _register(None, op_type, _caller_location(2))


no_gradient = NotDifferentiable


def get_gradient_function(op) -> Callable | None:
    """The gradient function for `op` (None for an op without inputs or not differentiable);
    `LookupError` when its type has no registration at all."""
    if not op._inputs:
        return None
    op_type = op._attrs.get("_gradient_op_type", op._type)
    if isinstance(op_type, bytes):
        op_type = op_type.decode()
    try:
        return _GRADIENTS[op_type][0]
    except KeyError:
        raise LookupError(f"gradient registry has no entry for: {op_type}") from None


def registered_gradients() -> dict[str, Callable | None]:
    """op type -> gradient function (None: marked not differentiable)."""
    return {t: fn for t, (fn, _) in _GRADIENTS.items()}
