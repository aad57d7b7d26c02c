"""Sparse arithmetic on `tf.SparseTensor`s: `SparseTensorDenseMatMul`
(`tf.sparse_tensor_dense_matmul` / `tf.sparse.matmul`), `SparseReduceSum`, `SparseAdd` (with its
gradient op `SparseAddGrad`) and `SparseTensorDenseAdd`, `SparseConcat`, `SparseReorder`; their
gradients follow TF 1.15's sparse_grad.py. Kernels densify through `np.add.at` (the lessons'
sparse tensors are small) or merge index rows in row-major order, as TF's kernels do."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor
from ..grad_registry import RegisterGradient
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from ..sparse_tensor import SparseTensor
from .common import KernelError, shape_error


def _dense(idx, vals, shape):
    out = np.zeros(tuple(int(d) for d in shape), np.asarray(vals).dtype)
    idx = np.asarray(idx, np.int64).reshape(-1, len(out.shape))
    bad = np.nonzero(((idx < 0) | (idx >= np.asarray(out.shape))).any(axis=1))[0]
    if bad.size:
        i = int(bad[0])
        raise KernelError(f"indices[{i}] = [{','.join(str(int(v)) for v in idx[i])}] is out of bounds: need "
                          f"0 <= index < [{','.join(str(d) for d in out.shape)}]")
    np.add.at(out, tuple(idx.T), vals)
    return out


def _const_dims(t):
    v = constant_value(t)
    return None if v is None else [int(d) for d in np.reshape(v, -1)]


def _partial_shape_error(op, message, i):
    """TF's shape error when input i was read as a shape ("input tensors computed as partial shapes")."""
    from .common import fmt_shape
    shapes = ", ".join(fmt_shape(t._shape) for t in op._inputs)
    dims = _const_dims(op._inputs[i])
    return ValueError(f"{message} for '{op.name}' (op: '{op.type}') with input shapes: {shapes} and with input "
                      f"tensors computed as partial shapes: input[{i}] = [{','.join(map(str, dims))}].")


def _check_sparse(sp, what="Input"):
    if not isinstance(sp, SparseTensor):
        raise TypeError(f"{what} must be a SparseTensor.")
    return sp


# -- SparseTensorDenseMatMul -----------------------------------------------------------------
def _matmul_shape(op):
    a_shape, b = _const_dims(op._inputs[2]), op._inputs[3]._shape
    adj_a, adj_b = op._attrs["adjoint_a"], op._attrs["adjoint_b"]
    if b.ndims is not None and b.ndims != 2:
        raise shape_error(op, f"Shape must be rank 2 but is rank {b.ndims}")
    bd = b.as_list() if b.ndims is not None else [None, None]
    if adj_b:
        bd = bd[::-1]
    rows = inner = None
    if a_shape is not None:
        if len(a_shape) != 2:
            raise _partial_shape_error(op, f"Shape must be rank 2 but is rank {len(a_shape)}", 2)
        rows, inner = (a_shape[1], a_shape[0]) if adj_a else a_shape
    if inner is not None and bd[0] is not None and inner != bd[0]:
        raise _partial_shape_error(op, f"Dimensions must be equal, but are {inner} and {bd[0]}", 2)
    return [TensorShape([rows, bd[1]])]


def _matmul_kernel(op):
    adj_a, adj_b = op._attrs["adjoint_a"], op._attrs["adjoint_b"]

    def k(ctx, idx, vals, shape, b):
        a = _dense(idx, vals, shape)
        a = a.T if adj_a else a
        b = b.T if adj_b else b
        if a.shape[1] != b.shape[0]:
            raise KernelError(f"Cannot multiply A and B because inner dimension does not match: {a.shape[1]} vs. "
                              f"{b.shape[0]}.  Did you forget a transpose?  Dimensions of A: [{a.shape[0]}, "
                              f"{a.shape[1]}).  Dimensions of B: {list(b.shape)}")
        return (a @ b).astype(b.dtype)
    return k


register("SparseTensorDenseMatMul", "array", _matmul_shape, _matmul_kernel,
         doc="multiplies a sparse matrix by a dense one")


def sparse_tensor_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None):
    """`tf.sparse_tensor_dense_matmul` (`tf.sparse.matmul`): sparse A (rank 2) times dense B."""
    _check_sparse(sp_a)
    g = graph_of([sp_a.indices, sp_a.values, b])
    with g.as_default(), g.name_scope(name or "SparseTensorDenseMatMul"):
        b = convert_to_tensor(b, name="b")
        return apply_op("SparseTensorDenseMatMul", None, [("a_indices", sp_a.indices), ("a_values", sp_a.values),
                                                            ("a_shape", sp_a.dense_shape), ("b", b)],
                        same_type=("a_values", "b"),
                        attrs={"Tindices": _dt.int64, "adjoint_a": bool(adjoint_a),
                               "adjoint_b": bool(adjoint_b)})._outputs[0]


