"""`tf.layers.separable_conv2d`, `conv3d`, `max_pooling3d`, `average_pooling3d` and their layer
classes, scoped like convolutional.py's layers: `separable_conv2d/depthwise_kernel`,
`.../pointwise_kernel`, `.../bias` (ops `separable_conv2d/separable_conv2d/depthwise`, ...);
`conv3d/kernel` (depth, height, width, in, filters) with `conv3d/Conv3D`; `max_pooling3d/MaxPool3D`."""
from __future__ import annotations

from ..engine.convert import convert_to_tensor
from ..engine.initializers import glorot_uniform_initializer, zeros_initializer
from ..engine.ops import conv_nd_more as N
from ..engine.ops import conv_nd_ops as N3
from ..engine.ops.conv_ops import bias_add
from ..engine.variables import get_variable
from .convolutional import _pair, _padding, layer_scope, unique_layer_name

__all__ = ["SeparableConv2D", "separable_conv2d", "Conv3D", "conv3d", "MaxPooling3D", "max_pooling3d",
           "AveragePooling3D", "average_pooling3d"]


def _triple(v, name):
    if isinstance(v, int):
        return (v, v, v)
    v = tuple(int(x) for x in v)
    if len(v) != 3:
        raise ValueError(f"The `{name}` argument must be a tuple of 3 integers. Received: {v}")
    return v


def _channels_last(data_format, cls):
    if data_format not in (None, "channels_last"):
        raise NotImplementedError(f"nbgraph's {cls} takes channels_last inputs only")


def _input(layer, inputs, ndim):
    x = convert_to_tensor(inputs)
    if x.shape.ndims is not None and x.shape.ndims != ndim:
        raise ValueError(f"Input 0 of layer {layer.name} is incompatible with the layer: expected ndim={ndim}, "
                         f"found ndim={x.shape.ndims}. Full shape received: {x.shape.as_list()}")
    channels = x.shape.as_list()[-1] if x.shape.ndims else None
    if channels is None:
        raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
    return x, channels


class _Conv:
    _prefix = ""

    def __init__(self, filters, padding, activation, use_bias, bias_initializer, trainable, name, _reuse):
        self.filters, self.padding = int(filters), _padding(padding)
        self.activation, self.use_bias, self.trainable = activation, use_bias, trainable
        self.bias_initializer = bias_initializer or zeros_initializer()
        self._explicit_name, self._reuse, self._vscope = name, _reuse, None
        self.name = name or unique_layer_name(self._prefix)
        self.bias = None

    def _var(self, name, shape, dtype, init):
        return get_variable(name, shape, dtype=dtype, initializer=init, trainable=self.trainable)

    def _make_bias(self, dtype):
        if self.use_bias:  # made with the kernels, before any op (as Keras' build does)
            self.bias = self._var("bias", [self.filters], dtype, self.bias_initializer)

    def _finish(self, out, dtype):
        if self.use_bias:
            out = bias_add(out, self.bias)
        return self.activation(out) if self.activation is not None else out


class SeparableConv2D(_Conv):
    """`tf.layers.SeparableConv2D(filters, kernel_size, strides=(1, 1), padding='valid', depth_multiplier=1)`."""
    _prefix = "separable_conv2d"

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                 dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer=None, pointwise_initializer=None, bias_initializer=None, trainable=True,
                 name=None, _reuse=None, **kwargs):
        _channels_last(data_format, "SeparableConv2D")
        super().__init__(filters, padding, activation, use_bias, bias_initializer, trainable, name, _reuse)
        self.kernel_size, self.strides = _pair(kernel_size, "kernel_size"), _pair(strides, "strides")
        self.dilation_rate, self.depth_multiplier = _pair(dilation_rate, "dilation_rate"), int(depth_multiplier)
        self.depthwise_initializer = depthwise_initializer or glorot_uniform_initializer()
        self.pointwise_initializer = pointwise_initializer or glorot_uniform_initializer()
        self.depthwise_kernel = self.pointwise_kernel = None

    def __call__(self, inputs):
        x, c = _input(self, inputs, 4)
        dt = x.dtype.base_dtype
        with layer_scope(self, self._prefix):
            self.depthwise_kernel = self._var("depthwise_kernel", [*self.kernel_size, c, self.depth_multiplier], dt,
                                              self.depthwise_initializer)
            self.pointwise_kernel = self._var("pointwise_kernel", [1, 1, c * self.depth_multiplier, self.filters],
                                              dt, self.pointwise_initializer)
            self._make_bias(dt)
            out = N.separable_conv2d(x, self.depthwise_kernel, self.pointwise_kernel, [1, *self.strides, 1],
                                     self.padding, rate=list(self.dilation_rate))
            return self._finish(out, dt)


