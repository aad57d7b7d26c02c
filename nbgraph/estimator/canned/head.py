"""The heads of TF 1.15's canned estimators (canned/head.py): from logits to predictions, the
training loss (summed over the batch: `Reduction.SUM`, as the v1 canned estimators sum it), the
train op and the evaluation metrics, for binary (sigmoid), multi-class (softmax) classification
and regression (mean squared error)."""
from __future__ import annotations

from ... import losses as _losses
from ... import metrics as _metrics
from ...engine import dtypes as _dt
from ...engine.graph import GraphKeys, get_default_graph
from ...engine.ops import math_ops as _m
from ...engine.ops import reduce_ops as _r
import numpy as np

from ...engine.ops.array_ops import (cast, concat, constant, expand_dims, ones_like, range as _range, shape, tile,
                                     zeros_like)
from ...engine.ops.control_ops import group
from ...summary import scalar
from ..model_fn import EstimatorSpec, ModeKeys


def _check_labels(labels, logits, expected_dim):
    if labels is None:
        raise ValueError("You must provide a labels Tensor. Given: None. Suggested troubleshooting steps: Check that "
                         "your data contain your label feature. Check that your input_fn properly parses and returns "
                         "labels.")
    from ...engine.convert import convert_to_tensor
    g = get_default_graph()
    with g.name_scope("labels"):
        labels = convert_to_tensor(labels)
        if labels.get_shape().ndims is not None and labels.get_shape().ndims == logits.get_shape().ndims - 1:
            labels = expand_dims(labels, -1)
        dim = labels.get_shape().as_list()[-1] if labels.get_shape().ndims else None
        if dim is not None and dim != expected_dim:
            raise ValueError(f"Mismatched label shape. Expected labels dimension={expected_dim}.  Received {dim}. "
                             "Suggested Fix:If your classifier expects one-hot encoding label,check your n_classes "
                             "argument to the estimator and/or the shape of your label. Otherwise, check the shape of "
                             "your label.")
    return labels


def _all_ids(logits, n_classes, as_text, vocabulary=None):
    from ...engine.ops.text_ops import as_string
    if vocabulary:
        values = constant(np.asarray(vocabulary, object), dtype=_dt.string)
    else:
        ids = _range(n_classes)
        values = as_string(ids) if as_text else ids
    return tile(expand_dims(values, 0), concat([expand_dims(shape(logits)[0], 0), [1]], 0))


def _class_strings(class_ids, vocabulary):
    """`classes`: the ids as text, or their names in `label_vocabulary`."""
    from ...engine.ops.index_ops import gather
    from ...engine.ops.text_ops import as_string
    if not vocabulary:
        return as_string(class_ids, name="str_classes")
    return gather(constant(np.asarray(vocabulary, object), dtype=_dt.string), class_ids, name="class_string_lookup")


def _label_ids(labels, vocabulary):
    """String labels -> their index in `label_vocabulary` (int64); -1 for a label not in it."""
    if labels.dtype != _dt.string:  # TF 1.15's lookup table refuses other keys
        raise TypeError(f"Signature mismatch. Keys must be dtype {_dt.string}, got {labels.dtype}.")
    hits = _m.equal(expand_dims(labels, -1), constant(np.asarray(vocabulary, object), dtype=_dt.string))
    found = _r.reduce_any(hits, -1)
    index = _r.argmax(cast(hits, _dt.int32), -1, output_type=_dt.int64)
    from ...engine.ops.index_ops import where
    return where(found, index, index * 0 - 1, name="class_id_lookup")


def _check_vocabulary(vocabulary, binary: bool):
    if vocabulary is None:
        return None
    if not isinstance(vocabulary, (list, tuple)):  # the two heads of TF 1.15 word it differently
        if binary:
            raise TypeError(f"label_vocabulary should be a list or tuple. Given type: {type(vocabulary)}")
        raise ValueError(f"label_vocabulary should be a list or a tuple. Given type: {type(vocabulary)}")
    return tuple(vocabulary)


class _Head:
    """Shared by the three heads: losses, summaries, the train op and the spec."""

    logits_dimension = 1

    def create_estimator_spec(self, features, mode, logits, labels=None, optimizer=None, train_op_fn=None):
        g = get_default_graph()
        with g.name_scope("head"):
            with g.name_scope("predictions"):
                predictions = self._predictions(logits)
            if mode == ModeKeys.PREDICT:
                return EstimatorSpec(mode, predictions=predictions)
            labels = self._labels(labels, logits)
            unreduced = self._unreduced_loss(labels, logits)
            training_loss = _losses.compute_weighted_loss(unreduced, reduction=_losses.Reduction.SUM)
            if mode == ModeKeys.EVAL:
                with g.name_scope("metrics"):
                    metric_ops = self._metrics(labels, logits, predictions, unreduced)
                return EstimatorSpec(mode, predictions=predictions, loss=training_loss, eval_metric_ops=metric_ops)
            if optimizer is not None:
                if train_op_fn is not None:
                    raise ValueError("train_op_fn and optimizer cannot both be set.")
                from ...train.learning_rate import get_global_step
                train_op = optimizer.minimize(training_loss, global_step=get_global_step())
            elif train_op_fn is not None:
                train_op = train_op_fn(training_loss)
            else:
                raise ValueError("train_op_fn and optimizer cannot both be None.")
            update_ops = g.get_collection(GraphKeys.UPDATE_OPS)
            if update_ops:
                train_op = group(train_op, *update_ops)
            mean_loss = training_loss / _r.reduce_sum(ones_like(unreduced))
        with g.name_scope(None):
            scalar("loss", training_loss)
            scalar("average_loss", mean_loss)
        return EstimatorSpec(mode, predictions=predictions, loss=training_loss, train_op=train_op)


