"""`tf.gradients`: builds the gradient subgraph exactly as TF 1.15's `gradients_util.py` does.

No tape, no separate engine: the gradients are ordinary graph ops under a `gradients/` name
scope (`gradients_1/` for the next call), one `<op name>_grad/` scope per forward op, built by
the gradient functions registered beside each op in the catalogue (`grad_registry`). The walk:
mark the ops between `xs` and `ys` (through float tensors only), count each op's pending
consumers, then visit ops from the `ys` backwards, summing the gradients that meet at a tensor
with `AddN` (`gradients/AddN`), and hand each op's output gradients to its gradient function.
Unconnected `xs` get None. A ref variable is differentiated through its `read` (xs are
converted `as_ref`, as TF does). This module builds its few ops (`Shape`, `Fill`, `AddN`,
`ZerosLike`, gates) with `Graph.create_op`: the core never imports the catalogue.
"""
from __future__ import annotations

import collections
import contextlib
import enum

import numpy as np

from . import dtypes as _dt
from .convert import convert_to_tensor, make_constant
from .grad_registry import get_gradient_function
from .registry import builders
from .graph import get_default_graph, graph_of
from .tensor import Tensor

__all__ = ["gradients", "AggregationMethod", "UnconnectedGradients", "is_trainable"]


class AggregationMethod:
    """How gradients that meet at one tensor are summed (`tf.AggregationMethod`)."""
    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2


class UnconnectedGradients(enum.Enum):
    """What an x that does not reach any y gets: None or zeros (`tf.UnconnectedGradients`)."""
    NONE = "none"
    ZERO = "zero"


_TRAINABLE = (_dt.float16, _dt.float32, _dt.float64, _dt.complex64, _dt.complex128)


def is_trainable(t_or_dtype) -> bool:
    """TF's `IsTrainable`: gradients flow only through floating-point tensors."""
    dtype = t_or_dtype._dtype if isinstance(t_or_dtype, Tensor) else _dt.as_dtype(t_or_dtype)
    return dtype.base_dtype in _TRAINABLE


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


# -- the few ops the mechanism itself builds --------------------------------------------------
def _shape_of(g, t: Tensor, name: str = "Shape") -> Tensor:
    """`array_ops.shape(t)`: a Const when the shape is static, else a `Shape` op."""
    if t._shape.is_fully_defined():
        return make_constant(np.array(t._shape.as_list(), np.int32), name=name, graph=g)
    return g.create_op("Shape", [t], [_dt.int32], name=name, attrs={"out_type": _dt.int32})._outputs[0]


def _identity(g, t: Tensor, name: str) -> Tensor:
    return g.create_op("Identity", [t], [t._dtype.base_dtype], name=name)._outputs[0]


def _add_n(g, tensors: list, name: str = "AddN") -> Tensor:
    if len(tensors) == 1:
        return tensors[0]
    return g.create_op("AddN", list(tensors), [tensors[0]._dtype.base_dtype], name=name,
                       attrs={"N": len(tensors)})._outputs[0]


def _zeros_like(g, t: Tensor) -> Tensor:
    """`array_ops.zeros_like(t, optimize=False)`: a `ZerosLike` op named `zeros_like`."""
    with g.name_scope("zeros_like") as scope:
        return g.create_op("ZerosLike", [t], [t._dtype.base_dtype], name=scope)._outputs[0]


def _multi_device_add_n(g, tensors: list) -> Tensor:
    """TF's `_MultiDeviceAddN`: one `AddN` per device (colocated with its first summand)."""
    by_device = collections.defaultdict(list)
    for t in tensors:
        by_device[t._op._device].append(t)
    summands = []
    for dev in sorted(by_device, key=lambda d: d or ""):
        group = by_device[dev]
        with g.colocate_with(group[0]._op, ignore_existing=True):
            summands.append(_add_n(g, group))
    return _add_n(g, summands)


def _group_by_device(g, ops: list, name: str):
    """TF's `group`: one NoOp on the device of its inputs, or one per device under a final NoOp."""
    by_device = collections.defaultdict(list)
    for op in ops:
        by_device[op._device].append(op)
    if len(by_device) == 1:
        (dev, deps), = by_device.items()
        with g.device(dev or None), g.control_dependencies(deps):
            return g.create_op("NoOp", [], [], name=name)
    per_device = []
    for dev in sorted(by_device, key=lambda d: d or ""):
        with g.device(dev or None), g.control_dependencies(by_device[dev]):
            per_device.append(g.create_op("NoOp", [], [], name="NoOp"))
    with g.control_dependencies(per_device):
        return g.create_op("NoOp", [], [], name=name)


