"""Scatter ops: on reference variables, in place (`ScatterAdd`, `ScatterSub`, `ScatterMul`,
`ScatterDiv`, `ScatterMin`, `ScatterMax` by rows; `ScatterNdUpdate`, `ScatterNdAdd`,
`ScatterNdSub` by index tuples), each honouring `use_locking` as `Assign` does; and on plain
tensors (`TensorScatterUpdate`, `TensorScatterAdd`, `TensorScatterSub`) with TF 1.15's gradients.
Repeated indices accumulate (`np.<ufunc>.at`), as TF's kernels do."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, convert_to_tensor
from ..errors import FailedPreconditionError
from ..grad_registry import NotDifferentiable, RegisterGradient
from ..shapes import TensorShape
from .common import KernelError, fmt_shape, shape_error
from .locking import variable_lock

_ROW_UFUNCS = {"ScatterAdd": np.add, "ScatterSub": np.subtract, "ScatterMul": np.multiply,
               "ScatterDiv": np.divide, "ScatterMin": np.minimum, "ScatterMax": np.maximum}
_ND_UFUNCS = {"ScatterNdUpdate": None, "ScatterNdAdd": np.add, "ScatterNdSub": np.subtract}
_TENSOR_UFUNCS = {"TensorScatterUpdate": None, "TensorScatterAdd": np.add, "TensorScatterSub": np.subtract}


def _merge_message(a: TensorShape, b: TensorShape):
    """TF's `Merge` failure text for shapes a and b (None when they are compatible)."""
    if a.ndims is None or b.ndims is None:
        return None
    if a.ndims != b.ndims:
        return f"Shapes must be equal rank, but are {a.ndims} and {b.ndims}"
    for i, (x, y) in enumerate(zip(a.as_list(), b.as_list())):
        if x is not None and y is not None and x != y:
            return (f"Dimension {i} in both shapes must be equal, but are {x} and {y}. Shapes are {fmt_shape(a)} "
                    f"and {fmt_shape(b)}.")
    return None


# -- shapes ------------------------------------------------------------------------------------
def _rows_shape(op):
    ref, idx, upd = (t._shape for t in op._inputs)
    if ref.ndims is not None and idx.ndims is not None:
        msg = _merge_message(upd, TensorShape(idx.as_list() + ref.as_list()[1:]))
        if msg:
            raise shape_error(op, msg)
    return [ref]


def _nd_shape(op):
    ref, idx, upd = (t._shape for t in op._inputs)
    if ref.ndims is None or idx.ndims is None or upd.ndims is None:
        return [ref]
    depth = idx.as_list()[-1]
    batch = idx.ndims - 1
    ishape, ushape = TensorShape(idx.as_list()[:batch]), TensorShape(upd.as_list()[:batch])
    msg = _merge_message(ishape, ushape) if upd.ndims >= batch else f"Shapes must be equal rank, but are {batch} and {upd.ndims}"
    if msg:
        raise shape_error(op, f"Dimensions [0,{batch}) of indices[shape={fmt_shape(idx)}] = {fmt_shape(ishape)} must "
                              f"match dimensions [0,{batch}) of updates[shape={fmt_shape(upd)}] = {fmt_shape(ushape)}: "
                              f"{msg}")
    if depth is not None:
        tail_r, tail_u = TensorShape(ref.as_list()[depth:]), TensorShape(upd.as_list()[batch:])
        msg = _merge_message(tail_r, tail_u)
        if msg:
            raise shape_error(op, f"Dimensions [{depth},{ref.ndims}) of input[shape={fmt_shape(ref)}] = "
                                  f"{fmt_shape(tail_r)} must match dimensions [{batch},{upd.ndims}) of updates"
                                  f"[shape={fmt_shape(upd)}] = {fmt_shape(tail_u)}: {msg}")
    return [ref]


def _tensor_shape(op):
    _nd_shape(op)
    return [TensorShape(op._inputs[0]._shape)]


# -- kernels -----------------------------------------------------------------------------------
def _current(ctx, var):
    try:
        return ctx.variables[var]
    except KeyError:
        raise KernelError(f"Attempting to use uninitialized value {var.name}", FailedPreconditionError) from None


