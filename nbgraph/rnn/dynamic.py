"""`tf.nn.dynamic_rnn`, `tf.nn.static_rnn` and `tf.nn.bidirectional_dynamic_rnn`, built as TF 1.15's
rnn.py builds them.

`dynamic_rnn` transposes batch-major inputs to time-major (`rnn/transpose`), unstacks them into a
TensorArray, runs the cell once per step inside a `tf.while_loop` (`rnn/while/...`, bounded by
`maximum_iterations=time_steps`), writes each output to a TensorArray and stacks it
(`rnn/TensorArrayStack/...`). With `sequence_length`, a finished row keeps its last state and
outputs zeros (`Select`, TF's `skip_conditionals` step). `static_rnn` calls the cell once per
list element (sharing the weights); with `sequence_length` it uses TF's `cond` step.
"""
from __future__ import annotations

from ..engine import dtypes as _dt
from ..engine.convert import convert_to_tensor
from ..engine.graph import get_default_graph
from ..engine.ops import math_ops as _m
from ..engine.ops.array_ops import cast, constant, identity, rank, range as range_, shape, transpose, zeros
from ..engine.ops.control_flow_ops import _flatten, _pack, cond
from ..engine.ops.control_ops import Assert
from ..engine.ops.index_ops import concat, stack, where
from ..engine.ops.reduce_ops import reduce_all, reduce_max, reduce_min
from ..engine.ops.sequence_ops import reverse, reverse_sequence
from ..engine.ops.tensor_array_ops import TensorArray
from ..engine.ops.while_loop import while_loop
from ..engine.shapes import TensorShape, as_shape
from ..engine.variables import variable_scope
from .cell_base import concat_shape

__all__ = ["dynamic_rnn", "static_rnn", "bidirectional_dynamic_rnn"]


def _is_sequence(x):
    return isinstance(x, (list, tuple, dict))


def _check_cell(name, cell):
    for attr in ("output_size", "state_size", "zero_state"):
        if not hasattr(cell, attr):
            raise TypeError(f"The argument {name!r} ({cell}) is not an RNNCell: 'output_size' property is missing, "
                            "'state_size' property is missing, either 'zero_state' or 'get_initial_state' method is "
                            "required, is not callable.")
    if not callable(cell):
        raise TypeError(f"The argument {name!r} ({cell}) is not an RNNCell: is not callable.")


def _transpose_batch_time(x):
    """(B, T, ...) <-> (T, B, ...), TF's `_transpose_batch_time` (a `Rank`, `range`, `concat`)."""
    static = x._shape
    if static.ndims is not None and static.ndims < 2:
        return x
    x_rank = rank(x)
    x_t = transpose(x, concat(([1, 0], range_(2, x_rank)), axis=0))
    if static.ndims is not None:
        x_t.set_shape(TensorShape([static[1].value, static[0].value]).concatenate(static[2:]))
    else:
        x_t.set_shape(TensorShape(None))
    return x_t


def _best_effort_batch_size(flat_input):
    for x in flat_input:
        s = x._shape
        if s.ndims is None:
            continue
        if s.ndims < 2:
            raise ValueError(f"Expected input tensor {x} to have rank at least 2")
        if s[1].value is not None:
            return s[1].value
    return shape(flat_input[0])[1]


def _infer_state_dtype(explicit, state):
    if explicit is not None:
        return explicit
    flat = _flatten(state)
    if not flat:
        raise ValueError("Unable to infer dtype from empty state.")
    dtypes = {s.dtype.base_dtype for s in flat}
    if len(dtypes) != 1:
        raise ValueError(f"State has tensors of different inferred_dtypes. Unable to infer a single representative "
                         f"dtype. Dtypes received: {sorted(d.name for d in dtypes)}")
    return flat[0].dtype.base_dtype


