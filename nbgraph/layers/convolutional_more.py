"""`tf.layers.conv1d`, `conv2d_transpose`, `max_pooling1d`, `average_pooling1d` and their layer
classes, built like convolutional.py's: variables `conv1d/kernel` (width, in, filters) or
`conv2d_transpose/kernel` (height, width, filters, in) and `.../bias`, ops under the layer's
name scope (`conv1d/Conv1D/ExpandDims`, `conv2d_transpose/conv2d_transpose`, ...)."""
from __future__ import annotations

from ..engine.convert import convert_to_tensor
from ..engine.graph import get_default_graph
from ..engine.initializers import glorot_uniform_initializer, zeros_initializer
from ..engine.ops import conv_more_ops as C
from ..engine.ops.array_ops import shape
from ..engine.ops.conv_ops import bias_add
from ..engine.ops.index_ops import stack
from ..engine.variables import get_variable, variable_scope
from .convolutional import _pair, _padding, unique_layer_name


def _one(v, name):
    if isinstance(v, int):
        return v
    v = tuple(int(x) for x in v)
    if len(v) != 1:
        raise ValueError(f"The `{name}` argument must be a tuple of 1 integers. Received: {v}")
    return v[0]


class _ConvBase:
    _prefix = ""

    def __init__(self, filters, kernel_size, strides, padding="valid", activation=None, use_bias=True,
                 kernel_initializer=None, bias_initializer=None, trainable=True, name=None, _reuse=None, **kwargs):
        if kwargs.get("data_format", "channels_last") not in (None, "channels_last"):
            raise NotImplementedError(f"nbgraph's {type(self).__name__} takes channels_last inputs only")
        self.filters, self.padding = int(filters), _padding(padding)
        self.activation, self.use_bias, self.trainable = activation, use_bias, trainable
        self.kernel_initializer = kernel_initializer or glorot_uniform_initializer()
        self.bias_initializer = bias_initializer or zeros_initializer()
        self._explicit_name = name
        self.name = name or unique_layer_name(self._prefix)
        self._reuse = _reuse
        self.kernel = self.bias = None

    def _scope(self):
        """TF's layer scopes: the variable scope is the layer's name; an unnamed layer's name
        scope is its base name made unique in the graph (`conv1d_2` after ops named `conv1d_1`)."""
        if self._explicit_name or self._reuse:
            return variable_scope(self.name, reuse=self._reuse)
        return variable_scope(None, default_name=self._prefix)

    def _weights(self, kernel_shape, dtype):
        self.kernel = get_variable("kernel", kernel_shape, dtype=dtype, initializer=self.kernel_initializer,
                                   trainable=self.trainable)
        if self.use_bias:
            self.bias = get_variable("bias", [self.filters], dtype=dtype, initializer=self.bias_initializer,
                                     trainable=self.trainable)

    def _finish(self, out):
        if self.use_bias:
            out = bias_add(out, self.bias)
        return self.activation(out) if self.activation is not None else out


class Conv1D(_ConvBase):
    """`tf.layers.Conv1D(filters, kernel_size, strides=1, padding='valid')` on (batch, width, channels)."""
    _prefix = "conv1d"

    def __init__(self, filters, kernel_size, strides=1, padding="valid", dilation_rate=1, **kwargs):
        super().__init__(filters, kernel_size, strides, padding, **kwargs)
        self.kernel_size, self.strides = _one(kernel_size, "kernel_size"), _one(strides, "strides")
        self.dilation_rate = _one(dilation_rate, "dilation_rate")

    def __call__(self, inputs):
        x = convert_to_tensor(inputs)
        if x.shape.ndims is not None and x.shape.ndims != 3:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: expected ndim=3, "
                             f"found ndim={x.shape.ndims}. Full shape received: {x.shape.as_list()}")
        channels = x.shape.as_list()[-1] if x.shape.ndims else None
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        with self._scope():
            self._weights([self.kernel_size, channels, self.filters], x.dtype.base_dtype)
            out = C.conv1d(x, self.kernel, stride=self.strides, padding=self.padding, dilations=self.dilation_rate,
                           name="Conv1D")
            return self._finish(out)


