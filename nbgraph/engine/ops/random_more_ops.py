"""Sampling from class scores: `tf.multinomial` / `tf.random.categorical` (op `Multinomial`), the
char-RNN lessons' way to pick the next character. Seeds follow TF 1.x's graph/op rules
(random_ops.get_seed); the numbers are numpy's, drawn from the op's per-session generator."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape
from .common import KernelError, NUMERIC, shape_error
from .random_ops import get_seed

__all__ = ["multinomial", "categorical"]


def _multinomial_shape(op):
    logits, num = op._inputs[0]._shape, op._inputs[1]._shape
    if logits.ndims is not None and logits.ndims != 2:
        raise shape_error(op, f"Shape must be rank 2 but is rank {logits.ndims}")
    if num.ndims is not None and num.ndims != 0:
        raise shape_error(op, f"Shape must be rank 0 but is rank {num.ndims}")
    n = constant_value(op._inputs[1])
    if n is not None and int(n) < 0:
        raise shape_error(op, f"Dimension size, given by scalar input 1, must be non-negative but is {int(n)}", [1])
    batch = logits.as_list()[0] if logits.ndims is not None else None
    return [TensorShape([batch, None if n is None else int(n)])]


def _multinomial_kernel(op):
    out = op._outputs[0]._dtype.as_numpy_dtype

    def k(ctx, logits, num_samples):
        n = int(num_samples)
        if n < 0:
            raise KernelError(f"num_samples should be nonnegative, got {n}")
        batch, classes = logits.shape
        if classes == 0 and n > 0:
            raise KernelError(f"num_classes should be positive, got {classes}")
        rng = ctx.rng(op)
        x = logits.astype(np.float64)
        finite = np.where(np.isfinite(x), x, -np.inf)
        top = np.max(finite, axis=1, keepdims=True) if classes else np.zeros((batch, 1))
        weights = np.where(np.isfinite(x), np.exp(x - np.where(np.isfinite(top), top, 0.0)), 0.0)
        cdf = np.cumsum(weights, axis=1)
        draws = rng.random((batch, n)) * cdf[:, -1:] if classes else np.zeros((batch, n))
        samples = np.stack([np.searchsorted(cdf[i], draws[i], side="right") for i in range(batch)]) \
            if batch else np.zeros((0, n))
        return np.minimum(samples, max(classes - 1, 0)).astype(out).reshape(batch, n)
    return k


register("Multinomial", "random", _multinomial_shape, _multinomial_kernel, stateful=True,
         doc="draws class indices, each row's classes weighted by softmax of its scores")


def _draw(logits, num_samples, dtype, seed):
    logits = convert_to_tensor(logits, name="logits")
    if logits.dtype.base_dtype not in NUMERIC:
        raise TypeError(f"Value passed to parameter 'logits' has DataType {logits.dtype.base_dtype.name} not in "
                        "list of allowed values: float32, float64, int32, uint8, int16, int8, int64, bfloat16, "
                        "uint16, half, uint32, uint64")
    dtype = _dt.as_dtype(dtype or _dt.int64)
    if dtype not in (_dt.int32, _dt.int64):
        raise TypeError(f"Value passed to parameter 'output_dtype' has DataType {dtype.name} not in list of "
                        "allowed values: int32, int64")
    s1, s2 = get_seed(seed)
    attrs = {"seed": s1 or 0, "seed2": s2 or 0, "T": logits.dtype.base_dtype, "output_dtype": dtype}
    return apply_op("Multinomial", None, [("logits", logits), ("num_samples", num_samples)], attrs=attrs,
                    same_type=("logits",), out_dtypes=[dtype])._outputs[0]


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    """Samples `num_samples` class indices per row of `logits` [batch, classes] (int64 by default)."""
    g = graph_of([logits])
    with g.as_default(), g.name_scope(name or "multinomial"):
        return _draw(logits, num_samples, output_dtype, seed)


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """`tf.random.categorical`: `multinomial` under the name `categorical`."""
    g = graph_of([logits])
    with g.as_default(), g.name_scope(name or "categorical"):
        return _draw(logits, num_samples, dtype, seed)
