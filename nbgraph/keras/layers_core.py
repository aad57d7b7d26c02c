"""The core Keras layers as TF 1.15 builds them in graph mode: Dense (`dense/MatMul`,
`dense/BiasAdd`, `dense/Relu`), Activation, Dropout (active while the learning phase is 1),
Flatten, Reshape, Embedding, Lambda, and the merge layers Concatenate/Add/Multiply/Average."""
from __future__ import annotations

import numpy as np

import nbgraph as tf

from . import activations
from . import backend as K
from .base_layer import Layer


def _incompatible(layer, i, what, shape):
    return ValueError(f"Input {i} of layer {layer.name} is incompatible with the layer: {what}. "
                      f"Full shape received: {shape}")


class Dense(Layer):
    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer

    def _check_inputs(self, inputs):
        s = inputs[0].get_shape()
        if s.ndims is not None and s.ndims < 2:
            raise _incompatible(self, 0, f"expected min_ndim=2, found ndim={s.ndims}", s.as_list())
        if self.built and s.ndims is not None and s[-1].value != self.kernel.get_shape().as_list()[0]:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: expected axis -1 of "
                             f"input shape to have value {self.kernel.get_shape().as_list()[0]} but received input "
                             f"with shape {s.as_list()}")

    def build(self, input_shape):
        last = input_shape[-1].value
        if last is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. Found `None`.")
        self.kernel = self.add_weight("kernel", [last, self.units], initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer)
        self.bias = self.add_weight("bias", [self.units], initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer) if self.use_bias else None

    def call(self, inputs):
        if inputs.get_shape().ndims > 2:
            outputs = tf.tensordot(inputs, self.kernel, [[inputs.get_shape().ndims - 1], [0]])
        else:
            outputs = tf.matmul(inputs, self.kernel)
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias)
        if self.activation is not activations.linear:
            outputs = self.activation(outputs)
        return outputs

    def get_config(self):
        return dict(super().get_config(), units=self.units, activation=activations.serialize(self.activation),
                    use_bias=self.use_bias)


class Activation(Layer):
    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, inputs):
        return self.activation(inputs)


class Dropout(Layer):
    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed

    def call(self, inputs, training=None):
        if training is None:
            training = K.learning_phase()
        if isinstance(training, bool) or isinstance(training, int):
            return tf.nn.dropout(inputs, rate=self.rate, seed=self.seed) if training else tf.identity(inputs)
        return tf.where(training, tf.nn.dropout(inputs, rate=self.rate, seed=self.seed), tf.identity(inputs))


class Flatten(Layer):
    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format or K.image_data_format()

    def call(self, inputs):
        if self.data_format == "channels_first" and inputs.get_shape().ndims > 2:
            nd = inputs.get_shape().ndims
            inputs = tf.transpose(inputs, [0] + list(range(2, nd)) + [1])
        dims = inputs.get_shape().as_list()
        out = tf.reshape(inputs, tf.stack([tf.shape(inputs)[0], -1]))
        rest = dims[1:]
        out.set_shape([dims[0], int(np.prod(rest)) if all(d is not None for d in rest) else None])
        return out


class Reshape(Layer):
    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)

    def call(self, inputs):
        dims = inputs.get_shape().as_list()
        target = list(self.target_shape)
        static = list(target)
        if all(d is not None for d in dims[1:]):
            total = int(np.prod(dims[1:]))
            known = int(np.prod([d for d in target if d != -1]))
            if (-1 not in target and known != total) or (-1 in target and total % known):
                raise ValueError("total size of new array must be unchanged")
            static = [total // known if d == -1 else d for d in target]
        out = tf.reshape(inputs, tf.stack([tf.shape(inputs)[0]] + target))
        out.set_shape([dims[0]] + [None if d == -1 else d for d in static])
        return out


class Embedding(Layer):
    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform", embeddings_regularizer=None,
                 activity_regularizer=None, embeddings_constraint=None, mask_zero=False, input_length=None,
                 **kwargs):
        if "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,) if isinstance(input_length, int) or input_length is None \
                else tuple(input_length)
        kwargs.setdefault("dtype", "float32")
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        self.embeddings_initializer = embeddings_initializer
        self.embeddings_regularizer = embeddings_regularizer
        self.mask_zero, self.input_length = mask_zero, input_length

    def build(self, input_shape):
        self.embeddings = self.add_weight("embeddings", [self.input_dim, self.output_dim],
                                          initializer=self.embeddings_initializer,
                                          regularizer=self.embeddings_regularizer)

    def call(self, inputs):
        if inputs.dtype.base_dtype not in (tf.int32, tf.int64):
            inputs = tf.cast(inputs, tf.int32)
        return tf.nn.embedding_lookup(self.embeddings, inputs)


class Lambda(Layer):
    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.function, self.arguments = function, arguments or {}

    def call(self, inputs):
        return self.function(inputs, **self.arguments)


class _Merge(Layer):
    def _check_inputs(self, inputs):
        if len(inputs) < 2:
            raise ValueError("A merge layer should be called on a list of at least 2 inputs. Got "
                             f"{len(inputs)} inputs.")

    def call(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = self._merge(out, x)
        return out


class Add(_Merge):
    _merge = staticmethod(lambda a, b: a + b)


class Subtract(_Merge):
    _merge = staticmethod(lambda a, b: a - b)


class Multiply(_Merge):
    _merge = staticmethod(lambda a, b: a * b)


class Maximum(_Merge):
    _merge = staticmethod(lambda a, b: tf.maximum(a, b))


class Average(_Merge):
    _merge = staticmethod(lambda a, b: a + b)

    def call(self, inputs):
        return super().call(inputs) / len(inputs)


class Concatenate(_Merge):
    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def _check_inputs(self, inputs):
        super()._check_inputs(inputs)
        shapes = [t.get_shape().as_list() for t in inputs]
        ranks = {len(s) for s in shapes}
        ok = len(ranks) == 1
        if ok:
            axis = self.axis % len(shapes[0])
            for dims in zip(*[s[:axis] + s[axis + 1:] for s in shapes]):
                if len({d for d in dims if d is not None}) > 1:
                    ok = False
        if not ok:
            raise ValueError("A `Concatenate` layer requires inputs with matching shapes except for the concat "
                             "axis. Got inputs shapes: " + str([tuple(s) for s in shapes]).replace("None", "None"))

    def call(self, inputs):
        return tf.concat(list(inputs), axis=self.axis)


def concatenate(inputs, axis=-1, **kwargs):
    return Concatenate(axis=axis, **kwargs)(inputs)


def add(inputs, **kwargs):
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    return Maximum(**kwargs)(inputs)


__all__ = ["Dense", "Activation", "Dropout", "Flatten", "Reshape", "Embedding", "Lambda", "Add", "Subtract",
           "Multiply", "Average", "Maximum", "Concatenate", "concatenate", "add", "subtract", "multiply", "average",
           "maximum"]
