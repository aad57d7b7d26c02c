"""`tf.layers.conv2d`, `tf.layers.max_pooling2d`, `tf.layers.average_pooling2d` (and their
layer classes) as TF 1.x builds them: a layer named `conv2d`, `conv2d_1`, ... owns the
variables `conv2d/kernel` (Glorot-uniform) and `conv2d/bias` (zeros), and its ops live under
the same name (`conv2d/Conv2D`, `conv2d/BiasAdd`, `max_pooling2d/MaxPool`)."""
from __future__ import annotations

import contextlib
import weakref

from ..engine.graph import get_default_graph
from ..engine.initializers import glorot_uniform_initializer, zeros_initializer
from ..engine.ops import conv_ops, pool_ops
from ..engine.variables import get_variable, variable_scope

__all__ = ["conv2d", "max_pooling2d", "average_pooling2d", "Conv2D", "MaxPooling2D", "AveragePooling2D"]

_layer_counts: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def unique_layer_name(prefix: str) -> str:
    """TF's per-graph layer names: `conv2d`, `conv2d_1`, ... (counted apart from op names)."""
    counts = _layer_counts.setdefault(get_default_graph(), {})
    n = counts.get(prefix, 0)
    counts[prefix] = n + 1
    return prefix if n == 0 else f"{prefix}_{n}"


@contextlib.contextmanager
def layer_scope(layer, prefix: str):
    """TF 1.x's layer scopes: a named (or reused) layer's variable scope is its name; an unnamed
    layer's is `prefix` made unique among the variable scopes (`conv2d`, `conv2d_1`, ...), its
    name scope that name made unique in the graph. A second call of the same layer object
    re-enters the first call's scopes, reusing its variables."""
    g = get_default_graph()
    if layer._vscope is not None:
        with variable_scope(layer._vscope, reuse=True, auxiliary_name_scope=False) as vs:
            with g.name_scope(vs.original_name_scope):
                yield vs
        return
    if layer._explicit_name or getattr(layer, "_reuse", None):
        cm = variable_scope(layer.name, reuse=getattr(layer, "_reuse", None))
    else:
        cm = variable_scope(None, default_name=prefix)
    with cm as vs:
        layer._vscope = vs
        yield vs


def _pair(v, name):
    if isinstance(v, int):
        return (v, v)
    v = tuple(int(x) for x in v)
    if len(v) != 2:
        raise ValueError(f"The `{name}` argument must be a tuple of 2 integers. Received: {v}")
    return v


def _padding(padding):
    p = str(padding).lower()
    if p not in ("valid", "same"):
        raise ValueError('The `padding` argument must be one of "valid", "same" (or "causal", only for `Conv1D). '
                         f"Received: {padding}")
    return p.upper()


def _data_format(data_format):
    f = (data_format or "channels_last").lower()
    if f not in ("channels_last", "channels_first"):
        raise ValueError('The `data_format` argument must be one of "channels_first", "channels_last". Received: '
                         f"{data_format}")
    return "NHWC" if f == "channels_last" else "NCHW"


class Conv2D:
    """`tf.layers.Conv2D(filters, kernel_size, ...)`: call it on NHWC images."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                 dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=None, kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, trainable=True, name=None, **kwargs):
        self.filters = int(filters)
        self.kernel_size = _pair(kernel_size, "kernel_size")
        self.strides = _pair(strides, "strides")
        self.padding = _padding(padding)
        self.data_format = _data_format(data_format)
        self.dilation_rate = _pair(dilation_rate, "dilation_rate")
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer or glorot_uniform_initializer()
        self.bias_initializer = bias_initializer or zeros_initializer()
        self.trainable = trainable
        self._explicit_name = name
        self.name = name or unique_layer_name("conv2d")
        self._reuse = kwargs.get("_reuse")
        self.kernel = self.bias = None
        self._vscope = None

    def __call__(self, inputs):
        from ..engine.convert import convert_to_tensor
        x = convert_to_tensor(inputs)
        if x.shape.ndims is not None and x.shape.ndims != 4:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: expected ndim=4, "
                             f"found ndim={x.shape.ndims}. Full shape received: {x.shape.as_list()}")
        channels = x.shape.as_list()[-1 if self.data_format == "NHWC" else 1] if x.shape.ndims else None
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        with layer_scope(self, "conv2d"):
            self.kernel = get_variable("kernel", list(self.kernel_size) + [channels, self.filters],
                                       dtype=x.dtype.base_dtype, initializer=self.kernel_initializer,
                                       trainable=self.trainable)
            if self.use_bias:
                self.bias = get_variable("bias", [self.filters], dtype=x.dtype.base_dtype,
                                         initializer=self.bias_initializer, trainable=self.trainable)
            fmt = self.data_format
            strides = [1, *self.strides, 1] if fmt == "NHWC" else [1, 1, *self.strides]
            dilations = [1, *self.dilation_rate, 1] if fmt == "NHWC" else [1, 1, *self.dilation_rate]
            out = conv_ops.conv2d(x, self.kernel, strides=strides, padding=self.padding, data_format=fmt,
                                  dilations=dilations)
            if self.use_bias:
                out = conv_ops.bias_add(out, self.bias, data_format=fmt)
            if self.activation is not None:
                out = self.activation(out)
        return out


class _Pooling2D:
    _op = None
    _prefix = ""

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs):
        self.pool_size = _pair(pool_size, "pool_size")
        self.strides = _pair(strides, "strides")
        self.padding = _padding(padding)
        self.data_format = _data_format(data_format)
        self._explicit_name = name
        self.name = name or unique_layer_name(self._prefix)
        self._vscope = None

    def __call__(self, inputs):
        with layer_scope(self, self._prefix):
            fmt = self.data_format
            ksize = [1, *self.pool_size, 1] if fmt == "NHWC" else [1, 1, *self.pool_size]
            strides = [1, *self.strides, 1] if fmt == "NHWC" else [1, 1, *self.strides]
            return type(self)._op(inputs, ksize=ksize, strides=strides, padding=self.padding, data_format=fmt)


class MaxPooling2D(_Pooling2D):
    """`tf.layers.MaxPooling2D(pool_size, strides, padding='valid')`."""
    _op = staticmethod(pool_ops.max_pool)
    _prefix = "max_pooling2d"


class AveragePooling2D(_Pooling2D):
    """`tf.layers.AveragePooling2D(pool_size, strides, padding='valid')`."""
    _op = staticmethod(pool_ops.avg_pool)
    _prefix = "average_pooling2d"


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
           dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
           activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
           reuse=None):
    """`tf.layers.conv2d`: a `Conv2D` layer applied to `inputs` (the layer's variables are made
    on this call, under its name; `reuse=True` takes them from an earlier layer of that name)."""
    layer = Conv2D(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                   dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                   kernel_initializer=kernel_initializer, bias_initializer=bias_initializer, trainable=trainable,
                   name=name, _reuse=reuse)
    return layer(inputs)


def max_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    return MaxPooling2D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


def average_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    return AveragePooling2D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)



