"""`tf.contrib.layers` as TF 1.15 has it, for the parts lessons use: `l1_regularizer`,
`l2_regularizer`, `l1_l2_regularizer`, `sum_regularizer`, `apply_regularization`,
`xavier_initializer` (and `_conv2d`), `variance_scaling_initializer`, `fully_connected` and
`flatten`, with TF's scope and variable names (`fully_connected/weights`, `l2_regularizer`); `conv2d`,
`max_pool2d` and `avg_pool2d` come from layers_conv.py."""
from __future__ import annotations

import math
import numbers

from ..engine import dtypes as _dt
from ..engine.convert import convert_to_tensor
from ..engine.graph import GraphKeys, get_default_graph
from ..engine.ops import math_ops as _m
from ..engine.ops import random_ops as _r
from ..engine.ops.conv_ops import bias_add
from ..engine.ops.nn_ops import add_n, l2_loss
from ..engine.ops.reduce_ops import matmul, reduce_sum
from ..engine.variables import get_variable, variable_scope

__all__ = ["l1_regularizer", "l2_regularizer", "l1_l2_regularizer", "sum_regularizer", "apply_regularization",
           "xavier_initializer", "xavier_initializer_conv2d", "variance_scaling_initializer", "fully_connected",
           "flatten"]


def _check_scale(scale, kind):
    if isinstance(scale, numbers.Integral):
        raise ValueError(f"scale cannot be an integer: {scale}")
    if isinstance(scale, numbers.Real):
        if scale < 0.0:
            raise ValueError(f"Setting a scale less than 0 on a regularizer: {scale:g}.")
        if scale == 0.0:
            return False
    return True


def l2_regularizer(scale, scope=None):
    """A function weights -> scale * l2_loss(weights) (`l2_regularizer` op scope)."""
    if not _check_scale(scale, "l2"):
        return lambda _: None

    def l2(weights):
        g = get_default_graph()
        with g.name_scope(scope or "l2_regularizer") as name:
            my_scale = convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return _m.multiply(my_scale, l2_loss(weights), name=name)
    return l2


def l1_regularizer(scale, scope=None):
    """A function weights -> scale * sum(|weights|) (`l1_regularizer` op scope)."""
    if not _check_scale(scale, "l1"):
        return lambda _: None

    def l1(weights):
        g = get_default_graph()
        with g.name_scope(scope or "l1_regularizer") as name:
            my_scale = convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return _m.multiply(my_scale, reduce_sum(_m.abs(weights)), name=name)
    return l1


def sum_regularizer(regularizer_list, scope=None):
    regularizer_list = [r for r in regularizer_list if r is not None]
    if not regularizer_list:
        return None

    def sum_reg(weights):
        g = get_default_graph()
        with g.name_scope(scope or "sum_regularizer") as name:
            tensors = [t for t in (r(weights) for r in regularizer_list) if t is not None]
            return add_n(tensors, name=name) if tensors else None
    return sum_reg


def l1_l2_regularizer(scale_l1=1.0, scale_l2=1.0, scope=None):
    if isinstance(scale_l1, numbers.Integral) or isinstance(scale_l2, numbers.Integral):
        raise ValueError(f"scale cannot be an integer: {scale_l1 if isinstance(scale_l1, numbers.Integral) else scale_l2}")
    scope = scope or "l1_l2_regularizer"
    if scale_l1 == 0.0:
        return l2_regularizer(scale_l2, scope)
    if scale_l2 == 0.0:
        return l1_regularizer(scale_l1, scope)
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)], scope=scope)


def apply_regularization(regularizer, weights_list=None):
    """The sum of `regularizer` over the weights (the WEIGHTS collection by default), added to
    REGULARIZATION_LOSSES."""
    g = get_default_graph()
    if not weights_list:
        weights_list = g.get_collection(GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize.")
    with g.name_scope("get_regularization_penalty") as scope:
        penalties = [regularizer(w) for w in weights_list]
        penalties = [p if p is not None else convert_to_tensor(0.0) for p in penalties]
        for p in penalties:
            if p.get_shape().ndims != 0:
                raise ValueError(f"regularizer must return a scalar Tensor instead of a Tensor with rank "
                                 f"{p.get_shape().ndims}.")
        summed = add_n(penalties, name=scope)
        g.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, summed)
        return summed


