"""Splitting and indexing by coordinates: `split` (`Split` for a count, `SplitV` for sizes),
`gather_nd` (`GatherNd`) and `scatter_update` (`ScatterUpdate` on a reference variable)."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor
from ..errors import FailedPreconditionError
from ..graph import graph_of
from ..registry import register
from ..shapes import Dimension, TensorShape, unknown_shape
from .common import KernelError, fmt_shape, shape_error


# -- Split / SplitV ----------------------------------------------------------------------------
def _split_shape(op):
    n = op._attrs["num_split"]
    s = op._inputs[1]._shape
    axis = constant_value(op._inputs[0])
    if s.ndims is None or axis is None:
        return [unknown_shape(s.ndims) for _ in range(n)]
    axis = int(axis)
    if not -s.ndims <= axis < s.ndims:
        raise shape_error(op, f"Dimension must be in range [{-s.ndims}, {s.ndims}), but is {axis}", [0])
    axis %= s.ndims
    dims = s.as_list()
    d = dims[axis]
    if d is not None and d % n:
        raise shape_error(op, f"Dimension size must be evenly divisible by {n} but is {d}", [0])
    dims[axis] = None if d is None else d // n
    return [TensorShape(dims) for _ in range(n)]


def _split_kernel(op):
    n = op._attrs["num_split"]

    def k(ctx, axis, x):
        a = int(axis)
        if np.shape(x)[a] % n:
            raise KernelError(f"Number of ways to split should evenly divide the split dimension, but got "
                              f"split_dim {a % np.ndim(x)} (size = {np.shape(x)[a]}) and num_split {n}")
        parts = np.split(x, n, axis=a)
        return parts[0] if n == 1 else tuple(parts)  # one output: the executor takes it bare
    return k


def _splitv_sizes(sizes, total):
    sizes = [int(v) for v in sizes]
    if sizes.count(-1) > 1:
        return None, "Only one dimensions can have a value of -1. Second one found at dimension " \
                     f"{[i for i, v in enumerate(sizes) if v == -1][1]}"
    known = sum(v for v in sizes if v != -1)
    if -1 in sizes:
        if total is not None and known > total:
            return None, None
        sizes[sizes.index(-1)] = None if total is None else total - known
    elif total is not None and known != total:
        return None, None
    return sizes, None


_SPLITV_MISMATCH = ("Determined shape must either match input shape along split_dim exactly if fully specified, "
                    "or be less than the size of the input along split_dim if not fully specified.  Got: {}")


def _splitv_shape(op):
    n = op._attrs["num_split"]
    s = op._inputs[0]._shape
    sizes = constant_value(op._inputs[1])
    axis = constant_value(op._inputs[2])
    if s.ndims is None or axis is None or sizes is None:
        return [unknown_shape(s.ndims) for _ in range(n)]
    axis = int(axis) % s.ndims
    dims = s.as_list()
    got, err = _splitv_sizes(np.reshape(sizes, -1), dims[axis])
    if err:
        raise shape_error(op, err, [1, 2])
    if got is None:
        raise shape_error(op, _SPLITV_MISMATCH.format(int(np.sum(sizes))), [1, 2])
    return [TensorShape(dims[:axis] + [d] + dims[axis + 1:]) for d in got]


def _splitv_kernel(op):
    def k(ctx, x, sizes, axis):
        a = int(axis) % np.ndim(x)
        got, err = _splitv_sizes(np.reshape(sizes, -1), np.shape(x)[a])
        if err or got is None:
            raise KernelError(err or _SPLITV_MISMATCH.format(int(np.sum(sizes))))
        parts = np.split(x, np.cumsum(got)[:-1], axis=a)
        return parts[0] if len(parts) == 1 else tuple(parts)
    return k


register("Split", "array", _split_shape, _split_kernel, doc="splits into equal parts")
register("SplitV", "array", _splitv_shape, _splitv_kernel, doc="splits into parts of given sizes")


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """`num_or_size_splits` an int: `Split` into that many equal parts; a list/tensor of sizes:
    `SplitV` (one size may be -1). Returns a list of tensors."""
    if isinstance(num_or_size_splits, (int, np.integer, Dimension)) and not isinstance(num_or_size_splits, bool):
        n = int(num_or_size_splits.value if isinstance(num_or_size_splits, Dimension) else num_or_size_splits)
        g = graph_of([value, axis])
        with g.as_default(), g.name_scope(name) as scope:
            split_dim = convert_to_tensor(axis, dtype=_dt.int32, name="split_dim")
            value = convert_to_tensor(value, name="value")
            op = g.create_op("Split", [split_dim, value], [value.dtype.base_dtype] * n, name=scope,
                             attrs={"num_split": n})
        return list(op._outputs)
    size_splits = convert_to_tensor(num_or_size_splits)
    if size_splits.shape.ndims == 0:
        raise ValueError("Rank-0 tensors are not supported as the num_or_size_splits argument to split. "
                         f"Argument provided: {num_or_size_splits}")
    if num is None:
        num = size_splits.shape.as_list()[0] if size_splits.shape.ndims else None
        if num is None:
            raise ValueError(f"Cannot infer num from shape {num_or_size_splits}")
    g = graph_of([value, size_splits, axis])
    with g.as_default(), g.name_scope(name) as scope:
        value = convert_to_tensor(value, name="value")
        split_dim = convert_to_tensor(axis, dtype=_dt.int32, name="split_dim")
        op = g.create_op("SplitV", [value, size_splits, split_dim], [value.dtype.base_dtype] * num, name=scope,
                         attrs={"num_split": num})
    return list(op._outputs)


# -- GatherNd --------------------------------------------------------------------------------
def _gather_nd_shape(op):
    p, i = op._inputs[0]._shape, op._inputs[1]._shape
    if i.ndims is not None and i.ndims < 1:
        raise shape_error(op, "Shape must be at least rank 1 but is rank 0")
    if p.ndims is None or i.ndims is None or i.as_list()[-1] is None:
        return [unknown_shape()]
    k = i.as_list()[-1]
    if k > p.ndims:
        raise shape_error(op, f"indices.shape[-1] must be <= params.rank, but saw indices shape: "
                              f"{fmt_shape(i)} and params shape: {fmt_shape(p)}")
    return [TensorShape(i.as_list()[:-1] + p.as_list()[k:])]


def _gather_nd_kernel(op):
    def k(ctx, params, indices):
        idx = np.asarray(indices)
        depth = idx.shape[-1]
        flat = idx.reshape(-1, depth)
        bounds = np.array(params.shape[:depth])
        bad = np.nonzero(np.any((flat < 0) | (flat >= bounds), axis=1))[0]
        if bad.size:
            j = int(bad[0])
            where = ",".join(str(int(v)) for v in np.unravel_index(j, idx.shape[:-1])) if idx.ndim > 1 else str(j)
            raise KernelError(f"indices[{where}] = [{', '.join(str(int(v)) for v in flat[j])}] does not index into "
                              f"param shape {fmt_shape(TensorShape(params.shape))}")
        out = params[tuple(flat.T)] if depth else np.broadcast_to(params, (len(flat),) + params.shape)
        return np.asarray(out).reshape(idx.shape[:-1] + params.shape[depth:])
    return k


register("GatherNd", "array", _gather_nd_shape, _gather_nd_kernel, doc="gathers slices at coordinates from")


def gather_nd(params, indices, name=None, batch_dims=0):
    if batch_dims:
        raise NotImplementedError("gather_nd with batch_dims is not supported by nbgraph")
    return apply_op("GatherNd", name, [("params", params), ("indices", indices)], same_type=("params",),
                    attrs={"batch_dims": 0})._outputs[0]


# -- ScatterNd (GatherNd's gradient) ------------------------------------------------------------
def _scatter_nd_shape(op):
    from ..convert import constant_value as _cv
    v = _cv(op._inputs[2])
    return [unknown_shape(op._inputs[2]._shape[0].value if op._inputs[2]._shape.ndims == 1 else None)
            if v is None else TensorShape([int(d) for d in v])]


def _scatter_nd_kernel(op):
    def k(ctx, indices, updates, shape):
        out = np.zeros(tuple(int(d) for d in shape), updates.dtype)
        idx = np.asarray(indices)
        depth = idx.shape[-1]
        flat = idx.reshape(-1, depth)
        bad = np.nonzero(((flat < 0) | (flat >= np.asarray(out.shape[:depth]))).any(axis=1))[0]
        if bad.size:
            raise KernelError(f"indices[{int(bad[0])}] = [{', '.join(str(int(v)) for v in flat[bad[0]])}] does not "
                              f"index into shape [{','.join(str(d) for d in out.shape)}]")
        upd = np.reshape(updates, (len(flat),) + out.shape[depth:])
        np.add.at(out, tuple(flat.T), upd)  # repeated indices add up, as TF's ScatterNd
        return out
    return k


register("ScatterNd", "array", _scatter_nd_shape, _scatter_nd_kernel, doc="scatters (adding) updates into zeros at")


def scatter_nd(indices, updates, shape, name=None):
    return apply_op("ScatterNd", name, [("indices", indices), ("updates", updates), ("shape", shape)],
                    same_type=("updates",))._outputs[0]


# -- ScatterUpdate ---------------------------------------------------------------------------
def _scatter_shape(op):
    ref, idx, upd = (t._shape for t in op._inputs)
    if ref.ndims is not None and idx.ndims is not None and upd.ndims is not None:
        want = TensorShape(idx.as_list() + ref.as_list()[1:])
        if not want.is_compatible_with(upd):
            raise shape_error(op, f"Shapes must be equal rank, but are {upd.ndims} and {want.ndims}"
                              if want.ndims != upd.ndims else
                              f"Dimensions must be equal, but are {upd.as_list()} and {want.as_list()}")
    return [ref]


def _scatter_kernel(op):
    var = op._inputs[0]._op

    def k(ctx, indices, updates):
        try:
            cur = ctx.variables[var]
        except KeyError:
            raise KernelError(f"Attempting to use uninitialized value {var.name}", FailedPreconditionError) from None
        n = cur.shape[0]
        flat = np.reshape(indices, -1)
        bad = np.nonzero((flat < 0) | (flat >= n))[0]
        if bad.size:
            raise KernelError(f"indices[{int(bad[0])}] = {int(flat[bad[0]])} is not in [0, {n})")
        cur[np.asarray(indices)] = updates  # in place, as TF's ScatterUpdate on the variable's buffer
        return cur
    return k


register("ScatterUpdate", "state", _scatter_shape, _scatter_kernel, ref_inputs=(0,), stateful=True,
         doc="writes rows into")


def scatter_update(ref, indices, updates, use_locking=True, name=None):
    from ..variables import RefVariable
    from .state_ops import _ref_tensor
    if not isinstance(ref, RefVariable) and not getattr(getattr(ref, "dtype", None), "is_ref_dtype", False):
        # TF 1.x: a non-ref input takes the resource-variable path, which a Tensor lacks
        raise AttributeError(f"'{type(ref).__name__}' object has no attribute '_lazy_read'")
    ref_t = _ref_tensor(ref, "ScatterUpdate")
    g = ref_t.graph
    base = ref_t.dtype.base_dtype
    with g.as_default(), g.name_scope(name or "ScatterUpdate") as scope:
        idx = convert_to_tensor(indices, name="indices")
        if idx.dtype.base_dtype not in (_dt.int32, _dt.int64):
            raise TypeError(f"Value passed to parameter 'indices' has DataType {idx.dtype.base_dtype.name} not in "
                            "list of allowed values: int32, int64")
        try:
            upd = convert_to_tensor(updates, dtype=base, name="updates")
        except ValueError:
            got = convert_to_tensor(updates).dtype.base_dtype
            raise TypeError(f"Input 'updates' of 'ScatterUpdate' Op has type {got.name} that does not match type "
                            f"{base.name} of argument 'ref'.") from None
        with g.colocate_with(ref_t.op):
            op = g.create_op("ScatterUpdate", [ref_t, idx, upd], [ref_t.dtype], name=scope,
                             attrs={"use_locking": bool(use_locking)})
    return op._outputs[0]


__all__ = ["split", "gather_nd", "scatter_update", "scatter_nd"]
