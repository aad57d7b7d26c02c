"""The state `tf.gradients` keeps while it differentiates through `tf.while_loop`s, as TF 1.15's
`control_flow_state.py` builds it.

For each forward loop on the path from `xs` to `ys`, a `GradLoopState` adds:

- a forward iteration counter to the forward loop (`gradients/f_count`, `Merge`, `Switch`, `Add`,
  `NextIteration`, exit `f_count_2`);
- the backprop loop (`gradients/b_count...`, its own frame `gradients/while/while_context`) that
  runs as many iterations, counting down;
- for each forward value the gradient needs, a stack: the forward loop pushes it every iteration
  (`<grad op>/f_acc`, `StackPushV2`), the backprop loop pops it (`StackPopV2`); a `b_sync`
  `ControlTrigger` keeps each iteration's pops together;
- for each loop invariant the loop reads, an accumulator loop that sums its gradient over the
  iterations (`<enter>_grad/b_acc...`);
- for a `tf.cond` inside the loop, the predicate of every iteration (its Merge's gradient pops it),
  pushes made inside a branch (ordered by an `f_sync` ControlTrigger) and pops behind a Switch on
  the saved predicate;
- for a loop inside the loop, its own GradLoopState nested in the outer one: the inner loop's
  iteration count of every outer iteration is saved too.

The gradient functions of `Enter`/`Exit`/`Switch`/`Merge`/`NextIteration` (control_flow_grad.py)
mirror the forward loop inside the backprop loop's context.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, make_constant
from ..graph import get_default_graph
from ..registry import lend
from .control_flow_ops import CondContext, merge, switch
from .stack_ops import control_trigger, stack_pop_v2, stack_push_v2, stack_v2
from .while_loop import WhileContext, _enter, _simple

__all__ = ["GradLoopState", "ControlFlowState", "maybe_create_control_flow_state"]


def is_loop_exit(op) -> bool:
    return op._type in ("Exit", "RefExit")


def is_loop_switch(op) -> bool:
    """A while loop's `Switch` (its predicate is the loop's `LoopCond`), not a cond's."""
    return (op._type in ("Switch", "RefSwitch") and isinstance(op._cf_context, WhileContext)
            and op._inputs[1]._op._type == "LoopCond")


def is_loop_constant_enter(op) -> bool:
    return op._type in ("Enter", "RefEnter") and bool(op._attrs.get("is_constant"))


def while_context_of(op):
    ctx = op._cf_context
    return None if ctx is None else ctx.get_while_context()


def _loop_constant_enter(value):
    op = value._op
    while op._type in ("Switch", "RefSwitch", "Identity", "RefIdentity"):
        op = op._inputs[0]._op
    return op if is_loop_constant_enter(op) else None


def _shape_internal(t):
    """`array_ops.shape_internal(t, optimize=False)`: always a `Shape` op."""
    return apply_op("Shape", None, [("input", t)], out_dtypes=[_dt.int32], attrs={"out_type": _dt.int32})._outputs[0]


def _in_context(ctx):
    """Enter `ctx` (None: no context) for a `with` block."""
    class _Scope:
        def __enter__(self):
            if ctx is not None:
                ctx.enter()

        def __exit__(self, *exc):
            if ctx is not None:
                ctx.exit()
    return _Scope()


# -- the loops TF adds --------------------------------------------------------------------------------
def add_forward_loop_counter(forward, outer_grad_state=None):
    """`WhileContext.AddForwardLoopCounter`: counts the forward loop's iterations."""
    from .math_ops import add
    g = forward.graph
    n = make_constant(np.int32(0), name="f_count")
    if outer_grad_state is not None:  # the pushes of one run of an inner loop before the next run's
        n._op._add_control_input(outer_grad_state.forward_index._op._inputs[0]._op)
    forward.enter()
    try:
        forward.add_name(n)
        enter_n = _enter(g, n, forward.name, False, forward.parallel_iterations, name="f_count")
        forward.loop_enters.append(enter_n)
        merge_n = merge([enter_n, enter_n])[0]
        switch_n = switch(merge_n, forward.pivot)
        index = add(switch_n[1], 1)
        next_n = _simple(g, "NextIteration", index, "NextIteration")
        merge_n._op._update_input(1, next_n)
        total = _simple(g, "Exit", switch_n[0], "f_count")
        forward.loop_exits.append(total)
        forward.exit_result([total])
    finally:
        forward.exit()
    g._structure_changed()
    return total, next_n


