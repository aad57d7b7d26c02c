"""The feature columns of `tf.feature_column` (TF 1.15's feature_column_v2 classes, with their
reprs): how a raw feature becomes a dense block of a model's input (`get_dense_tensor`), or a
batch of category ids (`get_ids`) that `indicator_column`, `embedding_column` and
`linear_model` turn into numbers.

Ids are kept as a dense `[batch, n]` int64 tensor with -1 for "no id" (TF keeps a SparseTensor);
the dense results equal TF's: one-hot sums, embedding means, per-bucket weights."""
from __future__ import annotations

import collections
import math

import numpy as np

from ..engine import dtypes as _dt
from ..engine import initializers as _init
from ..engine.ops import math_ops as _m
from ..engine.ops import reduce_ops as _r
from ..engine.ops.array_ops import cast, constant, expand_dims, reshape, shape
from ..engine.ops.index_ops import gather, one_hot, where
from ..engine.ops.nn_extra_ops import div_no_nan
from ..engine.tensor import Tensor


def _as_rank2(t: Tensor) -> Tensor:
    """A `[batch]` feature becomes `[batch, 1]`, as TF expands rank-1 inputs."""
    if t.get_shape().ndims == 1:
        return expand_dims(t, -1)
    return t


def _feature(features: dict, key: str) -> Tensor:
    from ..engine.convert import convert_to_tensor
    if key not in features:
        raise ValueError(f"Feature {key} is not in features dictionary.")
    return _as_rank2(convert_to_tensor(features[key]))


class NumericColumn(collections.namedtuple("NumericColumn", ["key", "shape", "default_value", "dtype",
                                                             "normalizer_fn"])):
    """Real-valued feature(s), cast to float32: a `[batch, prod(shape)]` block."""

    @property
    def name(self) -> str:
        return self.key

    @property
    def variable_shape(self) -> tuple:
        return tuple(self.shape)

    def num_elements(self) -> int:
        return int(np.prod(self.shape))

    def get_dense_tensor(self, features: dict) -> Tensor:
        t = _feature(features, self.key)
        if self.normalizer_fn is not None:
            t = self.normalizer_fn(t)
        return cast(t, _dt.float32)

    def __repr__(self):
        return (f"NumericColumn(key={self.key!r}, shape={self.shape!r}, default_value={self.default_value!r}, "
                f"dtype={self.dtype!r}, normalizer_fn={self.normalizer_fn!r})")


class BucketizedColumn(collections.namedtuple("BucketizedColumn", ["source_column", "boundaries"])):
    """A numeric column cut at `boundaries`: one-hot buckets in a dense input, ids in a linear model."""

    @property
    def name(self) -> str:
        return f"{self.source_column.name}_bucketized"

    @property
    def num_buckets(self) -> int:
        return (len(self.boundaries) + 1) * self.source_column.num_elements()

    def num_elements(self) -> int:
        return self.source_column.num_elements() * (len(self.boundaries) + 1)

    def _bucket_index(self, features):
        values = reshape(self.source_column.get_dense_tensor(features), [-1, self.source_column.num_elements()])
        bounds = constant(np.asarray(self.boundaries, np.float32))
        above = cast(_m.greater_equal(expand_dims(values, -1), bounds), _dt.int64)
        return _r.reduce_sum(above, -1)  # [batch, n]: bucket of each element

    def get_dense_tensor(self, features: dict) -> Tensor:
        return one_hot(self._bucket_index(features), len(self.boundaries) + 1, on_value=1.0, off_value=0.0)

    def get_ids(self, features: dict) -> Tensor:
        index = self._bucket_index(features)
        n = self.source_column.num_elements()
        offsets = constant(np.arange(n, dtype=np.int64) * (len(self.boundaries) + 1))
        return index + offsets

    def __repr__(self):
        return f"BucketizedColumn(source_column={self.source_column!r}, boundaries={self.boundaries!r})"


