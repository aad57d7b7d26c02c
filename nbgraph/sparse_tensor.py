"""`tf.SparseTensor`, `tf.SparseTensorValue`, `tf.sparse_placeholder`, `tf.sparse_tensor_to_dense`
(`tf.sparse.to_dense`) and the `SparseToDense` op with its gradient, as TF 1.15 has them. A
SparseTensor is three tensors (int64 `indices` [N, rank], `values` [N], int64 `dense_shape`
[rank]); `Session.run` returns a `SparseTensorValue` for it and takes one (or a tuple) as its feed."""
from __future__ import annotations

import collections

import numpy as np

from .engine import dtypes as _dt
from .engine.convert import apply_op, constant_value, convert_to_tensor
from .engine.grad_registry import RegisterGradient
from .engine.graph import get_default_graph
from .engine.ops.array_ops import placeholder, zeros_like
from .engine.ops.common import KernelError
from .engine.registry import register
from .engine.shapes import TensorShape, unknown_shape

SparseTensorValue = collections.namedtuple("SparseTensorValue", ["indices", "values", "dense_shape"])


class SparseTensor:
    """`tf.SparseTensor(indices, values, dense_shape)`."""

    def __init__(self, indices, values, dense_shape):
        g = get_default_graph()
        with g.name_scope(None), g.name_scope("SparseTensor"):
            self._indices = convert_to_tensor(indices, name="indices", dtype=_dt.int64)
            self._values = convert_to_tensor(values, name="values")
            self._dense_shape = convert_to_tensor(dense_shape, name="dense_shape", dtype=_dt.int64)

    indices = property(lambda self: self._indices)
    values = property(lambda self: self._values)
    dense_shape = property(lambda self: self._dense_shape)
    dtype = property(lambda self: self._values.dtype)
    op = property(lambda self: self._values.op)
    graph = property(lambda self: self._indices.graph)

    @property
    def shape(self) -> TensorShape:
        known = constant_value(self._dense_shape)
        if known is not None:
            return TensorShape([int(d) for d in np.asarray(known).reshape(-1)])
        s = self._dense_shape.get_shape()
        return unknown_shape(s.as_list()[0]) if s.ndims == 1 and s.as_list()[0] is not None else unknown_shape()

    def get_shape(self) -> TensorShape:
        return self.shape

    def __repr__(self):
        return f"SparseTensor(indices={self._indices}, values={self._values}, dense_shape={self._dense_shape})"

    __str__ = __repr__

    def eval(self, feed_dict=None, session=None):
        from .engine.session import get_default_session
        return (session or get_default_session()).run(self, feed_dict)

    # how Session.run fetches and feeds it (engine/fetches.py, engine/session.py)
    def _fetch_parts(self):
        return [self._indices, self._values, self._dense_shape], SparseTensorValue

    def _feed_parts(self, value):
        if not isinstance(value, (tuple, list)) or len(value) != 3:
            raise TypeError(f"The feed for a SparseTensor must be a SparseTensorValue or a tuple of (indices, "
                            f"values, dense_shape), got {type(value).__name__}")
        return [(self._indices, value[0]), (self._values, value[1]), (self._dense_shape, value[2])]

    @classmethod
    def from_value(cls, value):
        return cls(value.indices, value.values, value.dense_shape)


def sparse_placeholder(dtype, shape=None, name=None) -> SparseTensor:
    """Three placeholders (`name/indices`, `name/values`, `name/shape`) fed with a SparseTensorValue."""
    rank = None if shape is None else len(shape)
    named = (lambda part: f"{name}/{part}") if name is not None else (lambda part: None)
    if shape is not None and all(d is not None for d in shape):
        dense_shape = convert_to_tensor(np.asarray(shape, np.int64), name=named("shape"))
    else:  # TF 1.15's order: shape, values, indices (Placeholder, Placeholder_1, Placeholder_2)
        dense_shape = placeholder(_dt.int64, [rank], name=named("shape"))
    values = placeholder(dtype, [None], name=named("values"))
    indices = placeholder(_dt.int64, [None, rank], name=named("indices"))
    sp = SparseTensor.__new__(SparseTensor)
    sp._indices, sp._values, sp._dense_shape = indices, values, dense_shape
    return sp


