"""Sparse to dense: `tf.sparse_to_dense` and `tf.sparse_tensor_to_dense` / `tf.sparse.to_dense`
(the `SparseToDense` op, with TF's index checks and gradient)."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import constant_value, convert_to_tensor
from ..grad_registry import RegisterGradient
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import KernelError

__all__ = ["sparse_to_dense", "sparse_tensor_to_dense"]


def _shape(op):
    v = constant_value(op._inputs[1])
    if v is None:
        n = op._inputs[1]._shape
        return [unknown_shape(n[0].value if n.ndims == 1 else None)]
    return [TensorShape([int(d) for d in np.reshape(v, -1)])]


def _kernel(op):
    validate = op._attrs["validate_indices"]

    def k(ctx, indices, output_shape, values, default):
        shape = tuple(int(d) for d in np.reshape(output_shape, -1))
        idx = np.asarray(indices).reshape(-1, len(shape)) if np.ndim(indices) != 0 else \
            np.asarray(indices).reshape(1, 1)
        vals = np.broadcast_to(np.asarray(values), (idx.shape[0],)) if np.ndim(values) == 0 else \
            np.asarray(values).reshape(-1)
        if vals.shape[0] != idx.shape[0]:
            raise KernelError(f"sparse_values has incorrect shape [{vals.shape[0]}], should be [] or "
                              f"[{idx.shape[0]}]")
        out = np.full(shape, default, dtype=np.asarray(values).dtype)
        prev = None
        for i, ix in enumerate(idx):
            t = tuple(int(j) for j in ix)
            if any(j < 0 or j >= s for j, s in zip(t, shape)):
                raise KernelError(f"indices[{i}] = [{','.join(map(str, t))}] is out of bounds: need 0 <= index < "
                                  f"[{','.join(map(str, shape))}]")
            if validate and prev is not None:
                if t == prev:
                    raise KernelError(f"indices[{i}] = [{','.join(map(str, t))}] is repeated")
                if t < prev:
                    raise KernelError(f"indices[{i}] = [{','.join(map(str, t))}] is out of order. Many sparse ops "
                                      f"require sorted indices.\n    Use `tf.sparse.reorder` to create a correctly "
                                      f"ordered copy.\n\n")
            prev = t
            out[t] = vals[i]
        return out
    return k


register("SparseToDense", "array", _shape, _kernel, doc="fills a dense tensor from sparse indices and values")


def sparse_to_dense(sparse_indices, output_shape, sparse_values, default_value=0, validate_indices=True, name=None):
    g = graph_of([sparse_indices, output_shape, sparse_values])
    with g.as_default(), g.name_scope(name or "SparseToDense") as scope:
        idx = convert_to_tensor(sparse_indices, name="sparse_indices")
        shape = convert_to_tensor(output_shape, name="output_shape", dtype=idx.dtype.base_dtype)
        vals = convert_to_tensor(sparse_values, name="sparse_values")
        default = convert_to_tensor(default_value, name="default_value", dtype=vals.dtype.base_dtype)
        return g.create_op("SparseToDense", [idx, shape, vals, default], [vals.dtype.base_dtype], name=scope,
                           attrs={"validate_indices": bool(validate_indices)})._outputs[0]


def sparse_tensor_to_dense(sp_input, default_value=0, validate_indices=True, name=None):
    """`tf.sparse_tensor_to_dense(sp)` (`tf.sparse.to_dense`): the dense tensor a SparseTensor stands for."""
    from ..sparse_tensor import SparseTensor
    if not isinstance(sp_input, SparseTensor):
        raise TypeError(f"Input must be a SparseTensor.")
    return sparse_to_dense(sp_input.indices, sp_input.dense_shape, sp_input.values, default_value=default_value,
                           validate_indices=validate_indices, name=name)


@RegisterGradient("SparseToDense")
def _SparseToDenseGrad(op, grad):  # noqa: N802
    from . import array_ops as A
    from . import math_ops as M
    from . import reduce_ops as R
    from .split_gather_ops import gather_nd
    sparse_indices, output_shape, _, _ = op.inputs
    sparse_values_grad = gather_nd(grad, sparse_indices)
    default_value_grad = M.subtract(R.reduce_sum(grad), R.reduce_sum(sparse_values_grad))
    return [A.zeros_like(sparse_indices), A.zeros_like(output_shape), sparse_values_grad, default_value_grad]
