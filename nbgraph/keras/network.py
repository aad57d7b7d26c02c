"""`tf.keras.Model` (functional: `Model(inputs, outputs)`) and `tf.keras.Sequential` as TF 1.15
builds them in graph mode: the layer graph walked back from the outputs, `layers`, `weights`,
`get_weights/set_weights`, calling a model on new tensors, subclassed models (`call` overridden, built
on first use), and `summary()` in 1.15's table text."""
from __future__ import annotations

import numpy as np

import nbgraph as tf

from . import backend as K
from .base_layer import _HISTORY, InputLayer, Layer, Node, _flatten, keras_history, to_snake_case
from .training import TrainingMixin


class Model(TrainingMixin, Layer):
    """A graph of layers from `inputs` to `outputs`."""

    def __init__(self, *args, **kwargs):
        inputs = kwargs.pop("inputs", args[0] if args else None)
        outputs = kwargs.pop("outputs", args[1] if len(args) > 1 else None)
        subclassed = type(self) not in (Model, Sequential)
        prefix = "sequential" if isinstance(self, Sequential) else (
            to_snake_case(type(self).__name__) if subclassed else "model")
        name = kwargs.pop("name", None) or K.unique_object_name(prefix)
        self._tracked: list = []
        super().__init__(name=name, **kwargs)
        self.compiled = False
        self.stop_training = False
        self.history = None
        self._is_graph_network = False
        self._layers_list: list = []
        self.inputs: list = []
        self.outputs: list = []
        if inputs is not None and outputs is not None:
            self._init_graph(inputs, outputs)

    def _init_graph(self, inputs, outputs):
        self._nested_inputs = inputs
        self._nested_outputs = outputs
        self.inputs = _flatten(inputs)
        self.outputs = _flatten(outputs)
        for t in self.inputs:
            h = keras_history(t)
            if h is None or not isinstance(h[0], InputLayer):
                raise ValueError("Input tensors to a Model must come from `tf.keras.Input`. Received: "
                                 f"{t} (missing previous layer metadata).")
        for t in self.outputs:
            if keras_history(t) is None:
                raise ValueError("Output tensors to a Model must be the output of a TensorFlow `Layer` (thus "
                                 f"holding past layer metadata). Found: {t}")
        self._nodes, depth = [], {}
        order: list = []

        def visit(t, d):
            layer, ni, _ = keras_history(t)
            node = layer._inbound_nodes[ni]
            if node not in order:
                order.append(node)
            depth[node] = max(depth.get(node, 0), d)
            if t in self.inputs:
                return
            for x in node.input_tensors:
                if keras_history(x) is None:
                    raise ValueError(f"Graph disconnected: tensor {x} has no Keras layer behind it.")
                visit(x, d + 1)

        for t in self.outputs:
            visit(t, 0)
        nodes = sorted(order, key=lambda n: (-depth[n], order.index(n)))
        available, done = {id(t) for t in self.inputs}, []
        for n in nodes:
            if isinstance(n.outbound_layer, InputLayer) and not n.input_tensors:
                continue
            for x in n.input_tensors:
                if id(x) not in available:
                    raise ValueError(f"Graph disconnected: cannot obtain value for tensor {x} at layer "
                                     f"\"{n.outbound_layer.name}\". The following previous layers were accessed "
                                     f"without issue: {done}")
            available.update(id(t) for t in n.output_tensors)
            done.append(n.outbound_layer.name)
        self._nodes = nodes
        self._nodes_by_depth = {}
        for n in nodes:
            self._nodes_by_depth.setdefault(depth[n], []).append(n)
        layers = []
        for n in nodes:
            if n.outbound_layer not in layers:
                layers.append(n.outbound_layer)
        self._layers_list = layers
        self._is_graph_network = True
        self.built = True
        self._inbound_nodes = []

    # -- the layer view ---------------------------------------------------------------------------
    @property
    def layers(self) -> list:
        return list(self._layers_list) if self._is_graph_network else list(self._tracked)

    def __setattr__(self, name, value):
        """A subclassed model owns the layers it keeps as attributes (in assignment order)."""
        tracked = self.__dict__.get("_tracked")
        if isinstance(value, Layer) and not name.startswith("_") and tracked is not None and value not in tracked:
            tracked.append(value)
        object.__setattr__(self, name, value)

    def get_layer(self, name=None, index=None):
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(f"Was asked to retrieve layer at index {index} but model only has "
                                 f"{len(self.layers)} layers.")
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError("No such layer: " + str(name))

    def _gather(self, attr):
        seen, out = set(), []
        for layer in self.layers:
            for w in getattr(layer, attr):
                if id(w) not in seen:
                    seen.add(id(w))
                    out.append(w)
        return out

    trainable_weights = property(lambda self: self._gather("trainable_weights") if self.trainable else [])
    non_trainable_weights = property(lambda self: self._gather("non_trainable_weights") + (
        [] if self.trainable else self._gather("trainable_weights")))
    weights = property(lambda self: self._gather("weights"))
    trainable_variables = trainable_weights
    variables = weights
    updates = property(lambda self: [u for layer in self.layers for u in layer.updates])
    losses = property(lambda self: [x for layer in self.layers for x in layer.losses] + list(self._losses))

    @property
    def input(self):
        return self._nested_inputs

    @property
    def output(self):
        return self._nested_outputs

    input_names = property(lambda self: [keras_history(t)[0].name for t in self.inputs] if self._is_graph_network
                           else [f"input_{i + 1}" for i in range(len(self.inputs))])
    output_names = property(lambda self: [keras_history(t)[0].name for t in self.outputs] if self._is_graph_network
                            else [f"output_{i + 1}" for i in range(len(self.outputs))])

    @property
    def output_shape(self):
        shapes = [tuple(t.get_shape().as_list()) for t in self.outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def input_shape(self):
        shapes = [tuple(t.get_shape().as_list()) for t in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    def get_weights(self) -> list:
        return K.batch_get_value(self.weights)

    def set_weights(self, weights) -> None:
        weights = list(weights)
        pairs = []
        for layer in self.layers:
            n = len(layer.weights)
            if n:
                for p, w in zip(layer.weights, weights[:n]):
                    if tuple(p.get_shape().as_list()) != tuple(getattr(w, "shape", ())):
                        raise ValueError(f"Layer weight shape {tuple(p.get_shape().as_list())} not compatible "
                                         f"with provided weight shape {getattr(w, 'shape', None)}")
                    pairs.append((p, w))
                weights = weights[n:]
        K.batch_set_value(pairs)

    def count_params(self) -> int:
        return sum(layer.count_params() for layer in self.layers if layer.built)

    # -- calling a model on new tensors ------------------------------------------------------------
    def __call__(self, inputs, *args, **kwargs):
        if not self._is_graph_network and type(self).call is not Model.call:
            return self._call_subclassed(inputs, *args, **kwargs)
        if not self._is_graph_network:
            self._build_from(inputs)
        given = [tf.convert_to_tensor(t) for t in _flatten(inputs)]
        mapping = dict(zip(self.inputs, given))
        with tf.name_scope(self.name):
            for node in list(self._nodes):
                if isinstance(node.outbound_layer, InputLayer):
                    continue
                ins = [mapping[t] for t in node.input_tensors]
                outs = node.outbound_layer(ins if len(ins) > 1 else ins[0], *args, **kwargs)
                mapping.update(zip(node.output_tensors, _flatten(outs)))
        outs = [mapping[t] for t in self.outputs]
        node = Node(self, given, outs)
        self._inbound_nodes.append(node)
        for i, t in enumerate(outs):
            _HISTORY[t] = (self, len(self._inbound_nodes) - 1, i)
        return outs if isinstance(self._nested_outputs, (list, tuple)) else outs[0]

    def call(self, inputs, training=None, mask=None):
        return self(inputs)

    def _call_subclassed(self, inputs, *args, **kwargs):
        """A subclassed model's `call`, its layers' variables under the model's name (`my_model/dense/...`)."""
        if self._scope is None:
            with tf.variable_scope(None, default_name=self.name) as scope:
                self._scope = scope
                outputs = self.call(inputs, *args, **kwargs)
        else:
            with tf.variable_scope(self._scope, auxiliary_name_scope=False), tf.name_scope(self.name):
                outputs = self.call(inputs, *args, **kwargs)
        self.built = True
        return outputs

    def _build_from(self, data):
        if type(self).call is not Model.call and not self.outputs:
            arrays = _flatten(data)
            self.inputs = []
            for a in arrays:
                shape = tuple(getattr(a, "shape", None) or tf.convert_to_tensor(a).get_shape().as_list())
                dtype = K.floatx() if np.asarray(a[:1]).dtype.kind == "f" else np.asarray(a[:1]).dtype.name
                layer = InputLayer(batch_input_shape=(None,) + tuple(shape[1:]), dtype=dtype)
                self.inputs.append(layer._inbound_nodes[0].output_tensors[0])
            self._nested_inputs = self.inputs if isinstance(data, (list, tuple)) else self.inputs[0]
            self._nested_outputs = self._call_subclassed(self._nested_inputs)
            self.outputs = _flatten(self._nested_outputs)
            return
        raise ValueError("This model has not yet been built. Build the model first by calling `build()` or "
                         "calling `fit()` with some data, or specify an `input_shape` argument in the first layer(s) "
                         "for automatic build.")

    def summary(self, line_length=None, positions=None, print_fn=None):
        if not self.built or not self.layers:
            raise ValueError("This model has not yet been built. Build the model first by calling `build()` or "
                             "calling `fit()` with some data, or specify an `input_shape` argument in the first "
                             "layer(s) for automatic build.")
        from .summary import print_summary
        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn)


class Sequential(Model):
    """A linear stack of layers; the first one's `input_shape` (or an `InputLayer`) makes its input."""

    def __init__(self, layers=None, name=None):
        super().__init__(name=name)
        self._stack: list = []
        self._input_layer = None
        for layer in layers or []:
            self.add(layer)

    @property
    def layers(self) -> list:
        return list(self._stack)

    def add(self, layer) -> None:
        if isinstance(layer, tf.Tensor) or not isinstance(layer, Layer):
            raise TypeError("The added layer must be an instance of class Layer. Found: " + str(layer))
        if self._input_layer is None and not self._stack:
            if isinstance(layer, InputLayer):
                self._input_layer = layer
                self._rebuild([])
                return
            if layer._batch_input_shape is not None:
                self._input_layer = InputLayer(batch_input_shape=layer._batch_input_shape,
                                               dtype=layer._dtype or K.floatx(), name=layer.name + "_input")
        if self._input_layer is not None:
            x = self.outputs[0] if self.outputs else self._input_layer._inbound_nodes[0].output_tensors[0]
            out = layer(x)
            if len(_flatten(out)) != 1:
                raise TypeError("All layers in a Sequential model should have a single output tensor. For "
                                "multi-output layers, use the functional API.")
        self._stack.append(layer)
        if self._input_layer is not None:
            self._rebuild(self._stack)

    def pop(self) -> None:
        if not self._stack:
            raise TypeError("There are no layers in the model.")
        self._stack.pop()
        self._rebuild(self._stack)

    def _rebuild(self, stack):
        x = self._input_layer._inbound_nodes[0].output_tensors[0]
        out = x
        if stack:
            # the model's output is the last layer's output on the chain from this input
            out = self._chain_output(x, stack)
        self._init_graph(x, out)
        self._layers_list = [self._input_layer] + list(stack)

    @staticmethod
    def _chain_output(x, stack):
        for layer in stack:
            for node in layer._inbound_nodes:
                if node.input_tensors and node.input_tensors[0] is x:
                    x = node.output_tensors[0]
                    break
        return x

    def _build_from(self, data):
        """A Sequential without `input_shape` builds on first use, from the data's shape."""
        if self._input_layer is None:
            first = _flatten(data)[0]
            shape = tuple(getattr(first, "shape", None) or tf.convert_to_tensor(first).get_shape().as_list())
            name = (self._stack[0].name if self._stack else self.name) + "_input"
            self._input_layer = InputLayer(batch_input_shape=(None,) + tuple(shape[1:]), name=name,
                                           dtype=getattr(first, "dtype", None) if isinstance(first, tf.Tensor)
                                           else K.floatx())
            x = self._input_layer._inbound_nodes[0].output_tensors[0]
            for layer in self._stack:
                x = layer(x)
            self._rebuild(self._stack)

    def build(self, input_shape=None):
        if input_shape is not None and self._input_layer is None:
            self._input_layer = InputLayer(batch_input_shape=tuple(input_shape),
                                           name=(self._stack[0].name if self._stack else self.name) + "_input")
            x = self._input_layer._inbound_nodes[0].output_tensors[0]
            for layer in self._stack:
                x = layer(x)
            self._rebuild(self._stack)

    def __call__(self, inputs, *args, **kwargs):
        if self._input_layer is None:
            x = inputs
            for layer in self._stack:
                x = layer(x, *args, **kwargs)
            return x
        return super().__call__(inputs, *args, **kwargs)

    def predict_classes(self, x, batch_size=32, verbose=0):
        import numpy as np
        proba = self.predict(x, batch_size=batch_size, verbose=verbose)
        return proba.argmax(axis=-1) if proba.shape[-1] > 1 else (proba > 0.5).astype("int32")

    def predict_proba(self, x, batch_size=32, verbose=0):
        return self.predict(x, batch_size=batch_size, verbose=verbose)
