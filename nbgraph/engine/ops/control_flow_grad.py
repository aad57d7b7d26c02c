"""Gradients of the control-flow ops, as TF 1.15's control_flow_grad.py builds them.

Backprop through a cond mirrors the forward graph: `Merge`'s gradient is a `Switch` of the incoming
gradient on the cond's predicate (`<op>_grad/cond_grad`), so only the taken branch's gradient ops
get a live value; a captured value's `Switch` gathers the two branches' gradients back with a
`Merge` (`cond_grad`). The branch not taken contributes zeros, built behind a `Switch` of its own
so that they too exist only when that branch ran (`zeros_like_outside_loop`).

Backprop through a `tf.while_loop` builds a second loop that runs the forward loop's iterations in
reverse: `Exit`'s gradient enters it (`b_exit`), a loop `Switch`'s gradient is its `Merge`
(`b_switch`, whose back edge is added when the body's gradient arrives), `Merge`'s gradient is a
`Switch` on the backprop loop's `LoopCond`, a loop variable's `Enter` gradient leaves it (`Exit`)
and a loop invariant's sums its gradient over the iterations (`b_acc`). Forward values come from
stacks (see control_flow_state.py).
"""
from __future__ import annotations

from .. import dtypes as _dt
from ..grad_registry import NotDifferentiable, RegisterGradient
from ..graph import get_default_graph
from ..registry import lend
from ..tensor import Tensor
from .control_flow_ops import CondContext, merge, switch
from .control_flow_state import add_backprop_accumulator
from .while_loop import WhileContext, _enter, _simple


def _output_context(op):
    ctx = op._cf_context
    if ctx is not None and op._type == "Exit":
        ctx = ctx.outer
    return ctx


@RegisterGradient("Switch")
def _switch_grad(op, *grad):
    ctx = op._cf_context
    if isinstance(ctx, WhileContext):
        grad_ctx = get_default_graph()._cf_context
        state = grad_ctx.grad_state
        merge_grad = state.switch_map.get(op)
        if merge_grad is not None:  # second visit, from the body: the loop's back edge
            if grad[1] is not None:
                grad_ctx._add_next_and_back_edge(merge_grad, grad[1], enforce=False)
            return None, None
        if grad[0] is not None:  # first visit, from the Exit: both Merge inputs for now
            merge_grad = merge([grad[0], grad[0]], name="b_switch")[0]
            state.switch_map[op] = merge_grad
            return merge_grad, None
        return None, None
    if isinstance(ctx, CondContext):
        if grad[1 - ctx.branch] is None:
            return None, None
        return merge(list(grad), name="cond_grad")[0], None
    false_grad = switch(grad[0], op._inputs[1])[0]
    true_grad = switch(grad[1], op._inputs[1])[1]
    return merge([false_grad, true_grad])[0], None


@RegisterGradient("Merge")
def _merge_grad(op, grad, _):
    ctx = _output_context(op._inputs[0]._op)
    if isinstance(ctx, WhileContext):
        return switch(grad, get_default_graph()._cf_context.pivot)
    if isinstance(ctx, CondContext):
        pred = ctx.pred
        grad_ctx = get_default_graph()._cf_context
        state = getattr(grad_ctx, "grad_state", None)
        if state is not None:  # a cond inside a loop: its predicate, saved for every iteration
            real_pred = state.history_map.get(pred)
            if real_pred is None:
                state.grad_context.exit()
                history = state.add_forward_accumulator(pred)
                state.grad_context.enter()
                real_pred = state.add_backprop_accumulated_value(history, pred)
                state.history_map[pred] = real_pred
            pred = real_pred
        return switch(grad, pred, name="cond_grad")
    from .math_ops import equal
    conds = [equal(op._outputs[1], i) for i in range(len(op._inputs))]
    return [switch(grad, c)[1] for c in conds]


@RegisterGradient("Enter")
def _enter_grad(op, grad):
    grad_ctx = get_default_graph()._cf_context
    if grad_ctx is None or not grad_ctx.back_prop or getattr(grad_ctx, "grad_state", None) is None:
        return grad
    if op._attrs.get("is_constant"):  # a loop invariant: its gradients summed over the iterations
        if not isinstance(grad, Tensor):
            raise TypeError(f"Type {type(grad).__name__} not supported")
        return add_backprop_accumulator(grad_ctx, op, grad)
    result = _simple(get_default_graph(), "Exit", grad, "Exit")
    grad_ctx.loop_exits.append(result)
    grad_ctx.exit_result([result])
    return result


@RegisterGradient("Exit")
def _exit_grad(op, grad):
    g = get_default_graph()
    grad_ctx = g._cf_context
    if not grad_ctx.back_prop:
        return None
    if op._cf_context.grad_state is not None:
        raise TypeError("Second-order gradient for while loops not supported.")
    grad_ctx.add_name(grad)
    grad_ctx.enter()
    try:
        result = _enter(g, grad, grad_ctx.name, False, grad_ctx.parallel_iterations, name="b_exit")
    finally:
        grad_ctx.exit()
    grad_ctx.loop_enters.append(result)
    return result


@RegisterGradient("NextIteration")
def _next_iteration_grad(_, grad):
    return grad


NotDifferentiable("LoopCond")


def zeros_like_outside_loop(op, index):
    """TF's `ZerosLikeOutsideLoop`: the zero gradient of output `index` of `op`. For a cond's Switch it
    is built behind a Switch on the other branch, so it has a value exactly when that branch ran."""
    from ..convert import apply_op
    from .array_ops import identity, zeros
    val = op._outputs[index]
    ctx = op._cf_context
    if op._type != "Switch" or not isinstance(ctx, CondContext):
        with get_default_graph().name_scope("zeros_like") as scope:
            return get_default_graph().create_op("ZerosLike", [val], [val._dtype.base_dtype], name=scope)._outputs[0]
    switch_val = switch(op._inputs[0], ctx.pred)[1 - ctx.branch]
    pivot = identity(switch_val)
    zeros_shape = apply_op("Shape", None, [("input", switch_val)], out_dtypes=[_dt.int32])._outputs[0]  # not folded
    with get_default_graph().control_dependencies([pivot]):
        return zeros(zeros_shape, dtype=val._dtype.base_dtype)


lend(zeros_like_outside_loop=zeros_like_outside_loop)
