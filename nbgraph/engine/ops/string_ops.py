"""String parsing for input pipelines: `tf.string_to_number` (`StringToNumber`), the op CSV and
text pipelines use to turn fields into numbers, with TF's error naming the bad string."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..graph import graph_of
from ..registry import register
from ..tensor import Tensor
from .common import KernelError, parse_number, same_shape

__all__ = ["string_to_number"]

_OUT_TYPES = (_dt.float32, _dt.float64, _dt.int32, _dt.int64)


def _parse(s, dt):
    try:
        return parse_number(s, dt)
    except ValueError:
        text = s.decode("utf-8", "replace") if isinstance(s, bytes) else str(s)
        raise KernelError(f"StringToNumberOp could not correctly convert string: {text}") from None


def _kernel(op):
    dt = op._attrs["out_type"]

    def k(ctx, strings):
        arr = np.asarray(strings, dtype=object)
        out = np.empty(arr.shape, dtype=dt.as_numpy_dtype)
        flat_in, flat_out = arr.reshape(-1), out.reshape(-1)
        for i, s in enumerate(flat_in):
            flat_out[i] = _parse(s, dt)
        return out
    return k


register("StringToNumber", "array", same_shape, _kernel, gpu=False, doc="parses strings as numbers")


def string_to_number(string_tensor, out_type=_dt.float32, name=None) -> Tensor:
    """`tf.string_to_number(string_tensor, out_type=tf.float32)` (also `tf.strings.to_number`)."""
    out_type = _dt.as_dtype(out_type)
    if out_type not in _OUT_TYPES:
        raise TypeError(f"Value passed to parameter 'out_type' has DataType {out_type.name} not in list of allowed "
                        f"values: float32, float64, int32, int64")
    g = graph_of([string_tensor])
    with g.as_default(), g.name_scope(name or "StringToNumber") as scope:
        t = convert_to_tensor(string_tensor, dtype=_dt.string, name="string_tensor")
        return g.create_op("StringToNumber", [t], [out_type], name=scope, attrs={"out_type": out_type})._outputs[0]
