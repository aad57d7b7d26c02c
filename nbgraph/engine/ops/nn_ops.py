"""Less common ops lessons still meet: add_n, slice, pad, cumsum, elu, l2_loss, the
cross-entropy losses and the composites reduce_logsumexp / count_nonzero."""
from __future__ import annotations

import builtins

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import FLOATS, NUMERIC, shape_error


def _addn_shape(op):
    s = op._inputs[0]._shape
    for t in op._inputs[1:]:
        if not s.is_compatible_with(t._shape):
            raise shape_error(op, f"Shapes must be equal rank, but are {s.ndims} and {t._shape.ndims}"
                              if s.ndims != t._shape.ndims else "Dimensions must be equal")
        s = s.merge_with(t._shape)
    return [s]


register("AddN", "elementwise", _addn_shape, lambda op: (lambda ctx, *xs: np.sum(xs, axis=0, dtype=xs[0].dtype)),
         doc="adds up all of")


def add_n(inputs, name=None):
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError("inputs must be a list of at least one Tensor/IndexedSlices with the same dtype and shape")
    if len(inputs) == 1:
        from .array_ops import identity
        t = convert_to_tensor(inputs[0])
        return identity(t, name=name) if name else t
    args = [(f"inputs_{i}", v) for i, v in enumerate(inputs)]
    return apply_op("AddN", name, args, allowed=NUMERIC, attrs={"N": len(inputs)})._outputs[0]


def _slice_shape(op):
    begin, size = constant_value(op._inputs[1]), constant_value(op._inputs[2])
    s = op._inputs[0]._shape
    if size is not None and begin is None and np.size(size):  # TF: a known size fixes the dims it gives
        return [TensorShape([None if int(n) == -1 else int(n) for n in np.asarray(size).reshape(-1)])]
    if begin is None or size is None or s.ndims is None:
        return [unknown_shape(s.ndims)]
    dims = s.as_list()
    return [TensorShape([(d - int(b) if d is not None else None) if int(n) == -1 else int(n)
                         for d, b, n in zip(dims, begin, size)])]


def _slice_kernel(op):
    def k(ctx, x, begin, size):
        idx = tuple(builtins.slice(int(b), None if int(n) == -1 else int(b) + int(n)) for b, n in zip(begin, size))
        return x[idx]
    return k


register("Slice", "array", _slice_shape, _slice_kernel, doc="cuts a block out of")


def slice(input_, begin, size, name=None):  # noqa: A001 - TF's name
    g = graph_of([input_, begin, size])
    with g.as_default(), g.name_scope(name or "Slice") as scope:
        input_ = convert_to_tensor(input_, name="input")
        return apply_op("Slice", scope, [("input", input_), ("begin", begin), ("size", size)],
                        same_type=("begin", "size"), out_dtypes=[input_.dtype.base_dtype])._outputs[0]


def _pad_shape(op):
    s = op._inputs[0]._shape
    p = constant_value(op._inputs[1])
    if s.ndims is None or p is None:
        return [unknown_shape(s.ndims)]
    return [TensorShape([None if d is None else d + int(a) + int(b) for d, (a, b) in zip(s.as_list(), p)])]


register("Pad", "array", _pad_shape,
         lambda op: (lambda ctx, x, p: np.pad(x, [(int(a), int(b)) for a, b in p])), doc="pads with zeros")
register("PadV2", "array", _pad_shape,
         lambda op: (lambda ctx, x, p, c: np.pad(x, [(int(a), int(b)) for a, b in p], constant_values=c)),
         doc="pads with a constant")
register("MirrorPad", "array", _pad_shape,
         lambda op: (lambda ctx, x, p, m=op._attrs["mode"].lower(): np.pad(
             x, [(int(a), int(b)) for a, b in p], mode="reflect" if m == "reflect" else "symmetric")),
         doc="pads by mirroring")


