"""Keras's image layers in TF 1.15 graph mode: Conv2D (`conv2d/kernel`, `conv2d/Conv2D`),
MaxPooling2D/AveragePooling2D (and the MaxPool2D/AvgPool2D aliases), the global poolings, and
BatchNormalization (moving statistics updated by the training step while the learning phase is 1)."""
from __future__ import annotations

import nbgraph as tf

from . import activations
from . import backend as K
from .base_layer import Layer


def _pair(v):
    return (int(v), int(v)) if isinstance(v, int) else tuple(int(x) for x in v)


def _check_ndim(layer, inputs, ndim):
    s = inputs[0].get_shape()
    if s.ndims is not None and s.ndims != ndim:
        raise ValueError(f"Input 0 of layer {layer.name} is incompatible with the layer: expected ndim={ndim}, "
                         f"found ndim={s.ndims}. Full shape received: {s.as_list()}")


def _fmt(data_format):
    data_format = data_format or K.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError('The `data_format` argument must be one of "channels_first", "channels_last". Received: '
                         + str(data_format))
    return data_format


class Conv2D(Layer):
    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.filters = int(filters)
        self.kernel_size, self.strides, self.dilation_rate = _pair(kernel_size), _pair(strides), _pair(dilation_rate)
        self.padding = str(padding).lower()
        if self.padding not in ("valid", "same"):
            raise ValueError(f'The `padding` argument must be one of "valid", "same". Received: {padding}')
        self.data_format = _fmt(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer

    def _check_inputs(self, inputs):
        _check_ndim(self, inputs, 4)

    def build(self, input_shape):
        axis = -1 if self.data_format == "channels_last" else 1
        channels = input_shape[axis].value
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        self.kernel = self.add_weight("kernel", list(self.kernel_size) + [channels, self.filters],
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer)
        self.bias = self.add_weight("bias", [self.filters], initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer) if self.use_bias else None

    def call(self, inputs):
        nhwc = self.data_format == "channels_last"
        strides = [1, *self.strides, 1] if nhwc else [1, 1, *self.strides]
        dil = [1, *self.dilation_rate, 1] if nhwc else [1, 1, *self.dilation_rate]
        fmt = "NHWC" if nhwc else "NCHW"
        out = tf.nn.conv2d(inputs, self.kernel, strides=strides, padding=self.padding.upper(), data_format=fmt,
                           dilations=dil)
        if self.use_bias:
            out = tf.nn.bias_add(out, self.bias, data_format=fmt)
        if self.activation is not activations.linear:
            out = self.activation(out)
        return out


class _Pooling2D(Layer):
    _pool = None

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.pool_size = _pair(pool_size)
        self.strides = _pair(strides) if strides is not None else self.pool_size
        self.padding = str(padding).lower()
        self.data_format = _fmt(data_format)

    def _check_inputs(self, inputs):
        _check_ndim(self, inputs, 4)

    def call(self, inputs):
        nhwc = self.data_format == "channels_last"
        ksize = [1, *self.pool_size, 1] if nhwc else [1, 1, *self.pool_size]
        strides = [1, *self.strides, 1] if nhwc else [1, 1, *self.strides]
        return type(self)._pool(inputs, ksize=ksize, strides=strides, padding=self.padding.upper(),
                                data_format="NHWC" if nhwc else "NCHW")


class MaxPooling2D(_Pooling2D):
    _pool = staticmethod(tf.nn.max_pool)


class AveragePooling2D(_Pooling2D):
    _pool = staticmethod(tf.nn.avg_pool)


MaxPool2D, AvgPool2D = MaxPooling2D, AveragePooling2D


class _GlobalPooling2D(Layer):
    _reduce = None

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _fmt(data_format)

    def _check_inputs(self, inputs):
        _check_ndim(self, inputs, 4)

    def call(self, inputs):
        axes = [1, 2] if self.data_format == "channels_last" else [2, 3]
        return type(self)._reduce(inputs, axis=axes)


class GlobalAveragePooling2D(_GlobalPooling2D):
    _reduce = staticmethod(tf.reduce_mean)


class GlobalMaxPooling2D(_GlobalPooling2D):
    _reduce = staticmethod(tf.reduce_max)


GlobalAvgPool2D, GlobalMaxPool2D = GlobalAveragePooling2D, GlobalMaxPooling2D


class BatchNormalization(Layer):
    """Normalises over the batch while training (learning phase 1), by the moving averages otherwise;
    the moving averages move as `var -= (var - batch_stat) * (1 - momentum)` on each training step."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        for k in ("renorm", "renorm_clipping", "renorm_momentum", "fused", "virtual_batch_size", "adjustment"):
            kwargs.pop(k, None)
        super().__init__(**kwargs)
        self.axis, self.momentum, self.epsilon = axis, momentum, epsilon
        self.center, self.scale = center, scale
        self.inits = (beta_initializer, gamma_initializer, moving_mean_initializer, moving_variance_initializer)
        self.beta_regularizer, self.gamma_regularizer = beta_regularizer, gamma_regularizer

    def build(self, input_shape):
        ndims = input_shape.ndims
        axis = self.axis % ndims
        dim = input_shape[axis].value
        if dim is None:
            raise ValueError(f"Axis {self.axis} of input tensor should have a defined dimension but the layer "
                             f"received an input with shape {input_shape}.")
        self._axis = axis
        beta_i, gamma_i, mean_i, var_i = self.inits
        self.gamma = self.add_weight("gamma", [dim], initializer=gamma_i,
                                     regularizer=self.gamma_regularizer) if self.scale else None
        self.beta = self.add_weight("beta", [dim], initializer=beta_i,
                                    regularizer=self.beta_regularizer) if self.center else None
        self.moving_mean = self.add_weight("moving_mean", [dim], initializer=mean_i, trainable=False)
        self.moving_variance = self.add_weight("moving_variance", [dim], initializer=var_i, trainable=False)

    def call(self, inputs, training=None):
        if training is None:
            training = K.learning_phase()
        ndims = inputs.get_shape().ndims
        red = [i for i in range(ndims) if i != self._axis]
        bshape = [1] * ndims
        bshape[self._axis] = -1

        def b(v):
            return v if v is None or self._axis == ndims - 1 else tf.reshape(v, bshape)

        if isinstance(training, (bool, int)) and not training:
            return tf.nn.batch_normalization(inputs, b(self.moving_mean), b(self.moving_variance), b(self.beta),
                                             b(self.gamma), self.epsilon)
        mean, variance = tf.nn.moments(inputs, red)
        if isinstance(training, (bool, int)):
            use_mean, use_var = mean, variance
        else:
            use_mean = tf.where(training, mean, tf.identity(self.moving_mean))
            use_var = tf.where(training, variance, tf.identity(self.moving_variance))
        out = tf.nn.batch_normalization(inputs, b(use_mean), b(use_var), b(self.beta), b(self.gamma), self.epsilon)
        update_var = variance
        if ndims == 4 and self._axis == 3:  # TF's fused kernel moves the variance by its unbiased estimate
            count = tf.cast(tf.reduce_prod(tf.gather(tf.shape(inputs), red)), variance.dtype)
            update_var = variance * count / tf.maximum(count - 1.0, 1.0)
        decay = 1.0 - self.momentum
        for var, value in ((self.moving_mean, use_mean), (self.moving_variance,
                                                          update_var if isinstance(training, (bool, int)) else
                                                          tf.where(training, update_var,
                                                                   tf.identity(self.moving_variance)))):
            self._updates.append(tf.assign_sub(var, (var - value) * decay))
        return out


__all__ = ["Conv2D", "MaxPooling2D", "AveragePooling2D", "MaxPool2D", "AvgPool2D", "GlobalAveragePooling2D",
           "GlobalMaxPooling2D", "GlobalAvgPool2D", "GlobalMaxPool2D", "BatchNormalization"]