class Conv3D(_Conv):
    """`tf.layers.Conv3D(filters, kernel_size, strides=(1, 1, 1), padding='valid')` on NDHWC volumes."""
    _prefix = "conv3d"

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format="channels_last",
                 dilation_rate=(1, 1, 1), activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=None, trainable=True, name=None, _reuse=None, **kwargs):
        _channels_last(data_format, "Conv3D")
        super().__init__(filters, padding, activation, use_bias, bias_initializer, trainable, name, _reuse)
        self.kernel_size, self.strides = _triple(kernel_size, "kernel_size"), _triple(strides, "strides")
        self.dilation_rate = _triple(dilation_rate, "dilation_rate")
        self.kernel_initializer = kernel_initializer or glorot_uniform_initializer()
        self.kernel = None

    def __call__(self, inputs):
        x, c = _input(self, inputs, 5)
        dt = x.dtype.base_dtype
        with layer_scope(self, self._prefix):
            self.kernel = self._var("kernel", [*self.kernel_size, c, self.filters], dt, self.kernel_initializer)
            self._make_bias(dt)
            out = N3.conv3d(x, self.kernel, [1, *self.strides, 1], self.padding,
                            dilations=[1, *self.dilation_rate, 1], name="Conv3D")
            return self._finish(out, dt)


class _Pooling3D:
    _fn = None
    _prefix = ""

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs):
        _channels_last(data_format, type(self).__name__)
        self.pool_size, self.strides = _triple(pool_size, "pool_size"), _triple(strides, "strides")
        self.padding = _padding(padding)
        self._explicit_name, self._vscope = name, None
        self.name = name or unique_layer_name(self._prefix)

    def __call__(self, inputs):
        with layer_scope(self, self._prefix):
            return type(self)._fn(inputs, [1, *self.pool_size, 1], [1, *self.strides, 1], self.padding)


class MaxPooling3D(_Pooling3D):
    """`tf.layers.MaxPooling3D(pool_size, strides, padding='valid')`."""
    _fn, _prefix = staticmethod(N.max_pool3d), "max_pooling3d"


class AveragePooling3D(_Pooling3D):
    """`tf.layers.AveragePooling3D(pool_size, strides, padding='valid')`."""
    _fn, _prefix = staticmethod(N.avg_pool3d), "average_pooling3d"


def separable_conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                     dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                     depthwise_initializer=None, pointwise_initializer=None, bias_initializer=zeros_initializer(),
                     trainable=True, name=None, reuse=None, **kwargs):
    """`tf.layers.separable_conv2d`: a `SeparableConv2D` layer applied to `inputs`."""
    return SeparableConv2D(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                           dilation_rate=dilation_rate, depth_multiplier=depth_multiplier, activation=activation,
                           use_bias=use_bias, depthwise_initializer=depthwise_initializer,
                           pointwise_initializer=pointwise_initializer, bias_initializer=bias_initializer,
                           trainable=trainable, name=name, _reuse=reuse)(inputs)


def conv3d(inputs, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format="channels_last",
           dilation_rate=(1, 1, 1), activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=zeros_initializer(), trainable=True, name=None, reuse=None, **kwargs):
    """`tf.layers.conv3d`: a `Conv3D` layer applied to `inputs`."""
    return Conv3D(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                  dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                  kernel_initializer=kernel_initializer, bias_initializer=bias_initializer, trainable=trainable,
                  name=name, _reuse=reuse)(inputs)


def max_pooling3d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    return MaxPooling3D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


def average_pooling3d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    return AveragePooling3D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)