def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    mode = mode.upper()
    if mode == "CONSTANT":
        if constant_values == 0:
            return apply_op("Pad", name, [("input", tensor), ("paddings", paddings)], same_type=("input",))._outputs[0]
        return apply_op("PadV2", name, [("input", tensor), ("paddings", paddings), ("constant_values", constant_values)],
                        same_type=("input", "constant_values"))._outputs[0]
    if mode not in ("REFLECT", "SYMMETRIC"):
        raise ValueError(f"Unknown padding mode: {mode}")
    return apply_op("MirrorPad", name, [("input", tensor), ("paddings", paddings)], same_type=("input",),
                    attrs={"mode": mode})._outputs[0]


def _cumsum_kernel(op):
    exclusive, reverse = op._attrs["exclusive"], op._attrs["reverse"]

    def k(ctx, x, axis):
        a = int(axis)
        y = np.flip(x, a) if reverse else x
        out = np.cumsum(y, axis=a, dtype=x.dtype)
        if exclusive:
            out = np.concatenate([np.zeros_like(np.take(out, [0], axis=a)), np.delete(out, -1, axis=a)], axis=a)
        return np.flip(out, a) if reverse else out
    return k


register("Cumsum", "array", lambda op: [op._inputs[0]._shape], _cumsum_kernel, doc="takes running sums of")


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    return apply_op("Cumsum", name, [("x", x), ("axis", np.int32(axis) if isinstance(axis, int) else axis)],
                    same_type=("x",), attrs={"exclusive": exclusive, "reverse": reverse})._outputs[0]


register("Elu", "elementwise", lambda op: [op._inputs[0]._shape],
         lambda op: (lambda ctx, x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))).astype(x.dtype)),
         doc="applies ELU to")
register("L2Loss", "reduction", lambda op: [TensorShape([])],
         lambda op: (lambda ctx, x: np.asarray(np.sum(np.square(x)) / 2, dtype=x.dtype)),
         doc="halves the sum of squares of")


def elu(features, name=None):
    return apply_op("Elu", name, [("features", features)], allowed=FLOATS)._outputs[0]


def l2_loss(t, name=None):
    return apply_op("L2Loss", name, [("t", t)], allowed=FLOATS)._outputs[0]


def _xent_kernel(op):
    def k(ctx, logits, labels):
        z = logits - np.max(logits, axis=-1, keepdims=True)
        log_p = z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
        loss = np.sum(labels * -log_p, axis=-1)
        return loss.astype(logits.dtype), (np.exp(log_p) - labels).astype(logits.dtype)
    return k


register("SoftmaxCrossEntropyWithLogits", "reduction",
         lambda op: [TensorShape(op._inputs[0]._shape.as_list()[:1]) if op._inputs[0]._shape.ndims else unknown_shape(1),
                     op._inputs[0]._shape], _xent_kernel, doc="measures the cross-entropy of softmax(logits) against")


