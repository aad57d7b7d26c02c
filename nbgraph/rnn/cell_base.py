"""What every `tf.nn.rnn_cell` cell shares, as TF 1.15's rnn_cell_impl.py has it.

An RNN cell is a `tf.layers.Layer` called as `cell(inputs, state)` -> `(output, new_state)`. Its
variable scope is made on the first call under the current one (`rnn/basic_lstm_cell`, so the
weights are `rnn/basic_lstm_cell/kernel` and `.../bias`), its ops are named under the name scope
current at that first call (`rnn/while/basic_lstm_cell/MatMul` inside `dynamic_rnn`'s loop).
`LayerRNNCell`s (the cells with weights) are called like any layer; the plain `RNNCell`s
(`MultiRNNCell`) re-enter the caller's variable scope first, as TF does, which is why their ops
sit under `rnn/while/rnn/multi_rnn_cell/...`.
"""
from __future__ import annotations

import collections

from ..engine import dtypes as _dt
from ..engine.graph import get_default_graph
from ..engine.ops.array_ops import constant, zeros
from ..engine.ops.control_flow_ops import _flatten, _pack
from ..engine.ops.index_ops import concat
from ..engine.shapes import TensorShape, as_shape
from ..engine.tensor import Tensor
from ..engine.variables import get_variable_scope, variable_scope
from ..layers.base import Layer

__all__ = ["RNNCell", "LayerRNNCell", "LSTMStateTuple", "concat_shape", "zero_state_tensors"]


class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """An LSTM state: the cell state `c` and the output `h`."""

    __slots__ = ()

    @property
    def dtype(self):
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError(f"Inconsistent internal state: {c.dtype} vs {h.dtype}")
        return c.dtype


def concat_shape(prefix, suffix, static=False):
    """TF's `rnn_cell_impl._concat`: `[prefix] + suffix` as an int32 tensor (or a static list)."""
    if isinstance(prefix, Tensor):
        from ..engine.convert import constant_value
        from ..engine.ops.array_ops import expand_dims
        p = prefix
        p_static = constant_value(prefix)
        if p._shape.ndims == 0:
            p = expand_dims(p, 0)
        elif p._shape.ndims != 1:
            raise ValueError(f"prefix tensor must be either a scalar or vector, but saw tensor: {p}")
        p_static = None if p_static is None else [int(v) for v in (p_static.reshape(-1))]
    else:
        p = as_shape(prefix)
        p_static = p.as_list() if p.ndims is not None else None
        p = constant(p.as_list(), dtype=_dt.int32) if p.is_fully_defined() else None
    if isinstance(suffix, Tensor):
        s = suffix
        s_static = None
        if s._shape.ndims == 0:
            from ..engine.ops.array_ops import expand_dims
            s = expand_dims(s, 0)
    else:
        s = as_shape(suffix)
        s_static = s.as_list() if s.ndims is not None else None
        s = constant(s.as_list(), dtype=_dt.int32) if s.is_fully_defined() else None
    if static:
        shape = TensorShape(p_static).concatenate(TensorShape(s_static))
        return shape.as_list() if shape.ndims is not None else None
    if p is None or s is None:
        raise ValueError(f"Provided a prefix or suffix of None: {prefix} and {suffix}")
    return concat((p, s), 0)


def zero_state_tensors(state_size, batch_size, dtype):
    """Zeros shaped `[batch_size] + s` for every `s` in the (nested) `state_size`."""
    def one(s):
        z = zeros(concat_shape(batch_size, s), dtype=dtype)
        concat_shape(batch_size, s, static=True)  # TF builds its Consts too
        static_batch = batch_size if isinstance(batch_size, int) else None
        z.set_shape(TensorShape([static_batch]).concatenate(as_shape(s)))  # what TF's shape inference finds
        return z
    if isinstance(state_size, (list, tuple)) and not _is_shape_like(state_size):
        return _pack(state_size, [one(s) for s in _flatten_sizes(state_size)])
    return one(state_size)


def _is_shape_like(x):
    return isinstance(x, TensorShape)


def _flatten_sizes(structure):
    if isinstance(structure, TensorShape) or not isinstance(structure, (list, tuple)):
        return [structure]
    return [s for item in structure for s in _flatten_sizes(item)]


class RNNCell(Layer):
    """`tf.nn.rnn_cell.RNNCell`: `state_size`, `output_size`, `zero_state`, `__call__`."""

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        super().__init__(trainable=trainable, name=name, dtype=dtype, **kwargs)
        self._rnncell_scope = None

    @property
    def state_size(self):
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self):
        raise NotImplementedError("Abstract method")

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        return self.zero_state(batch_size, dtype)

    def zero_state(self, batch_size, dtype):
        """Zero-filled state tensors (`<Cell>ZeroState/zeros`)."""
        with get_default_graph().name_scope(type(self).__name__ + "ZeroState"):
            return zero_state_tensors(self.state_size, batch_size, dtype)

    def __call__(self, inputs, state, scope=None):
        if scope is not None:
            with variable_scope(scope) as sc:
                return self._layer_call(inputs, state, sc)
        if self._rnncell_scope is None:
            self._rnncell_scope = get_variable_scope()
        with variable_scope(self._rnncell_scope):  # TF re-enters the caller's variable scope
            return self._layer_call(inputs, state, None)

    def _layer_call(self, inputs, state, scope):
        g = get_default_graph()
        if self._scope is None:
            if scope is not None:
                self._scope = scope if self._reuse is None else scope
            else:
                self._set_scope()
        with variable_scope(self._scope, reuse=True if self.built else self._reuse, auxiliary_name_scope=False):
            with g.name_scope(self._scope.original_name_scope):
                if not self.built:
                    first = _flatten(inputs)[0]
                    if self._dtype is None:
                        self._dtype = first.dtype.base_dtype
                    self.build(first.get_shape())
                    self.built = True
                return self.call(inputs, state)


class LayerRNNCell(RNNCell):
    """A cell with weights: called as a layer, without re-entering the caller's scope."""

    def __call__(self, inputs, state, scope=None):
        if scope is not None:
            with variable_scope(scope) as sc:
                return self._layer_call(inputs, state, sc)
        return self._layer_call(inputs, state, None)
