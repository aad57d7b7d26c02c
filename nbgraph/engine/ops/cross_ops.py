"""`SparseCross` with hashed output, as TF 1.15's `sparse_cross_hashed` builds it for
`feature_column.crossed_column`: every combination of one value per input (sparse inputs
first, then dense ones), fingerprinted (strings: FarmHash Fingerprint64, int64s: the value
itself), chained with FingerprintCat64 from `hash_key` and taken modulo `num_buckets`."""
from __future__ import annotations

import itertools

import numpy as np

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..graph import graph_of
from ..grad_registry import NotDifferentiable
from ..registry import register
from ..shapes import TensorShape
from .hash_ops import fingerprint64

__all__ = ["sparse_cross_hashed", "DEFAULT_HASH_KEY"]

DEFAULT_HASH_KEY = 0xDECAFCAFFE
_MASK = (1 << 64) - 1
_MUL = 0xc6a4a7935bd1e995


def _shift_mix(v: int) -> int:
    return v ^ (v >> 47)


def fingerprint_cat64(fp1: int, fp2: int) -> int:
    """TF's FingerprintCat64 (tensorflow/core/lib/hash/hash.h) on unsigned 64-bit ints."""
    result = fp1 ^ _MUL
    result ^= (_shift_mix((fp2 * _MUL) & _MASK) * _MUL) & _MASK
    result = (result * _MUL) & _MASK
    result = (_shift_mix(result) * _MUL) & _MASK
    return _shift_mix(result)


def _feature_hash(value) -> int:
    if isinstance(value, (bytes, str)):
        return fingerprint64(value if isinstance(value, bytes) else value.encode())
    return int(value) & _MASK


def _cross_kernel(op):
    n_sparse = int(op._attrs["N"])
    buckets, key = int(op._attrs["num_buckets"]), int(op._attrs["hash_key"])
    modulo = buckets if buckets > 0 else (1 << 63) - 1

    def k(ctx, *args):
        indices, values, shapes = args[:n_sparse], args[n_sparse:2 * n_sparse], args[2 * n_sparse:3 * n_sparse]
        dense = args[3 * n_sparse:]
        batch = int(shapes[0][0]) if n_sparse else np.asarray(dense[0]).shape[0]
        rows = []
        for b in range(batch):
            columns = [[v for (r, _), v in zip(np.asarray(ix), np.asarray(vals, dtype=object)) if r == b]
                       for ix, vals in zip(indices, values)]
            columns += [list(np.asarray(d, dtype=object)[b].reshape(-1)) for d in dense]
            crosses = []
            for combo in itertools.product(*columns):
                h = key
                for v in combo:
                    h = fingerprint_cat64(h, _feature_hash(v))
                crosses.append(h % modulo)
            rows.append(crosses)
        width = max((len(r) for r in rows), default=0)
        out_idx = np.array([[b, j] for b, r in enumerate(rows) for j in range(len(r))], np.int64).reshape(-1, 2)
        out_val = np.array([h for r in rows for h in r], np.int64)
        return out_idx, out_val, np.array([batch, width], np.int64)
    return k


register("SparseCross", "array", lambda op: [TensorShape([None, 2]), TensorShape([None]), TensorShape([2])],
         _cross_kernel, gpu=False, doc="crosses its sparse and dense inputs into hashed ids:")
NotDifferentiable("SparseCross")


def sparse_cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    """`tf.sparse.cross_hashed`: a SparseTensor of the hashed crosses of `inputs` (SparseTensors
    and dense `[batch, k]` tensors), `[batch, crosses]`."""
    from ..sparse_tensor import SparseTensor
    sparse = [i for i in inputs if isinstance(i, SparseTensor)]
    dense = [i for i in inputs if not isinstance(i, SparseTensor)]
    g = graph_of([t for s in sparse for t in (s.indices, s.values, s.dense_shape)] + dense)
    with g.as_default(), g.name_scope(name or "SparseCross") as scope:
        from .array_ops import cast
        values = [s.values if s.values.dtype == _dt.string else cast(s.values, _dt.int64) for s in sparse]
        dense = [d if (d := convert_to_tensor(x)).dtype == _dt.string else cast(d, _dt.int64) for x in dense]
        internal = _dt.int64 if any(t.dtype == _dt.int64 for t in values + dense) else _dt.string
        op = g.create_op("SparseCross", [s.indices for s in sparse] + values + [s.dense_shape for s in sparse] + dense,
                         [_dt.int64, _dt.int64, _dt.int64], name=scope,
                         attrs={"N": len(sparse), "hashed_output": True, "num_buckets": int(num_buckets),
                                "hash_key": int(DEFAULT_HASH_KEY if hash_key is None else hash_key),
                                "sparse_types": [v.dtype for v in values], "dense_types": [d.dtype for d in dense],
                                "out_type": _dt.int64, "internal_type": internal})
        return SparseTensor(op._outputs[0], op._outputs[1], op._outputs[2])