class VocabularyListCategoricalColumn(collections.namedtuple(
        "VocabularyListCategoricalColumn", ["key", "vocabulary_list", "dtype", "default_value", "num_oov_buckets"])):
    """Strings (or ints) looked up in a vocabulary; out-of-vocabulary ids are `default_value`
    (-1: none)."""

    name = property(lambda self: self.key)

    @property
    def num_buckets(self) -> int:
        return len(self.vocabulary_list) + self.num_oov_buckets

    def get_ids(self, features: dict) -> Tensor:
        t = _feature(features, self.key)
        if t.dtype.is_integer and self.dtype.is_integer:
            t = cast(t, _dt.int64)
            vocab = constant(np.asarray(self.vocabulary_list, np.int64))
        elif t.dtype == _dt.string and self.dtype == _dt.string:
            vocab = constant(np.asarray(self.vocabulary_list, object), dtype=_dt.string)
        else:
            raise ValueError(f"Column dtype and SparseTensors dtype must be compatible. key: {self.key}, "
                             f"column dtype: {self.dtype!r}, tensor dtype: {t.dtype!r}")
        hits = _m.equal(expand_dims(t, -1), vocab)
        found = _r.reduce_any(hits, -1)
        index = _r.argmax(cast(hits, _dt.int32), -1, output_type=_dt.int64)
        missing = _m.equal(t, constant("" if t.dtype == _dt.string else -1, dtype=t.dtype))
        ids = where(found, index, _m.multiply(cast(found, _dt.int64), 0) + self.default_value)
        return where(missing, _m.multiply(ids, 0) - 1, ids)

    def __repr__(self):
        return (f"VocabularyListCategoricalColumn(key={self.key!r}, vocabulary_list={self.vocabulary_list!r}, "
                f"dtype={self.dtype!r}, default_value={self.default_value!r}, "
                f"num_oov_buckets={self.num_oov_buckets!r})")


class IdentityCategoricalColumn(collections.namedtuple("IdentityCategoricalColumn",
                                                       ["key", "number_buckets", "default_value"])):
    """Integer features that are their own ids, in `[0, num_buckets)`."""

    name = property(lambda self: self.key)
    num_buckets = property(lambda self: self.number_buckets)

    def get_ids(self, features: dict) -> Tensor:
        t = _feature(features, self.key)
        if not t.dtype.is_integer:
            raise ValueError(f"Invalid input, not integer. key: {self.key} dtype: {t.dtype!r}")
        ids = cast(t, _dt.int64)
        if self.default_value is not None:
            out = _m.logical_or(_m.less(ids, 0), _m.greater_equal(ids, self.number_buckets))
            ids = where(out, _m.multiply(ids, 0) + self.default_value, ids)
        return ids

    def __repr__(self):
        return (f"IdentityCategoricalColumn(key={self.key!r}, number_buckets={self.number_buckets!r}, "
                f"default_value={self.default_value!r})")


class HashedCategoricalColumn(collections.namedtuple("HashedCategoricalColumn",
                                                     ["key", "hash_bucket_size", "dtype"])):
    """Strings (or ints, as their decimal text) hashed into `hash_bucket_size` ids (FarmHash, as TF)."""

    name = property(lambda self: self.key)
    num_buckets = property(lambda self: self.hash_bucket_size)

    def get_ids(self, features: dict) -> Tensor:
        from ..engine.ops.hash_ops import string_to_hash_bucket_fast
        from ..engine.ops.text_ops import as_string
        t = _feature(features, self.key)
        if t.dtype.is_integer:
            missing = _m.equal(t, constant(-1, dtype=t.dtype))
            t = as_string(t)
        elif t.dtype == _dt.string:
            missing = _m.equal(t, constant("", dtype=_dt.string))
        else:
            raise ValueError(f"Column dtype and SparseTensors dtype must be compatible. key: {self.key}, "
                             f"column dtype: {self.dtype!r}, tensor dtype: {t.dtype!r}")
        ids = string_to_hash_bucket_fast(t, self.hash_bucket_size, name="lookup")
        return where(missing, _m.multiply(ids, 0) - 1, ids)

    def __repr__(self):
        return (f"HashedCategoricalColumn(key={self.key!r}, hash_bucket_size={self.hash_bucket_size!r}, "
                f"dtype={self.dtype!r})")


