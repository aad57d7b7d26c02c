"""Keras's recurrent layers in TF 1.15 graph mode: SimpleRNN, LSTM and GRU (v1 forms: LSTM/GRU gates
use `hard_sigmoid`, GRU has `reset_after=False`), with the weights of their cells
(`lstm/lstm_cell/kernel`, `.../recurrent_kernel`, `.../bias`; gate order i, f, c, o for LSTM and
z, r, h for GRU), `return_sequences`, `return_state` and `go_backwards`. nbgraph unrolls the time
steps in the graph, so the time axis must have a known length."""
from __future__ import annotations

import nbgraph as tf

from . import activations
from .base_layer import Layer


class _Cell:
    """The weights and one time step of a recurrent cell."""

    gates = 1
    prefix = ""

    def __init__(self, units, activation, recurrent_activation, use_bias, kernel_initializer,
                 recurrent_initializer, bias_initializer, unit_forget_bias=False):
        self.units = int(units)
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        self.inits = (kernel_initializer, recurrent_initializer, bias_initializer)
        self.unit_forget_bias = unit_forget_bias
        self.name = self.prefix

    def build(self, layer, input_dim):
        k_init, r_init, b_init = self.inits
        n = self.units * self.gates
        with tf.variable_scope(self.name):
            self.kernel = layer.add_weight("kernel", [input_dim, n], initializer=k_init)
            self.recurrent_kernel = layer.add_weight("recurrent_kernel", [self.units, n], initializer=r_init)
            self.bias = None
            if self.use_bias:
                init = b_init
                if self.unit_forget_bias:
                    u = self.units
                    init = _forget_bias_init(u)
                self.bias = layer.add_weight("bias", [n], initializer=init)


def _forget_bias_init(units):
    def init(shape, dtype=None, partition_info=None):
        return tf.concat([tf.zeros([units], dtype=dtype), tf.ones([units], dtype=dtype),
                          tf.zeros([2 * units], dtype=dtype)], 0)
    return init


class _SimpleCell(_Cell):
    prefix = "simple_rnn_cell"

    def step(self, x, states):
        h = tf.matmul(x, self.kernel)
        if self.bias is not None:
            h = tf.nn.bias_add(h, self.bias)
        out = self.activation(h + tf.matmul(states[0], self.recurrent_kernel))
        return out, [out]


class _LSTMCell(_Cell):
    gates = 4
    prefix = "lstm_cell"

    def step(self, x, states):
        h_prev, c_prev = states
        z = tf.matmul(x, self.kernel) + tf.matmul(h_prev, self.recurrent_kernel)
        if self.bias is not None:
            z = tf.nn.bias_add(z, self.bias)
        u = self.units
        i = self.recurrent_activation(z[:, :u])
        f = self.recurrent_activation(z[:, u:2 * u])
        c = f * c_prev + i * self.activation(z[:, 2 * u:3 * u])
        o = self.recurrent_activation(z[:, 3 * u:])
        h = o * self.activation(c)
        return h, [h, c]


class _GRUCell(_Cell):
    gates = 3
    prefix = "gru_cell"

    def step(self, x, states):
        h_prev = states[0]
        u = self.units
        xm = tf.matmul(x, self.kernel)
        if self.bias is not None:
            xm = tf.nn.bias_add(xm, self.bias)
        rk = self.recurrent_kernel
        zr = tf.matmul(h_prev, rk[:, :2 * u])
        z = self.recurrent_activation(xm[:, :u] + zr[:, :u])
        r = self.recurrent_activation(xm[:, u:2 * u] + zr[:, u:])
        hh = self.activation(xm[:, 2 * u:] + tf.matmul(r * h_prev, rk[:, 2 * u:]))
        h = z * h_prev + (1.0 - z) * hh
        return h, [h]


