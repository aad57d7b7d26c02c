"""`tf.confusion_matrix` / `tf.math.confusion_matrix` as TF 1.15 builds it: squeezable dimensions
removed, int64 casts guarded by assert_non_negative / assert_less, then a SparseTensor of ones (or
weights) added to a zero matrix (SparseTensorDenseAdd)."""
from __future__ import annotations

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..graph import graph_of


def remove_squeezable_dimensions(labels, predictions, expected_rank_diff=0, name=None):
    """Squeezes a trailing size-1 dim off labels or predictions when the ranks differ by one (static ranks)."""
    from .index_ops import squeeze
    g = graph_of([labels, predictions])
    with g.as_default(), g.name_scope(name or "remove_squeezable_dimensions"):
        predictions, labels = convert_to_tensor(predictions), convert_to_tensor(labels)
        ps, ls = predictions.get_shape(), labels.get_shape()
        if ps.ndims is None or ls.ndims is None:
            raise ValueError("confusion_matrix in nbgraph needs labels and predictions of known rank")
        diff = ps.ndims - ls.ndims
        if diff == expected_rank_diff + 1 and ps.dims[-1].is_compatible_with(1):
            predictions = squeeze(predictions, [-1])
        elif diff == expected_rank_diff - 1 and ls.dims[-1].is_compatible_with(1):
            labels = squeeze(labels, [-1])
        return labels, predictions


def confusion_matrix(labels, predictions, num_classes=None, weights=None, dtype=_dt.int32, name=None):
    """[num_classes, num_classes] counts (or summed weights) of (label, prediction) pairs."""
    from ..sparse_tensor import SparseTensor
    from .array_ops import cast, ones_like, zeros
    from .check_ops import assert_less, assert_non_negative
    from .control_ops import with_dependencies
    from .index_ops import stack
    from .math_ops import maximum
    from .reduce_ops import reduce_max
    from .sparse_combine_ops import sparse_add
    dtype = _dt.as_dtype(dtype)
    g = graph_of([labels, predictions])
    with g.as_default(), g.name_scope(name or "confusion_matrix"):
        labels, predictions = remove_squeezable_dimensions(convert_to_tensor(labels, name="labels"),
                                                           convert_to_tensor(predictions, name="predictions"))
        predictions = cast(predictions, _dt.int64)
        labels = cast(labels, _dt.int64)
        labels = with_dependencies([assert_non_negative(labels, message="`labels` contains negative values")], labels)
        predictions = with_dependencies(
            [assert_non_negative(predictions, message="`predictions` contains negative values")], predictions)
        if num_classes is None:
            num_classes = maximum(reduce_max(predictions), reduce_max(labels)) + 1
        else:
            n64 = cast(num_classes, _dt.int64)
            labels = with_dependencies([assert_less(labels, n64, message="`labels` out of bound")], labels)
            predictions = with_dependencies([assert_less(predictions, n64, message="`predictions` out of bound")],
                                            predictions)
        if weights is not None:
            weights = convert_to_tensor(weights, name="weights")
            predictions.get_shape().assert_is_compatible_with(weights.get_shape())
            weights = cast(weights, dtype)
        shape = stack([num_classes, num_classes])
        indices = stack([labels, predictions], axis=1)
        values = ones_like(predictions, dtype) if weights is None else weights
        cm = SparseTensor(indices=indices, values=values, dense_shape=cast(shape, _dt.int64))
        zero = zeros(cast(shape, _dt.int32), dtype)
        return sparse_add(zero, cm)