class BinaryLogisticHead(_Head):
    """Sigmoid cross-entropy on one logit per example."""

    def __init__(self, label_vocabulary=None):
        self._vocabulary = _check_vocabulary(label_vocabulary, binary=True)

    def _predictions(self, logits):
        logistic = _m.sigmoid(logits, name="logistic")
        two_class_logits = concat((zeros_like(logits), logits), axis=-1, name="two_class_logits")
        probabilities = _m.softmax(two_class_logits, name="probabilities")
        class_ids = expand_dims(_r.argmax(two_class_logits, axis=-1, name="class_ids"), axis=-1)
        return {"logits": logits, "logistic": logistic, "probabilities": probabilities, "class_ids": class_ids,
                "classes": _class_strings(class_ids, self._vocabulary), "all_class_ids": _all_ids(logits, 2, False),
                "all_classes": _all_ids(logits, 2, True, self._vocabulary)}

    def _labels(self, labels, logits):
        labels = _check_labels(labels, logits, 1)
        if self._vocabulary:
            labels = _label_ids(labels, self._vocabulary)
        return cast(labels, _dt.float32)

    def _unreduced_loss(self, labels, logits):
        from ...engine.ops.nn_ops import sigmoid_cross_entropy_with_logits
        return sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)

    def _metrics(self, labels, logits, predictions, unreduced):
        class_ids, logistic = predictions["class_ids"], predictions["logistic"]
        label_mean = _metrics.mean(cast(labels, _dt.float32), name="label/mean")
        with get_default_graph().name_scope("accuracy_baseline"):
            baseline = (_m.maximum(label_mean[0], 1.0 - label_mean[0], name="value"),
                        _m.maximum(label_mean[1], 1 - label_mean[1], name="update_op"))
        return {"average_loss": _metrics.mean(unreduced, name="average_loss"),
                "accuracy": _metrics.accuracy(labels, class_ids, name="accuracy"),
                "precision": _metrics.precision(labels, class_ids, name="precision"),
                "recall": _metrics.recall(labels, class_ids, name="recall"),
                "prediction/mean": _metrics.mean(cast(logistic, _dt.float32), name="prediction/mean"),
                "label/mean": label_mean, "accuracy_baseline": baseline,
                "auc": _metrics.auc(labels, logistic, name="auc"),
                "auc_precision_recall": _metrics.auc(labels, logistic, curve="PR", name="auc_precision_recall")}


class MultiClassHead(_Head):
    """Softmax cross-entropy over `n_classes` logits; labels are class ids."""

    def __init__(self, n_classes, label_vocabulary=None):
        self._n_classes = n_classes
        self.logits_dimension = n_classes
        self._vocabulary = _check_vocabulary(label_vocabulary, binary=False)

    def _predictions(self, logits):
        probabilities = _m.softmax(logits, name="probabilities")
        class_ids = expand_dims(_r.argmax(logits, axis=-1, name="class_ids"), axis=-1)
        return {"logits": logits, "probabilities": probabilities, "class_ids": class_ids,
                "classes": _class_strings(class_ids, self._vocabulary),
                "all_class_ids": _all_ids(logits, self._n_classes, False),
                "all_classes": _all_ids(logits, self._n_classes, True, self._vocabulary)}

    def _labels(self, labels, logits):
        labels = _check_labels(labels, logits, 1)
        if self._vocabulary:
            if labels.dtype != _dt.string:
                raise ValueError(f"Labels dtype should be string if there is a vocabulary. Instead got {labels.dtype}")
            return _label_ids(labels, self._vocabulary)
        if not labels.dtype.is_integer:
            raise ValueError(f"Labels dtype should be integer. Instead got {labels.dtype!r}.")
        return labels

    def _unreduced_loss(self, labels, logits):
        return _losses.sparse_softmax_cross_entropy(labels=labels, logits=logits, reduction=_losses.Reduction.NONE)

    def _metrics(self, labels, logits, predictions, unreduced):
        return {"average_loss": _metrics.mean(unreduced, name="average_loss"),
                "accuracy": _metrics.accuracy(labels, predictions["class_ids"], name="accuracy")}


class RegressionHead(_Head):
    """Squared error on `label_dimension` outputs; the prediction is the logits."""

    def __init__(self, label_dimension=1):
        self.logits_dimension = label_dimension

    def _predictions(self, logits):
        return {"predictions": logits}

    def _labels(self, labels, logits):
        return cast(_check_labels(labels, logits, self.logits_dimension), _dt.float32)

    def _unreduced_loss(self, labels, logits):
        return _losses.mean_squared_error(labels=labels, predictions=logits, reduction=_losses.Reduction.NONE)

    def _metrics(self, labels, logits, predictions, unreduced):
        return {"average_loss": _metrics.mean(unreduced),
                "prediction/mean": _metrics.mean(predictions["predictions"], name="prediction/mean"),
                "label/mean": _metrics.mean(labels)}


def classification_head(n_classes: int, label_vocabulary=None) -> _Head:
    if n_classes == 2:
        return BinaryLogisticHead(label_vocabulary)
    if n_classes is None:
        raise ValueError("n_classes cannot be None")
    if n_classes <= 2:
        raise ValueError(f"n_classes must be > 2: {n_classes}.")
    return MultiClassHead(n_classes, label_vocabulary)
