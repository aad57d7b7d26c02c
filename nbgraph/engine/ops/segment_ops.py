"""Grouping ops: `tf.unique`, the sorted `tf.segment_sum/mean/max/min/prod`, the unsorted
`tf.unsorted_segment_max/min/prod` (`UnsortedSegmentSum` lives with the gradient helpers), their
Python composites `unsorted_segment_mean/sqrt_n`, `tf.dynamic_partition` and `tf.bincount`.
TF 1.15's op types, attrs and kernel error texts."""
from __future__ import annotations

import collections

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor
from ..graph import graph_of
from ..shapes import TensorShape, unknown_shape
from ..registry import register
from .common import KernelError, shape_error

__all__ = ["unique", "unique_with_counts", "segment_sum", "segment_mean", "segment_max", "segment_min",
           "segment_prod", "unsorted_segment_max", "unsorted_segment_min", "unsorted_segment_prod",
           "unsorted_segment_mean", "unsorted_segment_sqrt_n", "dynamic_partition", "bincount"]

_INDEX = (_dt.int32, _dt.int64)


# -- Unique ---------------------------------------------------------------------------------------
def _unique_shape(op):
    x = op._inputs[0]._shape
    if x.ndims is not None and x.ndims != 1:
        raise shape_error(op, f"Shape must be rank 1 but is rank {x.ndims}", tensors=(0,))
    return [TensorShape([None]), x if x.ndims is not None else TensorShape([None])] + \
        ([TensorShape([None])] if op.type == "UniqueWithCounts" else [])


def _unique_kernel(op):
    idx_dtype = op._attrs["out_idx"].as_numpy_dtype
    counts = op.type == "UniqueWithCounts"

    def k(ctx, x):
        if np.ndim(x) != 1:
            raise KernelError(f"unique expects a 1D vector.")
        _, first, inverse, n = np.unique(x, return_index=True, return_inverse=True, return_counts=True)
        order = np.argsort(first, kind="stable")  # TF keeps the order of first appearance
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        y = np.asarray(x)[first[order]]
        idx = rank[inverse.reshape(-1)].astype(idx_dtype)
        return (y, idx, n[order].astype(idx_dtype)) if counts else (y, idx)
    return k


register("Unique", "array", _unique_shape, _unique_kernel, doc="lists the distinct values of")
register("UniqueWithCounts", "array", _unique_shape, _unique_kernel, doc="lists and counts the distinct values of")


# TF returns its op outputs as namedtuples: `tf.unique(x).y`, `.idx`, `.count`
Unique = collections.namedtuple("Unique", ["y", "idx"])
UniqueWithCounts = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])


def _unique(op_type, x, out_idx, name):
    out_idx = _dt.as_dtype(out_idx)
    g = graph_of([x])
    with g.as_default(), g.name_scope(name or op_type) as scope:
        x = convert_to_tensor(x, name="x")
        n_out = 3 if op_type == "UniqueWithCounts" else 2
        op = g.create_op(op_type, [x], [x.dtype.base_dtype] + [out_idx] * (n_out - 1), name=scope,
                         attrs={"out_idx": out_idx})
    return (UniqueWithCounts if n_out == 3 else Unique)(*op._outputs)


def unique(x, out_idx=_dt.int32, name=None):
    """`tf.unique(x)`: (y, idx) — the distinct values in order of first appearance, and where each
    element of x went."""
    return _unique("Unique", x, out_idx, name)


def unique_with_counts(x, out_idx=_dt.int32, name=None):
    return _unique("UniqueWithCounts", x, out_idx, name)


def _lowest_or_highest(op_type: str, dtype):
    """numeric_limits<T>::lowest() for a max, max() for a min: an empty unsorted segment's value."""
    info = np.finfo(dtype) if np.dtype(dtype).kind == "f" else np.iinfo(dtype)
    return info.min if op_type.endswith("Max") else info.max


# -- sorted segment reductions ----------------------------------------------------------------------
def _segment_shape(op):
    data, ids = op._inputs[0]._shape, op._inputs[1]._shape
    if ids.ndims is not None and ids.ndims != 1:
        raise shape_error(op, f"Shape must be rank 1 but is rank {ids.ndims}", tensors=(1,))
    if data.ndims is None:
        return [unknown_shape()]
    if data.ndims == 0:
        raise shape_error(op, "Shape must be at least rank 1 but is rank 0", tensors=(0,))
    return [TensorShape([None] + data.as_list()[1:])]  # TF does not read constant segment ids


_SEGMENT = {"SegmentSum": (np.add, 0), "SegmentProd": (np.multiply, 1),
            "SegmentMax": (np.maximum, None), "SegmentMin": (np.minimum, None), "SegmentMean": (np.add, 0)}


