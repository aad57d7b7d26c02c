"""The Keras `Layer` of TF 1.15 in graph mode: a name fixed at construction (`dense`, `dense_1`...),
weights made on the first call as real graph variables (`dense/kernel:0`), ops under the layer's
name, and the call history (nodes) that lets `Model` walk from outputs back to inputs. Also
`InputLayer`/`Input`, which make the model's placeholders (`input_1`, or `dense_input` for a
`Sequential` whose first layer has `input_shape`)."""
from __future__ import annotations

import re
import weakref

import numpy as np

import nbgraph as tf

from . import backend as K

# tensor -> (layer, node_index, tensor_index): where a Keras tensor came from
_HISTORY: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_ALLOWED = {"input_shape", "batch_input_shape", "batch_size", "input_dim", "weights", "activity_regularizer",
            "input_length"}


def to_snake_case(name: str) -> str:
    s = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    s = re.sub("([a-z])([A-Z])", r"\1_\2", s).lower()
    return s if s[0] != "_" else "private" + s


def keras_history(t):
    return _HISTORY.get(t)


def _flatten(x) -> list:
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _shape_tuple(t):
    s = t.get_shape()
    return None if s.ndims is None else tuple(s.as_list())


class Node:
    """One call of a layer: the tensors it took (and the layers that made them) and those it made."""

    def __init__(self, layer, input_tensors: list, output_tensors: list):
        self.outbound_layer = layer
        self.input_tensors = input_tensors
        self.output_tensors = output_tensors
        self.inbound_history = [keras_history(t) for t in input_tensors]

    @property
    def inbound_layers(self) -> list:
        return [h[0] for h in self.inbound_history if h is not None]


class Layer:
    """Base of every Keras layer: `build(input_shape)` makes the weights, `call(inputs)` the ops."""

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        for k in kwargs:
            if k not in _ALLOWED:
                raise TypeError(f"('Keyword argument not understood:', '{k}')")
        batch_input_shape = kwargs.get("batch_input_shape")
        if "input_shape" in kwargs or "input_dim" in kwargs:
            shape = kwargs.get("input_shape")
            if shape is None:
                shape = (kwargs["input_dim"],)
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            batch_input_shape = (kwargs.get("batch_size"),) + shape
        self._batch_input_shape = None if batch_input_shape is None else tuple(batch_input_shape)
        self._name = name or K.unique_object_name(to_snake_case(type(self).__name__))
        self.trainable = trainable
        self._dtype = None if dtype is None else tf.as_dtype(dtype)
        self.built = False
        self._trainable_weights: list = []
        self._non_trainable_weights: list = []
        self._updates: list = []
        self._losses: list = []
        self._inbound_nodes: list = []
        self._scope = None
        self._initial_weights = kwargs.get("weights")
        self.activity_regularizer = kwargs.get("activity_regularizer")
        self.supports_masking = False

    # -- properties -------------------------------------------------------------------------------
    name = property(lambda self: self._name)
    dtype = property(lambda self: (self._dtype or tf.as_dtype(K.floatx())).name)
    trainable_weights = property(lambda self: list(self._trainable_weights) if self.trainable else [])
    non_trainable_weights = property(lambda self: list(self._non_trainable_weights) +
                                     ([] if self.trainable else list(self._trainable_weights)))
    weights = property(lambda self: self.trainable_weights + self.non_trainable_weights)
    trainable_variables = trainable_weights
    variables = weights
    updates = property(lambda self: list(self._updates))
    losses = property(lambda self: list(self._losses))

    def _node_attr(self, what: str, attr: str):
        if not self._inbound_nodes:
            raise AttributeError(f"The layer has never been called and thus has no defined {what}.")
        shapes = [_shape_tuple(t) for t in getattr(self._inbound_nodes[-1], attr)]
        if len(self._inbound_nodes) > 1:
            all_shapes = {str([_shape_tuple(t) for t in getattr(n, attr)]) for n in self._inbound_nodes}
            if len(all_shapes) > 1:
                raise AttributeError(f'The layer "{self.name}" has multiple inbound nodes, with different '
                                     f"{what}s. Hence the notion of \"{what}\" is ill-defined for the layer.")
        return shapes[0] if len(shapes) == 1 else shapes

    output_shape = property(lambda self: self._node_attr("output shape", "output_tensors"))
    input_shape = property(lambda self: self._node_attr("input shape", "input_tensors"))

    @property
    def input(self):
        if not self._inbound_nodes:
            raise AttributeError(f"Layer {self.name} is not connected, no input to return.")
        t = self._inbound_nodes[0].input_tensors
        return t[0] if len(t) == 1 else t

    @property
    def output(self):
        if not self._inbound_nodes:
            raise AttributeError(f"Layer {self.name} has no inbound nodes.")
        t = self._inbound_nodes[0].output_tensors
        return t[0] if len(t) == 1 else t

    # -- building ---------------------------------------------------------------------------------
    def build(self, input_shape):
        self.built = True

    def call(self, inputs, **kwargs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None, trainable=True,
                   constraint=None, **kwargs):
        from . import initializers
        init = initializers.get(initializer) or initializers.glorot_uniform()
        dtype = tf.as_dtype(dtype or self._dtype or K.floatx())
        v = tf.get_variable(name, shape=[int(d) for d in shape], dtype=dtype, initializer=init, trainable=trainable)
        (self._trainable_weights if trainable else self._non_trainable_weights).append(v)
        if regularizer is not None:
            with tf.name_scope(f"{name}/Regularizer"):
                self._losses.append(regularizer(v))
        return v

    def add_update(self, updates, inputs=None):
        self._updates += _flatten(updates)

    def add_loss(self, losses, inputs=None):
        self._losses += _flatten(losses)

    def _check_inputs(self, inputs: list):
        """Raises TF's `Input 0 of layer X is incompatible` errors; layers override to check more."""

    def __call__(self, inputs, *args, **kwargs):
        tensors = [tf.convert_to_tensor(t) for t in _flatten(inputs)]
        packed = tensors if isinstance(inputs, (list, tuple)) else tensors[0]
        self._check_inputs(tensors)
        if self._scope is None:
            with tf.variable_scope(None, default_name=self.name) as scope:
                self._scope = scope
                outputs = self._build_and_call(packed, tensors, *args, **kwargs)
        else:
            with tf.variable_scope(self._scope, reuse=True, auxiliary_name_scope=False):
                with tf.name_scope(self.name):
                    outputs = self._build_and_call(packed, tensors, *args, **kwargs)
        outs = _flatten(outputs)
        node = Node(self, tensors, outs)
        self._inbound_nodes.append(node)
        for i, t in enumerate(outs):
            _HISTORY[t] = (self, len(self._inbound_nodes) - 1, i)
        return outputs

    def _build_and_call(self, packed, tensors, *args, **kwargs):
        if not self.built:
            if self._dtype is None:
                self._dtype = tensors[0].dtype.base_dtype if tensors[0].dtype.is_floating else \
                    tf.as_dtype(K.floatx())
            shapes = [t.get_shape() for t in tensors]
            self.build(shapes if isinstance(packed, list) else shapes[0])
            self.built = True
            if self._initial_weights is not None:
                self.set_weights(self._initial_weights)
        outputs = self.call(packed, *args, **kwargs)
        if self.activity_regularizer is not None:
            with tf.name_scope("ActivityRegularizer"):
                for o in _flatten(outputs):
                    self._losses.append(self.activity_regularizer(o) /
                                        tf.cast(tf.shape(o)[0], o.dtype.base_dtype))
        return outputs

    # -- weights ----------------------------------------------------------------------------------
    def count_params(self) -> int:
        if not self.built:
            raise ValueError(f"You tried to call `count_params` on {self.name}, but the layer isn't built. "
                             "You can build it manually via: `" + self.name + ".build(batch_input_shape)`.")
        return int(sum(np.prod(w.get_shape().as_list()) for w in self.weights))

    def get_weights(self) -> list:
        return K.batch_get_value(self.weights)

    def set_weights(self, weights) -> None:
        params = self.weights
        if len(params) != len(weights):
            raise ValueError(f'You called `set_weights(weights)` on layer "{self.name}" with a  weight list of '
                             f"length {len(weights)}, but the layer was expecting {len(params)} weights. Provided "
                             f"weights: {str(weights)[:50]}...")
        pairs = []
        for p, w in zip(params, weights):
            w = np.asarray(w)
            if tuple(p.get_shape().as_list()) != w.shape:
                raise ValueError(f"Layer weight shape {tuple(p.get_shape().as_list())} not compatible with "
                                 f"provided weight shape {w.shape}")
            pairs.append((p, w))
        K.batch_set_value(pairs)

    def get_config(self) -> dict:
        config = {"name": self.name, "trainable": self.trainable, "dtype": self.dtype}
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = self._batch_input_shape
        return config

    def __repr__(self):
        return f"<nbgraph.keras.layers.{type(self).__name__} object '{self.name}'>"


