"""State ops: `VariableV2` (a reference variable whose value lives in the session) and the ops
that write or test it (`Assign`, `AssignAdd`, `AssignSub`, `IsVariableInitialized`).

Ref inputs are not evaluated: `Assign` writes the variable without reading it, so running an
initializer never touches the uninitialised value. As in TF, updates write into the variable's
buffer in place, so a `v/read` taken earlier in the same run sees them (TF's Identity of a ref
aliases the buffer); `Session.run` copies what it hands back."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..errors import FailedPreconditionError
from ..graph import get_default_graph
from ..registry import register
from ..shapes import TensorShape
from ..variables import RefVariable
from .common import KernelError, fmt_shape, same_shape, shape_error
from .locking import variable_lock


def _variable_kernel(op):
    msg = f"Attempting to use uninitialized value {op.name}"

    def k(ctx):
        try:
            return ctx.variables[op]
        except KeyError:
            raise KernelError(msg, FailedPreconditionError) from None
    return k


register("VariableV2", "state", lambda op: [op._attrs["shape"]], _variable_kernel, stateful=True,
         doc="holds state that lives in the session")


def variable_op_v2(shape, dtype, name="Variable", container="", shared_name="", graph=None):
    g = graph or get_default_graph()
    dtype = _dt.as_dtype(dtype).base_dtype
    attrs = {"shape": TensorShape(shape), "dtype": dtype, "container": container, "shared_name": shared_name}
    return g.create_op("VariableV2", [], [dtype._as_ref], name=name, attrs=attrs)._outputs[0]


def _assign_shape(op):
    ref, value = op._inputs[0]._shape, op._inputs[1]._shape
    if op._attrs.get("validate_shape", True):
        if not ref.is_compatible_with(value):
            if ref.ndims != value.ndims:
                raise shape_error(op, f"Shapes must be equal rank, but are {ref.ndims} and {value.ndims}")
            i = next(i for i, (a, b) in enumerate(zip(ref.as_list(), value.as_list())) if a is not None and b is not None and a != b)
            raise shape_error(op, f"Dimension {i} in both shapes must be equal, but are {ref[i]} and {value[i]}. "
                                  f"Shapes are {fmt_shape(ref)} and {fmt_shape(value)}.")
        return [ref.merge_with(value)]
    return [value]


def _target(op):
    return op._inputs[0]._op


def _assign_kernel(op):
    var = _target(op)
    validate = op._attrs.get("validate_shape", True)
    vshape = var._attrs["shape"]
    npdt = var._outputs[0]._dtype.as_numpy_dtype
    locking = bool(op._attrs.get("use_locking", True))

    def k(ctx, value):
        if validate and vshape.ndims is not None and not vshape.is_compatible_with(np.shape(value)):
            raise KernelError(f"Assign requires shapes of both tensors to match. lhs shape= "
                              f"{fmt_shape(vshape)} rhs shape= {fmt_shape(TensorShape(np.shape(value)))}")
        with variable_lock(ctx, var, locking):
            cur = ctx.variables.get(var)
            if cur is not None and cur.shape == np.shape(value):
                cur[...] = value  # TF copies into the existing buffer
                return cur
            value = np.array(value, dtype=npdt)  # a private copy: the session owns it now
            ctx.variables[var] = value
            return value
    return k


def _update_kernel(fn):
    def make(op):
        var = _target(op)
        msg = f"Attempting to use uninitialized value {var.name}"
        locking = bool(op._attrs.get("use_locking", False))

        def k(ctx, delta):
            try:
                cur = ctx.variables[var]
            except KeyError:
                raise KernelError(msg, FailedPreconditionError) from None
            if np.shape(delta) != cur.shape:
                raise KernelError(f"Cannot update variable with shape {list(cur.shape)} using a Tensor with shape "
                                  f"{list(np.shape(delta))}, shapes must be equal.")
            with variable_lock(ctx, var, locking):
                fn(cur, delta, out=cur, casting="unsafe")  # in place, as TF's DenseUpdate
            return cur
        return k
    return make


# As in TF, the ref-writing ops are not stateful OpDefs (only the variable itself is): their
# placement is not pinned across re-placements (engine/session_placer.py reads `stateful`).
register("Assign", "state", _assign_shape, _assign_kernel, ref_inputs=(0,),
         doc="writes a new value into")
register("AssignAdd", "state", same_shape, _update_kernel(np.add), ref_inputs=(0,),
         doc="adds into")
register("AssignSub", "state", same_shape, _update_kernel(np.subtract), ref_inputs=(0,),
         doc="subtracts from")
register("IsVariableInitialized", "state", lambda op: [TensorShape([])],
         lambda op: (lambda ctx, var=_target(op): np.bool_(var in ctx.variables)), ref_inputs=(0,),
         doc="tests whether a variable has a value in this session")


def _ref_tensor(ref, op_type):
    if isinstance(ref, RefVariable):
        return ref._variable
    if getattr(ref, "dtype", None) is not None and getattr(ref.dtype, "is_ref_dtype", False):
        return ref
    raise TypeError(f"Input 'ref' of '{op_type}' Op requires l-value input")


def _state_op(op_type, ref, value, name, attrs):
    if not isinstance(ref, RefVariable) and not getattr(getattr(ref, "dtype", None), "is_ref_dtype", False):
        # TF 1.x falls back to `ref.assign(...)`, which a plain Tensor does not have
        method = {"Assign": "assign", "AssignAdd": "assign_add", "AssignSub": "assign_sub"}[op_type]
        raise AttributeError(f"'{type(ref).__name__}' object has no attribute '{method}'")
    ref_t = _ref_tensor(ref, op_type)
    g = ref_t.graph
    base = ref_t.dtype.base_dtype
    with g.as_default(), g.name_scope(name or op_type) as scope:
        try:
            value = convert_to_tensor(value, dtype=base, name="value")
        except ValueError:
            got = convert_to_tensor(value).dtype.base_dtype
            raise TypeError(f"Input 'value' of '{op_type}' Op has type {got.name} that does not match type "
                            f"{base.name} of argument 'ref'.") from None
        with g.colocate_with(ref_t.op):
            op = g.create_op(op_type, [ref_t, value], [ref_t.dtype], name=scope, attrs=attrs)
    return op._outputs[0]


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    return _state_op("Assign", ref, value, name, {"validate_shape": validate_shape is not False,
                                                   "use_locking": use_locking is not False})


def assign_add(ref, value, use_locking=None, name=None):
    return _state_op("AssignAdd", ref, value, name, {"use_locking": bool(use_locking)})


def assign_sub(ref, value, use_locking=None, name=None):
    return _state_op("AssignSub", ref, value, name, {"use_locking": bool(use_locking)})


def is_variable_initialized(ref, name=None):
    ref_t = _ref_tensor(ref, "IsVariableInitialized")
    g = ref_t.graph
    with g.colocate_with(ref_t.op):
        return g.create_op("IsVariableInitialized", [ref_t], [_dt.bool_], name=name or "IsVariableInitialized",
                           attrs={"dtype": ref_t.dtype.base_dtype})._outputs[0]