def _segment_kernel(op):
    ufunc, empty = _SEGMENT[op.type]

    def k(ctx, data, ids):
        ids = np.asarray(ids).reshape(-1)
        if ids.size != np.shape(data)[0]:
            raise KernelError(f"segment_ids should be the same size as dimension 0 of input.")
        if ids.size and (np.any(np.diff(ids) < 0) or ids[0] < 0):
            bad = int(np.argmax(np.diff(ids) < 0)) + 1 if np.any(np.diff(ids) < 0) else 0
            raise KernelError(f"segment ids are not increasing" if bad else f"segment ids must be >= 0")
        n = int(ids[-1]) + 1 if ids.size else 0
        data = np.asarray(data)
        out = np.full((n,) + data.shape[1:], _lowest_or_highest(op.type, data.dtype) if empty is None else empty,
                      dtype=data.dtype)
        ufunc.at(out, ids, data)
        counts = np.bincount(ids, minlength=n).reshape((n,) + (1,) * (data.ndim - 1))
        if empty is None:  # an empty segment of max/min is 0 (TF's sorted segment ops)
            out = np.where(counts == 0, np.zeros((), data.dtype), out)
        if op.type == "SegmentMean":
            out = (out / np.maximum(counts, 1)).astype(data.dtype)
        return out
    return k


for _t in _SEGMENT:
    register(_t, "array", _segment_shape, _segment_kernel, doc="reduces the rows that share a sorted segment id of")


def _segment(op_type, data, segment_ids, name):
    return apply_op(op_type, name, [("data", data), ("segment_ids", segment_ids)],
                    same_type=("data",))._outputs[0]


def segment_sum(data, segment_ids, name=None):
    return _segment("SegmentSum", data, segment_ids, name)


def segment_mean(data, segment_ids, name=None):
    return _segment("SegmentMean", data, segment_ids, name)


def segment_max(data, segment_ids, name=None):
    return _segment("SegmentMax", data, segment_ids, name)


def segment_min(data, segment_ids, name=None):
    return _segment("SegmentMin", data, segment_ids, name)


def segment_prod(data, segment_ids, name=None):
    return _segment("SegmentProd", data, segment_ids, name)


# -- unsorted segment reductions ----------------------------------------------------------------------
def _unsorted_shape(op):
    data, ids, n = op._inputs[0]._shape, op._inputs[1]._shape, constant_value(op._inputs[2])
    if data.ndims is None or ids.ndims is None:
        return [unknown_shape()]
    return [TensorShape([None if n is None else int(n)] + data.as_list()[ids.ndims:])]


_UNSORTED = {"UnsortedSegmentMax": np.maximum, "UnsortedSegmentMin": np.minimum, "UnsortedSegmentProd": np.multiply}


def _unsorted_kernel(op):
    ufunc = _UNSORTED[op.type]

    def k(ctx, data, ids, n):
        data, ids, n = np.asarray(data), np.asarray(ids), int(n)
        if np.any(ids >= n):
            i = int(np.argmax(ids.reshape(-1) >= n))
            raise KernelError(f"segment_ids[{i}] = {int(ids.reshape(-1)[i])} is out of range [0, {n})")
        fill = 1 if op.type == "UnsortedSegmentProd" else _lowest_or_highest(op.type, data.dtype)
        out = np.full((n,) + data.shape[ids.ndim:], fill, dtype=data.dtype)
        flat_ids = ids.reshape(-1)
        keep = flat_ids >= 0
        ufunc.at(out, flat_ids[keep], data.reshape((-1,) + data.shape[ids.ndim:])[keep])
        return out
    return k


for _t in _UNSORTED:
    register(_t, "array", _unsorted_shape, _unsorted_kernel, doc="reduces the entries that share a segment id of")


def _unsorted(op_type, data, segment_ids, num_segments, name):
    return apply_op(op_type, name, [("data", data), ("segment_ids", segment_ids), ("num_segments", num_segments)],
                    same_type=("data",))._outputs[0]


def unsorted_segment_max(data, segment_ids, num_segments, name=None):
    return _unsorted("UnsortedSegmentMax", data, segment_ids, num_segments, name)


def unsorted_segment_min(data, segment_ids, num_segments, name=None):
    return _unsorted("UnsortedSegmentMin", data, segment_ids, num_segments, name)


def unsorted_segment_prod(data, segment_ids, num_segments, name=None):
    return _unsorted("UnsortedSegmentProd", data, segment_ids, num_segments, name)


def _unsorted_segment_n(data, segment_ids, num_segments, scope_name, sqrt, name):
    from . import array_ops as A
    from . import math_ops as M
    from .grad_ops import unsorted_segment_sum
    g = graph_of([data, segment_ids, num_segments])
    with g.as_default(), g.name_scope(name or scope_name):
        data = convert_to_tensor(data, name="data")
        segment_ids = convert_to_tensor(segment_ids, name="segment_ids")
        ones = A.ones(A.shape(segment_ids), dtype=data.dtype)
        n = unsorted_segment_sum(ones, segment_ids, num_segments)
        n = M.maximum(n, 1)
        extra = A.ones(A.expand_dims(A.rank(data) - A.rank(segment_ids), 0), dtype=_dt.int32)
        n = A.reshape(n, A.concat([A.shape(n), extra], 0))
        total = unsorted_segment_sum(data, segment_ids, num_segments)
        return M.truediv(total, M.sqrt(n) if sqrt else n)