class InputLayer(Layer):
    """The placeholder a model reads its inputs from."""

    def __init__(self, input_shape=None, batch_size=None, dtype=None, input_tensor=None, sparse=False,
                 name=None, **kwargs):
        batch_input_shape = kwargs.pop("batch_input_shape", None)
        if not name:
            name = "input_" + str(K.get_uid("input"))
        super().__init__(dtype=dtype, name=name)
        self.trainable = False
        self.built = True
        self.sparse = sparse
        if input_tensor is None:
            if batch_input_shape is None:
                if input_shape is None:
                    raise ValueError("An Input layer should be passed either a `batch_input_shape` or an "
                                     "`input_shape`.")
                batch_input_shape = (batch_size,) + tuple(input_shape)
            self._batch_input_shape = tuple(batch_input_shape)
            with tf.name_scope(""):
                input_tensor = tf.placeholder(dtype or K.floatx(), shape=list(batch_input_shape), name=name)
        else:
            self._batch_input_shape = _shape_tuple(input_tensor)
        self._dtype = input_tensor.dtype.base_dtype
        node = Node(self, [], [input_tensor])
        self._inbound_nodes.append(node)
        _HISTORY[input_tensor] = (self, 0, 0)

    output_shape = property(lambda self: [self._batch_input_shape])


def Input(shape=None, batch_size=None, name=None, dtype=None, sparse=False, tensor=None,  # noqa: N802
          batch_shape=None, **kwargs):
    """`tf.keras.Input(shape=(784,))`: a placeholder `input_1:0` of shape (?, 784), as a Keras tensor."""
    if shape is None and batch_shape is None and tensor is None:
        raise ValueError("Please provide to Input either a `shape` or a `tensor` argument. Note that `shape` does "
                         "not include the batch dimension.")
    if batch_shape is not None:
        layer = InputLayer(batch_input_shape=batch_shape, name=name, dtype=dtype, sparse=sparse, input_tensor=tensor)
    else:
        shape = None if shape is None else ((shape,) if isinstance(shape, int) else tuple(shape))
        layer = InputLayer(input_shape=shape, batch_size=batch_size, name=name, dtype=dtype, sparse=sparse,
                           input_tensor=tensor)
    return layer._inbound_nodes[0].output_tensors[0]
