"""More Keras layers lessons reach for: the activation layers (ReLU, LeakyReLU, ELU, Softmax),
Conv2DTranspose, UpSampling2D, ZeroPadding2D, Cropping-free 1-D convolution and pooling (Conv1D,
MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D), and RepeatVector/Permute."""
from __future__ import annotations

import nbgraph as tf

from . import activations
from .base_layer import Layer
from .layers_conv import Conv2D, _check_ndim


class ReLU(Layer):
    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        self.max_value, self.negative_slope, self.threshold = max_value, negative_slope, threshold

    def call(self, inputs):
        return activations.relu(inputs, alpha=self.negative_slope, max_value=self.max_value,
                                threshold=self.threshold)


class LeakyReLU(Layer):
    def __init__(self, alpha=0.3, **kwargs):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs):
        return tf.nn.leaky_relu(inputs, alpha=self.alpha)


class ELU(Layer):
    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha

    def call(self, inputs):
        return tf.nn.elu(inputs)


class Softmax(Layer):
    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs):
        return tf.nn.softmax(inputs, axis=self.axis)


class Conv2DTranspose(Conv2D):
    """The transpose of Conv2D: kernel [h, w, filters, in_channels]; 'same' multiplies the size by the stride."""

    def build(self, input_shape):
        channels = input_shape[-1 if self.data_format == "channels_last" else 1].value
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        self.kernel = self.add_weight("kernel", list(self.kernel_size) + [self.filters, channels],
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer)
        self.bias = self.add_weight("bias", [self.filters], initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer) if self.use_bias else None

    def call(self, inputs):
        if self.data_format != "channels_last":
            raise NotImplementedError("nbgraph's Conv2DTranspose supports channels_last only")
        dims = inputs.get_shape().as_list()

        def size(n, k, s):
            if n is None:
                return None
            return n * s if self.padding == "same" else n * s + max(k - s, 0)

        h = size(dims[1], self.kernel_size[0], self.strides[0])
        w = size(dims[2], self.kernel_size[1], self.strides[1])
        out_shape = tf.stack([tf.shape(inputs)[0], h, w, self.filters])
        out = tf.nn.conv2d_transpose(inputs, self.kernel, out_shape, strides=[1, *self.strides, 1],
                                     padding=self.padding.upper())
        out.set_shape([dims[0], h, w, self.filters])
        if self.use_bias:
            out = tf.nn.bias_add(out, self.bias)
        if self.activation is not activations.linear:
            out = self.activation(out)
        return out


class UpSampling2D(Layer):
    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.size = (size, size) if isinstance(size, int) else tuple(size)
        if interpolation != "nearest":
            raise NotImplementedError("nbgraph's UpSampling2D supports interpolation='nearest' only")

    def _check_inputs(self, inputs):
        _check_ndim(self, inputs, 4)

    def call(self, inputs):
        dims = inputs.get_shape().as_list()
        h, w = dims[1] * self.size[0], dims[2] * self.size[1]
        out = tf.image.resize_nearest_neighbor(inputs, [h, w])
        out.set_shape([dims[0], h, w, dims[3]])
        return out


class ZeroPadding2D(Layer):
    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(padding, int):
            padding = ((padding, padding), (padding, padding))
        elif isinstance(padding[0], int):
            padding = ((padding[0], padding[0]), (padding[1], padding[1]))
        self.padding = tuple(tuple(p) for p in padding)

    def _check_inputs(self, inputs):
        _check_ndim(self, inputs, 4)

    def call(self, inputs):
        return tf.pad(inputs, [[0, 0], list(self.padding[0]), list(self.padding[1]), [0, 0]])


