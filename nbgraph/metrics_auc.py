"""`tf.metrics.auc`: the area under the ROC or PR curve, from true/false positive/negative counts
at `num_thresholds` thresholds kept in local variables (`auc/true_positives`, ...), summed by
the trapezoidal rule (or `minoring`/`majoring`) as TF 1.15 does."""
from __future__ import annotations

from .engine import dtypes as _dt
from .engine.convert import convert_to_tensor
from .engine.ops.array_ops import cast, constant, expand_dims, reshape, shape, tile, transpose
from .engine.ops.index_ops import stack
from .engine.ops.math_ops import greater, logical_and, logical_not, maximum, minimum, multiply, truediv
from .engine.ops.reduce_ops import reduce_sum
from .engine.ops.state_ops import assign_add
from .engine.variables import variable_scope


def _confusion_matrix_at_thresholds(labels, predictions, thresholds, weights=None):
    from .metrics import _remove_squeezable_dimensions, metric_variable
    predictions, labels, weights = _remove_squeezable_dimensions(
        cast(convert_to_tensor(predictions), _dt.float32), cast(convert_to_tensor(labels), _dt.bool_), weights)
    n = len(thresholds)
    predictions_2d = reshape(predictions, [-1, 1])
    labels_2d = reshape(cast(labels, _dt.bool_), [1, -1])
    num_predictions = predictions_2d.get_shape().as_list()[0]
    if num_predictions is None:
        num_predictions = shape(predictions_2d)[0]
    thresh_tiled = tile(expand_dims(constant(thresholds), [1]), stack([1, num_predictions]))
    preds_tiled = tile(transpose(predictions_2d), [n, 1])
    pred_is_pos = greater(preds_tiled, thresh_tiled)
    label_is_pos = tile(labels_2d, [n, 1])
    weights_tiled = None
    if weights is not None:
        from .losses.losses_impl import _broadcast_weights
        weights = _broadcast_weights(cast(weights, _dt.float32), predictions)
        weights_tiled = tile(reshape(weights, [1, -1]), [n, 1])
    pred_is_neg, label_is_neg = logical_not(pred_is_pos), logical_not(label_is_pos)
    values, updates = {}, {}
    for key, name, a, b in (("tp", "true_positives", label_is_pos, pred_is_pos),
                            ("fn", "false_negatives", label_is_pos, pred_is_neg),
                            ("tn", "true_negatives", label_is_neg, pred_is_neg),
                            ("fp", "false_positives", label_is_neg, pred_is_pos)):
        var = metric_variable([n], _dt.float32, name=name)
        hit = cast(logical_and(a, b), _dt.float32)
        if weights_tiled is not None:
            hit = multiply(hit, weights_tiled)
        updates[key] = assign_add(var, reduce_sum(hit, 1))
        values[key] = var
    return values, updates


def auc(labels, predictions, weights=None, num_thresholds=200, metrics_collections=None, updates_collections=None,
        curve="ROC", name=None, summation_method="trapezoidal", thresholds=None):
    """`(auc, update_op)`: the area under the `curve` ('ROC' or 'PR') of `predictions` in [0, 1]."""
    from .metrics import _add_collections
    with variable_scope(name, "auc", [labels, predictions, weights]):
        if curve not in ("ROC", "PR"):
            raise ValueError(f"curve must be either ROC or PR, {curve} unknown")
        if summation_method not in ("trapezoidal", "careful_interpolation", "minoring", "majoring"):
            raise ValueError(f"Invalid summation_method: {summation_method}")
        kepsilon = 1e-7
        if thresholds is not None:
            thresholds = [0.0 - kepsilon] + sorted(float(t) for t in thresholds) + [1.0 + kepsilon]
            num_thresholds = len(thresholds)
        else:
            thresholds = [0.0 - kepsilon] + [(i + 1) * 1.0 / (num_thresholds - 1)
                                              for i in range(num_thresholds - 2)] + [1.0 + kepsilon]
        values, updates = _confusion_matrix_at_thresholds(labels, predictions, thresholds, weights)
        epsilon = 1.0e-6

        def compute(tp, fn, tn, fp, name):
            rec = truediv(tp + epsilon, tp + fn + epsilon)
            if curve == "ROC":
                x, y = truediv(fp, fp + tn + epsilon), rec
            else:
                x, y = rec, truediv(tp + epsilon, tp + fp + epsilon)
            k = num_thresholds - 1
            if summation_method == "minoring":
                return reduce_sum(multiply(x[:k] - x[1:], minimum(y[:k], y[1:])), name=name)
            if summation_method == "majoring":
                return reduce_sum(multiply(x[:k] - x[1:], maximum(y[:k], y[1:])), name=name)
            return reduce_sum(multiply(x[:k] - x[1:], (y[:k] + y[1:]) / 2.0), name=name)

        value = compute(values["tp"], values["fn"], values["tn"], values["fp"], "value")
        update_op = compute(updates["tp"], updates["fn"], updates["tn"], updates["fp"], "update_op")
        _add_collections(metrics_collections, value)
        _add_collections(updates_collections, update_op)
        return value, update_op