class _RNN(Layer):
    _cell_class = _Cell
    _n_states = 1

    def __init__(self, units, activation="tanh", recurrent_activation="hard_sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, dropout=0.0, recurrent_dropout=0.0, **kwargs):
        for k in ("kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
                  "recurrent_constraint", "bias_constraint", "implementation", "reset_after", "time_major"):
            kwargs.pop(k, None)
        if stateful or dropout or recurrent_dropout:
            raise NotImplementedError("nbgraph's recurrent layers support neither `stateful` nor (recurrent) "
                                      "dropout")
        self._config = dict(units=units, activation=activation, recurrent_activation=recurrent_activation,
                            use_bias=use_bias, kernel_initializer=kernel_initializer,
                            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
                            unit_forget_bias=unit_forget_bias, return_sequences=return_sequences,
                            return_state=return_state, go_backwards=go_backwards)
        super().__init__(**kwargs)
        self.cell = self._cell_class(units, activation, recurrent_activation, use_bias, kernel_initializer,
                                     recurrent_initializer, bias_initializer, unit_forget_bias)
        self.units = int(units)
        self.return_sequences, self.return_state, self.go_backwards = return_sequences, return_state, go_backwards
        self.activation = self.cell.activation
        self.recurrent_activation = self.cell.recurrent_activation

    def _check_inputs(self, inputs):
        s = inputs[0].get_shape()
        if s.ndims is not None and s.ndims != 3:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: expected ndim=3, found "
                             f"ndim={s.ndims}. Full shape received: {s.as_list()}")

    def build(self, input_shape):
        self.cell.build(self, input_shape[-1].value)

    def call(self, inputs, initial_state=None, training=None, mask=None):
        steps = inputs.get_shape().as_list()[1]
        if steps is None:
            raise ValueError(f"nbgraph unrolls layer {self.name} over time: the time axis of its input "
                             f"{inputs.get_shape().as_list()} must have a known length")
        if initial_state is None:
            zero = tf.zeros(tf.stack([tf.shape(inputs)[0], self.units]), dtype=inputs.dtype)
            states = [zero] * self._n_states
        else:
            states = list(initial_state) if isinstance(initial_state, (list, tuple)) else [initial_state]
        xs = tf.unstack(inputs, axis=1)
        if self.go_backwards:
            xs = xs[::-1]
        outputs = []
        for x in xs:
            out, states = self.cell.step(x, states)
            outputs.append(out)
        result = tf.stack(outputs, axis=1) if self.return_sequences else outputs[-1]
        if self.return_state:
            return [result] + list(states)
        return result


class SimpleRNN(_RNN):
    _cell_class = _SimpleCell

    def __init__(self, units, activation="tanh", **kwargs):
        kwargs.setdefault("unit_forget_bias", False)
        super().__init__(units, activation=activation, **kwargs)


class LSTM(_RNN):
    _cell_class = _LSTMCell
    _n_states = 2


class GRU(_RNN):
    _cell_class = _GRUCell

    def __init__(self, units, **kwargs):
        kwargs.setdefault("unit_forget_bias", False)
        super().__init__(units, **kwargs)


class Bidirectional(Layer):
    """Runs a recurrent layer forwards (`forward_lstm`) and a copy backwards (`backward_lstm`) and
    merges their outputs ('concat', 'sum', 'mul', 'ave' or None for the pair)."""

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if not isinstance(layer, _RNN):
            raise ValueError("Please initialize `Bidirectional` layer with a `Layer` instance. You passed: "
                             f"{layer}")
        if merge_mode not in ("sum", "mul", "ave", "concat", None):
            raise ValueError(f"Invalid merge mode. Merge mode should be one of {{'sum', 'mul', 'ave', 'concat', "
                             f"None}}")
        super().__init__(**kwargs)
        config = dict(layer._config)
        self.forward_layer = type(layer)(name="forward_" + layer.name, **config)
        config["go_backwards"] = not config["go_backwards"]
        self.backward_layer = backward_layer or type(layer)(name="backward_" + layer.name, **config)
        self.merge_mode = merge_mode
        self.return_sequences = config["return_sequences"]

    trainable_weights = property(lambda self: self.forward_layer.trainable_weights +
                                 self.backward_layer.trainable_weights)
    non_trainable_weights = property(lambda self: [])
    weights = property(lambda self: self.forward_layer.weights + self.backward_layer.weights)

    def count_params(self) -> int:
        return self.forward_layer.count_params() + self.backward_layer.count_params()

    def call(self, inputs):
        forward = self.forward_layer(inputs)
        backward = self.backward_layer(inputs)
        if self.return_sequences:
            backward = tf.reverse(backward, [1])
        if self.merge_mode == "concat":
            return tf.concat([forward, backward], axis=-1)
        if self.merge_mode == "sum":
            return forward + backward
        if self.merge_mode == "ave":
            return (forward + backward) / 2
        if self.merge_mode == "mul":
            return forward * backward
        return [forward, backward]


__all__ = ["SimpleRNN", "LSTM", "GRU", "Bidirectional"]
