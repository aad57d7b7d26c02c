"""The `tf.losses` loss functions (TF 1.15's losses_impl.py): each computes per-element losses in
its own name scope (`mean_squared_error/...`), weights them, reduces them as `reduction` says
(by default the sum over the number of non-zero weights) and adds the result to the `losses`
collection."""
from __future__ import annotations

from ..engine import dtypes as _dt
from ..engine.convert import constant_value, convert_to_tensor
from ..engine.graph import GraphKeys, get_default_graph
from ..engine.ops import math_ops as _m
from ..engine.ops.array_ops import cast, ones_like, rank, shape, size, stop_gradient, zeros_like
from ..engine.ops.control_ops import no_op
from ..engine.ops.index_ops import squeeze, where
from ..engine.ops.nn_extra_ops import div_no_nan, sparse_softmax_cross_entropy_with_logits
from ..engine.ops.nn_ops import sigmoid_cross_entropy_with_logits, softmax_cross_entropy_with_logits_v2
from ..engine.ops.reduce_ops import reduce_sum
from ..engine.tensor import Tensor

LOSSES = GraphKeys.LOSSES


class Reduction:
    """How a weighted loss is reduced to the value returned."""

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE, cls.SUM_OVER_NONZERO_WEIGHTS,
                cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}.")


_BROADCAST_ERROR = "weights can not be broadcast to values."


def add_loss(loss, loss_collection=LOSSES) -> None:
    if loss_collection:
        get_default_graph().add_to_collection(loss_collection, loss)


def assert_broadcastable(weights, values):
    """TF's static check that `weights` broadcast to `values` (scalar, or each dim 1 or equal)."""
    g = get_default_graph()
    with g.name_scope("assert_broadcastable"):
        with g.name_scope("weights") as ws:
            weights = convert_to_tensor(weights, name=ws)
            weights_shape = shape(weights, name="shape")
            weights_rank = rank(weights, name="rank")
        with g.name_scope("values") as vs:
            values = convert_to_tensor(values, name=vs)
            values_shape = shape(values, name="shape")
            values_rank = rank(values, name="rank")
        w_rank, v_rank = constant_value(weights_rank), constant_value(values_rank)
        if w_rank is None or v_rank is None:
            return no_op(name="dynamic_check_skipped")
        if w_rank == 0:
            return no_op(name="static_scalar_check_success")
        if w_rank != v_rank:
            raise ValueError(f"{_BROADCAST_ERROR} values.rank={v_rank}. weights.rank={w_rank}. "
                             f"values.shape={values.shape}. weights.shape={weights.shape}.")
        ws_static, vs_static = constant_value(weights_shape), constant_value(values_shape)
        if ws_static is not None and vs_static is not None:
            for i in range(len(vs_static)):
                if ws_static[i] not in (1, vs_static[i]):
                    raise ValueError(f"{_BROADCAST_ERROR} Mismatch at dim {i}. values.shape={vs_static} "
                                     f"weights.shape={ws_static}.")
            return no_op(name="static_dims_check_success")
        return no_op(name="dynamic_check_skipped")


def _safe_mean(losses, num_present):
    total_loss = reduce_sum(losses)
    return div_no_nan(total_loss, num_present, name="value")


def _num_elements(losses):
    g = get_default_graph()
    with g.name_scope("num_elements") as scope:
        return cast(size(losses, name=scope), dtype=losses.dtype.base_dtype)


def _num_present(losses, weights):
    if isinstance(weights, float) and weights != 0.0:
        return _num_elements(losses)
    g = get_default_graph()
    with g.name_scope("num_present") as scope:
        weights = cast(weights, dtype=_dt.float32)
        present = where(_m.equal(weights, 0.0), zeros_like(weights), ones_like(weights))
        present = _broadcast_weights(present, losses)
        return reduce_sum(present, name=scope)


def _broadcast_weights(weights, values):
    g = get_default_graph()
    with g.name_scope("broadcast_weights") as scope:
        values = convert_to_tensor(values, name="values")
        weights = convert_to_tensor(weights, dtype=values.dtype.base_dtype, name="weights")
        ws, vs = weights.get_shape(), values.get_shape()
        if ws.is_fully_defined() and vs.is_fully_defined() and ws.is_compatible_with(vs):
            return weights
        with g.control_dependencies([assert_broadcastable(weights, values)]):
            return _m.multiply(weights, ones_like(values), name=scope)


def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """Weights `losses` and reduces them as `reduction` says; adds the result to `loss_collection`."""
    Reduction.validate(reduction)
    g = get_default_graph()
    with g.name_scope(scope or "weighted_loss"):
        with g.control_dependencies([assert_broadcastable(weights, losses)]):
            losses = convert_to_tensor(losses)
            input_dtype = losses.dtype.base_dtype
            losses = cast(losses, dtype=_dt.float32)
            weights = cast(weights, dtype=_dt.float32)
            weighted_losses = _m.multiply(losses, weights)
            if reduction == Reduction.NONE:
                loss = weighted_losses
            else:
                loss = reduce_sum(weighted_losses)
                if reduction == Reduction.MEAN:
                    loss = _safe_mean(loss, reduce_sum(_m.multiply(ones_like(losses), weights)))
                elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                    loss = _safe_mean(loss, _num_present(losses, weights))
                elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                    loss = _safe_mean(loss, _num_elements(losses))
            loss = cast(loss, input_dtype)
            add_loss(loss, loss_collection)
            return loss