def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    return _unsorted_segment_n(data, segment_ids, num_segments, "UnsortedSegmentMean", False, name)


def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    return _unsorted_segment_n(data, segment_ids, num_segments, "UnsortedSegmentSqrtN", True, name)


# -- DynamicPartition -----------------------------------------------------------------------------
def _partition_shape(op):
    data, parts = op._inputs[0]._shape, op._inputs[1]._shape
    n = op._attrs["num_partitions"]
    if data.ndims is None or parts.ndims is None:
        return [unknown_shape() for _ in range(n)]
    return [TensorShape([None] + data.as_list()[parts.ndims:]) for _ in range(n)]


def _partition_kernel(op):
    n = op._attrs["num_partitions"]

    def k(ctx, data, partitions):
        data, partitions = np.asarray(data), np.asarray(partitions)
        if data.shape[:partitions.ndim] != partitions.shape:
            raise KernelError(f"data.shape must start with partitions.shape, got data.shape = "
                              f"[{','.join(map(str, data.shape))}], partitions.shape = "
                              f"[{','.join(map(str, partitions.shape))}]")
        flat_p = partitions.reshape(-1)
        bad = (flat_p < 0) | (flat_p >= n)
        if np.any(bad):
            i = int(np.argmax(bad))
            raise KernelError(f"partitions[{i}] = {int(flat_p[i])} is not in [0, {n})")
        flat = data.reshape((-1,) + data.shape[partitions.ndim:])
        return tuple(flat[flat_p == i] for i in range(n))
    return k


register("DynamicPartition", "array", _partition_shape, _partition_kernel, doc="splits by partition index")


def dynamic_partition(data, partitions, num_partitions, name=None) -> list:
    if not isinstance(num_partitions, int) or num_partitions < 1:
        raise ValueError(f"Attr 'num_partitions' of 'DynamicPartition' Op passed {num_partitions} less than "
                         f"minimum 1.")
    g = graph_of([data, partitions])
    with g.as_default(), g.name_scope(name or "DynamicPartition") as scope:
        data = convert_to_tensor(data, name="data")
        partitions = convert_to_tensor(partitions, name="partitions", dtype=_dt.int32)
        op = g.create_op("DynamicPartition", [data, partitions], [data.dtype.base_dtype] * num_partitions,
                         name=scope, attrs={"num_partitions": num_partitions})
    return list(op._outputs)


# -- Bincount ----------------------------------------------------------------------------------------
def _bincount_kernel(op):
    def k(ctx, arr, size, weights):
        arr = np.asarray(arr).reshape(-1)
        if np.any(arr < 0):
            raise KernelError(f"Input arr must be non-negative!")
        size = int(size)
        if size < 0:
            raise KernelError(f"Input size should be >= 0, got {size}")
        w = np.asarray(weights).reshape(-1)
        kept = arr < size
        out = np.zeros(size, dtype=w.dtype)
        np.add.at(out, arr[kept], w[kept] if w.size else 1)
        return out
    return k


register("Bincount", "array", lambda op: [TensorShape([None])], _bincount_kernel, gpu=False,
         doc="counts the occurrences of each value of")


def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=_dt.int32, name=None):
    """`tf.bincount`: counts of each value in `arr` (weighted sums with `weights`), of length
    max(arr) + 1, at least `minlength` and at most `maxlength`."""
    from . import array_ops as A
    from . import math_ops as M
    from . import reduce_ops as R
    g = graph_of([arr] + ([weights] if weights is not None else []))
    with g.as_default(), g.name_scope(name or "bincount"):
        arr = convert_to_tensor(arr, name="arr", dtype=_dt.int32)
        array_is_nonempty = M.greater(R.reduce_prod(A.shape(arr)), 0)
        output_size = M.multiply(A.cast(array_is_nonempty, _dt.int32), M.add(R.reduce_max(arr), 1))
        if minlength is not None:
            output_size = M.maximum(convert_to_tensor(minlength, name="minlength", dtype=_dt.int32), output_size)
        if maxlength is not None:
            output_size = M.minimum(convert_to_tensor(maxlength, name="maxlength", dtype=_dt.int32), output_size)
        if weights is not None:  # TF 1.15 sums the weights per value with UnsortedSegmentSum
            from .grad_ops import unsorted_segment_sum
            weights = convert_to_tensor(weights, name="weights")
            return unsorted_segment_sum(weights, arr, output_size)
        weights = A.constant([], dtype=_dt.as_dtype(dtype))
        return g.create_op("Bincount", [arr, output_size, weights], [weights.dtype.base_dtype],
                           name="Bincount")._outputs[0]