def add_backprop_loop_counter(grad_ctx, count, outer_grad_state=None):
    """`WhileContext.AddBackpropLoopCounter`: `n = count; while n >= 1: n -= 1`."""
    from .math_ops import greater_equal, subtract
    g = grad_ctx.graph
    one = make_constant(np.int32(1), name="b_count")
    grad_ctx.enter()
    try:
        grad_ctx.add_name(count)
        enter_count = _enter(g, count, grad_ctx.name, False, grad_ctx.parallel_iterations, name="b_count")
        grad_ctx.loop_enters.append(enter_count)
        merge_count = merge([enter_count, enter_count])[0]
        grad_ctx.pivot_for_pred = merge_count
        pred = greater_equal(merge_count, one)
        grad_ctx.pivot = _simple(g, "LoopCond", pred, "b_count")
        switch_count = switch(merge_count, grad_ctx.pivot)
        index = subtract(switch_count[1], one)
        grad_ctx.pivot_for_body = index
        next_count = _simple(g, "NextIteration", index, "NextIteration")
        merge_count._op._update_input(1, next_count)
        final_zero = _simple(g, "Exit", switch_count[0], "b_count")
        grad_ctx.loop_exits.append(final_zero)
        if outer_grad_state is not None:  # one run's pops of an inner loop before the next run's
            outer_grad_state.grad_sync._add_control_input(final_zero._op)
        grad_ctx.exit_result([final_zero])
    finally:
        grad_ctx.exit()
    g._structure_changed()
    return next_count


def add_backprop_accumulator(grad_ctx, op, grad):
    """`WhileContext.AddBackpropAccumulator`: sums a loop invariant's gradient over the iterations.
    Called inside the backprop loop; leaves it entered, as TF does."""
    from .array_ops import zeros
    from .math_ops import add
    g = grad_ctx.graph
    grad_ctx.exit()
    shape = grad._shape
    outer = grad_ctx.outer
    if shape.is_fully_defined():
        with _in_context(outer):
            acc = make_constant(0, grad._dtype.base_dtype, shape=shape.as_list(), name="b_acc")
    elif isinstance(outer, WhileContext) and outer.grad_state is not None:  # a nested loop
        forward = grad_ctx.grad_state.forward_context
        with _in_context(forward.outer):
            zeros_shape = _shape_internal(op._inputs[0])
        outer_state = grad_ctx.grad_state.outer_grad_state
        history = outer_state.add_forward_accumulator(zeros_shape)
        with _in_context(outer):
            acc = zeros(outer_state.add_backprop_accumulated_value(history, zeros_shape), grad._dtype.base_dtype)
    else:
        with _in_context(outer):
            acc = zeros(_shape_internal(op._inputs[0]), grad._dtype.base_dtype)
    grad_ctx.enter()
    grad_ctx.add_name(acc)
    enter_acc = _enter(g, acc, grad_ctx.name, False, grad_ctx.parallel_iterations, name="b_acc")
    grad_ctx.loop_enters.append(enter_acc)
    merge_acc = merge([enter_acc, enter_acc], name="b_acc")[0]
    switch_false, switch_true = switch(merge_acc, grad_ctx.pivot)
    add_acc = add(switch_true, grad)
    next_acc = _simple(g, "NextIteration", add_acc, "NextIteration")
    merge_acc._op._update_input(1, next_acc)
    result = _simple(g, "Exit", switch_false, "b_acc")
    grad_ctx.loop_exits.append(result)
    grad_ctx.exit_result([result])
    g._structure_changed()
    return result


