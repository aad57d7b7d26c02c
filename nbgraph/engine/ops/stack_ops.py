"""TF's stacks (`StackV2`, `StackPushV2`, `StackPopV2`) and `ControlTrigger`.

The gradient of a `tf.while_loop` keeps the forward values it needs in stacks, as TF 1.15 does:
the forward loop pushes one value per iteration (`.../f_acc`, `StackPushV2`), the backprop loop
pops them in reverse (`StackPopV2`). A stack lives for one `Session.run`: `StackV2` makes a fresh
one each time it runs, and its handle travels through the loops' `Enter` ops like any value.
`ControlTrigger` (`b_sync`) orders the pops of one backprop iteration before the next.
"""
from __future__ import annotations

from .. import dtypes as _dt
from ..grad_registry import NotDifferentiable
from ..registry import register
from ..shapes import TensorShape, unknown_shape

__all__ = ["Stack"]


class Stack:
    """The value a `StackV2` handle carries: a list and the op that made it (for error texts)."""

    __slots__ = ("items", "name", "max_size")

    def __init__(self, name: str, max_size: int):
        self.items = []
        self.name = name
        self.max_size = max_size

    def __repr__(self):
        return f"<stack {self.name}: {len(self.items)} items>"


def _stack_kernel(op):
    def k(ctx, max_size):
        return Stack(op._name, int(max_size))
    return k


def _push_kernel(op):
    def k(ctx, stack, elem):
        if 0 <= stack.max_size <= len(stack.items):
            from ..errors import InvalidArgumentError
            raise _kernel_error(InvalidArgumentError, f"Stack[{stack.name}] overflowed its max_size "
                                                      f"({stack.max_size})")
        stack.items.append(elem)
        return elem
    return k


def _pop_kernel(op):
    def k(ctx, stack):
        if not stack.items:
            from ..errors import InvalidArgumentError
            raise _kernel_error(InvalidArgumentError, "Stack is empty.")
        return stack.items.pop()
    return k


def _kernel_error(cls, message):
    from ..errors import KernelError
    return KernelError(message, cls)


register("StackV2", "state", lambda op: [TensorShape([2])], _stack_kernel, stateful=True,
         doc="makes an empty stack for values the gradient of a loop needs")
register("StackPushV2", "state", lambda op: [op._inputs[1]._shape], _push_kernel, stateful=True,
         doc="saves this iteration's value on a stack")
register("StackPopV2", "state", lambda op: [unknown_shape()], _pop_kernel, stateful=True,
         doc="takes the last saved value off a stack")
register("ControlTrigger", "control", lambda op: [], lambda op: (lambda ctx: None),
         doc="orders the stack pops of one backprop iteration before the next")
NotDifferentiable("StackV2")
NotDifferentiable("StackPushV2")
NotDifferentiable("StackPopV2")
NotDifferentiable("ControlTrigger")


def stack_v2(max_size, elem_type, name="Stack"):
    """`gen_data_flow_ops.stack_v2`."""
    from ..convert import apply_op
    op = apply_op("StackV2", name, [("max_size", max_size)], out_dtypes=[_dt.resource],
                  attrs={"elem_type": _dt.as_dtype(elem_type), "stack_name": ""})
    return op._outputs[0]


def stack_push_v2(handle, elem, swap_memory=False, name=None):
    from ..graph import get_default_graph
    g = get_default_graph()
    with g.name_scope(name or "StackPushV2") as scope:
        op = g.create_op("StackPushV2", [handle, elem], [elem._dtype.base_dtype], name=scope,
                         attrs={"T": elem._dtype.base_dtype, "swap_memory": swap_memory})
    return op._outputs[0]


def stack_pop_v2(handle, elem_type, name=None):
    from ..graph import get_default_graph
    g = get_default_graph()
    with g.name_scope(name or "StackPopV2") as scope:
        op = g.create_op("StackPopV2", [handle], [_dt.as_dtype(elem_type)], name=scope,
                         attrs={"elem_type": _dt.as_dtype(elem_type)})
    return op._outputs[0]


def control_trigger(name=None):
    from ..graph import get_default_graph
    g = get_default_graph()
    with g.name_scope(name or "ControlTrigger") as scope:
        return g.create_op("ControlTrigger", [], [], name=scope)

