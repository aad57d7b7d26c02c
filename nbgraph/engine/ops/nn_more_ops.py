"""More of `tf.nn`: `top_k` (`TopKV2`), `in_top_k` (`InTopKV2`), and TF 1.x's composites
`moments`, `batch_normalization` and `embedding_lookup`, built from existing ops with TF's
name scopes (`moments/mean`, `batchnorm/Rsqrt`, `embedding_lookup/Identity` ...)."""
from __future__ import annotations

import collections

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import NUMERIC, KernelError, shape_error


# -- TopKV2 ----------------------------------------------------------------------------------
def _top_k_shape(op):
    s = op._inputs[0]._shape
    k = constant_value(op._inputs[1])
    if s.ndims is not None and s.ndims < 1:
        raise shape_error(op, "Shape must be at least rank 1 but is rank 0")
    if k is not None and int(k) < 0:
        raise shape_error(op, f"Need k >= 0, got {int(k)}", [1])
    if s.ndims is None:
        return [unknown_shape(), unknown_shape()]
    dims = s.as_list()
    if k is not None and dims[-1] is not None and dims[-1] < int(k):
        raise shape_error(op, f"input must have last dimension >= k = {int(k)} but is {dims[-1]}", [1])
    out = TensorShape(dims[:-1] + [None if k is None else int(k)])
    return [out, out]


def _top_k_kernel(op):
    def k(ctx, x, kk):
        kk = int(kk)
        if kk < 0:
            raise KernelError(f"Need k >= 0, got {kk}")
        if np.shape(x)[-1] < kk:
            raise KernelError(f"input must have at least k columns. Had {np.shape(x)[-1]}, needed {kk}")
        order = np.argsort(-x if x.dtype.kind == "f" else -x.astype(np.int64), axis=-1, kind="stable")[..., :kk]
        return np.take_along_axis(x, order, axis=-1), order.astype(np.int32)
    return k


register("TopKV2", "array", _top_k_shape, _top_k_kernel, doc="finds the k largest entries (and where) of")

TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def top_k(input, k=1, sorted=True, name=None):  # noqa: A002
    if not hasattr(k, "_op"):
        k = np.int32(k)
    g = graph_of([input, k])
    with g.as_default(), g.name_scope(name or "TopKV2") as scope:
        x = convert_to_tensor(input, name="input")
        op = apply_op("TopKV2", scope, [("input", x), ("k", k)], same_type=("input",), allowed=NUMERIC,
                      attrs={"sorted": bool(sorted)}, out_dtypes=[x.dtype.base_dtype, _dt.int32])
    return TopKV2(op._outputs[0], op._outputs[1])


# -- InTopKV2 --------------------------------------------------------------------------------
def _in_top_k_shape(op):
    p, t = op._inputs[0]._shape, op._inputs[1]._shape
    if p.ndims is not None and p.ndims != 2:
        raise shape_error(op, f"Shape must be rank 2 but is rank {p.ndims}")
    if t.ndims is not None and t.ndims != 1:
        raise shape_error(op, f"Shape must be rank 1 but is rank {t.ndims}")
    b = p.as_list()[0] if p.ndims else None
    tb = t.as_list()[0] if t.ndims else None
    if b is not None and tb is not None and b != tb:
        raise shape_error(op, f"Dimensions must be equal, but are {b} and {tb}")
    return [TensorShape([b if b is not None else tb])]


def _in_top_k_kernel(op):
    def k(ctx, pred, targets, kk):
        if np.shape(pred)[0] != np.shape(targets)[0]:
            raise KernelError(f"First dimension of predictions {np.shape(pred)[0]} must match length of targets "
                              f"{np.shape(targets)[0]}")
        n_cls = np.shape(pred)[1]
        out = np.zeros(len(targets), bool)
        for i, t in enumerate(np.asarray(targets)):
            if 0 <= t < n_cls and np.isfinite(pred[i, t]):
                out[i] = np.sum(pred[i] > pred[i, t]) < int(kk)
        return out
    return k


register("InTopKV2", "array", _in_top_k_shape, _in_top_k_kernel, doc="tests whether each target is among the top k of")


def in_top_k(predictions, targets, k, name=None):
    g = graph_of([predictions, targets, k])
    with g.as_default(), g.name_scope(name or "in_top_k"):
        return apply_op("InTopKV2", None, [("predictions", predictions), ("targets", targets), ("k", k)],
                        same_type=("targets", "k"), out_dtypes=[_dt.bool_])._outputs[0]


# -- composites ------------------------------------------------------------------------------
def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """(mean, variance) over `axes`: TF 1.x's `moments/mean`, `moments/variance` (of the squared
    difference from the stopped mean), squeezed unless keep_dims."""
    from .array_ops import cast, stop_gradient
    from .index_ops import squeeze
    from .math_ops import squared_difference
    from .reduce_ops import reduce_mean
    keep = bool(keep_dims if keepdims is None else keepdims)
    g = graph_of([x])
    with g.as_default(), g.name_scope(name or "moments"):
        x = convert_to_tensor(x, name="x")
        y = cast(x, _dt.float32) if x.dtype.base_dtype == _dt.float16 else x
        mean = reduce_mean(y, axes, keepdims=True, name="mean")
        variance = reduce_mean(squared_difference(y, stop_gradient(mean)), axes, keepdims=True, name="variance")
        if not keep:
            mean = squeeze(mean, list(axes) if isinstance(axes, (list, tuple)) else [axes])
            variance = squeeze(variance, list(axes) if isinstance(axes, (list, tuple)) else [axes])
        if x.dtype.base_dtype == _dt.float16:
            return cast(mean, _dt.float16), cast(variance, _dt.float16)
        return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """`x * scale / sqrt(variance + eps) + (offset - mean * scale / sqrt(variance + eps))`, as TF 1.x
    builds it under `batchnorm/` (Python numbers fold before any op is made, as there)."""
    from .array_ops import cast
    from .math_ops import rsqrt
    g = graph_of([x, mean, variance, offset, scale])
    with g.as_default(), g.name_scope(name or "batchnorm"):
        inv = rsqrt(variance + variance_epsilon) if hasattr(variance, "_op") else \
            rsqrt(_const_sum(variance, variance_epsilon))
        if scale is not None:
            inv *= scale
        x = convert_to_tensor(x, name="x")
        scaled = x * cast(inv, x.dtype)  # TF's expression order fixes the op names (mul_1, then mul_2)
        return scaled + cast(offset - mean * inv if offset is not None else -mean * inv, x.dtype)


def _const_sum(a, b):
    """`variance + epsilon` when variance is not a tensor: a Python number, or a tensor of it."""
    try:
        return a + b
    except TypeError:
        return convert_to_tensor(a) + b


def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True, max_norm=None):
    """Rows `ids` of `params` (one tensor, or a list of one): TF 1.x's `GatherV2` named
    `embedding_lookup`, colocated with the params, then `embedding_lookup/Identity`."""
    from .array_ops import identity
    from .index_ops import gather
    if isinstance(params, (list, tuple)):
        if not params:
            raise ValueError("Need at least one param")
        if len(params) > 1:
            raise NotImplementedError("embedding_lookup over several partitions is not supported by nbgraph")
        params = params[0]
    g = graph_of([params, ids])
    with g.as_default(), g.name_scope(name or "embedding_lookup") as scope:
        params = convert_to_tensor(params, name="params")
        ids = convert_to_tensor(ids, name="ids")
        with g.colocate_with(params.op):
            result = gather(params, ids, name=scope)
        return identity(result)


__all__ = ["top_k", "in_top_k", "moments", "batch_normalization", "embedding_lookup"]