def variance_scaling_initializer(factor=2.0, mode="FAN_IN", uniform=False, seed=None, dtype=_dt.float32):
    """contrib's He/Xavier initializer: uniform in ±sqrt(3·factor/n), or a truncated normal of
    stddev sqrt(1.3·factor/n), n the fan-in, fan-out or their mean."""
    if not _dt.as_dtype(dtype).is_floating:
        raise TypeError("Cannot create initializer for non-floating point type.")
    if mode not in ("FAN_IN", "FAN_OUT", "FAN_AVG"):
        raise TypeError(f"Unknown mode {mode} [FAN_IN, FAN_OUT, FAN_AVG]")

    def _initializer(shape, dtype=dtype, partition_info=None):
        dtype = _dt.as_dtype(dtype)
        if not dtype.is_floating:
            raise TypeError("Cannot create initializer for non-floating point type.")
        shape = [int(d) for d in shape]
        if shape:
            fan_in = float(shape[-2]) if len(shape) > 1 else float(shape[-1])
            fan_out = float(shape[-1])
        else:
            fan_in = fan_out = 1.0
        for dim in shape[:-2]:
            fan_in *= float(dim)
            fan_out *= float(dim)
        n = {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2.0}[mode]
        if uniform:
            limit = math.sqrt(3.0 * factor / n)
            return _r.random_uniform(shape, -limit, limit, dtype, seed=seed)
        return _r.truncated_normal(shape, 0.0, math.sqrt(1.3 * factor / n), dtype, seed=seed)
    return _initializer


def xavier_initializer(uniform=True, seed=None, dtype=_dt.float32):
    """Glorot's initializer: `variance_scaling_initializer(1.0, 'FAN_AVG', uniform)`."""
    return variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=uniform, seed=seed, dtype=dtype)


xavier_initializer_conv2d = xavier_initializer


def _relu(x):
    return _m.relu(x)


def fully_connected(inputs, num_outputs, activation_fn=_relu, normalizer_fn=None, normalizer_params=None,
                    weights_initializer=None, weights_regularizer=None, biases_initializer=None,
                    biases_regularizer=None, reuse=None, variables_collections=None, outputs_collections=None,
                    trainable=True, scope=None):
    """activation_fn(inputs · weights + biases), with variables `<scope>/weights` and `<scope>/biases`
    (scope `fully_connected` by default; `normalizer_fn` replaces the biases)."""
    from ..engine.initializers import zeros_initializer
    if not isinstance(num_outputs, int) or isinstance(num_outputs, bool):
        raise ValueError(f"num_outputs type should be one of (<class 'int'>,), got {type(num_outputs)}.")
    weights_initializer = weights_initializer or xavier_initializer()
    biases_initializer = zeros_initializer() if biases_initializer is None else biases_initializer
    with variable_scope(scope, "fully_connected", [inputs], reuse=reuse) as sc:
        inputs = convert_to_tensor(inputs)
        shape = inputs.get_shape()
        if shape.ndims is None or shape[-1].value is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. Found `None`.")
        dtype = inputs.dtype.base_dtype
        collections = [GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES, GraphKeys.WEIGHTS] + \
            list(_collections(variables_collections, "weights"))
        weights = get_variable("weights", shape=[shape[-1].value, num_outputs], dtype=dtype,
                               initializer=weights_initializer, regularizer=weights_regularizer,
                               trainable=trainable, collections=collections)
        if shape.ndims > 2:
            from ..engine.ops.matrix_ops import tensordot
            outputs = tensordot(inputs, weights, [[shape.ndims - 1], [0]])
        else:
            outputs = matmul(inputs, weights)
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        elif biases_initializer is not None:
            collections = [GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES, GraphKeys.BIASES] + \
                list(_collections(variables_collections, "biases"))
            biases = get_variable("biases", shape=[num_outputs], dtype=dtype, initializer=biases_initializer,
                                  regularizer=biases_regularizer, trainable=trainable, collections=collections)
            outputs = bias_add(outputs, biases)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        for c in ([outputs_collections] if isinstance(outputs_collections, str) else outputs_collections or []):
            get_default_graph().add_to_collection(c, outputs)
        return outputs


def _collections(variables_collections, name):
    if variables_collections is None:
        return []
    if isinstance(variables_collections, dict):
        found = variables_collections.get(name, [])
        return [found] if isinstance(found, str) else found
    return [variables_collections] if isinstance(variables_collections, str) else variables_collections


def flatten(inputs, outputs_collections=None, scope=None):
    """[batch, ...] -> [batch, k] (ops under `Flatten/`)."""
    from ..layers.core import flatten as _flatten
    g = get_default_graph()
    with g.name_scope(scope or "Flatten"):
        return _flatten(inputs)


from .layers_conv import avg_pool2d, conv2d, convolution2d, max_pool2d  # noqa: E402

__all__ += ["conv2d", "convolution2d", "max_pool2d", "avg_pool2d"]
from .optimize_loss import OPTIMIZER_CLS_NAMES, OPTIMIZER_SUMMARIES, optimize_loss  # noqa: E402

__all__ += ["optimize_loss", "OPTIMIZER_CLS_NAMES", "OPTIMIZER_SUMMARIES"]
