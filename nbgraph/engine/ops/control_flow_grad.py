"""Gradients of the control-flow ops, as TF 1.15's control_flow_grad.py builds them for `tf.cond`.

Backprop through a cond mirrors the forward graph: `Merge`'s gradient is a `Switch` of the incoming
gradient on the cond's predicate (`<op>_grad/cond_grad`), so only the taken branch's gradient ops
get a live value; a captured value's `Switch` gathers the two branches' gradients back with a
`Merge` (`cond_grad`). The branch not taken contributes zeros, built behind a `Switch` of its own
so that they too exist only when that branch ran (`zeros_like_outside_loop`).

Gradients through `tf.while_loop` need TF's per-iteration stacks of forward values; nbgraph does not
build them, and says so naming the loop op, rather than returning a wrong gradient.
"""
from __future__ import annotations

from .. import dtypes as _dt
from ..grad_registry import NotDifferentiable, RegisterGradient
from ..graph import get_default_graph
from ..registry import lend
from .control_flow_ops import CondContext, merge, switch
from .while_loop import WhileContext


def _loop_gradient_error(op):
    return LookupError(f"No gradient defined for operation '{op.name}' (op type: {op.type}): nbgraph does not "
                       "differentiate through tf.while_loop yet; compute the gradient inside the loop body, or unroll "
                       "the loop in Python")


def _output_context(op):
    ctx = op._cf_context
    if ctx is not None and op._type == "Exit":
        ctx = ctx.outer
    return ctx


@RegisterGradient("Switch")
def _switch_grad(op, *grad):
    ctx = op._cf_context
    if isinstance(ctx, WhileContext):
        raise _loop_gradient_error(op)
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
        raise _loop_gradient_error(op)
    if isinstance(ctx, CondContext):
        return switch(grad, ctx.pred, name="cond_grad")
    from .math_ops import equal
    conds = [equal(op._outputs[1], i) for i in range(len(op._inputs))]
    return [switch(grad, c)[1] for c in conds]


@RegisterGradient("Enter")
def _enter_grad(op, grad):
    raise _loop_gradient_error(op)


@RegisterGradient("Exit")
def _exit_grad(op, grad):
    raise _loop_gradient_error(op)


@RegisterGradient("NextIteration")
def _next_iteration_grad(op, grad):
    raise _loop_gradient_error(op)


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
