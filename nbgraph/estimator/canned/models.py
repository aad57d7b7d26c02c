"""TF 1.15's canned estimators: `DNNClassifier`/`DNNRegressor` (dense layers `dnn/hiddenlayer_N`
and `dnn/logits` over `dnn/input_from_feature_columns/input_layer`, Adagrad at 0.05 by default)
and `LinearClassifier`/`LinearRegressor` (`linear/linear_model/<column>/weights` and
`linear/linear_model/bias_weights`, FTRL at min(0.2, 1/sqrt(#columns)) by default)."""
from __future__ import annotations

import math

from ... import train as _train
from ...engine.ops import math_ops as _m
from ...engine.variables import variable_scope
from ..estimator import Estimator
from .head import RegressionHead, classification_head

_DNN_LEARNING_RATE = 0.05
_LINEAR_LEARNING_RATE = 0.2
_OPTIMIZER_NAMES = ("Adagrad", "Adam", "Ftrl", "RMSProp", "SGD")


def get_optimizer_instance(opt, learning_rate=None):
    """An optimizer from a name ('Adagrad', 'Adam', 'Ftrl', 'RMSProp', 'SGD'), a callable
    returning one, or an instance, as TF 1.15's canned/optimizers.py resolves it."""
    if isinstance(opt, str):
        if opt not in _OPTIMIZER_NAMES:
            raise ValueError(f"Unsupported optimizer name: {opt}. Supported names are: {tuple(sorted(_OPTIMIZER_NAMES))}")
        if not learning_rate:
            raise ValueError("learning_rate must be specified when opt is string.")
        cls = {"Adagrad": "AdagradOptimizer", "Adam": "AdamOptimizer", "Ftrl": "FtrlOptimizer",
               "RMSProp": "RMSPropOptimizer", "SGD": "GradientDescentOptimizer"}[opt]
        if not hasattr(_train, cls):
            raise NotImplementedError(f"tf.train.{cls} is not in nbgraph yet: pass another optimizer")
        return getattr(_train, cls)(learning_rate=learning_rate)
    if callable(opt) and not isinstance(opt, _train.Optimizer):
        opt = opt()
    if not isinstance(opt, _train.Optimizer):
        raise ValueError(f"The given object is not an Optimizer instance. Given: {opt}")
    return opt


def _slot_prefix(opt, prefix: str):
    """TF 1.15's canned models keep their variables as one-partition partitioned variables, so
    their optimizer slots are saved as `<var>/t_0/Adagrad` (DNN) or `<var>/part_0/Ftrl` (linear):
    the same prefix here."""
    if getattr(opt, "_nbgraph_slot_prefix", None) is not None:
        return opt
    make = opt._get_or_make_slot_with_initializer

    def with_prefix(var, initializer, shape, dtype, slot_name, op_name):
        return make(var, initializer, shape, dtype, slot_name, prefix + op_name)

    opt._get_or_make_slot_with_initializer = with_prefix
    opt._nbgraph_slot_prefix = prefix
    return opt


def _hidden_layer_summary(value, tag):
    from ...engine import dtypes
    from ...engine.ops.array_ops import cast
    from ...engine.ops.reduce_ops import reduce_mean
    from ...summary import histogram, scalar
    scalar(f"{tag}/fraction_of_zero_values", reduce_mean(cast(_m.equal(value, 0.0), dtypes.float32)))
    histogram(f"{tag}/activation", value)


def _dnn_logits(features, mode, units, hidden_units, feature_columns, activation_fn, dropout, batch_norm):
    from ...engine import initializers
    from ...engine.graph import get_default_graph
    from ...feature_column import input_layer
    from ...layers import batch_normalization, dense
    from ...layers import dropout as dropout_layer
    from ..model_fn import ModeKeys
    training = mode == ModeKeys.TRAIN
    with variable_scope("input_from_feature_columns"):
        net = input_layer(features, feature_columns)
    for layer_id, num_units in enumerate(hidden_units):
        with variable_scope(f"hiddenlayer_{layer_id}", values=(net,)) as scope:
            net = dense(net, num_units, activation=activation_fn,
                        kernel_initializer=initializers.glorot_uniform_initializer(), name=scope)
            if dropout is not None and training:
                net = dropout_layer(net, rate=dropout, training=True)
            if batch_norm:
                net = batch_normalization(net, momentum=0.999, training=training, name="batchnorm_%d" % layer_id)
        _hidden_layer_summary(net, f"dnn/hiddenlayer_{layer_id}")
    with variable_scope("logits", values=(net,)) as scope:
        logits = dense(net, units, kernel_initializer=initializers.glorot_uniform_initializer(), name=scope)
    _hidden_layer_summary(logits, "dnn/logits")
    del get_default_graph
    return logits