class Conv1D(Layer):
    def __init__(self, filters, kernel_size, strides=1, padding="valid", activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        for k in ("data_format", "dilation_rate", "kernel_regularizer", "bias_regularizer", "kernel_constraint",
                  "bias_constraint"):
            kwargs.pop(k, None)
        super().__init__(**kwargs)
        self.filters = int(filters)
        self.kernel_size = int(kernel_size if isinstance(kernel_size, int) else kernel_size[0])
        self.strides = int(strides if isinstance(strides, int) else strides[0])
        self.padding = str(padding).lower()
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer

    def _check_inputs(self, inputs):
        _check_ndim(self, inputs, 3)

    def build(self, input_shape):
        self.kernel = self.add_weight("kernel", [self.kernel_size, input_shape[-1].value, self.filters],
                                      initializer=self.kernel_initializer)
        self.bias = self.add_weight("bias", [self.filters], initializer=self.bias_initializer) \
            if self.use_bias else None

    def call(self, inputs):
        out = tf.nn.conv1d(inputs, self.kernel, stride=self.strides, padding=self.padding.upper())
        if self.use_bias:
            out = tf.nn.bias_add(out, self.bias)
        return out if self.activation is activations.linear else self.activation(out)


class _Pooling1D(Layer):
    _pool = None

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.pool_size = int(pool_size)
        self.strides = int(strides) if strides is not None else self.pool_size
        self.padding = str(padding).upper()

    def _check_inputs(self, inputs):
        _check_ndim(self, inputs, 3)

    def call(self, inputs):
        return type(self)._pool(inputs, ksize=self.pool_size, strides=self.strides,
                                padding=self.padding)


class MaxPooling1D(_Pooling1D):
    _pool = staticmethod(tf.nn.max_pool1d)


class AveragePooling1D(_Pooling1D):
    _pool = staticmethod(tf.nn.avg_pool1d)


class GlobalAveragePooling1D(Layer):
    def call(self, inputs):
        return tf.reduce_mean(inputs, axis=1)


class GlobalMaxPooling1D(Layer):
    def call(self, inputs):
        return tf.reduce_max(inputs, axis=1)


class RepeatVector(Layer):
    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = int(n)

    def call(self, inputs):
        return tf.tile(tf.expand_dims(inputs, 1), [1, self.n, 1])


class Permute(Layer):
    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)

    def call(self, inputs):
        return tf.transpose(inputs, [0] + list(self.dims))


class TimeDistributed(Layer):
    """Applies `layer` to every time step: the steps are folded into the batch, and the layer's weights
    live under the wrapper's name (`time_distributed/kernel`)."""

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError("Please initialize `TimeDistributed` layer with a `Layer` instance. You passed: "
                             f"{layer}")
        super().__init__(**kwargs)
        self.layer = layer

    trainable_weights = property(lambda self: self.layer.trainable_weights)
    non_trainable_weights = property(lambda self: self.layer.non_trainable_weights)
    weights = property(lambda self: self.layer.weights)

    def count_params(self) -> int:
        return self.layer.count_params()

    def _check_inputs(self, inputs):
        s = inputs[0].get_shape()
        if s.ndims is not None and s.ndims < 3:
            raise ValueError("`TimeDistributed` Layer should be passed an `input_shape ` with at least 3 "
                             f"dimensions, received: {tuple(s.as_list())}")

    def call(self, inputs):
        dims = inputs.get_shape().as_list()
        flat = tf.reshape(inputs, [-1] + dims[2:])
        flat.set_shape([None] + dims[2:])
        inner = self.layer
        if not inner.built:
            inner._dtype = inner._dtype or inputs.dtype.base_dtype
            inner.build(flat.get_shape())
            inner.built = True
        out = inner.call(flat)
        rest = out.get_shape().as_list()[1:]
        result = tf.reshape(out, tf.stack([tf.shape(inputs)[0], dims[1]] + rest) if dims[1] is not None
                            else tf.concat([tf.shape(inputs)[:2], rest], 0))
        result.set_shape([dims[0], dims[1]] + rest)
        return result


MaxPool1D, AvgPool1D = MaxPooling1D, AveragePooling1D
GlobalAvgPool1D, GlobalMaxPool1D = GlobalAveragePooling1D, GlobalMaxPooling1D

__all__ = ["ReLU", "LeakyReLU", "ELU", "Softmax", "Conv2DTranspose", "UpSampling2D", "ZeroPadding2D", "Conv1D",
           "MaxPooling1D", "AveragePooling1D", "MaxPool1D", "AvgPool1D", "GlobalAveragePooling1D",
           "GlobalMaxPooling1D", "GlobalAvgPool1D", "GlobalMaxPool1D", "RepeatVector", "Permute", "TimeDistributed"]
