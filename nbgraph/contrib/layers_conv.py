"""`tf.contrib.layers.conv2d` (`convolution2d`), `max_pool2d` and `avg_pool2d` as TF 1.15 builds
them for NHWC images: variables `Conv/weights` (Xavier) and `Conv/biases` (zeros) in the `Conv`
variable scope (`Conv_1`, ... for the next calls), ops `Conv/Conv2D`, `Conv/BiasAdd`, `Conv/Relu`;
pooling under `MaxPool2D/` and `AvgPool2D/` with stride 2 and 'VALID' padding by default."""
from __future__ import annotations

from ..engine.convert import convert_to_tensor
from ..engine.graph import GraphKeys, get_default_graph
from ..engine.ops import math_ops as _m
from ..engine.ops import pool_ops
from ..engine.ops.conv_ops import bias_add
from ..engine.ops.conv_ops import conv2d as _conv2d
from ..engine.variables import get_variable, variable_scope

__all__ = ["conv2d", "convolution2d", "max_pool2d", "avg_pool2d"]


def _pair(value, name):
    if isinstance(value, int):
        return [value, value]
    value = [int(v) for v in value]
    if len(value) != 2:
        raise ValueError(f"{name} must be an int or a list of 2 ints, got {value}")
    return value


def _check_nhwc(inputs, data_format):
    if data_format not in (None, "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.") if data_format != "NCHW" else \
            NotImplementedError("nbgraph's tf.contrib.layers works on NHWC images")
    ndims = inputs.get_shape().ndims
    if ndims != 4:
        raise ValueError(f"Convolution not supported for input with rank {ndims}"
                         if ndims is not None else "Rank of inputs must be known")


def conv2d(inputs, num_outputs, kernel_size, stride=1, padding="SAME", data_format=None, rate=1,
           activation_fn=_m.relu, normalizer_fn=None, normalizer_params=None, weights_initializer=None,
           weights_regularizer=None, biases_initializer=None, biases_regularizer=None, reuse=None,
           variables_collections=None, outputs_collections=None, trainable=True, scope=None):
    """activation_fn(conv(inputs, weights) + biases), weights [kh, kw, in, num_outputs]."""
    from ..engine.initializers import zeros_initializer
    from .layers import _collections, xavier_initializer
    if rate not in (1, [1, 1], (1, 1)):
        raise NotImplementedError("nbgraph's tf.contrib.layers.conv2d has no dilation (rate > 1)")
    weights_initializer = weights_initializer or xavier_initializer()
    biases_initializer = zeros_initializer() if biases_initializer is None else biases_initializer
    with variable_scope(scope, "Conv", [inputs], reuse=reuse):
        inputs = convert_to_tensor(inputs)
        _check_nhwc(inputs, data_format)
        channels = inputs.get_shape()[-1].value
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        kh, kw = _pair(kernel_size, "kernel_size")
        sh, sw = _pair(stride, "stride")
        dtype = inputs.dtype.base_dtype
        collections = [GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES, GraphKeys.WEIGHTS] + \
            list(_collections(variables_collections, "weights"))
        weights = get_variable("weights", shape=[kh, kw, channels, num_outputs], dtype=dtype,
                               initializer=weights_initializer, regularizer=weights_regularizer,
                               trainable=trainable, collections=collections)
        outputs = _conv2d(inputs, weights, [1, sh, sw, 1], padding.upper(), name="Conv2D")
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
        _collect(outputs_collections, outputs)
        return outputs


convolution2d = conv2d


def _collect(outputs_collections, outputs):
    for c in ([outputs_collections] if isinstance(outputs_collections, str) else outputs_collections or []):
        get_default_graph().add_to_collection(c, outputs)


def _pool(kind, inputs, kernel_size, stride, padding, data_format, outputs_collections, scope):
    g = get_default_graph()
    with g.name_scope(scope or f"{kind}2D"):
        inputs = convert_to_tensor(inputs)
        _check_nhwc(inputs, data_format)
        kh, kw = _pair(kernel_size, "kernel_size")
        sh, sw = _pair(stride, "stride")
        pool = pool_ops.max_pool if kind == "MaxPool" else pool_ops.avg_pool
        outputs = pool(inputs, [1, kh, kw, 1], [1, sh, sw, 1], padding.upper(), name=kind)
        _collect(outputs_collections, outputs)
        return outputs


def max_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC", outputs_collections=None,
               scope=None):
    """Max pooling, ops under `MaxPool2D/` (`MaxPool2D/MaxPool`)."""
    return _pool("MaxPool", inputs, kernel_size, stride, padding, data_format, outputs_collections, scope)


def avg_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC", outputs_collections=None,
               scope=None):
    """Average pooling, ops under `AvgPool2D/` (`AvgPool2D/AvgPool`)."""
    return _pool("AvgPool", inputs, kernel_size, stride, padding, data_format, outputs_collections, scope)
