"""`tf.train.Optimizer`: the base class every optimizer shares, as TF 1.15 builds it.

`minimize` is `compute_gradients` (a `tf.gradients` subgraph from the loss to each variable)
then `apply_gradients`: slot variables (`w/Adam`, `w/Momentum`...) are created beside each
variable, then one `Apply*` op per variable in `<Name>/update_<var>/`, grouped into the
`<Name>` op (or `<Name>/update` followed by `<Name>` = `AssignAdd` of the global step).
Subclasses fill in `_create_slots`, `_prepare`, `_apply_dense` and maybe `_finish`.
"""
from __future__ import annotations

import collections.abc as _abc

from typing import Any

from ..engine import dtypes as _dt
from ..engine import initializers as _init
from ..engine.convert import convert_to_tensor
from ..engine.graph import GraphKeys, executing_eagerly, get_default_graph
from ..engine.ops.array_ops import cast
from ..engine.ops.control_ops import group
from ..engine.ops.state_ops import assign_add
from ..engine.tensor import Operation, Tensor
from ..engine.variables import RefVariable, trainable_variables

__all__ = ["Optimizer"]

# TF's `set([float16, bfloat16, float32, float64])` prints in this order
_VALID_DTYPES_TEXT = "[tf.float32, tf.float64, tf.float16, tf.bfloat16]"
_VALID_DTYPES = (_dt.float16, _dt.float32, _dt.float64)


def _var_key(var) -> Any:
    return var.op if isinstance(var, RefVariable) else var


def _gradients(ys, xs, **kwargs):
    """`tf.gradients`, imported when first needed (it lives in engine/gradients.py)."""
    try:
        from ..engine.gradients import gradients
    except ImportError:  # pragma: no cover - only while the gradients module is missing
        raise NotImplementedError("tf.gradients is not available in this build of nbgraph; pass explicit "
                                  "gradients to apply_gradients") from None
    return gradients(ys, xs, **kwargs)


