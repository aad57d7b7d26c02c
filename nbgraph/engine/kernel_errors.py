"""What TF says when a kernel fails at run time on inputs its shape function could not check
(fed placeholders): the executor asks `describe_failure` for the TF error of the failing op,
so no numpy or Python text ever reaches the learner.

Each entry of `_MESSAGES` takes the op and its input values and returns TF 1.x's message, or
None when the inputs look fine to it (then the generic text is used).
"""
from __future__ import annotations

import numpy as np

from .errors import InvalidArgumentError

__all__ = ["describe_failure"]


def _dims(x) -> str:
    return "[" + ",".join(str(d) for d in np.shape(x)) + "]"


def _broadcastable(*xs) -> bool:
    try:
        np.broadcast_shapes(*(np.shape(x) for x in xs))
        return True
    except ValueError:
        return False


def _incompatible(op, xs):
    if len(xs) == 2 and not _broadcastable(*xs):
        return f"Incompatible shapes: {_dims(xs[0])} vs. {_dims(xs[1])}"
    return None


def _matmul(op, xs):
    a, b = xs
    return f"Matrix size-incompatible: In[0]: {_dims(a)}, In[1]: {_dims(b)}"


def _same_shapes(op, xs, first=0):
    """TF's `Inputs to operation X of type X must have the same size and shape.`"""
    ref = np.shape(xs[first])
    for i, x in enumerate(xs[first + 1:], first + 1):
        if np.shape(x) != ref:
            return (f"Inputs to operation {op.name} of type {op.type} must have the same size and shape.  "
                    f"Input {first}: {_dims(xs[first])} != input {i}: {_dims(x)}")
    return None


def _select(op, xs):
    c, x, y = xs
    if np.shape(x) != np.shape(y):
        return (f"Inputs to operation {op.name} of type {op.type} must have the same size and shape.  "
                f"Input 1: {_dims(x)} != input 2: {_dims(y)}")
    return f"'then' and 'else' must have the same size.  but received: {_dims(c)} vs. {_dims(x)}"


def _pack(op, xs):
    for i, x in enumerate(xs[1:], 1):
        if np.shape(x) != np.shape(xs[0]):
            return (f"Shapes of all inputs must match: values[0].shape = {_dims(xs[0])} != "
                    f"values[{i}].shape = {_dims(x)}")
    return None


def _concat(op, xs):
    axis = int(xs[-1])
    vals = xs[:-1]
    ref = np.shape(vals[0])
    for i, x in enumerate(vals[1:], 1):
        s = np.shape(x)
        if len(s) != len(ref):
            return (f"ConcatOp : Ranks of all input tensors should match: shape[0] = {_dims(vals[0])} vs. "
                    f"shape[{i}] = {_dims(x)}")
        for d, (p, q) in enumerate(zip(ref, s)):
            if d != axis % max(len(ref), 1) and p != q:
                return (f"ConcatOp : Dimension {d} in both shapes must be equal: shape[0] = {_dims(vals[0])} "
                        f"vs. shape[{i}] = {_dims(x)}")
    return None


def _transpose(op, xs):
    x, perm = xs
    return f"transpose expects a vector of size {np.ndim(x)}. But input(1) is a vector of size {np.size(perm)}"


def _gather(op, xs):
    params, indices, axis = xs
    n = np.shape(params)[int(axis)] if np.ndim(params) else 0
    flat = np.reshape(indices, -1)
    bad = np.nonzero((flat < 0) | (flat >= n))[0]
    if bad.size:
        i = int(bad[0])
        where = ",".join(str(int(k)) for k in np.unravel_index(i, np.shape(indices))) if np.ndim(indices) else ""
        return f"indices[{where}] = {int(flat[i])} is not in [0, {n})"
    return None


def _arg(op, xs):
    x, a = xs
    r = np.ndim(x)
    return f"Expected dimension in the range [{-r}, {r}), but got {int(a)}"


def _reduce(op, xs):
    x, axes = xs
    r = np.ndim(x)
    for a in np.reshape(axes, -1):
        if not -r <= int(a) < max(r, 1):
            return f"Invalid reduction dimension ({int(a)} for input with {r} dimension(s)"
    return None


def _expand(op, xs):
    x, a = xs
    return f"Tried to expand dim index {int(a)} for tensor with {np.ndim(x)} dimensions."


def _pad(op, xs):
    x, p = xs[0], xs[1]
    if np.shape(p) != (np.ndim(x), 2):
        return f"The first dimension of paddings must be the rank of inputs{_dims(p)} {_dims(x)}"
    return None


def _xent(op, xs):
    logits, labels = xs
    return f"logits and labels must be broadcastable: logits_size={_dims(logits)} labels_size={_dims(labels)}"


_MESSAGES = {
    "MatMul": _matmul, "BatchMatMulV2": _matmul,
    "AddN": _same_shapes, "Select": _select, "Pack": _pack, "ConcatV2": _concat,
    "Transpose": _transpose, "GatherV2": _gather, "ArgMax": _arg, "ArgMin": _arg,
    **{t: _reduce for t in ("Sum", "Mean", "Max", "Min", "Prod", "All", "Any")},
    "ExpandDims": _expand, "Pad": _pad, "PadV2": _pad, "MirrorPad": _pad,
    "SoftmaxCrossEntropyWithLogits": _xent,
}


def register_message(op_type: str, fn) -> None:
    """Lets a catalogue file give its ops' run-time error texts (`fn(op, inputs) -> str | None`)."""
    _MESSAGES[op_type] = fn


def describe_failure(op, inputs, exc: BaseException) -> tuple[type, str]:
    """(TF error class, TF message) for `op`'s kernel raising `exc` on `inputs`."""
    fn = _MESSAGES.get(op.type)
    message = None
    try:
        if fn is not None:
            message = fn(op, inputs)
        if message is None:
            message = _incompatible(op, inputs)
    except Exception:  # describing must never hide the failure itself
        message = None
    if message is None:
        shapes = ", ".join(_dims(x) for x in inputs)
        message = f"{op.type} could not compute its output from inputs of shapes {shapes}" if inputs else \
            f"{op.type} could not compute its output"
    return InvalidArgumentError, message