class GradLoopState:
    """One forward loop and the backprop loop built for it (TF's `_GradLoopState`)."""

    def __init__(self, forward, outer_grad_state):
        self.outer_grad_state = outer_grad_state
        self.history_map = {}
        self.switch_map = {}
        self.unused_exits = []
        self.deferred_exits = []
        self.forward_loop_exits = list(forward.loop_exits)
        self.pending_exits_count = len(forward.loop_exits)
        self._grad_sync = None
        self._forward_sync = None
        g = forward.graph
        outer = outer_grad_state.forward_context if outer_grad_state is not None else forward.outer
        with _in_context(outer):
            count, self.forward_index = add_forward_loop_counter(forward, outer_grad_state)
        self.forward_context = forward

        def new_grad_context():
            return WhileContext(g, forward.parallel_iterations, forward.back_prop, forward.swap_memory,
                                forward.maximum_iterations, name=forward.name, grad_state=self)
        if outer_grad_state is not None:  # a nested loop: its iteration count of every outer run, saved
            outer.add_name(count)
            history = outer_grad_state.add_forward_accumulator(count)
            with _in_context(outer_grad_state.grad_context):
                self.grad_context = new_grad_context()
                real_count = outer_grad_state.add_backprop_accumulated_value(history, count)
                self.grad_index = add_backprop_loop_counter(self.grad_context, real_count, outer_grad_state)
        else:
            with _in_context(outer):
                self.grad_context = new_grad_context()
                self.grad_index = add_backprop_loop_counter(self.grad_context, count)

    @property
    def grad_sync(self):
        """`b_sync`: every pop of one backprop iteration runs before the next iteration starts."""
        if self._grad_sync is None:
            g = self.grad_context.graph
            with g.control_dependencies(None):
                self._grad_sync = control_trigger(name="b_sync")
            self._grad_sync._cf_context = self.grad_context
            self.grad_index._op._add_control_input(self._grad_sync)
            g.prevent_fetching(self._grad_sync)
            g._structure_changed()
        return self._grad_sync

    @property
    def forward_sync(self):
        """`f_sync`: orders the pushes made inside a tf.cond before the next forward iteration."""
        if self._forward_sync is None:
            g = self.forward_context.graph
            with g.control_dependencies(None):
                self._forward_sync = control_trigger(name="f_sync")
            self._forward_sync._cf_context = self.forward_context
            self.forward_index._op._add_control_input(self._forward_sync)
            g.prevent_fetching(self._forward_sync)
            g._structure_changed()
        return self._forward_sync

    def add_forward_accumulator(self, value, dead_branch=False):
        """A stack in which the forward loop saves `value` at every iteration (`f_acc`)."""
        g = value._op._graph
        curr = g._cf_context
        with g.control_dependencies(None):
            with _in_context(curr), g.colocate_with(value._op):
                max_size = make_constant(np.int32(-1))
                acc = stack_v2(max_size, value._dtype.base_dtype, name="f_acc")
            enter_acc = self.forward_context.add_value(acc)
            value_ctx = value._op._cf_context
            if value_ctx is not None and is_loop_exit(value._op):
                value_ctx = value_ctx.outer
            swap = self.forward_context.swap_memory
            if value_ctx is self.forward_context:
                with _in_context(self.forward_context):
                    push = stack_push_v2(enter_acc, value, swap_memory=swap)
                self.forward_index._op._add_control_input(push._op)
            else:  # a value inside a tf.cond in the loop: pushed only when its branch runs
                if not isinstance(value_ctx, CondContext):
                    raise TypeError(f"value_ctxt is not a CondContext: {value_ctx}")
                if dead_branch:
                    with _in_context(value_ctx.outer):
                        push = stack_push_v2(enter_acc, value, swap_memory=swap)
                    push._op._cf_context = value_ctx
                else:
                    with _in_context(value_ctx):
                        push = stack_push_v2(enter_acc, value, swap_memory=swap)
                self.forward_sync._add_control_input(push._op)
            push._op._add_control_input(self.forward_index._op._inputs[0]._op)
        g._structure_changed()
        return acc

    def add_backprop_accumulated_value(self, history_value, value, dead_branch=False):
        """The value saved for this backprop iteration: a `StackPopV2` of `history_value` (behind a
        Switch on the saved predicate when the value was made inside a tf.cond)."""
        g = value._op._graph
        history_ctx = history_value._op._cf_context
        cond_ctx = None
        value_ctx = value._op._cf_context
        while value_ctx is not None and value_ctx is not history_ctx:
            if isinstance(value_ctx, CondContext):
                cond_ctx = value_ctx
                break
            value_ctx = value_ctx.outer
        with g.control_dependencies(None):
            self.grad_context.enter()
            try:
                if cond_ctx is not None:
                    pred = self.history_map.get(cond_ctx.pred)
                    if pred is None:
                        pred = cond_ctx.pred
                    branch = (1 - cond_ctx.branch) if dead_branch else cond_ctx.branch
                    history_value = switch(history_value, pred)[branch]
                pop = stack_pop_v2(history_value, value._dtype.base_dtype)
                pop.set_shape(value._shape)
            finally:
                self.grad_context.exit()
        if self.grad_context.parallel_iterations > 1:
            self.grad_sync._add_control_input(pop._op)
            g._structure_changed()
        return pop

    def get_real_value(self, value):
        """`GetRealValue`: a forward value as the backprop loop sees it (popped, entered or cloned)."""
        real = self.history_map.get(value)
        if real is None:
            cur, state, history = value, self, None
            while True:
                enter_op = _loop_constant_enter(cur)
                if enter_op is not None:  # invariant in this loop: look at the value outside it
                    cur = enter_op._inputs[0]
                    state = state.outer_grad_state
                    if state is None:  # outside every loop of this gradient: no history needed
                        real = self.grad_context.add_value(cur)
                        break
                elif cur._op._type == "Const":  # cloned in the backprop loop, not stacked
                    real = make_constant(cur._op._attrs["value"], cur._dtype.base_dtype)
                    break
                else:
                    self.grad_context.exit()
                    history = state.add_forward_accumulator(cur)
                    self.grad_context.enter()
                    break
            if real is None:
                real = state.add_backprop_accumulated_value(history, cur)
                if state is not self:
                    real = self.grad_context.add_value(real)
            self.history_map[value] = real
        return real