def _rnn_step(time, sequence_length, min_sequence_length, max_sequence_length, zero_output, state, call_cell,
              state_size, skip_conditionals=False):
    """One step that leaves a finished row's state alone and gives it zero output (TF's `_rnn_step`)."""
    flat_state = _flatten(state)
    flat_zero_output = _flatten(zero_output)
    copy_cond = time >= sequence_length

    def copy_one_through(output, new_output):
        if isinstance(output, TensorArray) or output._shape.ndims == 0:
            return new_output
        g = get_default_graph()
        with g.colocate_with(new_output._op):
            return where(copy_cond, output, new_output)

    def copy_some_through(flat_new_output, flat_new_state):
        return ([copy_one_through(z, n) for z, n in zip(flat_zero_output, flat_new_output)] +
                [copy_one_through(s, n) for s, n in zip(flat_state, flat_new_state)])

    def maybe_copy_some_through():
        new_output, new_state = call_cell()
        flat_new_state, flat_new_output = _flatten(new_state), _flatten(new_output)
        return cond(time < min_sequence_length, lambda: flat_new_output + flat_new_state,
                    lambda: copy_some_through(flat_new_output, flat_new_state))

    if skip_conditionals:
        new_output, new_state = call_cell()
        final = copy_some_through(_flatten(new_output), _flatten(new_state))
    else:
        empty_update = lambda: flat_zero_output + flat_state  # noqa: E731
        final = cond(time >= max_sequence_length, empty_update, maybe_copy_some_through)
    final_output = final[:len(flat_zero_output)]
    final_state = final[len(flat_zero_output):]
    for out, z in zip(final_output, flat_zero_output):
        out.set_shape(z._shape)
    for sub, s in zip(final_state, flat_state):
        if not isinstance(sub, TensorArray):
            sub.set_shape(s._shape)
    return _pack(zero_output, final_output), _pack(state, final_state)


def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None, parallel_iterations=None,
                swap_memory=False, time_major=False, scope=None):
    """`tf.nn.dynamic_rnn`: `cell` unrolled over time in a while loop; returns (outputs, state)."""
    _check_cell("cell", cell)
    with variable_scope(scope or "rnn"):
        flat_input = _flatten(inputs)
        if not time_major:
            flat_input = [convert_to_tensor(x) for x in flat_input]
            flat_input = tuple(_transpose_batch_time(x) for x in flat_input)
        parallel_iterations = parallel_iterations or 32
        if sequence_length is not None:
            sequence_length = cast(sequence_length, _dt.int32)
            if sequence_length._shape.ndims not in (None, 1):
                raise ValueError("sequence_length must be a vector of length batch_size, but saw shape: "
                                 f"{sequence_length._shape}")
            sequence_length = identity(sequence_length, name="sequence_length")
        batch_size = _best_effort_batch_size(flat_input)
        if initial_state is not None:
            state = initial_state
        else:
            if not dtype:
                raise ValueError("If there is no initial_state, you must give a dtype.")
            state = cell.zero_state(batch_size, dtype)
        if sequence_length is not None:
            x_shape = shape(sequence_length)
            packed = stack([batch_size])
            check = Assert(reduce_all(_m.equal(x_shape, packed)),
                           [f"Expected shape for Tensor {sequence_length.name} is ", packed, " but saw shape: ",
                            x_shape])
            with get_default_graph().control_dependencies([check]):
                sequence_length = identity(sequence_length, name="CheckSeqLen")
        inputs = _pack(inputs, list(flat_input)) if _is_sequence(inputs) else flat_input[0]
        outputs, final_state = _dynamic_rnn_loop(cell, inputs, state, parallel_iterations, swap_memory,
                                                 sequence_length, dtype)
        if not time_major:
            outputs = _pack(outputs, [_transpose_batch_time(o) for o in _flatten(outputs)]) \
                if _is_sequence(outputs) else _transpose_batch_time(outputs)
        return outputs, final_state


