"""Helpers shared by the op catalogue: dtype groups and shape-function building blocks.

TF's shape-error text (`shape_error`, `fmt_shape`, `summarize`) and the exception a kernel
raises to become a TF `OpError` naming its op (`KernelError`) live in the core
(`engine/shape_errors.py`, `engine/formatting.py`, `engine/errors.py`); they are re-exported
here so that every op file takes what it needs from `.common`."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..errors import InvalidArgumentError, KernelError  # noqa: F401  (re-exported)
from ..formatting import fmt_shape, fmt_value, summarize  # noqa: F401  (re-exported)
from ..shape_errors import shape_error
from ..shapes import TensorShape, broadcast_shapes, unknown_shape

FLOATS = (_dt.float16, _dt.float32, _dt.float64)
INTS = (_dt.int8, _dt.int16, _dt.int32, _dt.int64, _dt.uint8)
NUMERIC = FLOATS + INTS
REAL_NUMBER = NUMERIC


def merge_shapes(a: TensorShape, b: TensorShape) -> TensorShape:
    """TF's `InferenceContext::Merge`, with its error texts (a ValueError without the op)."""
    if a.ndims is None:
        return b
    if b.ndims is None:
        return a
    if a.ndims != b.ndims:
        raise ValueError(f"Shapes must be equal rank, but are {a.ndims} and {b.ndims}")
    for i, (x, y) in enumerate(zip(a.as_list(), b.as_list())):
        if x is not None and y is not None and x != y:
            raise ValueError(f"Dimension {i} in both shapes must be equal, but are {x} and {y}. "
                             f"Shapes are {fmt_shape(a)} and {fmt_shape(b)}.")
    return a.merge_with(b)


def same_shape(op):
    return [op._inputs[0]._shape]


def scalar_shape(op):
    return [TensorShape([])]


def no_outputs(op):
    return []


def unknown(op):
    return [unknown_shape() for _ in op._outputs]


def broadcast(op):
    a, b = op._inputs[0]._shape, op._inputs[1]._shape
    out = broadcast_shapes(a, b)
    if out is None:
        da, db = _first_mismatch(a, b)
        raise shape_error(op, f"Dimensions must be equal, but are {da} and {db}")
    return [out]


def _first_mismatch(a, b):
    x, y = a.as_list()[::-1], b.as_list()[::-1]
    for dx, dy in zip(x, y):
        if dx not in (1, None) and dy not in (1, None) and dx != dy:
            return dx, dy
    return None, None


def np_dtype(op, i=0):
    return op._outputs[i]._dtype.as_numpy_dtype


def as_out(value, npdt):
    """Keeps a kernel's result in the op's dtype (numpy promotes where TF does not)."""
    return np.asarray(value, dtype=npdt)


def parse_number(field, dt: _dt.DType) -> int | float:
    """One string field as a number of `dt`, as TF's `strtod`/`safe_strto64` read it.

    Raises ValueError for text TF rejects (Python's `1_000`, a fraction for an integer type, an
    integer outside the type's range); each op wraps that in its own TF error text."""
    text = field.decode("utf-8", "replace") if isinstance(field, bytes) else str(field)
    if "_" in text:
        raise ValueError(text)
    if not dt.is_integer:
        return float(text)
    value = int(text)
    info = np.iinfo(dt.as_numpy_dtype)
    if not info.min <= value <= info.max:
        raise ValueError(text)
    return value


def int_tuple(v) -> tuple:
    """A shape/axes/multiples value, flattened, as a tuple of Python ints (any array or list)."""
    if type(v) is np.ndarray and v.dtype.kind in "iu":
        return tuple(v.reshape(-1).tolist())
    return tuple(int(d) for d in np.reshape(v, -1))


def vector_ints(v) -> tuple:
    """`tuple(int(d) for d in v)` (its errors too), quicker for a 1-D int array."""
    if type(v) is np.ndarray and v.ndim == 1 and v.dtype.kind in "iu":
        return tuple(v.tolist())
    return tuple(int(d) for d in v)


def const_ints(op, i: int):
    """`(array, ints)` when input `i` of `op` is a `Const`'s output: the Const's own (read-only)
    array and its values as `int_tuple`; else `(None, None)`. A kernel compares the value it is
    given with `is` against that array to skip converting it on every run: a fed value, or any
    value other than that Const's, is another object and is converted as usual."""
    src = op._inputs[i]._op
    if src._type != "Const":
        return None, None
    value = src._attrs.get("value")
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "iu":
        return None, None
    return value, int_tuple(value)
