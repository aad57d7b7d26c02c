"""`tf.while_loop`, built as TF 1.15 builds it (names `while/Enter`, `while/Merge`, `while/LoopCond`,
`while/Switch`, `while/Identity`, `while/NextIteration`, `while/Exit`).

Each loop variable enters the loop's frame (`Enter`), meets its next-iteration value in a `Merge`,
is tested by `cond` (`LoopCond`), and a `Switch` sends it either into the body (`Identity`) or out
of the loop (`Exit`). The body's results go back to the `Merge` through `NextIteration`. A value
from outside the loop that the loop reads enters once, as a loop invariant (`<op>/Enter` with
`is_constant=True`). `engine/dataflow.py` runs the frames.
"""
from __future__ import annotations

from ..convert import convert_to_tensor
from ..graph import get_default_graph
from ..shapes import TensorShape, as_shape
from ..tensor import Tensor
from .control_flow_ops import ControlFlowContext, _flatten, _pack, merge, switch

__all__ = ["while_loop", "WhileContext"]


def _enter(g, data, frame_name, is_constant, parallel_iterations, name="Enter"):
    with g.name_scope(name) as scope:
        op = g.create_op("Enter", [data], [data._dtype], name=scope,
                         attrs={"T": data._dtype, "frame_name": frame_name, "is_constant": is_constant,
                                "parallel_iterations": parallel_iterations})
    return op._outputs[0]


def _simple(g, op_type, data, name):
    with g.name_scope(name) as scope:
        return g.create_op(op_type, [data], [data._dtype], name=scope, attrs={"T": data._dtype})._outputs[0]


