"""TF's shape-inference error text, raised by shape functions (core and catalogue alike)."""
from __future__ import annotations

from .convert import constant_value
from .formatting import fmt_shape, summarize

__all__ = ["shape_error"]


def shape_error(op, message: str, tensors=()) -> ValueError:
    """TF's shape-inference error: the message, then the op, its input shapes and the values of
    the constant inputs (`tensors`: their indices) the shape function read."""
    shapes = ", ".join(fmt_shape(t._shape) for t in op._inputs)
    computed = [(i, constant_value(op._inputs[i])) for i in tensors]
    known = ", ".join(f"input[{i}] = <{summarize(v, 256)}>" for i, v in computed if v is not None)
    context = f" and with computed input tensors: {known}" if known else ""
    return ValueError(f"{message} for '{op.name}' (op: '{op.type}') with input shapes: {shapes}{context}.")
