"""`tf.identity_n` (IdentityN), `tf.unravel_index` (UnravelIndex), `tf.searchsorted`
(LowerBound/UpperBound on 2-D reshapes, as TF 1.15's array_ops builds it) and
`tf.histogram_fixed_width` (HistogramFixedWidth): TF's op types, attrs, shapes and gradients."""
from __future__ import annotations

import builtins

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, convert_to_tensor
from ..grad_registry import NotDifferentiable, RegisterGradient
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import KernelError

_INT = (_dt.int32, _dt.int64)

# -- IdentityN ------------------------------------------------------------------------------------
register("IdentityN", "array", lambda op: [t._shape for t in op._inputs],
         lambda op: (lambda ctx, *xs: tuple(np.array(x, copy=True) for x in xs)), doc="passes through")


@RegisterGradient("IdentityN")
def _IdNGrad(_, *grad):  # noqa: N802
    return grad


def identity_n(input, name=None):  # noqa: A002
    """The tensors of `input`, each passed through one IdentityN op."""
    g = graph_of(list(input))
    with g.as_default():
        ts = [convert_to_tensor(t) for t in input]
        op = g.create_op("IdentityN", ts, [t.dtype.base_dtype for t in ts], name=name or "IdentityN",
                         attrs={"T": [t.dtype.base_dtype for t in ts]})
    return list(op._outputs)


# -- UnravelIndex ---------------------------------------------------------------------------------
def _unravel_shape(op):
    idx, dims = op._inputs[0]._shape, op._inputs[1]._shape
    n = dims[0].value if dims.ndims == 1 else None
    if idx.ndims == 0:
        return [TensorShape([n])]
    if idx.ndims == 1:
        return [TensorShape([n, idx[0].value])]
    return [unknown_shape()]


def _unravel_kernel(op):
    def k(ctx, indices, dims):
        if np.any(dims <= 0):
            raise KernelError("Input dims must be positive")
        total = int(np.prod(dims))
        if np.any((indices < 0) | (indices >= total)):
            raise KernelError("index is out of bound as with dims")
        return np.array(np.unravel_index(indices, tuple(int(d) for d in dims)), dtype=indices.dtype)
    return k


register("UnravelIndex", "array", _unravel_shape, _unravel_kernel, doc="turns flat indices into coordinates of")
NotDifferentiable("UnravelIndex")


def unravel_index(indices, dims, name=None):
    """Coordinates (one row per dim) of the flat `indices` in an array of shape `dims`."""
    return apply_op("UnravelIndex", name, [("indices", indices), ("dims", dims)], allowed=_INT)._outputs[0]


# -- LowerBound / UpperBound ------------------------------------------------------------------------
def _bound_shape(op):
    return [op._inputs[1]._shape]


def _bound_kernel(side):
    def make(op):
        out = op._outputs[0]._dtype.as_numpy_dtype

        def k(ctx, seq, vals):
            if seq.shape[0] != vals.shape[0]:
                raise KernelError("Leading dim_size of both tensors must match.")
            return np.stack([np.searchsorted(s, v, side=side) for s, v in zip(seq, vals)]).astype(out) \
                if len(seq) else np.zeros(vals.shape, out)
        return k
    return make


register("LowerBound", "array", _bound_shape, _bound_kernel("left"), doc="finds the first position >= of")
register("UpperBound", "array", _bound_shape, _bound_kernel("right"), doc="finds the first position > of")
NotDifferentiable("LowerBound")
NotDifferentiable("UpperBound")


def searchsorted(sorted_sequence, values, side="left", out_type=_dt.int32, name=None):
    """Insertion positions of `values` in the innermost dimension of `sorted_sequence`."""
    from .array_ops import reshape, shape
    g = graph_of([sorted_sequence, values])
    with g.as_default():
        sorted_sequence = convert_to_tensor(sorted_sequence)
        values = convert_to_tensor(values)
        seq_size = shape(sorted_sequence)[-1]
        val_size = shape(values)[-1]
        seq2 = reshape(sorted_sequence, [-1, seq_size])
        val2 = reshape(values, [-1, val_size])
        if side == "right":
            op_type = "UpperBound"
        elif side == "left":
            op_type = "LowerBound"
        else:
            raise ValueError("side must be either 'right' or 'left'.  Saw: %s." % side)
        out = apply_op(op_type, name, [("sorted_inputs", seq2), ("values", val2)],
                       out_dtypes=[_dt.as_dtype(out_type)], attrs={"out_type": _dt.as_dtype(out_type)})._outputs[0]
        return reshape(out, shape(values))


