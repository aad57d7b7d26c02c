"""`tf.estimator.ModeKeys` and `tf.estimator.EstimatorSpec`: what a `model_fn` returns, checked
the way TF 1.15's model_fn.py checks it (same messages: `Missing loss.`, `Missing train_op.`...)."""
from __future__ import annotations

import collections

from ..engine.ops.array_ops import reshape
from ..engine.tensor import Operation, Tensor


class ModeKeys:
    """The three modes a `model_fn` is called in."""

    TRAIN = "train"
    EVAL = "eval"
    PREDICT = "infer"


LOSS_METRIC_KEY = "loss"
AVERAGE_LOSS_METRIC_KEY = "average_loss"


def _check_is_tensor(x, tensor_name: str) -> Tensor:
    if not isinstance(x, Tensor):
        raise TypeError(f"{tensor_name} must be Tensor, given: {x}")
    return x


def _check_is_tensor_or_operation(x, name: str):
    if not isinstance(x, (Tensor, Operation)):
        raise TypeError(f"{name} must be Operation or Tensor, given: {x}")


_SPEC_FIELDS = ("mode", "predictions", "loss", "train_op", "eval_metric_ops", "export_outputs",
                "training_chief_hooks", "training_hooks", "scaffold", "evaluation_hooks", "prediction_hooks")


class EstimatorSpec(collections.namedtuple("EstimatorSpec", _SPEC_FIELDS)):
    """`tf.estimator.EstimatorSpec(mode, predictions=None, loss=None, train_op=None,
    eval_metric_ops=None, export_outputs=None, training_chief_hooks=None, training_hooks=None,
    scaffold=None, evaluation_hooks=None, prediction_hooks=None)`."""


    def __new__(cls, mode, predictions=None, loss=None, train_op=None, eval_metric_ops=None,
                export_outputs=None, training_chief_hooks=None, training_hooks=None, scaffold=None,
                evaluation_hooks=None, prediction_hooks=None):
        from ..train.monitored_session import Scaffold
        predictions = _validate_predictions(predictions, mode)
        loss = _validate_loss(loss, mode)
        if train_op is None:
            if mode == ModeKeys.TRAIN:
                raise ValueError("Missing train_op.")
        else:
            _check_is_tensor_or_operation(train_op, "train_op")
        eval_metric_ops = _validate_eval_metric_ops(eval_metric_ops)
        if scaffold is not None and not isinstance(scaffold, Scaffold):
            raise TypeError(f"scaffold must be tf.train.Scaffold. Given: {scaffold}")
        hooks = [tuple(h or ()) for h in (training_chief_hooks, training_hooks, evaluation_hooks, prediction_hooks)]
        for group in hooks:
            for h in group:
                if not hasattr(h, "before_run"):
                    raise TypeError(f"All hooks must be SessionRunHook instances, given: {h}")
        return super().__new__(cls, mode, predictions, loss, train_op, eval_metric_ops, export_outputs,
                               hooks[0], hooks[1], scaffold or Scaffold(), hooks[2], hooks[3])


def _validate_predictions(predictions, mode):
    if predictions is None:
        if mode == ModeKeys.PREDICT:
            raise ValueError("Missing predictions.")
        return {}
    if isinstance(predictions, dict):
        return {k: _check_is_tensor(v, f"predictions[{k}]") for k, v in predictions.items()}
    return _check_is_tensor(predictions, "predictions")


def _validate_loss(loss, mode):
    if loss is None:
        if mode in (ModeKeys.TRAIN, ModeKeys.EVAL):
            raise ValueError("Missing loss.")
        return None
    loss = _check_is_tensor(loss, "loss")
    shape = loss.get_shape()
    if shape.num_elements() not in (None, 1):
        raise ValueError(f"Loss must be scalar, given: {loss}")
    if shape.ndims != 0:
        loss = reshape(loss, [])
    return loss


def _validate_eval_metric_ops(eval_metric_ops):
    if eval_metric_ops is None:
        return {}
    if not isinstance(eval_metric_ops, dict):
        raise TypeError(f"eval_metric_ops must be a dict, given: {eval_metric_ops}")
    for key, value in eval_metric_ops.items():
        if not isinstance(value, tuple) or len(value) != 2:
            raise TypeError(f"Values of eval_metric_ops must be (metric_value, update_op) tuples, given: {value} "
                            f"for key: {key}")
    return dict(eval_metric_ops)
