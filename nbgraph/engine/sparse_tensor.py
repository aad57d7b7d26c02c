"""`tf.SparseTensor`: three tensors (int64 `indices` [N, rank], `values` [N], int64
`dense_shape` [rank]) that stand for one tensor holding `values` at `indices` and zeros elsewhere.
`Session.run` returns a `SparseTensorValue` for it, and a `SparseTensor` feed key takes a
`SparseTensorValue` (or an (indices, values, dense_shape) tuple), as in TF 1.x."""
from __future__ import annotations

import collections

import numpy as np

from . import dtypes as _dt
from .convert import constant_value, convert_to_tensor
from .graph import get_default_graph, graph_of
from .shapes import TensorShape, unknown_shape
from .tensor import Tensor

__all__ = ["SparseTensor", "SparseTensorValue", "sparse_placeholder"]

SparseTensorValue = collections.namedtuple("SparseTensorValue", ["indices", "values", "dense_shape"])


class SparseTensor:
    """`tf.SparseTensor(indices, values, dense_shape)`."""

    def __init__(self, indices, values, dense_shape):
        g = graph_of([indices, values, dense_shape])
        with g.as_default(), g.name_scope(None), g.name_scope("SparseTensor"):
            self._indices = convert_to_tensor(indices, name="indices", dtype=_dt.int64)
            self._values = convert_to_tensor(values, name="values")
            self._dense_shape = convert_to_tensor(dense_shape, name="dense_shape", dtype=_dt.int64)
        self._indices.get_shape().with_rank(2)
        self._values.get_shape().with_rank(1)
        self._dense_shape.get_shape().with_rank(1)

    @classmethod
    def from_value(cls, value):
        if isinstance(value, SparseTensor):
            return value
        return cls(value.indices, value.values, value.dense_shape)

    indices = property(lambda self: self._indices)
    values = property(lambda self: self._values)
    dense_shape = property(lambda self: self._dense_shape)
    dtype = property(lambda self: self._values.dtype)
    op = property(lambda self: self._values.op)
    graph = property(lambda self: self._indices.graph)

    def get_shape(self) -> TensorShape:
        known = constant_value(self._dense_shape)
        if known is not None:
            return TensorShape([int(d) for d in np.asarray(known).reshape(-1)])
        n = self._dense_shape.get_shape()
        return unknown_shape(n[0].value if n.ndims == 1 else None)

    shape = property(get_shape)

    def _fetch_components(self):
        """What `Session.run` fetches for it, and how it puts the values back together."""
        return [self._indices, self._values, self._dense_shape], lambda parts: SparseTensorValue(*parts)

    def _feed_components(self, value):
        if isinstance(value, SparseTensorValue) or (isinstance(value, tuple) and len(value) == 3):
            indices, values, dense_shape = value
            return [(self._indices, indices), (self._values, values), (self._dense_shape, dense_shape)]
        raise TypeError(f"The feed for a SparseTensor must be a SparseTensorValue or an (indices, values, "
                        f"dense_shape) tuple, got {type(value).__name__}.")

    def eval(self, feed_dict=None, session=None):
        from .session import _eval_using_default_session
        return _eval_using_default_session(self, feed_dict, self.graph, session)

    def __str__(self):
        return f"SparseTensor(indices={self._indices}, values={self._values}, dense_shape={self._dense_shape})"

    __repr__ = __str__


def sparse_placeholder(dtype, shape=None, name=None) -> SparseTensor:
    """`tf.sparse_placeholder(dtype, shape=None)`: placeholders for the values and indices (and the
    shape, unless fully given), fed with a SparseTensorValue."""
    from .registry import builders
    shape_name = f"{name}/shape" if name is not None else None
    if shape is None:
        rank, dense_shape = None, None
    elif isinstance(shape, Tensor):
        rank, dense_shape = shape.get_shape()[0].value, shape
    else:
        dims = list(shape)
        rank = len(dims)
        dense_shape = None if any(d is None for d in dims) else convert_to_tensor(
            np.array(dims, np.int64), dtype=_dt.int64, name=shape_name)
    if dense_shape is None:
        dense_shape = builders.placeholder(_dt.int64, shape=[rank], name=shape_name)
    values = builders.placeholder(_dt.as_dtype(dtype), shape=[None],
                                  name=f"{name}/values" if name is not None else None)
    indices = builders.placeholder(_dt.int64, shape=[None, rank], name=f"{name}/indices" if name is not None else None)
    return SparseTensor(indices, values, dense_shape)