# -- HistogramFixedWidth --------------------------------------------------------------------------
def _hist_kernel(op):
    out = op._outputs[0]._dtype.as_numpy_dtype

    def k(ctx, values, value_range, nbins):
        n = int(nbins)
        if n <= 0:
            raise KernelError(f"nbins should be a positive number, but got '{n}'")
        lo, hi = float(value_range[0]), float(value_range[1])
        if not lo < hi:
            raise KernelError(f"value_range should satisfy value_range[0] < value_range[1], "
                              f"but got '[{value_range[0]}, {value_range[1]}]'")
        v = values.astype(np.float64).ravel()
        idx = np.clip(np.floor((v - lo) / (hi - lo) * n), 0, n - 1).astype(np.int64)
        return np.bincount(idx, minlength=n).astype(out)
    return k


def _hist_shape(op):
    from ..convert import constant_value
    n = constant_value(op._inputs[2])
    return [TensorShape([None if n is None else int(n)])]


register("HistogramFixedWidth", "array", _hist_shape, _hist_kernel, doc="counts into equal-width bins")
NotDifferentiable("HistogramFixedWidth")


def histogram_fixed_width(values, value_range, nbins=100, dtype=_dt.int32, name=None):
    """Counts of `values` in `nbins` equal bins over `value_range` (ends clamp into the end bins)."""
    g = graph_of([values, value_range, nbins])
    with g.as_default(), g.name_scope(name or "histogram_fixed_width") as scope:
        values = convert_to_tensor(values, name="values")
        op = apply_op("HistogramFixedWidth", scope, [("values", values), ("value_range", value_range),
                                                     ("nbins", np.int32(nbins) if isinstance(nbins, int) else nbins)],
                      same_type=("values", "value_range"), out_dtypes=[_dt.as_dtype(dtype)],
                      attrs={"dtype": _dt.as_dtype(dtype)})
        return op._outputs[0]


__all__ = ["identity_n", "unravel_index", "searchsorted", "histogram_fixed_width"]


# -- batch_gather (TF's _batch_gather: offsets per batch row, one flat Gather) ----------------------
def batch_gather(params, indices, name=None):
    """params[b..., indices[b..., j]] for the leading batch dims of `indices` (rank(indices) - 1 of them)."""
    from .array_ops import ones, range as _range, reshape, shape, zeros
    from .index_ops import concat, gather, stack
    from .reduce_ops import reduce_prod
    g = graph_of([params, indices])
    with g.as_default(), g.name_scope(name or "BatchGather"):
        indices = convert_to_tensor(indices, name="indices")
        params = convert_to_tensor(params, name="params")
        if indices.shape.ndims is None:
            raise ValueError("batch_gather does not allow indices with unknown shape.")
        batch_dims = indices.shape.ndims - 1
        nd = indices.shape.ndims
        indices_shape, params_shape = shape(indices), shape(params)
        batch_indices = indices
        idt = indices.dtype.base_dtype
        accum = ones((), dtype=idt)
        casted = g.create_op("Cast", [params_shape], [idt], name="Cast",  # gen_math_ops.cast: always a Cast op
                             attrs={"SrcT": params_shape.dtype.base_dtype, "DstT": idt, "Truncate": False})._outputs[0]
        for dim in builtins.range(batch_dims, 0, -1):
            dim_value = casted[dim - 1]
            accum *= casted[dim]
            dim_indices = _range(zeros((), dtype=idt), dim_value, ones((), dtype=idt), name="Range") * accum
            dim_shape = stack([1] * (dim - 1) + [dim_value] + [1] * (nd - dim), axis=0)
            batch_indices += reshape(dim_indices, dim_shape)
        flat_indices = reshape(batch_indices, [-1])
        outer = params_shape[batch_dims + 1:]
        inner = reduce_prod(params_shape[:batch_dims + 1], [0], False)
        flat_params = reshape(params, concat([[inner], outer], axis=0))
        result = reshape(gather(flat_params, flat_indices), concat([indices_shape, outer], axis=0))
        final = indices.get_shape()[:batch_dims].merge_with(params.get_shape()[:batch_dims])
        final = final.concatenate(indices.get_shape().dims[batch_dims:])
        result.set_shape(final.concatenate(params.get_shape()[batch_dims + 1:]))
        return result


__all__.append("batch_gather")