class WhileContext(ControlFlowContext):
    """One `tf.while_loop`: its frame name, pivots and the values known inside it."""

    def __init__(self, graph, parallel_iterations, back_prop, swap_memory, maximum_iterations=None, name=None,
                 grad_state=None):
        super().__init__(graph)
        self.name = graph.unique_name(name or "while_context")
        self.grad_state = grad_state  # set on the backprop loop that `tf.gradients` builds (control_flow_state.py)
        self.parallel_iterations = parallel_iterations
        self.back_prop = back_prop
        self.swap_memory = swap_memory
        self.maximum_iterations = maximum_iterations
        self.pivot = None            # LoopCond
        self.pivot_for_pred = None   # the first Merge
        self.pivot_for_body = None   # the first Identity
        self.loop_enters = []
        self.loop_exits = []

    def control_pivot(self):
        return self.pivot_for_body if self.pivot_for_body is not None else self.pivot_for_pred

    def add_name(self, val):
        """Marks `val` as known inside this loop (it then needs no Enter)."""
        self.values.add(val)

    def exit_result(self, results):
        """Makes a loop's exits known to the enclosing context."""
        if self.outer is not None:
            for t in results:
                self.outer.values.add(t)

    def add_value(self, val):
        if val not in self.values and val._op._cf_context is not self:
            self.values.add(val)
            real = _forward_value_for_backprop(self.graph, val)
            if real is not None:  # a forward loop's value read by its gradient loop: from a stack
                self.external[val] = real
                return real
            result = val
            if self.outer is not None:
                result = self.outer.add_value(val)
            g = self.graph
            scope = g.get_name_scope()
            old = g._name_stack
            g._name_stack = scope
            try:
                with g.control_dependencies(None):  # outside every context, as TF
                    enter = _enter(g, result, self.name, True, self.parallel_iterations)
            finally:
                g._name_stack = old
            enter._op._cf_context = self
            if self.outer is not None:
                self.outer.add_inner_op(enter._op)
            self.values.add(enter)
            self.external[val] = enter
            return enter
        return self.external.get(val, val)

    def add_op(self, op):
        if op._type in ("Shape", "Size", "Rank") and op._inputs:
            # TF keeps the shape of a forward value in the forward loop (a stack of shapes, not of values)
            home = _forward_context_of_input(self.graph, op._inputs[0])
            if home is not None:
                op._cf_context = home
                home._add_op_internal(op) if isinstance(home, WhileContext) else home.add_op(op)
                return
        self._add_op_internal(op)

    def _add_op_internal(self, op):
        op._cf_context = self
        g = self.graph
        if not op._inputs:
            if not op._control_inputs and self.control_pivot() is not None:
                op._add_control_input(self.control_pivot()._op)
        else:
            refs = op._opdef.ref_inputs
            old = g._name_stack
            g._name_stack = op._name  # TF builds the loop-invariant Enters in the op's own scope
            try:
                for i, x in enumerate(op._inputs):
                    if i in refs:
                        continue
                    real = self.add_value(x)
                    if real is not x:
                        op._update_input(i, real)
            finally:
                g._name_stack = old
            if not op._control_inputs and op._type != "Enter" and self.control_pivot() is not None and all(
                    t._op._type == "Enter" and t._op._attrs.get("is_constant") for t in op._inputs):
                op._add_control_input(self.control_pivot()._op)  # loop invariants alone must not enable it
        self.values.update(op._outputs)
        if self.outer is not None or op._type != "Exit":
            g.prevent_fetching(op)
        if self.outer is not None:
            self.outer.add_inner_op(op)

    def add_inner_op(self, op):
        self.values.update(op._outputs)
        if self.outer is not None:
            self.outer.add_inner_op(op)

    def build_loop(self, cond, body, loop_vars, shape_invariants):
        g = self.graph
        flat_orig = _flatten(loop_vars)
        flat = [convert_to_tensor(_ta_flow(x)) for x in flat_orig]
        if shape_invariants is not None:
            invariants = [as_shape(s) for s in _flatten_shapes(shape_invariants)]
            if len(invariants) != len(flat):
                raise ValueError("The two structures don't have the same number of elements. "
                                 f"First structure: {loop_vars}, second structure: {shape_invariants}.")
        else:
            invariants = None
        self.values = set(flat)
        real = flat
        if self.outer is not None:
            real = [self.outer.add_value(x) for x in flat]
        self.enter()
        try:
            with g.control_dependencies(None):
                enters = [_enter(g, x, self.name, False, self.parallel_iterations) for x in real]
            for e in enters:
                e._op._cf_context = self
                if self.outer is not None:
                    self.outer.add_inner_op(e._op)
            if invariants is not None:
                for x, e, s in zip(real, enters, invariants):
                    if not s.is_compatible_with(x._shape):
                        raise ValueError(
                            f"The shape invariant specified for {x.name} is not compatible with the initial shape "
                            f"of the loop variable. It enters the loop with shape {x._shape}, but the specified "
                            f"shape invariant is {s}.")
                    e._shape = s
            self.values = set(enters)
            self.loop_enters = enters
            merges = [merge([e, e])[0] for e in enters]
            self.pivot_for_pred = merges[0]
            c = convert_to_tensor(cond(*_pack(loop_vars, _with_tas(flat_orig, merges))))
            self.pivot = _simple(g, "LoopCond", c, "LoopCond")
            switches = [switch(m, self.pivot) for m in merges]
            from .array_ops import identity
            body_vars = [identity(s[1]) for s in switches]
            self.pivot_for_body = body_vars[0]
            body_result = body(*_pack(loop_vars, _with_tas(flat_orig, body_vars)))
            if not isinstance(body_result, (list, tuple, dict)):
                body_result = [body_result]
            result = [convert_to_tensor(_ta_flow(x)) for x in _flatten(body_result)]
            if len(merges) != len(result):
                raise ValueError("Number of inputs and outputs of body must match loop_vars: "
                                 f"{len(merges)}, {len(result)}")
            for m, v in zip(merges, result):
                self._add_next_and_back_edge(m, v, enforce=invariants is None)
            exits = [_simple(g, "Exit", s[0], "Exit") for s in switches]
            self.loop_exits = exits
        finally:
            self.exit()
        if self.outer is not None:
            for x in exits:
                self.outer.values.add(x)
        return body_result, _with_tas(_flatten(body_result), exits)

    def _add_next_and_back_edge(self, m, v, enforce):
        g = self.graph
        if v._dtype.base_dtype != m._dtype.base_dtype:
            raise ValueError(f"Input 1 of node {m._op.name} was passed {v._dtype.base_dtype.name} from "
                             f"{v.name} incompatible with expected {m._dtype.base_dtype.name}.")
        nxt = _simple(g, "NextIteration", v, "NextIteration")
        if enforce and not _shape_less_than_or_equal(v._shape, m._shape):
            start = m._op._inputs[0]._op._inputs[0]
            raise ValueError(
                f"Input tensor '{start.name}' enters the loop with shape {m._shape}, but has shape {v._shape} after "
                "one iteration. To allow the shape to vary across iterations, use the `shape_invariants` argument "
                "of tf.while_loop to specify a less-specific shape.")
        m._op._update_input(1, nxt)
        g._structure_changed()


def _ta_flow(x):
    """A TensorArray travels through a loop as its flow (TF's `_convert_tensorarray_to_flow`)."""
    from .tensor_array_ops import TensorArray
    return x.flow if isinstance(x, TensorArray) else x


def _with_tas(originals, tensors):
    """The loop's tensors with each TensorArray rebuilt around its new flow."""
    from .tensor_array_ops import TensorArray
    return [o._new_flow(t) if isinstance(o, TensorArray) else t for o, t in zip(originals, tensors)]


def _while_context_of_op(op):
    ctx = op._cf_context
    return None if ctx is None else ctx.get_while_context()


def _grad_loop_context(graph):
    """The backprop loop being built now (its `grad_state` is set), or None."""
    ctx = graph._cf_context
    ctx = None if ctx is None else ctx.get_while_context()
    return ctx if ctx is not None and ctx.grad_state is not None else None