def _gate(g, tensors: list) -> list:
    """`control_flow_ops.tuple(in_grads)`: every gradient waits for all of them."""
    with g.device(None), g.colocate_with(None, ignore_existing=True), g.name_scope("tuple"):
        gating = [t._op for t in tensors if t is not None]
        with g.name_scope("group_deps") as scope:
            gate = _group_by_device(g, gating, scope)
        out = []
        for t in tensors:
            if t is None:
                out.append(None)
                continue
            with g.name_scope("control_dependency") as scope, g.colocate_with(t._op), \
                    g.control_dependencies([gate]):
                out.append(_identity(g, t, scope))
        return out


# -- the walk ---------------------------------------------------------------------------------
def _mark_reached(from_ops, reached):
    queue = collections.deque(from_ops)
    while queue:
        op = queue.popleft()
        if op in reached:
            continue
        reached.add(op)
        for out in op._outputs:
            if is_trainable(out):
                queue.extend(out._consumers)


def _pending_count(to_ops, from_ops, colocate=False):
    reached = set()
    _mark_reached(from_ops, reached)
    reachable_to_ops = {op for op in to_ops if op in reached}
    between, between_list = set(), []
    queue = collections.deque(to_ops)
    while queue:
        op = queue.popleft()
        if op in reached:
            between.add(op)
            between_list.append(op)
            reached.remove(op)
            queue.extend(t._op for t in op._inputs)
    # a tf.while_loop on the path: the state that builds its backprop loop (control_flow_state.py)
    loop_state = builders.maybe_create_control_flow_state(between_list, between, colocate) if any(
        op._type in ("Exit", "RefExit") for op in between_list) else None
    pending = collections.defaultdict(int)
    for op in between_list:
        for t in op._inputs:
            if t._op in between:
                pending[t._op] += 1
    return reachable_to_ops, pending, loop_state


def _default_grad_ys(g, grad_ys, ys, colocate):
    if len(grad_ys) != len(ys):
        raise ValueError(f"Passed {len(grad_ys)} grad_ys for {len(ys)} ys")
    grad_ys = [None if gy is None else convert_to_tensor(gy, name=f"grad_y_{i}") for i, gy in enumerate(grad_ys)]
    out = []
    for i, (y, grad_y) in enumerate(zip(ys, grad_ys)):
        with _maybe_colocate(g, y.op, colocate):
            if grad_y is None:
                dims = _shape_of(g, y)
                one = make_constant(np.array(1, y._dtype.base_dtype.as_numpy_dtype), name=f"grad_ys_{i}", graph=g)
                out.append(g.create_op("Fill", [dims, one], [y._dtype.base_dtype], name="Fill")._outputs[0])
                continue
            yd, gd = y._dtype.base_dtype, grad_y._dtype.base_dtype
            if yd.is_floating or yd.is_integer:
                if not gd.is_floating and not gd.is_integer:
                    raise TypeError(f"Gradient type {gd.name} generated for real or integer-valued tensor {y} "
                                    f"with type {yd.name} must be real or integer")
            else:
                raise TypeError(f"Tensor {y} with type {yd.name} must be numeric to obtain a default gradient")
            out.append(_identity(g, grad_y, f"grad_ys_{i}"))
    return out


@contextlib.contextmanager
def _maybe_colocate(g, op, colocate):
    if colocate:
        with g.colocate_with(op):
            yield
    else:
        yield


def _set_grad(grads, t, grad):
    op_grads = grads.get(t._op)
    if not op_grads:
        op_grads = [[] for _ in t._op._outputs]
        grads[t._op] = op_grads
    t_grads = op_grads[t._value_index]
    if isinstance(t_grads, list):
        t_grads.append(grad)
    else:  # a loop Switch visited a second time (from the loop body)
        op_grads[t._value_index] = grad


