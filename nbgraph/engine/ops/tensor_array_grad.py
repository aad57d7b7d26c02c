"""Gradients of the TensorArray ops, as TF 1.15's tensor_array_grad.py builds them.

Each forward array gets a gradient array (`TensorArrayGradV3`, one per `tf.gradients` call: its
`source` is the call's `gradients` scope). A read's gradient writes into it, a write's gradient
reads from it (an element nothing wrote reads as zeros), gather and scatter, concat and split swap
the same way. The flows carry the order: `flow_out`/`write_barrier` make the gradient read wait for
the forward write.
"""
from __future__ import annotations

from ..grad_registry import NotDifferentiable, RegisterGradient
from ..graph import get_default_graph
from .tensor_array_ops import TensorArray

for _t in ("TensorArrayV3", "TensorArrayGradV3", "TensorArraySizeV3", "TensorArrayCloseV3"):
    NotDifferentiable(_t)


def _grad_source(t) -> str:
    """`gradients`, `gradients_1`, ...: the scope of the tf.gradients call that built `t`."""
    tokens = t.name.split("/")
    pos = [i for i, x in enumerate(tokens) if x.startswith("gradients")]
    if not pos:
        raise ValueError(f"Expected op/tensor name to start with gradients (excluding scope), got: {t.name}")
    return "/".join(tokens[:pos[-1] + 1])


def _grad_array(op, dtype, handle, flow, source):
    return TensorArray(dtype=dtype, handle=handle, flow=flow, colocate_with_first_write_call=False).grad(
        source=source, flow=flow)


def _barrier(op, flow):
    from .array_ops import identity
    flow_out = identity(op._outputs[0], "flow_out")
    with get_default_graph().control_dependencies([flow_out]):
        return identity(flow, "write_barrier")


@RegisterGradient("TensorArrayReadV3")
def _read_grad(op, grad):
    handle, index, flow = op._inputs
    g = _grad_array(op, op._attrs["dtype"], handle, flow, _grad_source(grad))
    return [None, None, g.write(index, grad).flow]


@RegisterGradient("TensorArrayWriteV3")
def _write_grad(op, flow):
    handle, index = op._inputs[0], op._inputs[1]
    source = _grad_source(flow)
    flow = _barrier(op, flow)
    g = _grad_array(op, op._attrs["T"], handle, flow, source)
    return [None, None, g.read(index), flow]


@RegisterGradient("TensorArrayGatherV3")
def _gather_grad(op, grad):
    handle, indices, flow = op._inputs
    g = _grad_array(op, op._attrs["dtype"], handle, flow, _grad_source(grad))
    return [None, None, g.scatter(indices, grad).flow]


@RegisterGradient("TensorArrayScatterV3")
def _scatter_grad(op, flow):
    handle, indices = op._inputs[0], op._inputs[1]
    source = _grad_source(flow)
    flow = _barrier(op, flow)
    g = _grad_array(op, op._attrs["T"], handle, flow, source)
    return [None, None, g.gather(indices), flow]


@RegisterGradient("TensorArrayConcatV3")
def _concat_grad(op, grad, _):
    handle, flow = op._inputs
    g = _grad_array(op, op._attrs["dtype"], handle, flow, _grad_source(grad))
    return [None, g.split(grad, lengths=op._outputs[1]).flow]


@RegisterGradient("TensorArraySplitV3")
def _split_grad(op, flow):
    handle = op._inputs[0]
    source = _grad_source(flow)
    flow = _barrier(op, flow)
    g = _grad_array(op, op._attrs["T"], handle, flow, source)
    return [None, g.concat(), None, flow]
