"""Sparse tensors combined: `SparseAdd` (two SparseTensors; its gradient op `SparseAddGrad`),
`SparseTensorDenseAdd` (a SparseTensor plus a dense tensor), `SparseConcat` and `SparseReorder`
(`tf.sparse_add`, `tf.sparse_concat`, `tf.sparse.reorder`), with TF 1.15's gradients. Index rows
are merged in row-major order, as TF's kernels do."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor
from ..grad_registry import NotDifferentiable, RegisterGradient
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape
from ..sparse_tensor import SparseTensor
from .common import KernelError
from .sparse_more_ops import _check_sparse, _dense


def _rows(idx):
    return [tuple(int(v) for v in r) for r in np.asarray(idx, np.int64).reshape(len(idx), -1)]


# -- SparseAdd ---------------------------------------------------------------------------------
def _sparse_add_kernel(op):
    def k(ctx, a_idx, a_val, a_shape, b_idx, b_val, b_shape, thresh):
        if list(a_shape) != list(b_shape):
            raise KernelError(f"Operands do not have the same ranks; got shapes: [{','.join(map(str, a_shape))}] "
                              f"and [{','.join(map(str, b_shape))}]" if len(a_shape) != len(b_shape) else
                              f"Operands' shapes do not match: got {a_shape[0]} and {b_shape[0]} for dimension 0"
                              if a_shape[0] != b_shape[0] else
                              "Operands' shapes do not match: got "
                              + next(f"{x} and {y} for dimension {i}" for i, (x, y) in
                                     enumerate(zip(a_shape, b_shape)) if x != y))
        a, b = _rows(a_idx), _rows(b_idx)
        out_idx, out_val, i, j = [], [], 0, 0
        while i < len(a) or j < len(b):
            if j >= len(b) or (i < len(a) and a[i] < b[j]):
                out_idx.append(a[i]), out_val.append(a_val[i])
                i += 1
            elif i >= len(a) or b[j] < a[i]:
                out_idx.append(b[j]), out_val.append(b_val[j])
                j += 1
            else:
                s = a_val[i] + b_val[j]
                if thresh <= abs(s):
                    out_idx.append(a[i]), out_val.append(s)
                i += 1
                j += 1
        rank = len(a_shape)
        return (np.array(out_idx, np.int64).reshape(-1, rank), np.array(out_val, np.asarray(a_val).dtype),
                np.asarray(a_shape, np.int64))
    return k


def _sparse_add_shape(op):
    rank = op._inputs[0]._shape[1].value if op._inputs[0]._shape.ndims == 2 else None
    return [TensorShape([None, rank]), TensorShape([None]), TensorShape(op._inputs[2]._shape)]


def _sparse_add_grad_kernel(op):
    def k(ctx, grad, a_idx, b_idx, sum_idx):
        pos = {r: n for n, r in enumerate(_rows(sum_idx))}
        a_grad = np.array([grad[pos[r]] if r in pos else 0 for r in _rows(a_idx)], grad.dtype)
        b_grad = np.array([grad[pos[r]] if r in pos else 0 for r in _rows(b_idx)], grad.dtype)
        return a_grad, b_grad
    return k


register("SparseAdd", "array", _sparse_add_shape, _sparse_add_kernel, doc="adds two sparse tensors")
register("SparseAddGrad", "array", lambda op: [TensorShape([op._inputs[1]._shape[0] if op._inputs[1]._shape.ndims
                                                            else None]),
                                               TensorShape([op._inputs[2]._shape[0] if op._inputs[2]._shape.ndims
                                                            else None])],
         _sparse_add_grad_kernel, doc="routes the gradient of a sparse sum to its operands' values")
NotDifferentiable("SparseAddGrad")


def _dense_add_kernel(op):
    def k(ctx, idx, vals, shape, b):
        if list(shape) != list(np.shape(b)):
            raise KernelError(f"Dimension {next(i for i, (x, y) in enumerate(zip(shape, np.shape(b))) if x != y)} "
                              f"does not equal (no broadcasting is supported): sparse side {list(shape)} vs dense "
                              f"side {list(np.shape(b))}" if len(shape) == np.ndim(b) else
                              f"Input b has rank {np.ndim(b)}, which does not match the rank of a ({len(shape)})")
        return (np.array(b, copy=True) + _dense(idx, vals, shape)).astype(np.asarray(b).dtype)
    return k


register("SparseTensorDenseAdd", "array", lambda op: [op._inputs[3]._shape], _dense_add_kernel,
         doc="adds a sparse tensor to a dense one")


def sparse_add(a, b, threshold=None, thresh=None):
    """`tf.sparse_add(a, b, thresh=0)`: a SparseTensor when both are sparse, else a dense tensor."""
    threshold = thresh if threshold is None else threshold
    threshold = 0 if threshold is None else threshold
    sparse_a, sparse_b = isinstance(a, SparseTensor), isinstance(b, SparseTensor)
    if not (sparse_a or sparse_b):
        raise TypeError("At least one input should be SparseTensor; do you mean to use tf.add()?")
    if sparse_a and sparse_b:
        g = graph_of([a.indices, b.indices])
        with g.as_default():
            thresh_t = convert_to_tensor(threshold, dtype=a.values.dtype.real_dtype if hasattr(
                a.values.dtype, "real_dtype") else a.values.dtype.base_dtype, name="threshold")
            op = apply_op("SparseAdd", None, [("a_indices", a.indices), ("a_values", a.values),
                                               ("a_shape", a.dense_shape), ("b_indices", b.indices),
                                               ("b_values", b.values), ("b_shape", b.dense_shape),
                                               ("thresh", thresh_t)], same_type=("a_values", "b_values"),
                          out_dtypes=[_dt.int64, a.values.dtype.base_dtype, _dt.int64],
                          attrs={"Treal": thresh_t.dtype.base_dtype})
            a.get_shape().assert_is_compatible_with(b.get_shape())
            static = a.get_shape().merge_with(b.get_shape())
            shape = static.as_list() if static.is_fully_defined() else op._outputs[2]
            return SparseTensor(op._outputs[0], op._outputs[1], shape)
    if sparse_b:
        a, b = b, a
    g = graph_of([a.indices, b])
    with g.as_default():
        b = convert_to_tensor(b, dtype=a.values.dtype.base_dtype, name="b")
        return apply_op("SparseTensorDenseAdd", None, [("a_indices", a.indices), ("a_values", a.values),
                                                        ("a_shape", a.dense_shape), ("b", b)],
                        same_type=("a_values", "b"), attrs={"Tindices": _dt.int64})._outputs[0]


@RegisterGradient("SparseAdd")
def _SparseAddGrad(op, *grads):  # noqa: N802 - TF's names
    val_grad = grads[1]
    a_val_grad, b_val_grad = apply_op("SparseAddGrad", None, [("backprop_val_grad", val_grad),
                                                              ("a_indices", op.inputs[0]), ("b_indices", op.inputs[3]),
                                                              ("sum_indices", op.outputs[0])],
                                      same_type=("backprop_val_grad",),
                                      out_dtypes=[val_grad.dtype.base_dtype] * 2)._outputs
    a_val_grad.set_shape(op.inputs[1].get_shape())
    b_val_grad.set_shape(op.inputs[4].get_shape())
    return [None, a_val_grad, None, None, b_val_grad, None, None]


@RegisterGradient("SparseTensorDenseAdd")
def _SparseTensorDenseAddGrad(op, out_grad):  # noqa: N802
    from .split_gather_ops import gather_nd
    return [None, gather_nd(out_grad, op.inputs[0]), None, out_grad]


# -- SparseConcat ------------------------------------------------------------------------------
def _concat_kernel(op):
    n, axis = int(op._attrs["N"]), int(op._attrs["concat_dim"])

    def k(ctx, *parts):
        inds, vals, shapes = parts[:n], parts[n:2 * n], [np.asarray(s, np.int64) for s in parts[2 * n:]]
        rank = len(shapes[0])
        ax = axis % rank
        for i, s in enumerate(shapes):
            if len(s) != rank:
                raise KernelError(f"Ranks of all input tensors must match: expected {rank} but got {len(s)} at "
                                  f"position {i}")
            for d in range(rank):
                if d != ax and s[d] != shapes[0][d]:
                    raise KernelError(f"Input shapes must match: expected {shapes[0][d]} for dimension {d} but got "
                                      f"{s[d]} at position {i}")
        rows, offset = [], 0
        for ind, val, s in zip(inds, vals, shapes):
            for r, v in zip(_rows(ind), val):
                r = list(r)
                r[ax] += offset
                rows.append((tuple(r), v))
            offset += int(s[ax])
        rows.sort(key=lambda rv: rv[0])  # the output is in row-major order, as TF's
        out_shape = shapes[0].copy()
        out_shape[ax] = offset
        return (np.array([r for r, _ in rows], np.int64).reshape(-1, rank),
                np.array([v for _, v in rows], np.asarray(vals[0]).dtype), out_shape)
    return k


def _concat_shape(op):
    n = int(op._attrs["N"])
    rows = [t._shape[0].value if t._shape.ndims == 2 else None for t in op._inputs[:n]]
    total = None if any(r is None for r in rows) else sum(rows)
    rank = next((t._shape[1].value for t in op._inputs[:n] if t._shape.ndims == 2), None)
    return [TensorShape([total, rank]), TensorShape([total]), TensorShape([rank])]


register("SparseConcat", "array", _concat_shape, _concat_kernel, doc="concatenates sparse tensors")
NotDifferentiable("SparseConcat")


def sparse_concat(axis, sp_inputs, name=None, expand_nonconcat_dim=False, concat_dim=None):
    """`tf.sparse_concat(axis, sp_inputs)`: the sparse tensors joined along `axis`."""
    axis = concat_dim if axis is None else axis
    if expand_nonconcat_dim:
        raise NotImplementedError("sparse_concat(expand_nonconcat_dim=True) is not supported by nbgraph")
    if not isinstance(sp_inputs, (list, tuple)):
        raise TypeError("Inputs must be a list")
    sp_inputs = [_check_sparse(sp) for sp in sp_inputs]
    g = graph_of([sp.indices for sp in sp_inputs])
    with g.as_default():
        n = len(sp_inputs)
        inputs = ([(f"indices_{i}", sp.indices) for i, sp in enumerate(sp_inputs)]
                  + [(f"values_{i}", sp.values) for i, sp in enumerate(sp_inputs)]
                  + [(f"shapes_{i}", sp.dense_shape) for i, sp in enumerate(sp_inputs)])
        op = apply_op("SparseConcat", name, inputs, same_type=tuple(f"values_{i}" for i in range(n)),
                      out_dtypes=[_dt.int64, sp_inputs[0].values.dtype.base_dtype, _dt.int64],
                      attrs={"concat_dim": int(axis), "N": n})
        known = [constant_value(sp.dense_shape) for sp in sp_inputs]
        shape = op._outputs[2]
        if all(v is not None for v in known):
            from .array_ops import constant
            dims = [int(d) for d in np.reshape(known[0], -1)]
            dims[int(axis)] = sum(int(np.reshape(v, -1)[int(axis)]) for v in known)
            shape = constant(np.array(dims, np.int64))
        return SparseTensor(op._outputs[0], op._outputs[1], shape)


# -- SparseReorder -----------------------------------------------------------------------------
def _reorder_kernel(op):
    def k(ctx, idx, vals, shape):
        idx = np.asarray(idx, np.int64).reshape(len(vals), -1)
        order = np.lexsort(idx.T[::-1]) if len(vals) else np.arange(0)
        return idx[order], np.asarray(vals)[order]
    return k


register("SparseReorder", "array", lambda op: [TensorShape(op._inputs[0]._shape), TensorShape(op._inputs[1]._shape)],
         _reorder_kernel, doc="sorts the entries of a sparse tensor into row-major order")


def sparse_reorder(sp_input, name=None):
    """`tf.sparse.reorder`: the same SparseTensor with its entries in row-major order."""
    _check_sparse(sp_input)
    op = apply_op("SparseReorder", name, [("input_indices", sp_input.indices), ("input_values", sp_input.values),
                                          ("input_shape", sp_input.dense_shape)], same_type=("input_values",),
                  out_dtypes=[_dt.int64, sp_input.values.dtype.base_dtype])
    static = sp_input.get_shape()
    if static.is_fully_defined():
        shape = static.as_list()
    else:
        from .array_ops import identity
        shape = identity(sp_input.dense_shape)
    return SparseTensor(op._outputs[0], op._outputs[1], shape)


@RegisterGradient("SparseReorder")
def _SparseReorderGrad(op, unused_output_indices_grad, output_values_grad):  # noqa: N802
    from . import array_ops as A
    from .grad_ops import invert_permutation
    from .index_ops import gather
    input_indices, input_shape = op.inputs[0], op.inputs[2]
    num_entries = A.shape(input_indices)[0]
    entry_indices = A.range(0, num_entries, 1)
    sp_ordered = sparse_reorder(SparseTensor(input_indices, entry_indices, input_shape))
    inverted_permutation = invert_permutation(A.cast(sp_ordered.values, _dt.int32))
    return [None, gather(output_values_grad, inverted_permutation), None]


__all__ = ["sparse_add", "sparse_concat", "sparse_reorder"]