def _deconv_length(n, k, padding, stride):
    if n is None:
        return None
    return n * stride + max(k - stride, 0) if padding == "VALID" else n * stride


class Conv2DTranspose(_ConvBase):
    """`tf.layers.Conv2DTranspose(filters, kernel_size, strides=(1, 1), padding='valid')`: upsampling."""
    _prefix = "conv2d_transpose"

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", **kwargs):
        super().__init__(filters, kernel_size, strides, padding, **kwargs)
        self.kernel_size, self.strides = _pair(kernel_size, "kernel_size"), _pair(strides, "strides")

    def __call__(self, inputs):
        x = convert_to_tensor(inputs)
        if x.shape.ndims is not None and x.shape.ndims != 4:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: expected ndim=4, "
                             f"found ndim={x.shape.ndims}. Full shape received: {x.shape.as_list()}")
        dims = x.shape.as_list()
        if dims[-1] is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        with self._scope():
            self._weights([*self.kernel_size, self.filters, dims[-1]], x.dtype.base_dtype)
            batch = shape(x)[0]
            (kh, kw), (sh, sw) = self.kernel_size, self.strides
            h = _deconv_length(dims[1], kh, self.padding, sh)
            w = _deconv_length(dims[2], kw, self.padding, sw)
            if h is None or w is None:
                dyn = shape(x)
                h = dyn[1] * sh + (max(kh - sh, 0) if self.padding == "VALID" else 0) if h is None else h
                w = dyn[2] * sw + (max(kw - sw, 0) if self.padding == "VALID" else 0) if w is None else w
            out = C.conv2d_transpose(x, self.kernel, stack([batch, h, w, self.filters]), [1, sh, sw, 1],
                                     padding=self.padding)
            out.set_shape([dims[0], h if isinstance(h, int) else None, w if isinstance(w, int) else None,
                           self.filters])
            return self._finish(out)


class _Pooling1D:
    _op = ""
    _prefix = ""

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs):
        self.pool_size, self.strides = _one(pool_size, "pool_size"), _one(strides, "strides")
        self.padding, self.data_format = _padding(padding), data_format
        self.name = name or unique_layer_name(self._prefix)

    def __call__(self, inputs):
        with get_default_graph().name_scope(self.name):
            return C.pool1d_ops(self._op, inputs, self.pool_size, self.strides, self.padding, self.data_format)


class MaxPooling1D(_Pooling1D):
    """`tf.layers.MaxPooling1D(pool_size, strides, padding='valid')` on (batch, width, channels)."""
    _op, _prefix = "MaxPool", "max_pooling1d"


class AveragePooling1D(_Pooling1D):
    """`tf.layers.AveragePooling1D(pool_size, strides, padding='valid')` on (batch, width, channels)."""
    _op, _prefix = "AvgPool", "average_pooling1d"


def conv1d(inputs, filters, kernel_size, strides=1, padding="valid", data_format="channels_last", dilation_rate=1,
           activation=None, use_bias=True, kernel_initializer=None, bias_initializer=zeros_initializer(),
           trainable=True, name=None, reuse=None, **kwargs):
    return Conv1D(filters, kernel_size, strides=strides, padding=padding, dilation_rate=dilation_rate,
                  activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                  bias_initializer=bias_initializer, trainable=trainable, name=name, _reuse=reuse,
                  data_format=data_format)(inputs)


def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                     activation=None, use_bias=True, kernel_initializer=None, bias_initializer=zeros_initializer(),
                     trainable=True, name=None, reuse=None, **kwargs):
    return Conv2DTranspose(filters, kernel_size, strides=strides, padding=padding, activation=activation,
                           use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                           trainable=trainable, name=name, _reuse=reuse, data_format=data_format)(inputs)


def max_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    return MaxPooling1D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


def average_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    return AveragePooling1D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)