def _dynamic_rnn_loop(cell, inputs, initial_state, parallel_iterations, swap_memory, sequence_length, dtype):
    state = initial_state
    state_size = cell.state_size
    flat_input = _flatten(inputs)
    flat_output_size = _flatten_sizes(cell.output_size)
    input_shape = shape(flat_input[0])
    time_steps = input_shape[0]
    batch_size = _best_effort_batch_size(flat_input)
    got_shapes = []
    for x in flat_input:
        s = x._shape
        if s.ndims is None or s.ndims < 3:
            raise ValueError(f"Shape {s} must have rank at least 3")
        got_shapes.append(s)
    const_time_steps, const_batch_size = got_shapes[0].as_list()[:2]
    for s in got_shapes:
        if not s[2:].is_fully_defined():
            raise ValueError("Input size (depth of inputs) must be accessible via shape inference, but saw value "
                             "None.")
        if const_time_steps != s[0].value:
            raise ValueError("Time steps is not the same for all the elements in the input in a batch.")
        if const_batch_size != s[1].value:
            raise ValueError("Batch_size is not the same for all the elements in the input.")

    def create_zero_arrays(size):
        z = zeros(concat_shape(batch_size, size), _infer_state_dtype(dtype, state))  # TF's stack: a no-op here
        static_batch = batch_size if isinstance(batch_size, int) else None
        z.set_shape(TensorShape([static_batch]).concatenate(as_shape(size)))  # TF infers it from the Const shape
        return z

    flat_zero_output = tuple(create_zero_arrays(o) for o in flat_output_size)
    zero_output = _pack(cell.output_size, list(flat_zero_output)) if _is_sequence(cell.output_size) \
        and not isinstance(cell.output_size, TensorShape) else flat_zero_output[0]
    if sequence_length is not None:
        min_sequence_length = reduce_min(sequence_length)
        max_sequence_length = reduce_max(sequence_length)
    else:
        max_sequence_length = time_steps
    time = constant(0, dtype=_dt.int32, name="time")
    g = get_default_graph()
    with g.name_scope("dynamic_rnn") as base_name:
        pass

    def create_ta(name, element_shape, dtype_):
        return TensorArray(dtype=dtype_, size=time_steps, element_shape=element_shape,
                           tensor_array_name=base_name + name)

    output_ta = tuple(create_ta(f"output_{i}", TensorShape([const_batch_size]).concatenate(as_shape(size)),
                                _infer_state_dtype(dtype, state)) for i, size in enumerate(flat_output_size))
    input_ta = tuple(create_ta(f"input_{i}", x._shape[1:], x.dtype) for i, x in enumerate(flat_input))
    input_ta = tuple(ta.unstack(x) for ta, x in zip(input_ta, flat_input))

    def time_step(time, output_ta_t, state):
        input_t = tuple(ta.read(time) for ta in input_ta)
        for x, s in zip(input_t, got_shapes):
            x.set_shape(s[1:])
        input_t = _pack(inputs, list(input_t)) if _is_sequence(inputs) else input_t[0]

        def call_cell():
            return cell(input_t, state)
        if sequence_length is not None:
            output, new_state = _rnn_step(time, sequence_length, min_sequence_length, max_sequence_length,
                                          zero_output, state, call_cell, state_size, skip_conditionals=True)
        else:
            output, new_state = call_cell()
        output = _flatten(output)
        output_ta_t = tuple(ta.write(time, out) for ta, out in zip(output_ta_t, output))
        return time + 1, output_ta_t, new_state

    loop_bound = _m.minimum(time_steps, _m.maximum(1, max_sequence_length))
    _, output_final_ta, final_state = while_loop(
        lambda time, *_: time < loop_bound, time_step, loop_vars=(time, output_ta, state),
        parallel_iterations=parallel_iterations, maximum_iterations=time_steps, swap_memory=swap_memory)
    final_outputs = tuple(ta.stack() for ta in output_final_ta)
    for out, size in zip(final_outputs, flat_output_size):
        out.set_shape(concat_shape([const_time_steps, const_batch_size], size, static=True))
    if _is_sequence(cell.output_size) and not isinstance(cell.output_size, TensorShape):
        return _pack(cell.output_size, list(final_outputs)), final_state
    return final_outputs[0], final_state


def _flatten_sizes(structure):
    if isinstance(structure, TensorShape) or not isinstance(structure, (list, tuple)):
        return [structure]
    return [s for item in structure for s in _flatten_sizes(item)]