@RegisterGradient("SparseTensorDenseMatMul")
def _SparseTensorDenseMatMulGrad(op, grad):  # noqa: N802 - TF's names
    from . import array_ops as A
    from . import index_ops as I
    from . import reduce_ops as R
    from .matrix_ops import matrix_transpose
    a_indices, a_values, a_shape, b = op.inputs
    adj_a, adj_b = op._attrs["adjoint_a"], op._attrs["adjoint_b"]
    b_grad = apply_op("SparseTensorDenseMatMul", None, [("a_indices", a_indices), ("a_values", a_values),
                                                        ("a_shape", a_shape), ("b", grad)],
                      same_type=("a_values", "b"),
                      attrs={"Tindices": _dt.int64, "adjoint_a": not adj_a, "adjoint_b": False})._outputs[0]
    if adj_b:
        b_grad = matrix_transpose(b_grad)
    rows, cols = a_indices[:, 0], a_indices[:, 1]
    parts_a = I.gather(grad, rows if not adj_a else cols)
    parts_b = I.gather(b if not adj_b else A.transpose(b), cols if not adj_a else rows)
    return [None, R.reduce_sum(parts_a * parts_b, axis=1), None, b_grad]


# -- SparseReduceSum ---------------------------------------------------------------------------
def _reduce_shape(op):
    shape, axes = _const_dims(op._inputs[2]), _const_dims(op._inputs[3])
    if shape is None or axes is None:
        return [unknown_shape()]
    rank = len(shape)
    axes = {a % rank for a in axes} if rank else set()
    keep = op._attrs["keep_dims"]
    return [TensorShape([1 if i in axes else d for i, d in enumerate(shape)] if keep else
                        [d for i, d in enumerate(shape) if i not in axes])]


def _reduce_kernel(op):
    keep = op._attrs["keep_dims"]

    def k(ctx, idx, vals, shape, axes):
        dense = _dense(idx, vals, shape)
        rank = dense.ndim
        for a in np.reshape(axes, -1):
            if not -rank <= int(a) < rank:
                raise KernelError(f"Invalid reduction dimension {int(a)}, for input with {rank} dimensions.")
        ax = tuple(sorted({int(a) % rank for a in np.reshape(axes, -1)})) if rank else ()
        return np.sum(dense, axis=ax, keepdims=keep, dtype=dense.dtype)
    return k


register("SparseReduceSum", "array", _reduce_shape, _reduce_kernel, doc="sums a sparse tensor along axes")


def sparse_reduce_sum(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None, name=None):
    """`tf.sparse_reduce_sum` (`tf.sparse.reduce_sum`): a dense sum of `sp_input` over `axis` (all by default)."""
    _check_sparse(sp_input)
    axis = reduction_axes if axis is None else axis
    keepdims = bool(keep_dims if keepdims is None else keepdims)
    g = sp_input.graph
    with g.as_default():
        if axis is None:
            rank = sp_input.get_shape().ndims
            if rank is None:
                from . import array_ops as A
                from .array_ops import range as _range
                axis = _range(0, A.size(sp_input.dense_shape, out_type=_dt.int32), 1)
            else:  # TF's _ReductionDims: a constant named `Const`
                from .array_ops import constant
                axis = constant(np.arange(rank, dtype=np.int32))
        return apply_op("SparseReduceSum", name, [("input_indices", sp_input.indices),
                                                  ("input_values", sp_input.values),
                                                  ("input_shape", sp_input.dense_shape),
                                                  ("reduction_axes", axis)],
                        same_type=("input_values",), attrs={"keep_dims": keepdims})._outputs[0]


@RegisterGradient("SparseReduceSum")
def _SparseReduceSumGrad(op, out_grad):  # noqa: N802
    from . import array_ops as A
    from . import math_ops as M
    from .reduce_grad import reduced_shape
    from .split_gather_ops import gather_nd
    sp_indices, sp_shape = op.inputs[0], op.inputs[2]
    output_shape_kept_dims = reduced_shape(sp_shape, op.inputs[3])
    out_grad_reshaped = A.reshape(out_grad, output_shape_kept_dims)
    scale = M.floordiv(sp_shape, A.cast(output_shape_kept_dims, _dt.int64))
    return [None, gather_nd(out_grad_reshaped, M.floordiv(sp_indices, scale)), None, None]


__all__ = ["sparse_tensor_dense_matmul", "sparse_reduce_sum"]