class IndicatorColumn(collections.namedtuple("IndicatorColumn", ["categorical_column"])):
    """A categorical column as a multi-hot `[batch, num_buckets]` block (counts for repeats)."""

    @property
    def name(self) -> str:
        return f"{self.categorical_column.name}_indicator"

    def num_elements(self) -> int:
        return self.categorical_column.num_buckets

    def get_dense_tensor(self, features: dict) -> Tensor:
        ids = self.categorical_column.get_ids(features)
        return _r.reduce_sum(one_hot(ids, self.categorical_column.num_buckets, on_value=1.0, off_value=0.0), -2)

    def __repr__(self):
        return f"IndicatorColumn(categorical_column={self.categorical_column!r})"


class EmbeddingColumn(collections.namedtuple("EmbeddingColumn", [
        "categorical_column", "dimension", "combiner", "initializer", "ckpt_to_load_from", "tensor_name_in_ckpt",
        "max_norm", "trainable"])):
    """A categorical column through a trainable `[num_buckets, dimension]` table
    (`<scope>/<name>/embedding_weights`), its rows combined by `combiner` (mean by default)."""

    @property
    def name(self) -> str:
        return f"{self.categorical_column.name}_embedding"

    def num_elements(self) -> int:
        return self.dimension

    def get_dense_tensor(self, features: dict) -> Tensor:
        from ..engine.variables import get_variable
        weights = get_variable("embedding_weights", [self.categorical_column.num_buckets, self.dimension],
                               dtype=_dt.float32, initializer=self.initializer, trainable=self.trainable)
        ids = self.categorical_column.get_ids(features)
        valid = cast(_m.greater_equal(ids, 0), _dt.float32)
        rows = gather(weights, _m.maximum(ids, 0)) * expand_dims(valid, -1)
        total = _r.reduce_sum(rows, -2)
        if self.combiner == "sum":
            return total
        count = _r.reduce_sum(valid, -1, keepdims=True)
        if self.combiner == "sqrtn":
            count = _m.sqrt(count)
        return div_no_nan(total, count)

    def __repr__(self):
        return (f"EmbeddingColumn(categorical_column={self.categorical_column!r}, dimension={self.dimension!r}, "
                f"combiner={self.combiner!r}, initializer={self.initializer!r}, "
                f"ckpt_to_load_from={self.ckpt_to_load_from!r}, tensor_name_in_ckpt={self.tensor_name_in_ckpt!r}, "
                f"max_norm={self.max_norm!r}, trainable={self.trainable!r})")


# -- constructors, with TF 1.15's argument checks ------------------------------------------------
def numeric_column(key, shape=(1,), default_value=None, dtype=_dt.float32, normalizer_fn=None) -> NumericColumn:
    if not isinstance(key, str):
        raise ValueError(f"key must be a string. Given: {key}")
    shape = tuple(int(d) for d in ([shape] if isinstance(shape, int) else shape))
    for d in shape:
        if d < 1:
            raise ValueError(f"shape dimensions must be greater than 0. shape: {shape}, key: {key}")
    dtype = _dt.as_dtype(dtype)
    if not (dtype.is_integer or dtype.is_floating):
        raise ValueError(f"dtype must be convertible to float. dtype: {dtype!r}, key: {key}")
    if normalizer_fn is not None and not callable(normalizer_fn):
        raise TypeError(f"normalizer_fn must be a callable. Given: {normalizer_fn}")
    if default_value is not None:
        default_value = tuple(np.broadcast_to(np.asarray(default_value, dtype.as_numpy_dtype), shape).reshape(-1)
                              .tolist()) if np.ndim(default_value) or shape != (1,) else (default_value,)
    return NumericColumn(key, shape, default_value, dtype, normalizer_fn)


def bucketized_column(source_column, boundaries) -> BucketizedColumn:
    if not isinstance(source_column, NumericColumn):
        raise ValueError(f"source_column must be a column generated with numeric_column(). Given: {source_column}")
    if len(source_column.shape) > 1:
        raise ValueError(f"source_column must be one-dimensional column. Given: {source_column}")
    if not boundaries:
        raise ValueError(f"boundaries must not be empty. Given: {boundaries}")
    if not isinstance(boundaries, (list, tuple)):
        raise ValueError(f"boundaries must be a sorted list. Given: {boundaries}")
    for i in range(len(boundaries) - 1):
        if boundaries[i] >= boundaries[i + 1]:
            raise ValueError("boundaries must be a sorted list.")
    return BucketizedColumn(source_column, tuple(boundaries))