class _DNN(Estimator):
    def __init__(self, head, hidden_units, feature_columns, model_dir, optimizer, activation_fn, dropout, config,
                 warm_start_from, batch_norm):
        feature_columns = tuple(feature_columns or ())
        optimizer_spec = optimizer

        def _model_fn(features, labels, mode, config):
            opt = _slot_prefix(get_optimizer_instance(optimizer_spec, learning_rate=_DNN_LEARNING_RATE), "t_0/")
            with variable_scope("dnn", values=tuple(features.values()) if isinstance(features, dict) else None):
                logits = _dnn_logits(features, mode, head.logits_dimension, hidden_units, feature_columns,
                                     activation_fn, dropout, batch_norm)
                return head.create_estimator_spec(features, mode, logits, labels=labels, optimizer=opt)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)


class DNNClassifier(_DNN):
    """`tf.estimator.DNNClassifier(hidden_units, feature_columns, model_dir=None, n_classes=2, ...)`."""

    def __init__(self, hidden_units, feature_columns, model_dir=None, n_classes=2, weight_column=None,
                 label_vocabulary=None, optimizer="Adagrad", activation_fn=_m.relu, dropout=None,
                 input_layer_partitioner=None, config=None, warm_start_from=None, loss_reduction=None,
                 batch_norm=False):
        _unsupported(weight_column=weight_column, loss_reduction=loss_reduction)
        super().__init__(classification_head(n_classes, label_vocabulary), hidden_units, feature_columns, model_dir, optimizer,
                         activation_fn, dropout, config, warm_start_from, batch_norm)


class DNNRegressor(_DNN):
    """`tf.estimator.DNNRegressor(hidden_units, feature_columns, model_dir=None, label_dimension=1, ...)`."""

    def __init__(self, hidden_units, feature_columns, model_dir=None, label_dimension=1, weight_column=None,
                 optimizer="Adagrad", activation_fn=_m.relu, dropout=None, input_layer_partitioner=None, config=None,
                 warm_start_from=None, loss_reduction=None, batch_norm=False):
        _unsupported(weight_column=weight_column, loss_reduction=loss_reduction)
        super().__init__(RegressionHead(label_dimension), hidden_units, feature_columns, model_dir, optimizer,
                         activation_fn, dropout, config, warm_start_from, batch_norm)


class _Linear(Estimator):
    def __init__(self, head, feature_columns, model_dir, optimizer, config, warm_start_from, sparse_combiner):
        from ...feature_column import linear_model
        feature_columns = tuple(feature_columns or ())
        learning_rate = min(_LINEAR_LEARNING_RATE, 1 / math.sqrt(max(len(feature_columns), 1)))
        optimizer_spec = optimizer

        def _model_fn(features, labels, mode, config):
            opt = _slot_prefix(get_optimizer_instance(optimizer_spec, learning_rate=learning_rate), "part_0/")
            with variable_scope("linear", values=tuple(features.values()) if isinstance(features, dict) else None):
                logits = linear_model(features, feature_columns, units=head.logits_dimension,
                                      sparse_combiner=sparse_combiner)
                return head.create_estimator_spec(features, mode, logits, labels=labels, optimizer=opt)

        super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)


class LinearClassifier(_Linear):
    """`tf.estimator.LinearClassifier(feature_columns, model_dir=None, n_classes=2, optimizer='Ftrl', ...)`."""

    def __init__(self, feature_columns, model_dir=None, n_classes=2, weight_column=None, label_vocabulary=None,
                 optimizer="Ftrl", config=None, partitioner=None, warm_start_from=None, loss_reduction=None,
                 sparse_combiner="sum"):
        _unsupported(weight_column=weight_column, loss_reduction=loss_reduction)
        super().__init__(classification_head(n_classes, label_vocabulary), feature_columns, model_dir, optimizer, config,
                         warm_start_from, sparse_combiner)


class LinearRegressor(_Linear):
    """`tf.estimator.LinearRegressor(feature_columns, model_dir=None, label_dimension=1, optimizer='Ftrl', ...)`."""

    def __init__(self, feature_columns, model_dir=None, label_dimension=1, weight_column=None, optimizer="Ftrl",
                 config=None, partitioner=None, warm_start_from=None, loss_reduction=None, sparse_combiner="sum"):
        _unsupported(weight_column=weight_column, loss_reduction=loss_reduction)
        super().__init__(RegressionHead(label_dimension), feature_columns, model_dir, optimizer, config,
                         warm_start_from, sparse_combiner)


def _unsupported(**given):
    """Arguments nbgraph's canned estimators do not take yet: say so rather than ignore them."""
    for name, value in given.items():
        if value is not None and not (name == "loss_reduction" and value == "weighted_sum"):
            raise NotImplementedError(f"nbgraph's canned estimators do not support {name} yet")
