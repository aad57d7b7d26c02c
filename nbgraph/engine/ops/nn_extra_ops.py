"""More of `tf.nn` for training lessons: the activations `Softsign`, `Selu`, `LeakyRelu`, the
`SparseSoftmaxCrossEntropyWithLogits` op, and the composites `dropout` (TF 1.15: `keep_prob`
or `rate`) and `weighted_cross_entropy_with_logits`, built from the ops TF builds them from."""
from __future__ import annotations

import numbers

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import FLOATS, KernelError, broadcast, same_shape
from .math_ops import _binary_kernel, _unary_kernel

SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717


def _softsign(x):
    return (x / (1 + np.abs(x))).astype(x.dtype)


def _selu(x):
    with np.errstate(over="ignore"):
        neg = SELU_ALPHA * np.expm1(np.minimum(x, 0))
    return (SELU_SCALE * np.where(x > 0, x, neg)).astype(x.dtype)


def _leaky_relu_kernel(op):
    alpha = op._attrs["alpha"]

    def f(x):
        return np.where(x > 0, x, x * x.dtype.type(alpha)).astype(x.dtype)
    return lambda ctx, x: f(x)


register("Softsign", "elementwise", same_shape, _unary_kernel(_softsign), doc="applies softsign x/(1+|x|) to")
register("Selu", "elementwise", same_shape, _unary_kernel(_selu), doc="applies SELU to")
register("LeakyRelu", "elementwise", same_shape, _leaky_relu_kernel, doc="applies leaky ReLU (alpha * x below 0) to")

_TF_FLOATS = "half, bfloat16, float32, float64"


def softsign(features, name=None):
    return apply_op("Softsign", name, [("features", features)], allowed=FLOATS, allowed_names=_TF_FLOATS)._outputs[0]


def selu(features, name=None):
    return apply_op("Selu", name, [("features", features)], allowed=FLOATS, allowed_names=_TF_FLOATS)._outputs[0]


def leaky_relu(features, alpha=0.2, name=None):
    from .array_ops import cast
    g = graph_of([features])
    with g.as_default(), g.name_scope(name or "LeakyRelu") as scope:
        features = convert_to_tensor(features, name="features")
        if features.dtype.is_integer:
            features = cast(features, _dt.float32)
        if isinstance(alpha, np.ndarray):
            alpha = alpha.item()
        return apply_op("LeakyRelu", scope, [("features", features)], allowed=FLOATS, allowed_names=_TF_FLOATS,
                        attrs={"alpha": float(alpha)})._outputs[0]


