"""`tf.nn.static_bidirectional_rnn` (`tf.contrib.rnn.static_bidirectional_rnn`) as TF 1.15's
rnn.py builds it: a forward `static_rnn` under `bidirectional_rnn/fw`, a backward one under
`bidirectional_rnn/bw` over the reversed list (each row reversed within its length when
`sequence_length` is given), and each step's two outputs concatenated on axis 1."""
from __future__ import annotations

from ..engine.ops.control_flow_ops import _flatten, _pack
from ..engine.ops.index_ops import concat, stack, unstack
from ..engine.ops.sequence_ops import reverse_sequence
from ..engine.shapes import unknown_shape
from ..engine.variables import variable_scope
from .dynamic import _check_cell, _is_sequence, static_rnn

__all__ = ["static_bidirectional_rnn"]


def _reverse_seq(input_seq, lengths):
    """The list reversed; with `lengths`, each batch row reversed within its own length."""
    if lengths is None:
        return list(reversed(input_seq))
    flat_input_seq = tuple(_flatten(input_) for input_ in input_seq)
    flat_results = [[] for _ in input_seq]
    for sequence in zip(*flat_input_seq):
        input_shape = unknown_shape(rank=sequence[0].shape.ndims)
        for input_ in sequence:
            input_shape.assert_is_compatible_with(input_.shape)
            input_.set_shape(input_shape)
        s_reversed = reverse_sequence(stack(sequence), lengths, 0, 1)
        for r, flat_result in zip(unstack(s_reversed), flat_results):
            r.set_shape(input_shape)
            flat_result.append(r)
    return [_pack(input_, flat_result) for input_, flat_result in zip(input_seq, flat_results)]


def static_bidirectional_rnn(cell_fw, cell_bw, inputs, initial_state_fw=None, initial_state_bw=None, dtype=None,
                             sequence_length=None, scope=None):
    """Returns `(outputs, output_state_fw, output_state_bw)`; `outputs` is the list of
    `[batch, fw.output_size + bw.output_size]` step outputs."""
    _check_cell("cell_fw", cell_fw)
    _check_cell("cell_bw", cell_bw)
    if not _is_sequence(inputs):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, output_state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype, sequence_length,
                                                    scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            reversed_inputs = _reverse_seq(inputs, sequence_length)
            tmp, output_state_bw = static_rnn(cell_bw, reversed_inputs, initial_state_bw, dtype, sequence_length,
                                              scope=bw_scope)
    output_bw = _reverse_seq(tmp, sequence_length)
    flat_outputs = [concat([fw, bw], 1) for fw, bw in zip(_flatten(output_fw), _flatten(output_bw))]
    return _pack(output_fw, flat_outputs), output_state_fw, output_state_bw