def _aggregated_grads(g, grads, op, aggregation_method, loop_state=None):
    if aggregation_method is None:
        aggregation_method = AggregationMethod.DEFAULT
    if aggregation_method not in (AggregationMethod.ADD_N, AggregationMethod.EXPERIMENTAL_TREE,
                                  AggregationMethod.EXPERIMENTAL_ACCUMULATE_N):
        raise ValueError(f"Invalid aggregation_method specified {aggregation_method}.")
    out_grads = grads.get(op) or [[] for _ in op._outputs]
    for i, out_grad in enumerate(out_grads):
        if loop_state is not None and isinstance(out_grad, Tensor):
            continue  # a loop Switch's gradient, already aggregated on its first visit
        if not out_grad:
            out_grads[i] = None
        elif len(out_grad) < 2:
            out_grads[i] = out_grad[0]
        elif aggregation_method == AggregationMethod.ADD_N:
            out_grads[i] = _multi_device_add_n(g, out_grad)
        else:
            with g.name_scope(op._name + "_gradient_sum"):
                running = out_grad[0]
                for grad in out_grad[1:]:
                    running = _add_n(g, [running, grad])
                out_grads[i] = running
    return out_grads


def _stop_ops(from_ops, stop_gradient_ops, pending):
    stop = {op for op in from_ops if not any(pending[t._op] > 0 for t in op._inputs)}
    stop.update(stop_gradient_ops)
    return stop


def _verify(in_grads, op):
    if len(in_grads) != len(op._inputs):
        raise ValueError(f"Num gradients {len(in_grads)} generated for op {op.node_def} do not match num "
                         f"inputs {len(op._inputs)}")


def gradients(ys, xs, grad_ys=None, name: str = "gradients", colocate_gradients_with_ops: bool = False,
              gate_gradients: bool = False, aggregation_method=None, stop_gradients=None,
              unconnected_gradients=UnconnectedGradients.NONE) -> list:
    """Symbolic derivatives of `sum(ys)` w.r.t. each x in `xs`: a list, None where unconnected."""
    g0 = get_default_graph()
    if g0.executing_eagerly and not g0._tape_gradients:  # a GradientTape (nbgraph/eager) may
        raise RuntimeError("tf.gradients is not supported when eager execution is enabled. Use tf.GradientTape "
                           "instead.")
    try:
        unconnected_gradients = UnconnectedGradients(unconnected_gradients)
    except ValueError:
        raise ValueError(f"Unknown value for unconnected_gradients: {unconnected_gradients!r}") from None
    ys, xs = _as_list(ys), _as_list(xs)
    stop_gradients = [] if stop_gradients is None else _as_list(stop_gradients)
    grad_ys = [None] * len(ys) if grad_ys is None else _as_list(grad_ys)
    values = ys + xs + stop_gradients + grad_ys
    g = graph_of(values) if any(v is not None for v in values) else get_default_graph()
    with g.as_default(), g.name_scope(name or "gradients"):
        g.unique_name("uid")  # TF takes a uid name for this call (it names nothing visible)
        ys = [None if y is None else convert_to_tensor(y, name=f"y_{i}") for i, y in enumerate(ys)]
        xs = [None if x is None else convert_to_tensor(x, name=f"x_{i}", as_ref=True) for i, x in enumerate(xs)]
        grad_ys = _default_grad_ys(g, grad_ys, ys, colocate_gradients_with_ops)
        to_ops = [t.op for t in ys]
        from_ops = [t.op for t in xs]
        stop_gradient_ops = [t.op for t in stop_gradients]
        reachable_to_ops, pending, loop_state = _pending_count(to_ops, from_ops, colocate_gradients_with_ops)

        grads: dict = {}
        for y, grad_y in zip(ys, grad_ys):
            _set_grad(grads, y, grad_y)
        queue = collections.deque()
        to_ops_set = set()
        for op in to_ops:
            if pending[op] == 0 and op not in to_ops_set and op in reachable_to_ops:
                to_ops_set.add(op)
                queue.append(op)
        if loop_state is not None:
            for y in loop_state.process_unused_loop_exits(pending, to_ops_set):
                if is_trainable(y):
                    _set_grad(grads, y, loop_state.zeros_like_for_exit(y))
                queue.append(y._op)
        stop_ops = _stop_ops(from_ops, stop_gradient_ops, pending)
        while queue:
            op = queue.popleft()
            with _maybe_colocate(g, op, colocate_gradients_with_ops):
                if loop_state is not None:
                    loop_state.enter_grad_while_context(op, before=True)
                out_grads = _aggregated_grads(g, grads, op, aggregation_method, loop_state)
                if loop_state is not None:
                    loop_state.exit_grad_while_context(op, before=True)
                grad_fn = None
                has_out_grads = any(isinstance(gr, Tensor) or gr for gr in out_grads)
                if has_out_grads and op not in stop_ops:
                    try:
                        grad_fn = get_gradient_function(op)
                    except LookupError:
                        raise LookupError(f"No gradient defined for operation '{op.name}' "
                                          f"(op type: {op.type})") from None
                if loop_state is not None:
                    loop_state.enter_grad_while_context(op, before=False)
                if grad_fn and has_out_grads:
                    for i, out_grad in enumerate(out_grads):
                        if out_grad is None and is_trainable(op._outputs[i]):
                            if loop_state is not None:
                                out_grads[i] = loop_state.zeros_like(op, i)
                            elif op._type == "Switch":
                                out_grads[i] = builders.zeros_like_outside_loop(op, i)
                            else:
                                out_grads[i] = _zeros_like(g, op._outputs[i])
                    with g.name_scope(op._name + "_grad"):
                        in_grads = _as_list(grad_fn(op, *out_grads))
                        _verify(in_grads, op)
                        if gate_gradients and len([x for x in in_grads if x is not None]) > 1:
                            in_grads = _gate(g, in_grads)
                else:
                    in_grads = [None] * len(op._inputs)
                for i, (t_in, in_grad) in enumerate(zip(op._inputs, in_grads)):
                    if in_grad is None:
                        continue
                    if isinstance(in_grad, Tensor):
                        try:
                            in_grad.set_shape(t_in._shape)
                        except ValueError:
                            raise ValueError(
                                "Incompatible shapes between op input and calculated input gradient.  Forward "
                                f"operation: {op.name}.  Input index: {i}. Original input shape: {t_in.shape}.  "
                                f"Calculated input gradient shape: {in_grad.shape}") from None
                    _set_grad(grads, t_in, in_grad)
                if loop_state is not None:
                    loop_state.exit_grad_while_context(op, before=False)
            _update_pending_and_enqueue_ready(grads, op, queue, pending, loop_state)
        if loop_state is not None:
            loop_state.post_processing()
        return [_get_grad(g, grads, x, unconnected_gradients) for x in xs]