def _forward_value_for_backprop(graph, val):
    """TF's rule in `WhileContext.AddValue`: a value of the forward loop that the gradient loop being
    built reads comes from its history (`GradLoopState.GetRealValue`)."""
    grad_ctx = _grad_loop_context(graph)
    if grad_ctx is None:
        return None
    forward = _while_context_of_op(val._op)
    if forward is not None and val._op._type in ("Exit", "RefExit"):
        forward = forward.outer.get_while_context() if forward.outer is not None else None
    if forward is not None and forward is grad_ctx.grad_state.forward_context:
        return grad_ctx.grad_state.get_real_value(val)
    return None


def _forward_context_of_input(graph, t):
    grad_ctx = _grad_loop_context(graph)
    if grad_ctx is None or _while_context_of_op(t._op) is not grad_ctx.grad_state.forward_context:
        return None
    return t._op._cf_context


def _flatten_shapes(x):
    if isinstance(x, TensorShape):
        return [x]
    if isinstance(x, dict):
        return [s for k in sorted(x) for s in _flatten_shapes(x[k])]
    if isinstance(x, (list, tuple)) and x and all(isinstance(d, (int, type(None))) for d in x):
        return [TensorShape(list(x))]
    if isinstance(x, (list, tuple)):
        return [s for v in x for s in _flatten_shapes(v)]
    return [as_shape(x)]


def _shape_less_than_or_equal(a, b):
    if b.ndims is None:
        return True
    if a.ndims != b.ndims:
        return False
    return all(y is None or x == y for x, y in zip(a.as_list(), b.as_list()))


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10, back_prop=True,
               swap_memory=False, name=None, maximum_iterations=None, return_same_structure=False):
    """`tf.while_loop`: repeats `body` while `cond` holds; returns the final loop variables."""
    if not loop_vars and loop_vars != 0:
        raise ValueError("No loop variables provided")
    if not callable(cond):
        raise TypeError("cond must be callable.")
    if not callable(body):
        raise TypeError("body must be callable.")
    if parallel_iterations < 1:
        raise TypeError("parallel_iterations must be a positive integer.")
    g = get_default_graph()
    if g.executing_eagerly:
        return _eager_while(cond, body, loop_vars, maximum_iterations)
    with g.name_scope(name or "while"):
        if maximum_iterations is not None:
            maximum_iterations = convert_to_tensor(maximum_iterations, name="maximum_iterations")
            if maximum_iterations._shape.ndims not in (None, 0):
                raise ValueError(f"maximum_iterations must be a scalar, saw shape: {maximum_iterations._shape}")
            from .array_ops import constant
            counter = constant(0, dtype=maximum_iterations._dtype, name="iteration_counter")
            orig_cond, orig_body = cond, body
            single = not isinstance(loop_vars, (list, tuple)) or len(loop_vars) == 1
            if single:
                inner = loop_vars[0] if isinstance(loop_vars, (list, tuple)) else loop_vars
                loop_vars = (counter, inner)
                cond = lambda i, lv: _and(i < maximum_iterations, orig_cond(lv))  # noqa: E731
                body = lambda i, lv: (i + 1, orig_body(lv))  # noqa: E731
            else:
                loop_vars = (counter, loop_vars)
                cond = lambda i, lv: _and(i < maximum_iterations, orig_cond(*lv))  # noqa: E731
                body = lambda i, lv: (i + 1, orig_body(*lv))  # noqa: E731
            if shape_invariants is not None:
                shape_invariants = (TensorShape([]), shape_invariants)
        ctx = WhileContext(g, parallel_iterations, back_prop, swap_memory, maximum_iterations)
        if ctx.outer is None:
            g.add_to_collection("while_context", ctx)
        body_result, exits = ctx.build_loop(cond, body, loop_vars, shape_invariants)
        packed = _pack(body_result, exits)
        if maximum_iterations is not None:
            packed = packed[1]
            if return_same_structure:
                return packed
            flat = _flatten(packed)
            return flat[0] if len(flat) == 1 and not isinstance(packed, (list, tuple, dict)) else packed
        if return_same_structure:
            return packed
        return exits[0] if len(exits) == 1 else packed


def _and(a, b):
    from .math_ops import logical_and
    return logical_and(a, b)


def _is_tensor(x):
    return isinstance(x, Tensor)


def _eager_while(cond, body, loop_vars, maximum_iterations):
    """TF 1.15's eager while_loop: a Python loop over the body (ops run as they are made)."""
    single = not isinstance(loop_vars, (list, tuple)) or len(loop_vars) == 1
    packed = False
    was_list = isinstance(loop_vars, (list, tuple))
    loop_vars = list(loop_vars) if was_list else [loop_vars]
    i = 0
    while (maximum_iterations is None or i < int(maximum_iterations)) and cond(*loop_vars):
        out = body(*loop_vars)
        if single and not isinstance(out, (list, tuple)):
            packed = True
            out = (out,)
        if len(out) != len(loop_vars):
            raise ValueError(f"The two structures don't have the same number of elements.\n\nFirst structure: "
                             f"{loop_vars}\n\nSecond structure: {list(out)}")
        loop_vars = list(out)
        i += 1
    if packed or not was_list:
        return loop_vars[0]
    return loop_vars
