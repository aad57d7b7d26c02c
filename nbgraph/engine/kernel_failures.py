"""The TF error of an op whose kernel raised a numpy or Python exception.

The executor calls `kernel_error_for(op, args, device, e)` for any exception a kernel raises
that is not already a TF error: out of memory becomes TF's `ResourceExhaustedError` ("OOM when
allocating tensor with shape[...] and type float on <device> by allocator cpu"), shape problems
TF's texts for that op (`Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3]`, `Incompatible
shapes: [2] vs. [3]`, ...). No numpy or Python text reaches the learner: an exception no rule
knows names the op and its input shapes.
"""
from __future__ import annotations

import numpy as np

from .errors import InvalidArgumentError, OpError, ResourceExhaustedError, op_error
from .kernel_errors import _MESSAGES, describe_failure

__all__ = ["kernel_error_for", "oom_message"]

_TF_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "half"}
OOM_HINT = ("Hint: If you want to see a list of allocated tensors when OOM happens, add "
            "report_tensor_allocations_upon_oom to RunOptions for current allocation info.\n")


def _dims(shape) -> str:
    return "[" + ",".join(str(int(d)) for d in shape) + "]"


def _shape_of(v) -> str:
    return _dims(np.shape(v))


def oom_message(shape, dtype_name: str, device: str) -> str:
    """TF's first line for an allocation that does not fit."""
    allocator = "cpu" if "CPU" in device.upper() else "GPU_0_bfc"
    return (f"OOM when allocating tensor with shape{_dims(shape)} and type "
            f"{_TF_TYPE_NAMES.get(dtype_name, dtype_name)} on {device} by allocator {allocator}")


def _oom(op, args, device, e):
    out = op._outputs[0] if op._outputs else None
    static = out.shape.as_list() if out is not None and out.shape.ndims is not None else None
    if static is not None and None not in static:
        shape = static
    else:
        shape = getattr(e, "shape", None) or ()
    dtype = out.dtype.base_dtype.name if out is not None else str(getattr(e, "dtype", "float32"))
    err = op_error(ResourceExhaustedError, op, oom_message(shape, dtype, device))
    err._message += "\n" + OOM_HINT  # after the [[node ...]] line, as TF 1.15
    return err


def _broadcast_error(shapes):
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        return f"Incompatible shapes: {_dims(shapes[0])} vs. {_dims(shapes[1])}"
    return None


def _matmul(op, args):
    a, b = (np.shape(x) for x in args[:2])
    return f"Matrix size-incompatible: In[0]: {_dims(a)}, In[1]: {_dims(b)}"


def _concat(op, args):
    *values, axis = args
    shapes = [np.shape(v) for v in values]
    rank = len(shapes[0])
    axis = int(axis)
    if not -rank <= axis < rank:
        return f"ConcatOp : Expected concatenating dimensions in the range [{-rank}, {rank}), but got {axis}"
    axis %= rank
    for i, s in enumerate(shapes[1:], 1):
        if len(s) != rank:
            return (f"ConcatOp : Ranks of all input tensors should match: shape[0] = {_dims(shapes[0])} vs. "
                    f"shape[{i}] = {_dims(s)}")
        for d in range(rank):
            if d != axis and s[d] != shapes[0][d]:
                return (f"ConcatOp : Dimension {d} in both shapes must be equal: shape[0] = {_dims(shapes[0])} "
                        f"vs. shape[{i}] = {_dims(s)}")
    return None


def _reduction(op, args):
    if len(args) < 2:
        return None
    rank = np.ndim(args[0])
    for a in np.asarray(args[1]).reshape(-1):
        if not -rank <= int(a) < rank:
            return f"Invalid reduction dimension ({int(a)} for input with {rank} dimension(s)"
    return None


def _transpose(op, args):
    x, perm = args
    perm = [int(p) for p in np.asarray(perm).reshape(-1)]
    rank = np.ndim(x)
    if len(perm) != rank:
        return f"transpose expects a vector of size {rank}. But input(1) is a vector of size {len(perm)}"
    for i in range(rank):
        if i not in perm:
            return f"{i} is missing from {{{','.join(str(p) for p in perm)}}}."
    return None


def _pad(op, args):
    pads = np.asarray(args[1])
    if pads.size and pads.min() < 0:
        return "Paddings must be non-negative: " + " ".join(str(int(p)) for p in pads[np.any(pads < 0, axis=-1)][0])
    return None


def _xent(op, args):
    logits, labels = np.shape(args[0]), np.shape(args[1])
    return f"logits and labels must be broadcastable: logits_size={_dims(logits)} labels_size={_dims(labels)}"


def _fill(op, args):
    dims = [int(d) for d in np.asarray(args[0]).reshape(-1)]
    bad = next((d for d in dims if d < 0), None)
    return None if bad is None else f"Dimension {bad} must be >= 0"


_RULES = {
    "MatMul": _matmul, "ConcatV2": _concat, "Transpose": _transpose, "Pad": _pad, "PadV2": _pad,
    "MirrorPad": _pad, "SoftmaxCrossEntropyWithLogits": _xent, "Fill": _fill,
}


def _message(op, args):
    """TF's text: this module's rules for the op, then kernel_errors.py's, then the reductions'
    rule, a broadcasting failure, or (no rule knows it) the op and its input shapes."""
    text = _try(_RULES.get(op._type), op, args)
    if text is None and op._type in _MESSAGES:
        text = describe_failure(op, list(args), None)[1]
        if " could not compute its output" in text:
            text = None
    if text is None and op._opdef.category == "reduction" and op._type not in (
            "SoftmaxCrossEntropyWithLogits", "ArgMax", "ArgMin"):
        text = _try(_reduction, op, args)
    if text is None:
        arrays = [np.shape(a) for a in args if isinstance(a, (np.ndarray, np.generic))]
        if len(arrays) >= 2:
            text = _broadcast_error(arrays)
    if text is None:
        shapes = ", ".join(_shape_of(a) for a in args)
        text = f"{op._type} could not compute its output from inputs of shapes {shapes or '(none)'}"
    return text


def _try(rule, op, args):
    if rule is None:
        return None
    try:
        return rule(op, args)
    except Exception:  # noqa: BLE001 - the generic text still names the op
        return None


def kernel_error_for(op, args, device: str, e: BaseException) -> OpError:
    """The OpError `op` raises in TF when its kernel fails with `e` on inputs `args`."""
    if isinstance(e, MemoryError) or (isinstance(e, (OverflowError, ValueError)) and "too big" in str(e)):
        return _oom(op, args, device, e)
    return op_error(InvalidArgumentError, op, _message(op, args))