class Optimizer:
    """Base class for optimizers (`tf.train.Optimizer`)."""

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking: bool, name: str):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots: dict[str, dict] = {}
        self._non_slot_dict: dict = {}

    def get_name(self) -> str:
        return self._name

    # -- minimize = compute_gradients + apply_gradients -----------------------------------------
    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                 colocate_gradients_with_ops=False, name=None, grad_loss=None) -> Operation:
        grads_and_vars = self.compute_gradients(
            loss, var_list=var_list, gate_gradients=gate_gradients, aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        vars_with_grad = [v for g, v in grads_and_vars if g is not None]
        if not vars_with_grad:
            raise ValueError("No gradients provided for any variable, check your graph for ops that do not support "
                             f"gradients, between variables {[str(v) for _, v in grads_and_vars]} and loss {loss}.")
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                          colocate_gradients_with_ops=False, grad_loss=None) -> list:
        if executing_eagerly():  # TF 1.15: the loss is a function run under a GradientTape
            from ..eager.optimizer import compute_gradients
            return compute_gradients(loss, var_list, grad_loss)
        if callable(loss) and not isinstance(loss, (Tensor, RefVariable)):
            raise RuntimeError("`loss` passed to Optimizer.compute_gradients should be a Tensor in graph mode, "
                               "not a function.")
        if gate_gradients not in (Optimizer.GATE_NONE, Optimizer.GATE_OP, Optimizer.GATE_GRAPH):
            raise ValueError("gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, "
                             f"Optimizer.GATE_GRAPH.  Not {gate_gradients}")
        self._assert_valid_dtypes([loss])
        if grad_loss is not None:
            self._assert_valid_dtypes([grad_loss])
        if var_list is None:
            var_list = trainable_variables()
        else:
            var_list = list(_flatten(var_list))
        if not var_list:
            raise ValueError("No variables to optimize.")
        var_refs = [v._ref() if isinstance(v, RefVariable) else v for v in var_list]
        grads = _gradients(loss, var_refs, grad_ys=grad_loss, gate_gradients=(gate_gradients == Optimizer.GATE_OP),
                           aggregation_method=aggregation_method,
                           colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gate_gradients == Optimizer.GATE_GRAPH:
            from ..engine.ops.control_ops import tuple as _tuple
            present = [g for g in grads if g is not None]
            gated = iter(_tuple(present)) if present else iter(())
            grads = [next(gated) if g is not None else None for g in grads]
        grads_and_vars = list(zip(grads, var_list))
        self._assert_valid_dtypes([v for g, v in grads_and_vars if g is not None])
        return grads_and_vars

    def apply_gradients(self, grads_and_vars, global_step=None, name=None) -> Operation:
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        converted = []
        for g, v in grads_and_vars:
            if g is not None:
                try:
                    g = convert_to_tensor(g)
                except (TypeError, ValueError):
                    raise TypeError(f"Gradient must be convertible to a Tensor or IndexedSlices, or None: "
                                    f"{g}") from None
            if not isinstance(v, RefVariable):
                raise NotImplementedError(f"Trying to optimize unsupported type {v}")
            converted.append((g, v))
        var_list = [v for g, v in converted if g is not None]
        if not var_list:
            raise ValueError(f"No gradients provided for any variable: {[str(v) for _, v in converted]}.")
        graph = var_list[0].graph
        with graph.as_default():
            with graph.control_dependencies(None):  # TF's init_scope: slots never wait on anything
                self._create_slots(var_list)
            update_ops = []
            with graph.name_scope(name or self._name) as scope:
                self._prepare()
                for grad, var in converted:
                    if grad is None:
                        continue
                    with graph.name_scope("update_" + var.op.name), graph.colocate_with(var.op):
                        update_ops.append(self._apply_dense(grad, var))
                if global_step is None:
                    apply_updates = self._finish(update_ops, scope)
                else:
                    with graph.control_dependencies([self._finish(update_ops, "update")]):
                        gs_op = global_step.op if isinstance(global_step, RefVariable) else global_step.op
                        with graph.colocate_with(gs_op):
                            apply_updates = assign_add(global_step, 1, name=scope)
            if graph.executing_eagerly:  # the updates ran; TF's eager `group` is None
                return None if isinstance(apply_updates, Operation) else apply_updates
            if isinstance(apply_updates, Tensor):
                apply_updates = apply_updates.op
            train_op = graph.get_collection_ref(GraphKeys.TRAIN_OP)
            if apply_updates not in train_op:
                train_op.append(apply_updates)
        return apply_updates

    # -- slots -----------------------------------------------------------------------------------
    def get_slot(self, var, name):
        named_slots = self._slots.get(name)
        if not named_slots:
            return None
        return named_slots.get(_var_key(var))

    def get_slot_names(self) -> list:
        return sorted(self._slots.keys())

    def variables(self) -> list:
        g = get_default_graph()
        found = [v for v in self._non_slot_variables() if v.op.graph is g]
        for slots in self._slots.values():
            found.extend(v for v in slots.values() if v.op.graph is g)
        return sorted(found, key=lambda v: v.name)

    def _non_slot_variables(self):
        return list(self._non_slot_dict.values())

    def _slot_dict(self, slot_name):
        return self._slots.setdefault(slot_name, {})

    def _get_or_make_slot_with_initializer(self, var, initializer, shape, dtype, slot_name, op_name):
        named_slots = self._slot_dict(slot_name)
        key = _var_key(var)
        if key not in named_slots:
            named_slots[key] = _create_slot(var, initializer, shape, dtype, op_name)
        return named_slots[key]

    def _zeros_slot(self, var, slot_name, op_name):
        return self._get_or_make_slot_with_initializer(var, _init.Zeros(), var.get_shape(),
                                                       var.dtype.base_dtype, slot_name, op_name)

    def _create_non_slot_variable(self, initial_value, name, colocate_with):
        g = colocate_with.graph
        key = (name, g)
        v = self._non_slot_dict.get(key)
        if v is None:
            with g.as_default(), g.colocate_with(colocate_with.op):
                v = RefVariable(initial_value, name=name, trainable=False)
            self._non_slot_dict[key] = v
        return v

    def _get_non_slot_variable(self, name, graph=None):
        return self._non_slot_dict.get((name, graph or get_default_graph()))

    # -- what subclasses provide ------------------------------------------------------------------
    def _create_slots(self, var_list):
        pass

    def _prepare(self):
        pass

    def _apply_dense(self, grad, var):
        raise NotImplementedError()

    def _finish(self, update_ops, name_scope):
        return group(*update_ops, name=name_scope)

    def _call_if_callable(self, param):
        return param() if callable(param) else param

    def _cast(self, t, var):
        return cast(t, var.dtype.base_dtype)

    def _assert_valid_dtypes(self, tensors):
        for t in tensors:
            dtype = t.dtype.base_dtype
            if dtype not in _VALID_DTYPES:
                raise ValueError(f"Invalid type {dtype!r} for {t.name}, expected: {_VALID_DTYPES_TEXT}.")


def _flatten(x):
    """TF's nest.flatten of a var_list: lists, tuples, dicts (sorted keys) and dict views
    (`var_list=weights.values()`, in the dict's order) nest."""
    if isinstance(x, (list, tuple, _abc.KeysView, _abc.ValuesView, _abc.ItemsView)):
        for y in x:
            yield from _flatten(y)
    elif isinstance(x, dict):
        for k in sorted(x):
            yield from _flatten(x[k])
    else:
        yield x


def _create_slot(primary, initializer, shape, dtype, op_name):
    """TF's slot_creator: a non-trainable variable `<primary>/<op_name>` (then `_1`, `_2`...),
    colocated with its primary, named from the root whatever the current name scope."""
    g = primary.graph
    dims = shape.as_list()
    with g.as_default(), g.name_scope(None), g.colocate_with(primary.op):
        return RefVariable(lambda: initializer(dims, dtype=dtype), name=f"{primary.op.name}/{op_name}",
                           trainable=False, dtype=dtype)
