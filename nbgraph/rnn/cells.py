"""The cells of `tf.nn.rnn_cell`, as TF 1.15 builds them: `BasicRNNCell`, `BasicLSTMCell`,
`LSTMCell` (peepholes and cell clipping; no projection), `GRUCell`, `MultiRNNCell` and
`DropoutWrapper`. Weight names are TF's (`basic_lstm_cell/kernel`, `gru_cell/gates/kernel`,
`multi_rnn_cell/cell_0/...`), and so is every op of a step (`concat`, `MatMul`, `BiasAdd`, `split`,
`Sigmoid`...), so a trained cell's weights equal TF's."""
from __future__ import annotations

from ..engine import dtypes as _dt
from ..engine import initializers as _init
from ..engine.graph import get_default_graph
from ..engine.ops import math_ops as _m
from ..engine.ops.array_ops import constant
from ..engine.ops.control_flow_ops import _flatten, _pack
from ..engine.ops.conv_ops import bias_add
from ..engine.ops.index_ops import concat
from ..engine.ops.reduce_ops import matmul
from ..engine.ops.split_gather_ops import split
from ..engine.variables import variable_scope
from .cell_base import LayerRNNCell, LSTMStateTuple, RNNCell

__all__ = ["BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell", "MultiRNNCell", "DropoutWrapper"]


def _check_depth(cell, inputs_shape):
    if inputs_shape.ndims is None or inputs_shape[-1].value is None:
        raise ValueError(f"Expected inputs.shape[-1] to be known, saw shape: {inputs_shape}")
    return inputs_shape[-1].value