def _nd_index(shape, indices):
    """The index tuple of `indices` (..., depth) into `shape`, checked as TF checks it."""
    idx = np.asarray(indices).astype(np.int64)
    depth = idx.shape[-1] if idx.ndim else 0
    flat = idx.reshape(-1, depth)
    limits = np.asarray(shape[:depth])
    bad = np.nonzero(((flat < 0) | (flat >= limits)).any(axis=1))[0]
    if bad.size:
        i = int(bad[0])
        raise KernelError(f"indices[{i}] = [{', '.join(str(int(v)) for v in flat[i])}] does not index into shape "
                          f"{fmt_shape(TensorShape(list(shape)))}")
    return tuple(flat.T), depth, flat.shape[0]


def _apply_nd(target, indices, updates, ufunc):
    index, depth, n = _nd_index(target.shape, indices)
    upd = np.reshape(updates, (n,) + target.shape[depth:])
    if ufunc is None:
        target[index] = upd
    else:
        ufunc.at(target, index, upd)


def _rows_kernel(op):
    var, ufunc = op._inputs[0]._op, _ROW_UFUNCS[op.type]
    locking = bool(op._attrs.get("use_locking", False))

    def k(ctx, indices, updates):
        cur = _current(ctx, var)
        flat = np.reshape(indices, -1).astype(np.int64)
        bad = np.nonzero((flat < 0) | (flat >= cur.shape[0]))[0]
        if bad.size:
            raise KernelError(f"indices[{int(bad[0])}] = {int(flat[bad[0]])} is not in [0, {cur.shape[0]})")
        upd = np.reshape(updates, (flat.size,) + cur.shape[1:])
        with variable_lock(ctx, var, locking), np.errstate(all="ignore"):
            if ufunc is np.divide and cur.dtype.kind in "iu":
                np.floor_divide.at(cur, flat, upd)
            else:
                ufunc.at(cur, flat, upd)
        return cur
    return k


def _nd_kernel(op):
    var, ufunc = op._inputs[0]._op, _ND_UFUNCS[op.type]
    locking = bool(op._attrs.get("use_locking", True))

    def k(ctx, indices, updates):
        cur = _current(ctx, var)
        with variable_lock(ctx, var, locking):
            _apply_nd(cur, indices, updates, ufunc)
        return cur
    return k


def _tensor_kernel(op):
    ufunc = _TENSOR_UFUNCS[op.type]

    def k(ctx, tensor, indices, updates):
        out = np.array(tensor, copy=True)
        _apply_nd(out, indices, updates, ufunc)
        return out
    return k


def _register():
    from ..registry import register
    for t in _ROW_UFUNCS:
        verb = t[len("Scatter"):].lower()
        register(t, "state", _rows_shape, _rows_kernel, ref_inputs=(0,), stateful=True,
                 doc=f"applies `{verb}` to rows of")
        NotDifferentiable(t)
    for t in _ND_UFUNCS:
        register(t, "state", _nd_shape, _nd_kernel, ref_inputs=(0,), stateful=True,
                 doc="writes values at index tuples into")
        NotDifferentiable(t)
    for t in _TENSOR_UFUNCS:
        register(t, "array", _tensor_shape, _tensor_kernel, doc="returns a copy with values written at index tuples of")


_register()


# -- builders ----------------------------------------------------------------------------------
def _ref_op(op_type, ref, indices, updates, use_locking, name):
    from ..variables import RefVariable
    from .state_ops import _ref_tensor
    if not isinstance(ref, RefVariable) and not getattr(getattr(ref, "dtype", None), "is_ref_dtype", False):
        # TF 1.x: a non-ref input takes the resource-variable path, which a Tensor lacks
        raise AttributeError(f"'{type(ref).__name__}' object has no attribute '_lazy_read'")
    ref_t = _ref_tensor(ref, op_type)
    g = ref_t.graph
    base = ref_t.dtype.base_dtype
    with g.as_default(), g.name_scope(name or op_type) as scope:
        idx = convert_to_tensor(indices, name="indices")
        if idx.dtype.base_dtype not in (_dt.int32, _dt.int64):
            raise TypeError(f"Value passed to parameter 'indices' has DataType {idx.dtype.base_dtype.name} not in "
                            "list of allowed values: int32, int64")
        try:
            upd = convert_to_tensor(updates, dtype=base, name="updates")
        except (ValueError, TypeError):
            got = convert_to_tensor(updates).dtype.base_dtype
            raise TypeError(f"Input 'updates' of '{op_type}' Op has type {got.name} that does not match type "
                            f"{base.name} of argument 'ref'.") from None
        with g.colocate_with(ref_t.op):
            op = g.create_op(op_type, [ref_t, idx, upd], [ref_t.dtype], name=scope,
                             attrs={"T": base, "Tindices": idx.dtype.base_dtype, "use_locking": bool(use_locking)})
    return op._outputs[0]


