"""`tf.metrics`: streaming metrics as TF 1.15 builds them. Each returns `(value, update_op)`:
the running totals live in local variables (`accuracy/total`, `accuracy/count`, ... in the
`LOCAL_VARIABLES` and `METRIC_VARIABLES` collections, so `tf.local_variables_initializer()`
resets them), `update_op` adds a batch and returns the updated metric, `value` reads it."""
from __future__ import annotations

from .engine import dtypes as _dt
from .engine.convert import convert_to_tensor
from .engine.graph import GraphKeys, get_default_graph
from .engine.ops.array_ops import cast, identity, size, squeeze, zeros
from .engine.ops.index_ops import where
from .engine.ops.math_ops import equal, greater, logical_and, maximum, multiply, sqrt, truediv
from .engine.ops.nn_extra_ops import div_no_nan
from .engine.ops.reduce_ops import reduce_sum
from .engine.ops.state_ops import assign_add
from .engine.variables import Variable, variable_scope

__all__ = ["accuracy", "mean", "precision", "recall", "true_positives", "false_positives", "false_negatives",
           "true_negatives", "mean_squared_error", "root_mean_squared_error", "mean_absolute_error", "auc"]


def metric_variable(shape, dtype, validate_shape=True, name=None) -> Variable:
    """A zero-initialised local variable in `LOCAL_VARIABLES` and `METRIC_VARIABLES`."""
    return Variable(lambda: zeros(shape, dtype), trainable=False,
                    collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES],
                    validate_shape=validate_shape, name=name)


def _remove_squeezable_dimensions(predictions, labels, weights=None):
    """Squeezes a trailing size-1 dimension from the operand whose static rank is one more."""
    predictions = convert_to_tensor(predictions)
    if labels is not None:
        labels = convert_to_tensor(labels)
        pr, lr = predictions.get_shape().ndims, labels.get_shape().ndims
        if pr is not None and lr is not None:
            if pr - lr == 1 and predictions.get_shape().as_list()[-1] in (1, None):
                predictions = squeeze(predictions, [-1])
            elif lr - pr == 1 and labels.get_shape().as_list()[-1] in (1, None):
                labels = squeeze(labels, [-1])
    if weights is not None:
        weights = convert_to_tensor(weights)
    return predictions, labels, weights


def _add_collections(collections, value):
    if collections:
        get_default_graph().add_to_collections(collections, value)


def _check_compatible(predictions, labels):
    if not predictions.get_shape().is_compatible_with(labels.get_shape()):
        raise ValueError(f"Shapes {predictions.get_shape()} and {labels.get_shape()} are incompatible")


