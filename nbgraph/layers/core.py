"""The core `tf.layers`: `Dense`/`dense` (kernel `dense/kernel`, bias `dense/bias`), `Dropout`/
`dropout` (active only when `training` is true) and `Flatten`/`flatten`, as TF 1.15 builds them."""
from __future__ import annotations

import numpy as np

from ..engine import dtypes as _dt
from ..engine import initializers as _init
from ..engine.convert import constant_value, make_constant
from ..engine.ops import math_ops as _m
from ..engine.ops.array_ops import cast, identity, reshape, shape
from ..engine.ops.index_ops import stack, where
from ..engine.ops.nn_extra_ops import dropout as _nn_dropout
from ..engine.ops.reduce_ops import matmul
from ..engine.shapes import TensorShape
from ..engine.tensor import Tensor
from .base import Layer


def _bias_add(value, bias):
    """`tf.nn.bias_add` (op `BiasAdd`) where the catalogue has it, else the same sum as an `Add`
    named `BiasAdd`."""
    try:
        from ..engine.ops.conv_ops import bias_add
    except ImportError:
        return _m.add(value, bias, name="BiasAdd")
    return bias_add(value, bias)


class Dense(Layer):
    """outputs = activation(inputs @ kernel + bias)."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=_init.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                 name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self.units = int(units)
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.activity_regularizer = activity_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self._input_last_dim = None

    def _check_input(self, inputs):
        s = inputs.get_shape()
        if s.ndims is not None and s.ndims < 2:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: expected min_ndim=2, "
                             f"found ndim={s.ndims}. Full shape received: {s.as_list()}")

    def build(self, input_shape):
        dtype = self._dtype
        if not dtype.is_floating:
            raise TypeError(f"Unable to build `Dense` layer with non-floating point dtype {dtype}")
        input_shape = TensorShape(input_shape)
        if input_shape.ndims is None or input_shape[-1].value is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. Found `None`.")
        last_dim = input_shape[-1].value
        self._input_last_dim = last_dim
        self.kernel = self.add_weight("kernel", shape=[last_dim, self.units], initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
                                      dtype=dtype, trainable=True)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=[self.units], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                        dtype=dtype, trainable=True)
        self.built = True

    def call(self, inputs):
        s = inputs.get_shape()
        if s.ndims is not None and s[-1].value is not None and s[-1].value != self._input_last_dim:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: expected axis -1 of "
                             f"input shape to have value {self._input_last_dim} but received input with shape "
                             f"{s.as_list()}")
        if s.ndims is not None and s.ndims > 2:
            outputs = self._tensordot(inputs)
        else:
            outputs = matmul(cast(inputs, self._dtype), self.kernel)
        if self.use_bias:
            outputs = _bias_add(outputs, self.bias)
        if self.activation is not None:
            outputs = self.activation(outputs)
        if self.activity_regularizer is not None:
            self._activity_loss(outputs)
        return outputs

    def _tensordot(self, inputs):
        """`tensordot(inputs, kernel, [[rank - 1], [0]])` as TF names it (`Tensordot/...`)."""
        from ..engine.graph import get_default_graph
        g = get_default_graph()
        dims = inputs.get_shape().as_list()
        with g.name_scope("Tensordot") as scope:
            if all(d is not None for d in dims):
                flat = reshape(inputs, make_constant(np.array([int(np.prod(dims[:-1])), dims[-1]], np.int32),
                                                     name="Reshape/shape"))
                product = matmul(flat, self.kernel)
                out_shape = make_constant(np.array(dims[:-1] + [self.units], np.int32), name="shape")
            else:
                from ..engine.ops.array_ops import concat
                flat = reshape(inputs, make_constant(np.array([-1, dims[-1]], np.int32), name="Reshape/shape"))
                product = matmul(flat, self.kernel)
                out_shape = concat([shape(inputs)[:-1], make_constant(np.array([self.units], np.int32))], 0,
                                   name="shape")
            out = reshape(product, out_shape, name=scope)
        out.set_shape(dims[:-1] + [self.units])
        return out

    def _activity_loss(self, outputs):
        from ..engine.graph import GraphKeys, get_default_graph
        g = get_default_graph()
        with g.name_scope("ActivityRegularizer"):
            loss = self.activity_regularizer(outputs)
            batch = cast(shape(outputs)[0], loss.dtype.base_dtype)
            mean_loss = _m.truediv(loss, batch)
        self._losses.append(mean_loss)
        g.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, mean_loss)

    def compute_output_shape(self, input_shape):
        s = TensorShape(input_shape)
        return TensorShape(s.as_list()[:-1] + [self.units])


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=_init.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
          reuse=None) -> Tensor:
    """A densely-connected layer: `activation(inputs @ kernel + bias)`."""
    layer = Dense(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                  bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                  bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                  kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, trainable=trainable,
                  name=name, dtype=inputs.dtype.base_dtype if hasattr(inputs, "dtype") else None, _reuse=reuse,
                  _scope=name)
    return layer.apply(inputs)


class Dropout(Layer):
    """Drops each input with probability `rate` (scaling the rest by 1 / (1 - rate)) while training."""

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed

    def call(self, inputs, training=False):
        def dropped():
            return _nn_dropout(inputs, noise_shape=self.noise_shape, seed=self.seed, rate=self.rate)

        if isinstance(training, Tensor):
            known = constant_value(training)
            if known is None:
                # TF builds a tf.cond here; nbgraph selects between both results (same values)
                return where(training, dropped(), identity(inputs))
            training = bool(known)
        return dropped() if training else identity(inputs)


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None) -> Tensor:
    """Dropout while `training` (a Python bool or a bool tensor), the identity otherwise."""
    return Dropout(rate, noise_shape=noise_shape, seed=seed, name=name).apply(inputs, training=training)


class Flatten(Layer):
    """Flattens every dimension but the first (the batch)."""

    def __init__(self, data_format=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.data_format = data_format or "channels_last"

    def call(self, inputs):
        from ..engine.ops.array_ops import transpose
        s = inputs.get_shape()
        if self.data_format == "channels_first" and s.ndims is not None and s.ndims > 1:
            inputs = transpose(inputs, perm=[0] + list(range(2, s.ndims)) + [1])
            s = inputs.get_shape()
        if s.ndims is None:
            raise ValueError("Flatten needs inputs of known rank")
        rest = s.as_list()[1:]
        if all(d is not None for d in rest):
            flat = int(np.prod(rest, dtype=np.int64))
            dt = _dt.int64 if flat > np.iinfo(np.int32).max else _dt.int32
            outputs = reshape(inputs, make_constant(np.array([-1, flat], dt.as_numpy_dtype), name="Const"))
        else:
            batch = s[0].value
            if batch is None:
                batch = shape(inputs)[0]
            outputs = reshape(inputs, stack([batch, -1]))
        last = int(np.prod(rest)) if all(d is not None for d in rest) else None
        outputs.set_shape([s[0].value, last])
        return outputs


def flatten(inputs, name=None, data_format="channels_last") -> Tensor:
    """Flattens an input tensor while preserving the batch axis (axis 0)."""
    return Flatten(name=name, data_format=data_format).apply(inputs)