def _is_loop_switch(op) -> bool:
    return (op._type in ("Switch", "RefSwitch") and op._cf_context is not None
            and hasattr(op._cf_context, "loop_exits") and op._inputs[1]._op._type == "LoopCond")


def _has_any_not_none_grads(grads, op) -> bool:
    return any(isinstance(gr, Tensor) or (isinstance(gr, list) and any(x is not None for x in gr))
               for gr in grads.get(op) or [])


def _update_pending_and_enqueue_ready(grads, op, queue, pending, loop_state):
    """TF's `_UpdatePendingAndEnqueueReady`: a loop Switch is ready on its first (Exit side) visit;
    a loop's Exits wait until all of them are ready, then go together (unused ones with zeros)."""
    for x in op._inputs:
        pending[x._op] -= 1
        ready = pending[x._op] == 0
        if loop_state is not None and not ready:
            ready = pending[x._op] > 0 and _is_loop_switch(x._op)
        if not ready:
            continue
        if loop_state is not None and x._op._type in ("Exit", "RefExit"):
            state = loop_state.get_grad_state(x._op, before=False)
            state.deferred_exits.append(x)
            state.pending_exits_count -= 1
            if state.pending_exits_count == 0:
                has_not_none = False
                for y in state.deferred_exits:
                    if _has_any_not_none_grads(grads, y._op):
                        has_not_none = True
                        queue.append(y._op)
                    else:
                        state.unused_exits.append(y)
                if has_not_none:
                    for y in state.unused_exits:
                        if is_trainable(y):
                            _set_grad(grads, y, loop_state.zeros_like_for_exit(y))
                        queue.append(y._op)
                else:
                    for y in state.unused_exits:
                        queue.append(y._op)
        else:
            queue.append(x._op)


def _get_grad(g, grads, t, unconnected):
    op_grads = grads.get(t._op)
    grad = None
    if op_grads:
        grad = op_grads[t._value_index]
        grad = grad if not isinstance(grad, list) else (grad[0] if len(grad) == 1 else grad or None)
    if grad is None and unconnected is UnconnectedGradients.ZERO:
        with g.name_scope("zeros_like") as scope:
            if t._shape.is_fully_defined():
                value = np.zeros(t._shape.as_list(), t._dtype.base_dtype.as_numpy_dtype)
                return make_constant(value, name=scope, graph=g)
            return g.create_op("ZerosLike", [t], [t._dtype.base_dtype], name=scope)._outputs[0]
    return grad

