"""`tf.Variable` with eager execution on: TF 1.15's eager ResourceVariable, on nbgraph's variables.

The variable keeps its value in the eager graph's run context (set by its initializer, which
runs at once). Every use reads the value afresh (a read the recording tapes see, so
`GradientTape` differentiates through it), `assign*` update it in place, and it prints as TF's
eager variables do: `<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>`. Being a
`RefVariable` underneath, optimizers' `apply_gradients` update it with their usual `Apply*` ops.
"""
from __future__ import annotations

from ..engine.convert import convert_to_tensor
from ..engine.registry import builders as _ops
from ..engine.variables import RefVariable
from .tensor import EagerTensor, numpy_text

__all__ = ["EagerVariable"]


class EagerVariable(RefVariable):
    """A variable of the eager graph: its value is read on every use."""

    def __init__(self, initial_value=None, trainable=True, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None, expected_shape=None,
                 import_scope=None, constraint=None, use_resource=None, synchronization=None,
                 aggregation=None, shape=None):
        # eager variables join no collections (TF: `tf.global_variables()` is empty in eager mode)
        super().__init__(initial_value, trainable=False, collections=[], validate_shape=validate_shape,
                         name=name, dtype=dtype, shape=shape)
        self._trainable = trainable
        self._constraint = constraint

    # the graph-mode `v/read` snapshot is stale in eager mode: a use reads the value now
    @property
    def _snapshot(self) -> EagerTensor:
        return self.value()

    @_snapshot.setter
    def _snapshot(self, _ignored):
        pass

    def value(self) -> EagerTensor:
        g = self._graph
        for tape in list(g._tapes):
            tape._variable_accessed(self)
        return _ops.identity(self._variable, name="Read/ReadVariableOp")

    def read_value(self) -> EagerTensor:
        return self.value()

    def numpy(self):
        return self.value().numpy()

    @property
    def dtype(self):
        return self._variable.dtype.base_dtype  # a resource variable's dtype is no `_ref` type

    @property
    def constraint(self):
        return self._constraint

    @property
    def handle(self):
        return self._variable

    def _updated(self, t, read_value):
        return _UnreadVariable(self) if read_value else None

    def assign(self, value, use_locking=None, name=None, read_value=True):
        value = convert_to_tensor(value, dtype=self.dtype)
        if not self.shape.is_compatible_with(value.shape):  # TF's ResourceVariable.assign check
            raise ValueError(f"Shapes {self.shape} and {value.shape} are incompatible")
        return self._updated(_ops.assign(self._variable, value, name=name), read_value)

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        return self._updated(_ops.assign_add(self._variable, delta, name=name), read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        return self._updated(_ops.assign_sub(self._variable, delta, name=name), read_value)

    def eval(self, session=None):
        raise NotImplementedError("eval is not supported when eager execution is enabled, is .numpy() what "
                                  "you're looking for?")

    def initialized_value(self):
        return self.value()

    def __array__(self, dtype=None, copy=None):
        return self.value().__array__(dtype)

    def __float__(self):
        return float(self.value())

    def __int__(self):
        return int(self.value())

    def __bool__(self):
        return bool(self.value())

    def __format__(self, format_spec):
        return self.numpy().__format__(format_spec)

    def __repr__(self):
        value = self._graph.read_value(self._variable)
        return (f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.base_dtype.name}, "
                f"numpy={numpy_text(value, is_repr=True)}>")

    __str__ = __repr__


class _UnreadVariable(EagerVariable):
    """What `assign*` return in eager mode: the same variable, printed under TF's name for it."""

    def __init__(self, parent):  # noqa: super().__init__ is not called: this shares `parent`'s state
        self.__dict__.update(parent.__dict__)

    @property
    def name(self):
        return "UnreadVariable"

    def __new__(cls, *args, **kwargs):
        return object.__new__(cls)
