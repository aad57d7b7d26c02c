"""TF 1.15's composite helpers built from existing ops, with TF's name scopes: `global_norm`,
`clip_by_global_norm`, `clip_by_norm`, `nn.l2_normalize`,
`nn.xw_plus_b`, `sequence_mask` and `random_crop`."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, convert_to_tensor
from ..graph import get_default_graph, graph_of
from . import array_ops as A
from . import math_ops as M
from . import reduce_ops as R


def global_norm(t_list, name=None):
    """sqrt(sum of the squared entries of every tensor in `t_list`), as `global_norm/global_norm`."""
    if not isinstance(t_list, (list, tuple)) or isinstance(t_list, str):
        raise TypeError("t_list should be a sequence")
    values = [None if t is None else convert_to_tensor(t) for t in t_list]
    g = get_default_graph()
    with g.name_scope(name or "global_norm") as scope:
        from .index_ops import stack
        from .nn_ops import l2_loss
        halves = []
        for v in values:
            if v is not None:
                with g.colocate_with(v.op):
                    halves.append(l2_loss(v))
        half = R.reduce_sum(stack(halves))
        return M.sqrt(half * A.constant(2.0, dtype=half.dtype.base_dtype), name="global_norm")


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """(the tensors scaled by clip_norm / max(global_norm, clip_norm), the global norm)."""
    if not isinstance(t_list, (list, tuple)) or isinstance(t_list, str):
        raise TypeError("t_list should be a sequence")
    t_list = list(t_list)
    if use_norm is None:
        use_norm = global_norm(t_list, name)
    g = get_default_graph()
    with g.name_scope(name or "clip_by_global_norm") as scope:
        scale_for_finite = clip_norm * M.minimum(1.0 / use_norm,
                                                 A.constant(1.0, dtype=use_norm.dtype.base_dtype) / clip_norm)
        scale = scale_for_finite + (use_norm - use_norm)
        values = [None if t is None else convert_to_tensor(t, name=f"t_{i}") for i, t in enumerate(t_list)]
        clipped = []
        for i, v in enumerate(values):
            if v is None:
                clipped.append(None)
                continue
            with g.colocate_with(v.op):
                clipped.append(A.identity(v * scale, name=f"{scope}_{i}"))  # TF: "%s_%d" % (scope, i)
    return clipped, use_norm


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """`t * clip_norm / max(l2norm(t), clip_norm)`, the norm over `axes` (all when None)."""
    from .index_ops import where
    g = graph_of([t, clip_norm])
    with g.as_default(), g.name_scope(name or "clip_by_norm") as scope:
        t = convert_to_tensor(t, name="t")
        l2sum = R.reduce_sum(t * t, axes, keepdims=True)
        pred = l2sum > 0
        l2sum_safe = where(pred, l2sum, A.ones_like(l2sum))
        l2norm = where(pred, M.sqrt(l2sum_safe), l2sum)
        intermediate = t * clip_norm
        t.shape.merge_with(intermediate.shape)
        return A.identity(intermediate / M.maximum(l2norm, clip_norm), name=scope)


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """`x / sqrt(max(sum(x**2, axis), epsilon))`, as `l2_normalize`."""
    axis = dim if axis is None else axis
    g = graph_of([x])
    with g.as_default(), g.name_scope(name or "l2_normalize") as scope:
        x = convert_to_tensor(x, name="x")
        square_sum = R.reduce_sum(M.square(x), axis, keepdims=True)
        x_inv_norm = M.rsqrt(M.maximum(square_sum, epsilon))
        return M.multiply(x, x_inv_norm, name=scope)


def xw_plus_b(x, weights, biases, name=None):
    """`matmul(x, weights) + biases` as `xw_plus_b/MatMul` then the `BiasAdd` named `xw_plus_b`."""
    from .conv_ops import bias_add
    g = graph_of([x, weights, biases])
    with g.as_default(), g.name_scope(name or "xw_plus_b") as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        return bias_add(R.matmul(x, weights), biases, name=scope)


def _raw_cast(x, dtype):
    g = x.graph
    with g.name_scope("Cast") as scope:
        return g.create_op("Cast", [x], [dtype], name=scope,
                           attrs={"SrcT": x.dtype.base_dtype, "DstT": dtype, "Truncate": False})._outputs[0]


def sequence_mask(lengths, maxlen=None, dtype=_dt.bool_, name=None):
    """`mask[i, j] = j < lengths[i]`: a `Range` row compared with the lengths as a column."""
    g = graph_of([lengths, maxlen])
    with g.as_default(), g.name_scope(name or "SequenceMask"):
        lengths = convert_to_tensor(lengths)
        given_maxlen = maxlen
        if maxlen is None:
            maxlen = R.reduce_max(lengths, list(range(lengths.shape.ndims)) if lengths.shape.ndims is not None
                                  else None)
            maxlen = M.maximum(A.constant(0, maxlen.dtype.base_dtype), maxlen)
        else:
            maxlen = convert_to_tensor(maxlen)
        if maxlen.shape.ndims is not None and maxlen.shape.ndims != 0:
            raise ValueError("maxlen must be scalar for sequence_mask")
        mt = maxlen.dtype.base_dtype
        start, delta = A.constant(0, mt), A.constant(1, mt)
        row_vector = apply_op("Range", None, [("start", start), ("limit", maxlen), ("delta", delta)],
                              attrs={"Tidx": mt})._outputs[0]
        from ..convert import constant_value
        known = constant_value(lengths)
        if constant_value(maxlen) is None and known is not None and given_maxlen is None:
            row_vector.set_shape([max(0, int(np.max(known))) if np.size(known) else 0])  # TF folds max(lengths)
        from .index_ops import expand_dims
        matrix = _raw_cast(expand_dims(lengths, -1), mt)
        result = row_vector < matrix
        dtype = _dt.as_dtype(dtype)
        if dtype.base_dtype == _dt.bool_:
            return result
        return A.cast(result, dtype)


def random_crop(value, size, seed=None, name=None):
    """A random `size` slice of `value` (every offset equally likely), as TF's `random_crop`."""
    from .control_ops import Assert, with_dependencies
    from .random_ops import random_uniform
    from .nn_ops import slice as _slice
    g = graph_of([value, size])
    with g.as_default(), g.name_scope(name or "random_crop") as scope:
        value = convert_to_tensor(value, name="value")
        size = convert_to_tensor(size, dtype=_dt.int32, name="size")
        shape = A.shape(value)
        check = Assert(R.reduce_all(shape >= size), ["Need value.shape >= size, got ", shape, size], summarize=1000)
        shape = with_dependencies([check], shape)
        limit = shape - size + 1
        offset = random_uniform(A.shape(shape), dtype=size.dtype.base_dtype,
                                maxval=size.dtype.base_dtype.max, seed=seed) % limit
        return _slice(value, offset, size, name=scope)


__all__ = ["global_norm", "clip_by_global_norm", "clip_by_norm", "l2_normalize", "xw_plus_b", "sequence_mask",
           "random_crop"]