def _check_compatible(a, b):
    if not a.get_shape().is_compatible_with(b.get_shape()):
        raise ValueError(f"Shapes {a.get_shape()} and {b.get_shape()} are incompatible")


def _not_none(**kw):
    for name, value in kw.items():
        if value is None:
            raise ValueError(f"{name} must not be None.")


def _regression(kind, labels, predictions, weights, scope, loss_collection, reduction, fn):
    _not_none(labels=labels, predictions=predictions)
    g = get_default_graph()
    with g.name_scope(scope or kind) as scope:
        predictions = cast(predictions, dtype=_dt.float32)
        labels = cast(labels, dtype=_dt.float32)
        _check_compatible(predictions, labels)
        losses = fn(labels, predictions)
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def absolute_difference(labels, predictions, weights=1.0, scope=None, loss_collection=LOSSES,
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """|predictions - labels|, weighted and reduced."""
    return _regression("absolute_difference", labels, predictions, weights, scope, loss_collection, reduction,
                       lambda y, p: _m.abs(_m.subtract(p, y)))


def mean_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """(predictions - labels)^2, weighted and reduced."""
    return _regression("mean_squared_error", labels, predictions, weights, scope, loss_collection, reduction,
                       lambda y, p: _m.squared_difference(p, y))


def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None, loss_collection=LOSSES,
             reduction=Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """-y log(p + eps) - (1 - y) log(1 - p + eps), weighted and reduced."""
    def fn(y, p):
        return -_m.multiply(y, _m.log(p + epsilon)) - _m.multiply((1 - y), _m.log(1 - p + epsilon))
    return _regression("log_loss", labels, predictions, weights, scope, loss_collection, reduction, fn)


def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None, loss_collection=LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """0.5 e^2 while |e| <= delta, delta (|e| - 0.5 delta) beyond, with e = predictions - labels."""
    def fn(y, p):
        abs_error = _m.abs(_m.subtract(p, y))
        quadratic = _m.minimum(abs_error, delta)
        linear = _m.subtract(abs_error, quadratic)
        return _m.add(_m.multiply(convert_to_tensor(0.5, dtype=quadratic.dtype.base_dtype),
                                  _m.multiply(quadratic, quadratic)), _m.multiply(delta, linear))
    return _regression("huber_loss", labels, predictions, weights, scope, loss_collection, reduction, fn)


def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """max(0, 1 - (2y - 1) * logits) for labels y in {0, 1}, weighted and reduced."""
    _not_none(labels=labels, logits=logits)
    g = get_default_graph()
    with g.name_scope(scope or "hinge_loss") as scope:
        logits = cast(logits, dtype=_dt.float32)
        labels = cast(labels, dtype=_dt.float32)
        _check_compatible(logits, labels)
        all_ones = ones_like(labels)
        labels = _m.subtract(2 * labels, all_ones)
        losses = _m.relu(_m.subtract(all_ones, _m.multiply(labels, logits)))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    _not_none(multi_class_labels=multi_class_labels, logits=logits)
    g = get_default_graph()
    with g.name_scope(scope or "sigmoid_cross_entropy_loss") as scope:
        logits = convert_to_tensor(logits)
        multi_class_labels = cast(multi_class_labels, logits.dtype.base_dtype)
        _check_compatible(logits, multi_class_labels)
        if label_smoothing > 0:
            multi_class_labels = multi_class_labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = sigmoid_cross_entropy_with_logits(labels=multi_class_labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    _not_none(onehot_labels=onehot_labels, logits=logits)
    g = get_default_graph()
    with g.name_scope(scope or "softmax_cross_entropy_loss") as scope:
        logits = convert_to_tensor(logits)
        onehot_labels = cast(onehot_labels, logits.dtype.base_dtype)
        _check_compatible(logits, onehot_labels)
        if label_smoothing > 0:
            num_classes = cast(shape(onehot_labels)[-1], logits.dtype.base_dtype)
            smooth_positives = 1.0 - label_smoothing
            smooth_negatives = label_smoothing / num_classes
            onehot_labels = onehot_labels * smooth_positives + smooth_negatives
        onehot_labels = stop_gradient(onehot_labels, name="labels_stop_gradient")
        losses = softmax_cross_entropy_with_logits_v2(labels=onehot_labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def _remove_squeezable_dimensions(labels, predictions, weights, expected_rank_diff):
    """TF's static path: squeeze a trailing 1 so rank(predictions) - rank(labels) is as expected,
    and squeeze weights one rank above labels."""
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    lr, pr = labels.get_shape().ndims, predictions.get_shape().ndims
    if lr is not None and pr is not None:
        diff = pr - lr
        if diff == expected_rank_diff + 1 and predictions.get_shape()[-1].value in (1, None):
            predictions = squeeze(predictions, [-1])
        elif diff == expected_rank_diff - 1 and labels.get_shape()[-1].value in (1, None):
            labels = squeeze(labels, [-1])
    weights = convert_to_tensor(weights)
    lr, wr = labels.get_shape().ndims, weights.get_shape().ndims
    if lr is not None and wr is not None and wr - lr == 1:
        weights = squeeze(weights, [-1])
    return labels, predictions, weights


def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None, loss_collection=LOSSES,
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    _not_none(labels=labels, logits=logits)
    g = get_default_graph()
    with g.name_scope(scope or "sparse_softmax_cross_entropy_loss") as scope:
        # labels hold class ids, logits one score per class: rank(logits) - rank(labels) == 1
        labels, logits, weights = _remove_squeezable_dimensions(labels, logits, weights, expected_rank_diff=1)
        losses = sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)