def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """`tf.nn.static_rnn`: the cell applied to each element of the list `inputs` in turn."""
    _check_cell("cell", cell)
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    outputs = []
    with variable_scope(scope or "rnn") as varscope:
        first_input = inputs
        while isinstance(first_input, (list, tuple)):
            first_input = first_input[0]
        if first_input._shape.ndims != 1:
            fixed_batch_size = first_input._shape[0].value if first_input._shape.ndims else None
            for x in _flatten(inputs):
                s = x._shape
                if s.ndims is not None and s.ndims < 2:
                    raise ValueError(f"Shape {s} must have rank at least 2")
                if s.ndims is not None:
                    for i, d in enumerate(s.as_list()[1:]):
                        if d is None:
                            raise ValueError(f"Input size (dimension {i} of inputs) must be accessible via shape "
                                             "inference, but saw value None.")
        else:
            fixed_batch_size = first_input._shape[0].value
        batch_size = fixed_batch_size if fixed_batch_size else shape(first_input)[0]
        if initial_state is not None:
            state = initial_state
        else:
            if not dtype:
                raise ValueError("If no initial_state is provided, dtype must be specified")
            state = cell.zero_state(batch_size, dtype)
        if sequence_length is not None:
            sequence_length = convert_to_tensor(sequence_length, name="sequence_length")
            if sequence_length._shape.ndims not in (None, 1):
                raise ValueError("sequence_length must be a vector of length batch_size")

            def create_zero_output(output_size):
                out = zeros(concat_shape(batch_size, output_size), _infer_state_dtype(dtype, state))
                out.set_shape(TensorShape(concat_shape(fixed_batch_size, output_size, static=True)))
                return out
            sizes = _flatten_sizes(cell.output_size)
            flat_zero = [create_zero_output(s) for s in sizes]
            zero_output = flat_zero[0] if len(sizes) == 1 else _pack(cell.output_size, flat_zero)
            sequence_length = cast(sequence_length, _dt.int32)
            min_sequence_length = reduce_min(sequence_length)
            max_sequence_length = reduce_max(sequence_length)
        for time, input_ in enumerate(inputs):
            if time > 0:
                varscope.reuse_variables()

            def call_cell(input_=input_, state=state):
                return cell(input_, state)
            if sequence_length is not None:
                output, state = _rnn_step(time, sequence_length, min_sequence_length, max_sequence_length,
                                          zero_output, state, call_cell, cell.state_size)
            else:
                output, state = call_cell()
            outputs.append(output)
        return outputs, state


def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None, initial_state_fw=None,
                              initial_state_bw=None, dtype=None, parallel_iterations=None, swap_memory=False,
                              time_major=False, scope=None):
    """`tf.nn.bidirectional_dynamic_rnn`: a forward and a backward dynamic_rnn; returns
    ((output_fw, output_bw), (state_fw, state_bw))."""
    _check_cell("cell_fw", cell_fw)
    _check_cell("cell_bw", cell_bw)
    time_axis, batch_axis = (0, 1) if time_major else (1, 0)

    def _reverse(x):
        if sequence_length is not None:
            return reverse_sequence(x, seq_lengths=sequence_length, seq_axis=time_axis, batch_axis=batch_axis)
        return reverse(x, axis=[time_axis])

    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(cell_fw, inputs, sequence_length=sequence_length,
                                              initial_state=initial_state_fw, dtype=dtype,
                                              parallel_iterations=parallel_iterations, swap_memory=swap_memory,
                                              time_major=time_major, scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            inputs_reverse = (_pack(inputs, [_reverse(x) for x in _flatten(inputs)]) if _is_sequence(inputs)
                              else _reverse(inputs))
            tmp, state_bw = dynamic_rnn(cell_bw, inputs_reverse, sequence_length=sequence_length,
                                        initial_state=initial_state_bw, dtype=dtype,
                                        parallel_iterations=parallel_iterations, swap_memory=swap_memory,
                                        time_major=time_major, scope=bw_scope)
    output_bw = _reverse(tmp)
    return (output_fw, output_bw), (state_fw, state_bw)

