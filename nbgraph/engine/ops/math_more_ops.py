"""More math lessons reach for: C-style integer division (`truncatediv`, `truncatemod`),
`linspace` (TF 1.x's `LinSpace` op) and the 3-vector `cross` product."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import NUMERIC, KernelError, broadcast, shape_error
from .math_ops import BINARY, _binary_kernel, int_zero_divisor


def _truncate_div(x, y):
    """C's division: the quotient rounded toward zero (floats too, as TF's TruncateDiv)."""
    if x.dtype.kind in "iu":
        if int_zero_divisor(x, y):
            raise KernelError("Integer division by zero")
        q = np.abs(x) // np.abs(y)
        return (np.sign(x) * np.sign(y) * q).astype(np.result_type(x, y))
    with np.errstate(all="ignore"):
        return np.trunc(np.true_divide(x, y)).astype(x.dtype)


def _truncate_mod(x, y):
    """C's `%` (`fmod`): the remainder takes the sign of the dividend."""
    if int_zero_divisor(x, y):
        raise KernelError("Integer division by zero")
    with np.errstate(all="ignore"):
        return np.fmod(x, y).astype(np.result_type(x, y))


BINARY["TruncateDiv"] = (_truncate_div, NUMERIC, "divides, rounding toward zero,", "tdiv")
BINARY["TruncateMod"] = (_truncate_mod, NUMERIC, "takes the C remainder of", "tmod")
register("TruncateDiv", "elementwise", broadcast, _binary_kernel(_truncate_div),
         doc="divides, rounding toward zero,|tdiv")
register("TruncateMod", "elementwise", broadcast, _binary_kernel(_truncate_mod), doc="takes the C remainder of|tmod")


def truncatediv(x, y, name=None):
    from .math_ops import binary
    return binary("TruncateDiv", x, y, name)


def truncatemod(x, y, name=None):
    from .math_ops import binary
    return binary("TruncateMod", x, y, name)


# -- linspace --------------------------------------------------------------------------------
def _linspace_shape(op):
    for i, what in ((0, "start"), (1, "stop"), (2, "num")):
        s = op._inputs[i]._shape
        if s.ndims not in (None, 0):
            raise shape_error(op, f"Shape must be rank 0 but is rank {s.ndims}")
    n = constant_value(op._inputs[2])
    return [unknown_shape(1) if n is None else TensorShape([int(n)])]


def _linspace_kernel(op):
    npdt = op._outputs[0]._dtype.as_numpy_dtype

    def k(ctx, start, stop, num):
        n = int(num)
        if n <= 0:
            raise KernelError(f"Requires num > 0: {n}")
        if n == 1:
            return np.asarray([start], dtype=npdt)
        step = (stop - start) / (n - 1)
        out = start + np.arange(n, dtype=npdt) * npdt(step)
        out[-1] = stop  # TF sets the last entry to stop exactly
        return out.astype(npdt)
    return k


register("LinSpace", "array", _linspace_shape, _linspace_kernel, doc="spaces numbers evenly from start to stop")


def lin_space(start, stop, num, name=None):
    """`tf.linspace` / `tf.lin_space`: `num` evenly spaced values from `start` to `stop` inclusive."""
    if not hasattr(num, "_op"):
        num = np.int32(num)
    return apply_op("LinSpace", name, [("start", start), ("stop", stop), ("num", num)],
                    same_type=("start", "stop"), allowed=(_dt.float32, _dt.float64),
                    allowed_names="bfloat16, float32, float64")._outputs[0]


linspace = lin_space


# -- cross -----------------------------------------------------------------------------------
def _cross_shape(op):
    a, b = op._inputs[0]._shape, op._inputs[1]._shape
    if a.ndims is not None and b.ndims is not None and a.ndims != b.ndims:
        raise shape_error(op, f"Shapes must be equal rank, but are {a.ndims} and {b.ndims}")
    s = a.merge_with(b) if a.is_compatible_with(b) else None
    if s is None:
        raise shape_error(op, "Dimensions must be equal")
    if s.ndims is not None:
        if s.ndims < 1:
            raise shape_error(op, "Shape must be at least rank 1 but is rank 0")
        last = s.as_list()[-1]
        if last is not None and last != 3:
            raise shape_error(op, f"Dimension must be 3 but is {last}")
    return [s]


def _cross_kernel(op):
    def k(ctx, a, b):
        if np.shape(a) != np.shape(b):
            raise KernelError(f"Both inputs must be of same shape: {list(np.shape(a))} vs. {list(np.shape(b))}")
        if np.shape(a)[-1:] != (3,):
            raise KernelError(f"Inner dimension of input must be 3, got {np.shape(a)[-1]}")
        return np.cross(a, b).astype(a.dtype)
    return k


register("Cross", "array", _cross_shape, _cross_kernel, doc="takes the cross product of")


def cross(a, b, name=None):
    return apply_op("Cross", name, [("a", a), ("b", b)], allowed=NUMERIC)._outputs[0]


__all__ = ["truncatediv", "truncatemod", "lin_space", "linspace", "cross"]