class BasicRNNCell(LayerRNNCell):
    """output = new_state = activation(W * [input, state] + b)."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = activation or _m.tanh

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, inputs_shape):
        depth = _check_depth(self, inputs_shape)
        self._kernel = self.add_weight("kernel", shape=[depth + self._num_units, self._num_units])
        self._bias = self.add_weight("bias", shape=[self._num_units],
                                     initializer=_init.zeros_initializer(dtype=self.dtype))

    def call(self, inputs, state):
        gate_inputs = matmul(concat([inputs, state], 1), self._kernel)
        gate_inputs = bias_add(gate_inputs, self._bias)
        output = self._activation(gate_inputs)
        return output, output


class BasicLSTMCell(LayerRNNCell):
    """The LSTM of Zaremba et al. 2014 (no peepholes, no clipping), `forget_bias` added to the
    forget gate."""

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True, activation=None, reuse=None, name=None,
                 dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation or _m.tanh

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units) if self._state_is_tuple else 2 * self._num_units

    output_size = property(lambda self: self._num_units)

    def build(self, inputs_shape):
        depth = _check_depth(self, inputs_shape)
        self._kernel = self.add_weight("kernel", shape=[depth + self._num_units, 4 * self._num_units])
        self._bias = self.add_weight("bias", shape=[4 * self._num_units],
                                     initializer=_init.zeros_initializer(dtype=self.dtype))

    def call(self, inputs, state):
        one = constant(1, dtype=_dt.int32)
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = split(value=state, num_or_size_splits=2, axis=one)
        gate_inputs = matmul(concat([inputs, h], 1), self._kernel)
        gate_inputs = bias_add(gate_inputs, self._bias)
        i, j, f, o = split(value=gate_inputs, num_or_size_splits=4, axis=one)
        forget_bias_tensor = constant(self._forget_bias, dtype=f.dtype)
        new_c = _m.add(_m.multiply(c, _m.sigmoid(_m.add(f, forget_bias_tensor))),
                       _m.multiply(_m.sigmoid(i), self._activation(j)))
        new_h = _m.multiply(self._activation(new_c), _m.sigmoid(o))
        new_state = LSTMStateTuple(new_c, new_h) if self._state_is_tuple else concat([new_c, new_h], 1)
        return new_h, new_state


class LSTMCell(LayerRNNCell):
    """The LSTM of Hochreiter & Schmidhuber with optional peepholes (`w_f_diag`...) and cell
    clipping. (`num_proj` is not supported.)"""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None, num_proj=None,
                 proj_clip=None, num_unit_shards=None, num_proj_shards=None, forget_bias=1.0, state_is_tuple=True,
                 activation=None, reuse=None, name=None, dtype=None, **kwargs):
        if num_proj is not None:
            raise NotImplementedError("LSTMCell(num_proj=...) is not supported by nbgraph")
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation or _m.tanh

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units) if self._state_is_tuple else 2 * self._num_units

    output_size = property(lambda self: self._num_units)

    def build(self, inputs_shape):
        depth = _check_depth(self, inputs_shape)
        self._kernel = self.add_weight("kernel", shape=[depth + self._num_units, 4 * self._num_units],
                                       initializer=self._initializer)
        self._bias = self.add_weight("bias", shape=[4 * self._num_units],
                                     initializer=_init.zeros_initializer(dtype=self.dtype))
        if self._use_peepholes:
            self._w_f_diag = self.add_weight("w_f_diag", shape=[self._num_units], initializer=self._initializer)
            self._w_i_diag = self.add_weight("w_i_diag", shape=[self._num_units], initializer=self._initializer)
            self._w_o_diag = self.add_weight("w_o_diag", shape=[self._num_units], initializer=self._initializer)

    def call(self, inputs, state):
        from ..engine.ops.array_ops import clip_by_value
        from ..engine.ops.nn_ops import slice as slice_
        sigmoid = _m.sigmoid
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = slice_(state, [0, 0], [-1, self._num_units])
            m_prev = slice_(state, [0, self._num_units], [-1, self._num_units])
        if inputs.get_shape().ndims != 2 or inputs.get_shape()[1].value is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
        lstm_matrix = matmul(concat([inputs, m_prev], 1), self._kernel)
        lstm_matrix = bias_add(lstm_matrix, self._bias)
        i, j, f, o = split(value=lstm_matrix, num_or_size_splits=4, axis=1)
        if self._use_peepholes:
            c = (sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev +
                 sigmoid(i + self._w_i_diag * c_prev) * self._activation(j))
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else concat([c, m], 1)
        return m, new_state


class GRUCell(LayerRNNCell):
    """Gated recurrent unit (Cho et al. 2014): reset and update gates, then a candidate."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None, bias_initializer=None,
                 name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = activation or _m.tanh
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, inputs_shape):
        depth = _check_depth(self, inputs_shape)
        self._gate_kernel = self.add_weight("gates/kernel", shape=[depth + self._num_units, 2 * self._num_units],
                                            initializer=self._kernel_initializer)
        self._gate_bias = self.add_weight("gates/bias", shape=[2 * self._num_units], initializer=(
            self._bias_initializer if self._bias_initializer is not None
            else _init.constant_initializer(1.0, dtype=self.dtype)))
        self._candidate_kernel = self.add_weight("candidate/kernel", shape=[depth + self._num_units, self._num_units],
                                                 initializer=self._kernel_initializer)
        self._candidate_bias = self.add_weight("candidate/bias", shape=[self._num_units], initializer=(
            self._bias_initializer if self._bias_initializer is not None
            else _init.zeros_initializer(dtype=self.dtype)))

    def call(self, inputs, state):
        gate_inputs = matmul(concat([inputs, state], 1), self._gate_kernel)
        gate_inputs = bias_add(gate_inputs, self._gate_bias)
        value = _m.sigmoid(gate_inputs)
        r, u = split(value=value, num_or_size_splits=2, axis=1)
        r_state = r * state
        candidate = matmul(concat([inputs, r_state], 1), self._candidate_kernel)
        candidate = bias_add(candidate, self._candidate_bias)
        c = self._activation(candidate)
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class MultiRNNCell(RNNCell):
    """Cells stacked: the output of `cell_i` is the input of `cell_{i+1}` (scopes `cell_0`...)."""

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not isinstance(cells, (list, tuple)):
            raise TypeError(f"cells must be a list or tuple, but saw: {cells}.")
        if len(set(id(c) for c in cells)) < len(cells):
            import warnings
            warnings.warn("At least two cells provided to MultiRNNCell are the same object and will share weights.")
        self._cells = list(cells)
        self._state_is_tuple = state_is_tuple

    @property
    def state_size(self):
        if self._state_is_tuple:
            return tuple(c.state_size for c in self._cells)
        return sum(c.state_size for c in self._cells)

    output_size = property(lambda self: self._cells[-1].output_size)

    def zero_state(self, batch_size, dtype):
        with get_default_graph().name_scope(type(self).__name__ + "ZeroState"):
            if self._state_is_tuple:
                return tuple(c.zero_state(batch_size, dtype) for c in self._cells)
            return super().zero_state(batch_size, dtype)

    def build(self, inputs_shape):
        pass

    def call(self, inputs, state):
        from ..engine.ops.nn_ops import slice as slice_
        cur_pos, cur_inp, new_states = 0, inputs, []
        for i, cell in enumerate(self._cells):
            with variable_scope(f"cell_{i}"):
                if self._state_is_tuple:
                    if not isinstance(state, (list, tuple)):
                        raise ValueError(f"Expected state to be a tuple of length {len(self.state_size)}, but "
                                         f"received: {state}")
                    cur_state = state[i]
                else:
                    cur_state = slice_(state, [0, cur_pos], [-1, cell.state_size])
                    cur_pos += cell.state_size
                cur_inp, new_state = cell(cur_inp, cur_state)
                new_states.append(new_state)
        return cur_inp, (tuple(new_states) if self._state_is_tuple else concat(new_states, 1))


