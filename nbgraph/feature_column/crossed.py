"""`tf.feature_column.crossed_column`: the hashed cross of raw string/int features and
categorical columns (`SparseCross`, TF's hashing), as ids for indicator, embedding and linear
columns. Raw features enter the cross as they are (dense, '' included); categorical columns'
ids as a SparseTensor of their valid ids; the crosses come back as `[batch, n]` ids, -1 padded."""
from __future__ import annotations

import collections

from ..engine import dtypes as _dt
from ..engine.ops import math_ops as _m
from ..engine.ops.array_ops import cast, shape
from ..engine.tensor import Tensor
from . import columns as fc


def _as_sparse(ids: Tensor):
    """Dense `[batch, n]` ids, -1 = none, as the SparseTensor TF would carry."""
    from ..engine.ops.index_ops import where
    from ..engine.ops.split_gather_ops import gather_nd
    from ..engine.sparse_tensor import SparseTensor
    indices = where(_m.greater_equal(ids, 0))
    return SparseTensor(indices, gather_nd(ids, indices), cast(shape(ids), _dt.int64))


class CrossedColumn(collections.namedtuple("CrossedColumn", ["keys", "hash_bucket_size", "hash_key"])):
    """Every combination of the keys' values, hashed into `hash_bucket_size` ids."""

    @property
    def name(self) -> str:
        return "_X_".join(sorted(k if isinstance(k, str) else k.name for k in self.keys))

    num_buckets = property(lambda self: self.hash_bucket_size)

    def get_ids(self, features: dict) -> Tensor:
        from ..engine.ops.cross_ops import sparse_cross_hashed
        from ..engine.ops.sparse_ops import sparse_to_dense
        inputs = [fc._feature(features, k) if isinstance(k, str) else _as_sparse(k.get_ids(features))
                  for k in self.keys]
        crossed = sparse_cross_hashed(inputs, num_buckets=self.hash_bucket_size, hash_key=self.hash_key)
        return sparse_to_dense(crossed.indices, crossed.dense_shape, crossed.values, default_value=-1)

    def __repr__(self):
        return f"CrossedColumn(keys={self.keys!r}, hash_bucket_size={self.hash_bucket_size!r}, hash_key={self.hash_key!r})"


def crossed_column(keys, hash_bucket_size, hash_key=None) -> CrossedColumn:
    if not hash_bucket_size or hash_bucket_size < 1:
        raise ValueError(f"hash_bucket_size must be > 1. hash_bucket_size: {hash_bucket_size}")
    if not keys or len(keys) < 2:
        raise ValueError(f"keys must be a list with length > 1. Given: {keys}")
    for key in keys:
        if not isinstance(key, (str,) + fc._CATEGORICAL + (CrossedColumn,)):
            raise ValueError("Unsupported key type. All keys must be either string, or categorical column except "
                             f"HashedCategoricalColumn. Given: {key}")
        if isinstance(key, fc.HashedCategoricalColumn):
            raise ValueError("categorical_column_with_hash_bucket is not supported for crossing. Hashing before "
                             "crossing will increase probability of collision. Instead, use the feature name as a "
                             f"string. Given: {key}")
        if isinstance(key, CrossedColumn):
            raise NotImplementedError("nbgraph does not cross crossed columns yet: list their keys instead")
    return CrossedColumn(tuple(keys), int(hash_bucket_size), hash_key)