class ControlFlowState:
    """Maps each forward loop to its `GradLoopState` (TF's `_ControlFlowState`)."""

    def __init__(self):
        self.map = {}

    def get_grad_state(self, op, before):
        if before and is_loop_exit(op):
            forward = op._cf_context.outer
            forward = None if forward is None else forward.get_while_context()
        else:
            forward = while_context_of(op)
        return None if forward is None else self.map.get(forward)

    def process_unused_loop_exits(self, pending, to_ops_set):
        loop_exits = []
        for state in self.map.values():
            for y in state.forward_loop_exits:
                if pending[y._op] == 0:
                    state.pending_exits_count -= 1
                    if y._op not in to_ops_set:
                        state.unused_exits.append(y)
                    if state.pending_exits_count == 0:
                        loop_exits.extend(state.unused_exits)
            for y in state.forward_context.loop_enters:
                if pending[y._op] == 0:
                    pending[y._op] = 1
        return loop_exits

    def enter_grad_while_context(self, op, before):
        state = self.get_grad_state(op, before)
        if state is not None:
            state.grad_context.enter()

    def exit_grad_while_context(self, op, before):
        state = self.get_grad_state(op, before)
        if state is not None:
            state.grad_context.exit()

    def add_while_context(self, op, between_op_list, between_ops):
        forward = while_context_of(op)
        if forward in self.map:
            return
        outer = forward.outer.get_while_context() if forward.outer is not None else None
        state = GradLoopState(forward, self.map.get(outer) if outer is not None else None)
        self.map[forward] = state
        for loop_exit in state.forward_loop_exits:
            if loop_exit._op not in between_ops:
                between_ops.add(loop_exit._op)
                between_op_list.append(loop_exit._op)

    def zeros_like_for_exit(self, val):
        """The zero gradient of an exit the ys do not use."""
        from .array_ops import zeros, zeros_like
        forward = val._op._cf_context
        outer = forward.outer.get_while_context() if forward.outer is not None else None
        outer_state = self.map.get(outer) if outer is not None else None
        if outer_state is not None:  # a nested loop's exit: zeros made in the outer backprop loop
            if val._shape.is_fully_defined():
                with _in_context(outer_state.grad_context):
                    return zeros(val._shape.as_list(), val._dtype.base_dtype)
            with _in_context(forward.outer):
                shape = _shape_internal(val)
            history = outer_state.add_forward_accumulator(shape)
            with _in_context(outer_state.grad_context):
                return zeros(outer_state.add_backprop_accumulated_value(history, shape), val._dtype.base_dtype)
        if val._shape.is_fully_defined():
            return zeros(val._shape.as_list(), val._dtype.base_dtype)
        return zeros_like(val, optimize=False)

    def zeros_like(self, op, index):
        """TF's `ZerosLikeV1WhileLoop`: the zero gradient of output `index` of `op`."""
        from .array_ops import zeros
        from .control_flow_grad import zeros_like_outside_loop
        if is_loop_switch(op):
            return None
        state = self.map.get(while_context_of(op))
        if state is None:
            return zeros_like_outside_loop(op, index)
        op_ctx = op._cf_context
        dead_branch = op._type in ("Switch", "RefSwitch")  # a tf.cond's Switch inside the loop
        val = op._outputs[index]
        if val._shape.is_fully_defined():
            result = make_constant(0, val._dtype.base_dtype, shape=val._shape.as_list())
            if dead_branch:
                result = switch(result, state.history_map.get(op_ctx.pred))[1 - op_ctx.branch]
            return result
        if dead_branch:
            with _in_context(op_ctx.outer):
                val = switch(op._inputs[0], op_ctx.pred)[1 - op_ctx.branch]
                zeros_shape = _shape_internal(val)
            val._op._cf_context = op_ctx
            zeros_shape._op._cf_context = op_ctx
        else:
            op_ctx.enter()
            try:
                zeros_shape = _shape_internal(val)
            finally:
                op_ctx.exit()
        state.grad_context.exit()
        history = state.add_forward_accumulator(zeros_shape, dead_branch=dead_branch)
        state.grad_context.enter()
        shape = state.add_backprop_accumulated_value(history, zeros_shape, dead_branch)
        return zeros(shape, val._dtype.base_dtype)

    def post_processing(self):
        """A loop variable whose next value does not depend on its last one gets zero gradients after
        the first backprop iteration."""
        from .array_ops import zeros
        for state in self.map.values():
            for b_merge in state.switch_map.values():
                m = b_merge._op
                if m._inputs[0] is not m._inputs[1]:
                    continue
                dtype, shape = m._inputs[0]._dtype.base_dtype, m._inputs[0]._shape
                g = m._graph
                if shape.is_fully_defined():
                    with _in_context(state.grad_context):
                        grad_val = make_constant(0, dtype, shape=shape.as_list())
                        next_val = _simple(g, "NextIteration", grad_val, "NextIteration")
                else:
                    with _in_context(state.grad_context.outer):
                        enter_grad = m._inputs[0]._op._inputs[0]
                        grad_val = zeros(_shape_internal(enter_grad), dtype)
                    with _in_context(state.grad_context):
                        next_val = _simple(g, "NextIteration", grad_val, "NextIteration")
                m._update_input(1, next_val)
                g._structure_changed()


def maybe_create_control_flow_state(between_op_list, between_ops, colocate_gradients_with_ops):
    """A `ControlFlowState` when a loop's `Exit` is on the gradient's path, else None."""
    state = None
    g = get_default_graph()
    for op in list(between_op_list):
        if is_loop_exit(op):
            if state is None:
                state = ControlFlowState()
            if colocate_gradients_with_ops:
                with g.colocate_with(op):
                    state.add_while_context(op, between_op_list, between_ops)
            else:
                state.add_while_context(op, between_op_list, between_ops)
    return state


lend(maybe_create_control_flow_state=maybe_create_control_flow_state)
