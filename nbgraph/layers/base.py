"""`tf.layers.Layer`: what every TF 1.x layer shares — a unique name (`dense`, `dense_1`...)
that becomes its variable scope on the first call, weights made with `get_variable` in that
scope (so `reuse` and `variable_scope` share them as in TF), weight regularizers whose losses
land in the REGULARIZATION_LOSSES collection, and ops named under the layer's name scope."""
from __future__ import annotations

import re

from ..engine import dtypes as _dt
from ..engine.convert import convert_to_tensor
from ..engine.graph import GraphKeys, get_default_graph
from ..engine.variables import RefVariable, get_variable, variable_scope


def _snake(name: str) -> str:
    s = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", s).lower()


class Layer:
    """Base class of the `tf.layers` layers: `build(input_shape)` makes the weights once,
    `call(inputs)` builds the ops."""

    def __init__(self, trainable=True, name=None, dtype=None, _reuse=None, _scope=None, **kwargs):
        self.trainable = trainable
        self._name = name
        self._base_name = name or _snake(type(self).__name__)
        self._reuse = _reuse
        self._scope = None
        if _scope:  # `tf.layers.dense(name=...)` names its variable scope outright (no `_1` suffix)
            with variable_scope(_scope) as scope:
                self._scope = scope
        self.built = False
        self._dtype = None if dtype is None else _dt.as_dtype(dtype)
        self._trainable_weights: list = []
        self._non_trainable_weights: list = []
        self._losses: list = []

    name = property(lambda self: self._scope.name.split("/")[-1] if self._scope else self._base_name)
    dtype = property(lambda self: self._dtype)
    scope_name = property(lambda self: self._scope.name if self._scope else None)
    trainable_weights = property(lambda self: list(self._trainable_weights) if self.trainable else [])
    trainable_variables = trainable_weights
    non_trainable_weights = property(lambda self: list(self._non_trainable_weights) +
                                     ([] if self.trainable else list(self._trainable_weights)))
    weights = property(lambda self: self.trainable_weights + self.non_trainable_weights)
    variables = weights
    losses = property(lambda self: list(self._losses))

    def build(self, input_shape):
        self.built = True

    def call(self, inputs, **kwargs):
        return inputs

    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None, trainable=True,
                   constraint=None):
        if constraint is not None:
            raise NotImplementedError("weight constraints are not supported by nbgraph")
        existing = set(get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES))
        trainable = trainable and self.trainable
        v = get_variable(name, shape=shape, dtype=dtype or self._dtype, initializer=initializer, trainable=trainable)
        (self._trainable_weights if trainable else self._non_trainable_weights).append(v)
        if regularizer is not None and v not in existing:  # a shared weight is regularised once
            g = get_default_graph()
            with g.name_scope(f"{name}/Regularizer"):
                loss = regularizer(v)
            if loss is not None:
                self._losses.append(loss)
                g.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
        return v

    def _set_scope(self):
        if self._scope is None:
            if self._reuse:
                with variable_scope(self._base_name) as scope:
                    self._scope = scope
            else:
                with variable_scope(None, default_name=self._base_name) as scope:
                    self._scope = scope

    def __call__(self, inputs, *args, **kwargs):
        g = get_default_graph()
        if not isinstance(inputs, RefVariable):
            inputs = convert_to_tensor(inputs)
        self._set_scope()
        with variable_scope(self._scope, reuse=self._reuse, auxiliary_name_scope=False):
            with g.name_scope(self._scope.original_name_scope):
                if not self.built:
                    if self._dtype is None:
                        self._dtype = inputs.dtype.base_dtype
                    self._check_input(inputs)
                    self.build(inputs.get_shape())
                    self.built = True
                return self.call(inputs, *args, **kwargs)

    def _check_input(self, inputs):
        pass

    def apply(self, inputs, *args, **kwargs):
        return self(inputs, *args, **kwargs)

    def get_weights(self):
        from ..engine.session import get_default_session
        return get_default_session().run(self.weights)