def scatter_add(ref, indices, updates, use_locking=False, name=None):
    """`tf.scatter_add`: ref[indices[i]] += updates[i] in place (repeated indices add up)."""
    return _ref_op("ScatterAdd", ref, indices, updates, use_locking, name)


def scatter_sub(ref, indices, updates, use_locking=False, name=None):
    """`tf.scatter_sub`: ref[indices[i]] -= updates[i] in place."""
    return _ref_op("ScatterSub", ref, indices, updates, use_locking, name)


def scatter_mul(ref, indices, updates, use_locking=False, name=None):
    return _ref_op("ScatterMul", ref, indices, updates, use_locking, name)


def scatter_div(ref, indices, updates, use_locking=False, name=None):
    return _ref_op("ScatterDiv", ref, indices, updates, use_locking, name)


def scatter_min(ref, indices, updates, use_locking=False, name=None):
    return _ref_op("ScatterMin", ref, indices, updates, use_locking, name)


def scatter_max(ref, indices, updates, use_locking=False, name=None):
    return _ref_op("ScatterMax", ref, indices, updates, use_locking, name)


def scatter_nd_update(ref, indices, updates, use_locking=True, name=None):
    """`tf.scatter_nd_update`: ref[indices[i]] = updates[i], each index row a tuple into ref."""
    return _ref_op("ScatterNdUpdate", ref, indices, updates, use_locking, name)


def scatter_nd_add(ref, indices, updates, use_locking=False, name=None):
    return _ref_op("ScatterNdAdd", ref, indices, updates, use_locking, name)


def scatter_nd_sub(ref, indices, updates, use_locking=False, name=None):
    return _ref_op("ScatterNdSub", ref, indices, updates, use_locking, name)


def _tensor_op(op_type, tensor, indices, updates, name):
    return apply_op(op_type, name, [("tensor", tensor), ("indices", indices), ("updates", updates)],
                    same_type=("tensor", "updates"))._outputs[0]


def tensor_scatter_update(tensor, indices, updates, name=None):
    """`tf.tensor_scatter_update`: a copy of `tensor` with updates written at index tuples."""
    return _tensor_op("TensorScatterUpdate", tensor, indices, updates, name)


def tensor_scatter_add(tensor, indices, updates, name=None):
    return _tensor_op("TensorScatterAdd", tensor, indices, updates, name)


def tensor_scatter_sub(tensor, indices, updates, name=None):
    return _tensor_op("TensorScatterSub", tensor, indices, updates, name)


# -- gradients (TF 1.15's array_grad.py) --------------------------------------------------------
@RegisterGradient("TensorScatterUpdate")
def _TensorScatterUpdateGrad(op, grad):  # noqa: N802 - TF's names
    from . import array_ops as A
    from .split_gather_ops import gather_nd
    indices = op.inputs[1]
    updates_grad = gather_nd(grad, indices)
    tensor_grad = tensor_scatter_update(A.identity(grad), indices, A.zeros_like(op.inputs[2], dtype=grad.dtype))
    return [tensor_grad, None, updates_grad]


@RegisterGradient("TensorScatterAdd")
def _TensorScatterAddGrad(op, grad):  # noqa: N802
    from . import array_ops as A
    from .split_gather_ops import gather_nd
    return [A.identity(grad), None, gather_nd(grad, op.inputs[1])]


@RegisterGradient("TensorScatterSub")
def _TensorScatterSubGrad(op, grad):  # noqa: N802
    from . import array_ops as A
    from .math_ops import negative
    from .split_gather_ops import gather_nd
    return [A.identity(grad), None, negative(gather_nd(grad, op.inputs[1]))]


__all__ = ["scatter_add", "scatter_sub", "scatter_mul", "scatter_div", "scatter_min", "scatter_max",
           "scatter_nd_update", "scatter_nd_add", "scatter_nd_sub", "tensor_scatter_update", "tensor_scatter_add",
           "tensor_scatter_sub"]