class DropoutWrapper(RNNCell):
    """Dropout on a cell's inputs, outputs and (the `h` of an LSTM) state. A keep probability of
    1.0 (a Python float) adds no dropout op, as in TF."""

    def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0, state_keep_prob=1.0,
                 variational_recurrent=False, input_size=None, dtype=None, seed=None,
                 dropout_state_filter_visitor=None):
        super().__init__()
        if variational_recurrent:
            raise NotImplementedError("DropoutWrapper(variational_recurrent=True) is not supported by nbgraph")
        from ..engine.convert import constant_value, convert_to_tensor
        self._cell = cell
        self._seed = seed
        with get_default_graph().name_scope("DropoutWrapperInit"):
            for prob, attr in ((input_keep_prob, "input_keep_prob"), (state_keep_prob, "state_keep_prob"),
                               (output_keep_prob, "output_keep_prob")):
                tensor = convert_to_tensor(prob)
                const = constant_value(tensor)
                if const is not None:
                    if const < 0 or const > 1:
                        raise ValueError(f"Parameter {attr} must be between 0 and 1: {const}")
                    setattr(self, "_" + attr, float(const))
                else:
                    setattr(self, "_" + attr, tensor)

    wrapped_cell = property(lambda self: self._cell)
    state_size = property(lambda self: self._cell.state_size)
    output_size = property(lambda self: self._cell.output_size)

    def zero_state(self, batch_size, dtype):
        with get_default_graph().name_scope(type(self).__name__ + "ZeroState"):
            return self._cell.zero_state(batch_size, dtype)

    def _dropout(self, values, keep_prob, keep=None):
        from ..engine.ops.nn_extra_ops import dropout
        flat = _flatten(values)
        mask = _flatten(keep) if keep is not None else [True] * len(flat)
        return _pack(values, [dropout(v, keep_prob=keep_prob) if k else v for v, k in zip(flat, mask)])

    def __call__(self, inputs, state, scope=None):
        def should(p):
            return not isinstance(p, float) or p < 1
        if should(self._input_keep_prob):
            inputs = self._dropout(inputs, self._input_keep_prob)
        output, new_state = self._cell(inputs, state, scope=scope)
        if should(self._state_keep_prob):  # TF's default filter: an LSTM's c is never dropped
            keep = LSTMStateTuple(False, True) if isinstance(new_state, LSTMStateTuple) else None
            new_state = self._dropout(new_state, self._state_keep_prob, keep)
        if should(self._output_keep_prob):
            output = self._dropout(output, self._output_keep_prob)
        return output, new_state
