"""`tf.sort` / `tf.argsort` (TF 1.15's sort_ops: TopKV2 on the negated values, with a swapping
transpose for an inner axis), `tf.math.reduce_variance` / `reduce_std` and `tf.nn.weighted_moments`,
as the Python compositions TF 1.15 builds."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import constant_value, convert_to_tensor
from ..graph import graph_of


def _descending(values, axis, return_argsort):
    from .array_ops import constant, rank as _rank, shape, transpose
    from .nn_more_ops import top_k
    k = shape(values)[axis]
    rank = _rank(values)
    static_rank = values.shape.ndims
    if axis == -1 or axis + 1 == static_rank:
        top_k_input, transposition = values, None
    else:
        if static_rank is None:
            raise ValueError("tf.sort of a tensor of unknown rank needs axis=-1 in nbgraph")
        if axis < 0:
            axis += static_rank
        transposition = constant(np.r_[np.arange(axis), [static_rank - 1], np.arange(axis + 1, static_rank - 1),
                                       [axis]], name="transposition")
        top_k_input = transpose(values, transposition)
    del rank
    vals, idx = top_k(top_k_input, k)
    # TF's shape inference evaluates k = Shape[axis] when that dim is static: so does this
    for t in (vals, idx):
        t.set_shape(top_k_input.shape)
    out = idx if return_argsort else vals
    if transposition is not None:
        out = transpose(out, transposition)
    return out


def _ascending(values, axis, return_argsort):
    out = _descending(-values, axis, return_argsort)
    return out if return_argsort else -out


_IMPL = {"ASCENDING": _ascending, "DESCENDING": _descending}


def _sort_or_argsort(values, axis, direction, return_argsort):
    if direction not in _IMPL:
        raise ValueError("%s should be one of %s" % (direction, ", ".join(sorted(_IMPL))))
    axis = convert_to_tensor(axis, name="axis")
    axis_static = constant_value(axis)
    if axis.shape.ndims != 0 or axis_static is None:
        raise ValueError("axis must be a constant scalar")
    values = convert_to_tensor(values, name="values")
    return _IMPL[direction](values, int(axis_static), return_argsort)


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """The values sorted along `axis` (TopKV2 of `-values`, negated back, for ASCENDING)."""
    g = graph_of([values])
    with g.as_default(), g.name_scope(name or "sort"):
        return _sort_or_argsort(values, axis, direction, return_argsort=False)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """int32 indices that sort `values` along `axis` (TopKV2 is stable, so `stable` changes nothing)."""
    del stable
    g = graph_of([values])
    with g.as_default(), g.name_scope(name or "argsort"):
        return _sort_or_argsort(values, axis, direction, return_argsort=True)


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """mean((x - mean(x))^2) over `axis`, under `reduce_variance/`."""
    from .math_ops import square
    from .reduce_ops import reduce_mean
    g = graph_of([input_tensor])
    with g.as_default(), g.name_scope(name or "reduce_variance"):
        means = reduce_mean(input_tensor, axis=axis, keepdims=True)
        squared = square(input_tensor - means)
        return reduce_mean(squared, axis=axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """sqrt(reduce_variance(x)) under `reduce_std/`."""
    from .math_ops import sqrt
    g = graph_of([input_tensor])
    with g.as_default(), g.name_scope(name or "reduce_std"):
        return sqrt(reduce_variance(input_tensor, axis=axis, keepdims=keepdims))


def weighted_moments(x, axes, frequency_weights, name=None, keep_dims=None, keepdims=None):
    """(weighted mean, weighted variance) of `x` over `axes` with broadcastable `frequency_weights`."""
    from .array_ops import cast, zeros_like
    from .index_ops import squeeze
    from .math_ops import multiply, reciprocal, squared_difference
    from .reduce_ops import reduce_sum
    if keepdims is not None and keep_dims is not None:
        raise ValueError("Cannot specify both 'keepdims' and 'keep_dims'")
    keep = bool(keep_dims if keepdims is None else keepdims)
    g = graph_of([x, frequency_weights])
    with g.as_default(), g.name_scope(name or "weighted_moments"):
        x = convert_to_tensor(x, name="x")
        w = convert_to_tensor(frequency_weights, name="frequency_weights")
        needs_cast = x.dtype.base_dtype == _dt.float16
        if needs_cast:
            x = cast(x, _dt.float32)
        if w.dtype.base_dtype != x.dtype.base_dtype:
            w = cast(w, x.dtype)
        wsum = reduce_sum(w * x, axes, name="weighted_input_sum", keepdims=True)
        bw = w + zeros_like(x)
        sw = reduce_sum(bw, axes, name="sum_of_weights", keepdims=True)
        divisor = reciprocal(sw, name="inv_weight_sum")
        mean = multiply(wsum, divisor)
        dist = reduce_sum(w * squared_difference(x, mean), axes, name="weighted_distsq", keepdims=True)
        var = multiply(dist, divisor)
        if not keep:
            mean = squeeze(mean, axis=axes)
            var = squeeze(var, axis=axes)
        if needs_cast:
            mean, var = cast(mean, _dt.float16), cast(var, _dt.float16)
        return mean, var