# -- SparseToDense ----------------------------------------------------------------------------
def _to_dense_shape(op):
    shape = constant_value(op._inputs[1])
    if shape is None:
        s = op._inputs[1]._shape
        return [unknown_shape(s.as_list()[0]) if s.ndims == 1 and s.as_list()[0] is not None else unknown_shape()]
    return [TensorShape([int(d) for d in np.asarray(shape).reshape(-1)])]


def _to_dense_kernel(op):
    validate = bool(op._attrs.get("validate_indices", True))

    def k(ctx, indices, output_shape, values, default):
        shape = tuple(int(d) for d in np.asarray(output_shape).reshape(-1))
        out = np.full(shape, default, dtype=np.asarray(values).dtype)
        idx = np.asarray(indices).reshape(-1, len(shape)) if np.ndim(indices) else np.asarray(indices).reshape(1, -1)
        vals = np.broadcast_to(values, (idx.shape[0],))
        for n, i in enumerate(idx):
            if np.any(i < 0) or np.any(i >= shape):
                raise KernelError(f"indices[{n}] = [{','.join(str(int(v)) for v in i)}] is out of bounds: "
                                  f"need 0 <= index < [{','.join(str(d) for d in shape)}]")
            if validate and n > 0 and tuple(i) <= tuple(idx[n - 1]):
                if tuple(i) == tuple(idx[n - 1]):
                    raise KernelError(f"indices[{n}] = [{','.join(str(int(v)) for v in i)}] is repeated")
                raise KernelError(f"indices[{n}] = [{','.join(str(int(v)) for v in i)}] is out of order. Many "
                                  "sparse ops require sorted indices.\n    Use `tf.sparse.reorder` to create a "
                                  "correctly ordered copy.\n\n")
            out[tuple(i)] = vals[n]
        return out
    return k


register("SparseToDense", "array", _to_dense_shape, _to_dense_kernel, doc="scatters sparse values into a dense tensor")


@RegisterGradient("SparseToDense")
def _SparseToDenseGrad(op, grad):  # noqa: N802 - TF's name
    from .engine.ops.reduce_ops import reduce_sum
    from .engine.ops.split_gather_ops import gather_nd
    sparse_indices, output_shape = op.inputs[0], op.inputs[1]
    values_grad = gather_nd(grad, sparse_indices)
    default_grad = reduce_sum(grad) - reduce_sum(values_grad)
    return [zeros_like(sparse_indices), zeros_like(output_shape), values_grad, default_grad]


def sparse_to_dense(sparse_indices, output_shape, sparse_values, default_value=0, validate_indices=True, name=None):
    """`tf.sparse_to_dense`: a dense tensor of `output_shape` with `sparse_values` at `sparse_indices`."""
    return apply_op("SparseToDense", name, [("sparse_indices", sparse_indices), ("output_shape", output_shape),
                                            ("sparse_values", sparse_values), ("default_value", default_value)],
                    same_type=("sparse_values", "default_value"),
                    attrs={"validate_indices": bool(validate_indices)})._outputs[0]


def sparse_tensor_to_dense(sp_input, default_value=0, validate_indices=True, name=None):
    """`tf.sparse_tensor_to_dense` / `tf.sparse.to_dense`."""
    if not isinstance(sp_input, SparseTensor):
        raise TypeError("Input must be a SparseTensor.")
    g = get_default_graph()
    with g.name_scope(name or "SparseToDense") as scope:
        return sparse_to_dense(sp_input.indices, sp_input.dense_shape, sp_input.values,
                               convert_to_tensor(default_value, dtype=sp_input.dtype.base_dtype,
                                                 name="default_value"),
                               validate_indices=validate_indices, name=scope)


__all__ = ["SparseTensor", "SparseTensorValue", "sparse_placeholder", "sparse_tensor_to_dense", "sparse_to_dense"]