# -- sparse softmax cross-entropy ---------------------------------------------------------------
def _sparse_xent_kernel(op):
    def quiet(ctx, logits, labels):
        n = logits.shape[-1]
        bad = (labels < 0) | (labels >= n)
        if bad.any():
            v = labels[bad][0]
            raise KernelError(f"Received a label value of {v} which is outside the valid range of [0, {n}).  "
                              f"Label values: {' '.join(str(x) for x in labels.ravel())}")
        # ndarray methods: numpy's reductions without their Python-level wrappers
        z = logits - logits.max(axis=-1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
        rows = np.arange(logits.shape[0])
        loss = -log_p[rows, labels]
        backprop = np.exp(log_p)
        backprop[rows, labels] -= 1
        return loss.astype(logits.dtype, copy=False), backprop.astype(logits.dtype, copy=False)

    def k(ctx, logits, labels):
        with np.errstate(all="ignore"):
            return quiet(ctx, logits, labels)
    k.quiet = quiet  # for the executor, which runs every kernel with numpy's errors ignored
    return k


def _sparse_xent_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is None:
        return [unknown_shape(1), unknown_shape(2)]
    return [TensorShape(s.as_list()[:1]), s]


register("SparseSoftmaxCrossEntropyWithLogits", "reduction", _sparse_xent_shape, _sparse_xent_kernel,
         doc="measures the cross-entropy of softmax(logits) against the class indices")


def _ensure_xent_args(name, sentinel, labels, logits):
    if sentinel is not None:
        raise ValueError(f"Only call `{name}` with named arguments (labels=..., logits=..., ...)")
    if labels is None or logits is None:
        raise ValueError("Both labels and logits must be provided.")


def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """Per-row cross-entropy of softmax(logits) against integer class labels (TF 1.15's wrapper:
    rank checks, then the op on 2-D logits, reshaping other ranks to 2-D and back)."""
    from .array_ops import reshape, shape
    _ensure_xent_args("sparse_softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    g = graph_of([labels, logits])
    with g.as_default(), g.name_scope(name or "SparseSoftmaxCrossEntropyWithLogits"):
        labels = convert_to_tensor(labels)
        logits = convert_to_tensor(logits)
        ls, xs = labels.get_shape(), logits.get_shape()
        labels_shape = shape(labels)
        if xs.ndims is not None and xs.ndims == 0:
            raise ValueError(f"Logits cannot be scalars - received shape {xs}.")
        if xs.ndims is not None and ls.ndims is not None and ls.ndims != xs.ndims - 1:
            raise ValueError(f"Rank mismatch: Rank of labels (received {ls.ndims}) should equal rank of logits "
                             f"minus 1 (received {xs.ndims}).")
        if ls.is_fully_defined() and xs.ndims is not None and TensorShape(xs.as_list()[:-1]).is_fully_defined() \
                and ls.as_list() != xs.as_list()[:-1]:
            raise ValueError(f"Shape mismatch: The shape of labels (received {ls}) should equal the shape of "
                             f"logits except for the last dimension (received {xs}).")
        if labels.dtype.base_dtype not in (_dt.int32, _dt.int64):
            raise TypeError(f"Value passed to parameter 'labels' has DataType {labels.dtype.base_dtype.name} not in "
                            "list of allowed values: int32, int64")
        if logits.dtype.base_dtype not in FLOATS:
            raise TypeError(f"Value passed to parameter 'features' has DataType {logits.dtype.base_dtype.name} not in "
                            f"list of allowed values: {_TF_FLOATS}")
        if xs.ndims == 2:
            return _sparse_xent_op(g, logits, labels, name)
        flat_logits = reshape(logits, [-1, xs.as_list()[-1] if xs.ndims else -1])
        flat_labels = reshape(labels, [-1])
        cost = _sparse_xent_op(g, flat_logits, flat_labels, None)
        out = reshape(cost, labels_shape)
        out.set_shape(ls)
        return out


def _sparse_xent_op(g, logits, labels, name):
    op = g.create_op("SparseSoftmaxCrossEntropyWithLogits", [logits, labels], [logits.dtype.base_dtype] * 2,
                     name=name or "SparseSoftmaxCrossEntropyWithLogits",
                     attrs={"T": logits.dtype.base_dtype, "Tlabels": labels.dtype.base_dtype})
    return op._outputs[0]


# -- composites -------------------------------------------------------------------------------------
def weighted_cross_entropy_with_logits(labels=None, logits=None, pos_weight=None, name=None, targets=None):
    """(1 - z) * x + (1 + (q - 1) * z) * (log(1 + exp(-|x|)) + max(-x, 0)): the sigmoid
    cross-entropy with positive examples weighted by q = pos_weight."""
    from .math_ops import abs as _abs, add, exp, log1p, multiply, negative, relu, subtract
    if targets is not None:
        if labels is not None:
            raise ValueError("Cannot specify both 'targets' and 'labels'")
        labels = targets
    g = graph_of([labels, logits])
    with g.as_default(), g.name_scope(name or "logistic_loss") as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels", dtype=logits.dtype.base_dtype)
        if not labels.get_shape().is_compatible_with(logits.get_shape()):
            raise ValueError(f"logits and labels must have the same shape ({logits.get_shape()} vs "
                             f"{labels.get_shape()})")
        log_weight = add(1.0, multiply(subtract(pos_weight, 1.0), labels))
        return add(multiply(subtract(1.0, labels), logits),
                   multiply(log_weight, add(log1p(exp(negative(_abs(logits)))), relu(negative(logits)))), name=scope)


def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """TF 1.15's `tf.nn.dropout`: give `keep_prob` (deprecated) or `rate`; kept elements are
    scaled by 1 / (1 - rate), the others become 0."""
    if keep_prob is not None:
        try:
            keep = 1.0 - keep_prob
        except TypeError:
            raise ValueError(f"keep_prob must be a floating point number or Tensor (got {keep_prob!r})") from None
        if rate is not None:
            raise ValueError("Cannot specify both 'keep_prob' and 'rate'")
        rate = keep
    if rate is None:
        raise ValueError("You must provide a rate to dropout.")
    return dropout_v2(x, rate, noise_shape=noise_shape, seed=seed, name=name)


def dropout_v2(x, rate, noise_shape=None, seed=None, name=None):
    from .array_ops import cast, shape
    from .random_ops import random_uniform
    g = graph_of([x])
    with g.as_default(), g.name_scope(name or "dropout"):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError("x has to be a floating point tensor since it's going to be scaled. Got a "
                             f"{x.dtype} tensor instead.")
        if isinstance(rate, numbers.Real):
            if not (0 <= rate < 1):
                raise ValueError(f"rate must be a scalar tensor or a float in the range [0, 1), got {rate:g}")
            if rate == 0:
                return x
        rate = convert_to_tensor(rate, dtype=x.dtype.base_dtype, name="rate")
        if rate.get_shape().ndims not in (None, 0):
            raise ValueError(f"Shapes {rate.get_shape()} and () are incompatible")
        if constant_value(rate) is not None and constant_value(rate) == 0:
            return x
        if noise_shape is None:
            noise_shape = shape(x)
        random_tensor = random_uniform(noise_shape, seed=seed, dtype=x.dtype.base_dtype)
        keep_prob = 1 - rate
        scale = 1 / keep_prob
        keep_mask = random_tensor >= rate
        ret = x * scale * cast(keep_mask, x.dtype.base_dtype)
        ret.set_shape(x.get_shape())
        return ret


__all__ = ["softsign", "selu", "leaky_relu", "sparse_softmax_cross_entropy_with_logits",
           "weighted_cross_entropy_with_logits", "dropout", "dropout_v2", "div_no_nan"]


# -- div_no_nan (the losses' safe mean) ------------------------------------------------------------
def _div_no_nan(x, y):
    with np.errstate(all="ignore"):
        out = np.true_divide(x, y)
    return np.where(np.asarray(y) == 0, np.zeros((), out.dtype), out).astype(np.result_type(x, y))


register("DivNoNan", "elementwise", broadcast, _binary_kernel(_div_no_nan), doc="divides (0 where the divisor is 0)|/")


def div_no_nan(x, y, name=None):
    """x / y, and 0 wherever y is 0."""
    g = graph_of([x, y])
    with g.as_default(), g.name_scope(name or "div_no_nan") as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
        return apply_op("DivNoNan", scope, [("x", x), ("y", y)], allowed=FLOATS,
                        allowed_names="half, float32, float64, complex64, complex128")._outputs[0]