def softmax_cross_entropy_with_logits_v2(_sentinel=None, labels=None, logits=None, axis=-1, name=None, dim=None):
    """Labels of another dtype (int one-hot rows, float64 from numpy) are cast to the logits' dtype,
    as TF 1.15's helper does (`math_ops.cast(labels, precise_logits.dtype)`)."""
    from .nn_extra_ops import _ensure_xent_args
    _ensure_xent_args("softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    return _xent(labels, logits, name or "softmax_cross_entropy_with_logits", axis=axis if dim is None else dim)


def _xent(labels, logits, scope_name, stop_labels=False, axis=-1):
    """The op on [batch, classes] rows; other ranks (a sequence model's [batch, time, classes])
    are flattened to rows and the per-row costs shaped back, as TF 1.x's wrapper does, and a
    class `axis` other than the last is moved to the end first."""
    from .array_ops import cast, reshape, shape, stop_gradient
    from .index_ops import concat
    from .slice_ops import strided_slice
    g = graph_of([labels, logits])
    with g.as_default(), g.name_scope(scope_name) as scope:
        if stop_labels:
            labels = stop_gradient(labels, name="labels_stop_gradient")
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        labels = cast(labels, logits.dtype.base_dtype)
        rank = logits.shape.ndims
        if axis is not None and axis != -1 and rank is not None and axis != rank - 1:
            logits, labels = _move_axis_to_end(logits, axis, rank), _move_axis_to_end(labels, axis, rank)
        if rank == 2:
            op = g.create_op("SoftmaxCrossEntropyWithLogits", [logits, labels], [logits.dtype.base_dtype] * 2,
                             name=scope)
            return op._outputs[0]
        if rank == 0:
            raise ValueError(f"Logits cannot be scalars - received shape {logits.shape}.")
        logits_shape = shape(logits)

        def rows(t, t_shape):  # TF's _flatten_outer_dims: [-1, t's own last dimension]
            return reshape(t, concat([[-1], strided_slice(t_shape, [-1], [0], end_mask=1)], 0))
        flat_logits, flat_labels = rows(logits, logits_shape), rows(labels, shape(labels))
        op = g.create_op("SoftmaxCrossEntropyWithLogits", [flat_logits, flat_labels],
                         [logits.dtype.base_dtype] * 2, name=scope)
        out = reshape(op._outputs[0], strided_slice(logits_shape, [0], [-1]))  # TF's .../Reshape_2
        if rank is not None:
            out.set_shape(logits.shape[:-1])
        return out


def _move_axis_to_end(t, axis, rank):
    from .array_ops import transpose
    axis = axis % rank
    return transpose(t, [i for i in range(rank) if i != axis] + [axis])


def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim=-1, name=None, axis=None):
    """TF 1.x's deprecated form: the v2 op under `softmax_cross_entropy_with_logits_sg`, with no
    gradient into the labels (`labels_stop_gradient`)."""
    from .nn_extra_ops import _ensure_xent_args
    _ensure_xent_args("softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    return _xent(labels, logits, name or "softmax_cross_entropy_with_logits_sg", stop_labels=True,
                 axis=dim if axis is None else axis)


def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """max(x, 0) - x * z + log(1 + exp(-|x|)), the stable form TF builds (`logistic_loss`)."""
    from .array_ops import zeros_like
    from .index_ops import where
    from .math_ops import add, exp, greater_equal, log1p, multiply, negative, subtract
    g = graph_of([labels, logits])
    with g.as_default(), g.name_scope(name or "logistic_loss") as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels", dtype=logits.dtype.base_dtype)
        zeros = zeros_like(logits)
        cond = greater_equal(logits, zeros)
        relu_logits = where(cond, logits, zeros)
        neg_abs_logits = where(cond, negative(logits), logits)
        return add(subtract(relu_logits, multiply(logits, labels)), log1p(exp(neg_abs_logits)), name=scope)


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None, reduction_indices=None, keep_dims=None):
    from .array_ops import stop_gradient
    from .math_ops import add, exp, log, subtract
    from .reduce_ops import reduce_max, reduce_sum
    keep = bool(keep_dims if keepdims is None else keepdims)
    axis = reduction_indices if axis is None else axis
    g = graph_of([input_tensor])
    with g.as_default(), g.name_scope(name or "ReduceLogSumExp") as scope:
        x = convert_to_tensor(input_tensor)
        raw_max = stop_gradient(reduce_max(x, axis, keepdims=True))
        total = reduce_sum(exp(subtract(x, raw_max)), axis, keepdims=keep)
        shifted = raw_max if keep else _squeeze_like(raw_max, axis, x)
        return add(log(total), shifted, name=scope)


def _squeeze_like(t, axis, x):
    from .index_ops import squeeze
    if axis is None:
        from .array_ops import reshape
        return reshape(t, [])
    axes = [axis] if isinstance(axis, int) else list(axis)
    return squeeze(t, axis=axes)


def count_nonzero(input_tensor, axis=None, keepdims=None, dtype=_dt.int64, name=None, reduction_indices=None,
                  keep_dims=None):
    from .array_ops import cast, zeros
    from .math_ops import not_equal
    from .reduce_ops import reduce_sum
    keep = bool(keep_dims if keepdims is None else keepdims)
    axis = reduction_indices if axis is None else axis
    g = graph_of([input_tensor])
    with g.as_default(), g.name_scope(name or "count_nonzero"):
        x = convert_to_tensor(input_tensor, name="input_tensor")
        zero = zeros([], dtype=x.dtype.base_dtype)
        return cast(reduce_sum(cast(not_equal(x, zero), _dt.int64), axis=axis, keepdims=keep), dtype=dtype)