def categorical_column_with_vocabulary_list(key, vocabulary_list, dtype=None, default_value=-1,
                                            num_oov_buckets=0) -> VocabularyListCategoricalColumn:
    if vocabulary_list is None or len(vocabulary_list) < 1:
        raise ValueError(f"vocabulary_list {vocabulary_list} must be non-empty, column_name: {key}")
    if len(set(vocabulary_list)) != len(vocabulary_list):
        raise ValueError(f"Duplicate keys in vocabulary_list {vocabulary_list}, column_name: {key}")
    if num_oov_buckets:
        if default_value != -1:
            raise ValueError(f"Can't specify both num_oov_buckets and default_value in {key}.")
        raise NotImplementedError("num_oov_buckets needs string hashing (string_to_hash_bucket_fast), which "
                                  "nbgraph does not have yet")
    vocab_dtype = _dt.string if isinstance(vocabulary_list[0], str) else _dt.int64
    dtype = vocab_dtype if dtype is None else _dt.as_dtype(dtype)
    if dtype.is_integer != vocab_dtype.is_integer:
        raise ValueError(f"dtype {dtype!r} and vocabulary dtype {vocab_dtype!r} do not match, column_name: {key}")
    return VocabularyListCategoricalColumn(key, tuple(vocabulary_list), dtype, default_value, 0)


def categorical_column_with_identity(key, num_buckets, default_value=None) -> IdentityCategoricalColumn:
    if num_buckets < 1:
        raise ValueError(f"num_buckets {num_buckets} < 1, column_name {key}")
    if default_value is not None and (default_value < 0 or default_value >= num_buckets):
        raise ValueError(f"default_value {default_value} not in range [0, {num_buckets}), column_name {key}")
    return IdentityCategoricalColumn(key, int(num_buckets), default_value)


def categorical_column_with_hash_bucket(key, hash_bucket_size, dtype=_dt.string) -> HashedCategoricalColumn:
    if hash_bucket_size is None:
        raise ValueError(f"hash_bucket_size must be set. key: {key}")
    if hash_bucket_size < 1:
        raise ValueError(f"hash_bucket_size must be at least 1. hash_bucket_size: {hash_bucket_size}, key: {key}")
    dtype = _dt.as_dtype(dtype)
    if dtype != _dt.string and not dtype.is_integer:
        raise ValueError(f"column_name: {key} dtype must be string or integer. dtype: {dtype}.")
    return HashedCategoricalColumn(key, int(hash_bucket_size), dtype)


_CATEGORICAL = (VocabularyListCategoricalColumn, IdentityCategoricalColumn, BucketizedColumn, HashedCategoricalColumn)


def _is_categorical(column) -> bool:
    from .crossed import CrossedColumn
    return isinstance(column, _CATEGORICAL + (CrossedColumn,))


def indicator_column(categorical_column) -> IndicatorColumn:
    if not _is_categorical(categorical_column):
        raise ValueError(f"Unsupported input type. Input must be a CategoricalColumn. Given: {categorical_column}")
    return IndicatorColumn(categorical_column)


def embedding_column(categorical_column, dimension, combiner="mean", initializer=None, ckpt_to_load_from=None,
                     tensor_name_in_ckpt=None, max_norm=None, trainable=True) -> EmbeddingColumn:
    if dimension is None or dimension < 1:
        raise ValueError(f"Invalid dimension {dimension}.")
    if (ckpt_to_load_from is None) != (tensor_name_in_ckpt is None):
        raise ValueError("Must specify both `ckpt_to_load_from` and `tensor_name_in_ckpt` or none of them.")
    if initializer is not None and not callable(initializer):
        raise ValueError(f"initializer must be callable if specified. Embedding of column_name: "
                         f"{categorical_column.name}")
    if combiner not in ("mean", "sqrtn", "sum"):
        raise ValueError(f"combiner must be one of 'mean', 'sqrtn' or 'sum', given {combiner!r}")
    if initializer is None:
        initializer = _init.truncated_normal_initializer(mean=0.0, stddev=1 / math.sqrt(dimension))
    return EmbeddingColumn(categorical_column, dimension, combiner, initializer, ckpt_to_load_from,
                           tensor_name_in_ckpt, max_norm, trainable)