def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The running (weighted) mean of `values`: `mean/total` / `mean/count`."""
    with variable_scope(name, "mean", [values, weights]):
        values = cast(convert_to_tensor(values), _dt.float32)
        total = metric_variable([], _dt.float32, name="total")
        count = metric_variable([], _dt.float32, name="count")
        if weights is None:
            num_values = cast(size(values), _dt.float32)
        else:
            from .losses.losses_impl import _broadcast_weights
            weights = _broadcast_weights(cast(convert_to_tensor(weights), _dt.float32), values)
            values = multiply(values, weights)
            num_values = reduce_sum(weights)
        update_total_op = assign_add(total, reduce_sum(values))
        g = get_default_graph()
        with g.control_dependencies([values]):
            update_count_op = assign_add(count, num_values)
        mean_t = div_no_nan(total, maximum(count, 0), name="value")
        update_op = div_no_nan(update_total_op, maximum(update_count_op, 0), name="update_op")
        _add_collections(metrics_collections, mean_t)
        _add_collections(updates_collections, update_op)
        return mean_t, update_op


def accuracy(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """How often `predictions` equals `labels`, accumulated over the batches run through `update_op`."""
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    _check_compatible(predictions, labels)
    if labels.dtype.base_dtype != predictions.dtype.base_dtype:
        predictions = cast(predictions, labels.dtype.base_dtype)
    is_correct = cast(equal(predictions, labels), _dt.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections, name or "accuracy")


def _count_condition(values, weights=None, metrics_collections=None, updates_collections=None):
    from .engine.ops.control_ops import no_op
    g = get_default_graph()
    with g.name_scope("assert_type"):
        no_op(name="statically_determined_correct_type")
    count = metric_variable([], _dt.float32, name="count")
    values = cast(values, _dt.float32)
    if weights is not None:
        from .losses.losses_impl import _broadcast_weights
        values = multiply(values, _broadcast_weights(cast(convert_to_tensor(weights), _dt.float32), values))
    value_tensor = identity(count)
    update_op = assign_add(count, reduce_sum(values))
    _add_collections(metrics_collections, value_tensor)
    _add_collections(updates_collections, update_op)
    return value_tensor, update_op


def _confusion_count(default_name, label_value, prediction_value):
    def count(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
        with variable_scope(name, default_name, [predictions, labels, weights]):
            predictions, labels, weights = _remove_squeezable_dimensions(
                cast(convert_to_tensor(predictions), _dt.bool_), cast(convert_to_tensor(labels), _dt.bool_), weights)
            is_case = logical_and(equal(labels, label_value), equal(predictions, prediction_value))
            return _count_condition(is_case, weights, metrics_collections, updates_collections)
    count.__name__ = default_name
    count.__doc__ = f"`tf.metrics.{default_name}`: the weighted count of {default_name.replace('_', ' ')}."
    return count


true_positives = _confusion_count("true_positives", True, True)
false_positives = _confusion_count("false_positives", False, True)
false_negatives = _confusion_count("false_negatives", True, False)
true_negatives = _confusion_count("true_negatives", False, False)


def _ratio_metric(default_name, other):
    def metric(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
        with variable_scope(name, default_name, [predictions, labels, weights]):
            predictions, labels, weights = _remove_squeezable_dimensions(
                cast(convert_to_tensor(predictions), _dt.bool_), cast(convert_to_tensor(labels), _dt.bool_), weights)
            tp, tp_update = true_positives(labels, predictions, weights)
            fx, fx_update = other(labels, predictions, weights)

            def compute(a, b, name):
                return where(greater(a + b, 0), truediv(a, a + b), 0, name)

            value = compute(tp, fx, "value")
            update_op = compute(tp_update, fx_update, "update_op")
            _add_collections(metrics_collections, value)
            _add_collections(updates_collections, update_op)
            return value, update_op
    metric.__name__ = default_name
    return metric


precision = _ratio_metric("precision", false_positives)
precision.__doc__ = "`tf.metrics.precision`: true positives / (true positives + false positives)."
recall = _ratio_metric("recall", false_negatives)
recall.__doc__ = "`tf.metrics.recall`: true positives / (true positives + false negatives)."


def mean_squared_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                       name=None):
    from .engine.ops.math_ops import squared_difference
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    _check_compatible(predictions, labels)
    return mean(squared_difference(labels, predictions), weights, metrics_collections, updates_collections,
                name or "mean_squared_error")


def mean_absolute_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                        name=None):
    from .engine.ops.math_ops import abs as _abs, subtract
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    _check_compatible(predictions, labels)
    return mean(_abs(subtract(predictions, labels)), weights, metrics_collections, updates_collections,
                name or "mean_absolute_error")


def root_mean_squared_error(labels, predictions, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    from .engine.ops.math_ops import squared_difference
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    _check_compatible(predictions, labels)
    mse, update_mse_op = mean(squared_difference(labels, predictions), weights, None, None,
                              name or "root_mean_squared_error")
    rmse, update_rmse_op = sqrt(mse), sqrt(update_mse_op)
    _add_collections(metrics_collections, rmse)
    _add_collections(updates_collections, update_rmse_op)
    return rmse, update_rmse_op


from .metrics_auc import auc  # noqa: E402,F401
