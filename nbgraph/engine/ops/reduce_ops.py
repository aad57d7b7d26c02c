"""Reductions (`reduce_sum` ... with axis/keepdims), arg-max/min and matrix products."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor, make_constant
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import NUMERIC, const_ints, int_tuple, shape_error


def _axes(op):
    v = constant_value(op._inputs[1])
    return None if v is None else [int(a) for a in np.reshape(v, -1)]


def _reduce_shape(op):
    s = op._inputs[0]._shape
    axes = _axes(op)
    keep = op._attrs["keep_dims"]
    if s.ndims is None:
        return [unknown_shape()]
    r = s.ndims
    if axes is None:
        return [unknown_shape(r) if keep else unknown_shape()]
    for a in axes:
        if not -r <= a < max(r, 1):
            raise ValueError(f"Invalid reduction dimension {a} for input with {r} dimensions. for "
                             f"'{op.name}' (op: '{op.type}') with input shapes: "
                             f"{_fmt(s)}, {_fmt(op._inputs[1]._shape)} and with computed input tensors: "
                             f"input[1] = <{' '.join(str(x) for x in axes)}>.")
    axes = {a % r for a in axes} if r else set()
    dims = s.as_list()
    return [TensorShape([1 if i in axes else d for i, d in enumerate(dims)] if keep
                        else [d for i, d in enumerate(dims) if i not in axes])]


def _fmt(s):
    from .common import fmt_shape
    return fmt_shape(s)


def _mean(x, axis, keepdims):
    """TF: the sum over the count, integers summed in int64 and divided as C does (truncating);
    a float mean of nothing is NaN, quietly."""
    n = int(np.prod([x.shape[a] for a in axis])) if axis is not None else x.size
    if x.dtype.kind in "iu":
        total = np.sum(x, axis=axis, keepdims=keepdims, dtype=np.int64)
        return np.asarray(np.sign(total) * (np.abs(total) // max(n, 1)), dtype=x.dtype)
    with np.errstate(all="ignore"):
        return np.asarray(np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype) / x.dtype.type(n), dtype=x.dtype)


def _extreme(np_fn, sign):
    """Max/Min; over nothing they give the reduction's identity (-inf/+inf, an int's min/max)."""
    def f(x, a, k):
        if x.size:
            return np_fn(x, axis=a, keepdims=k)
        if x.dtype.kind == "f":
            initial = sign * np.inf
        else:
            info = np.iinfo(x.dtype)
            initial = info.min if sign < 0 else info.max
        return np_fn(x, axis=a, keepdims=k, initial=initial)
    return f


_REDUCERS = {
    # np.add.reduce is what np.sum calls, without its Python-level wrapper
    "Sum": (lambda x, a, k: np.add.reduce(x, axis=a, keepdims=k, dtype=x.dtype),
            NUMERIC + (_dt.complex64, _dt.complex128), "adds up"),
    "Mean": (_mean, NUMERIC, "averages"),
    "Max": (_extreme(np.max, -1), NUMERIC, "takes the maximum of"),
    "Min": (_extreme(np.min, +1), NUMERIC, "takes the minimum of"),
    "Prod": (lambda x, a, k: np.multiply.reduce(x, axis=a, keepdims=k, dtype=x.dtype), NUMERIC,
             "multiplies together"),
    "All": (lambda x, a, k: np.all(x, axis=a, keepdims=k), (_dt.bool_,), "ANDs together"),
    "Any": (lambda x, a, k: np.any(x, axis=a, keepdims=k), (_dt.bool_,), "ORs together"),
}


def _reduce_kernel(fn):
    def make(op):
        keep = op._attrs["keep_dims"]
        c_axes, c_tuple = const_ints(op, 1)

        def k(ctx, x, axes):
            axes = c_tuple if axes is c_axes else int_tuple(axes)
            return np.asarray(fn(np.asarray(x), axes, keep))
        return k
    return make


for _t, (_fn, _ok, _verb) in _REDUCERS.items():
    register(_t, "reduction", _reduce_shape, _reduce_kernel(_fn), doc=_verb)


def _reduce(op_type, input_tensor, axis, keepdims, name, reduction_indices, keep_dims):
    if axis is None:
        axis = reduction_indices
    keep = bool(keep_dims if keepdims is None else keepdims)
    x = convert_to_tensor(input_tensor)
    to_scalar = axis is None and not keep  # TF's _may_reduce_to_scalar: rank unknown, still a scalar
    if axis is None:
        r = x.shape.ndims
        if r is not None:
            axis = make_constant(np.arange(r, dtype=np.int32), graph=x.graph)
        else:
            from .array_ops import range as _range, rank
            axis = _range(0, rank(x), 1)
    elif not hasattr(axis, "_op"):
        axis = np.asarray(axis, dtype=np.int32)
    out = apply_op(op_type, name, [("input", x), ("reduction_indices", axis)], same_type=("input",),
                   attrs={"keep_dims": keep}, allowed=_REDUCERS[op_type][1])._outputs[0]
    if to_scalar and not out.shape.is_fully_defined():
        out.set_shape(TensorShape([]))
    return out


def _reducer(op_type):
    def f(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
        return _reduce(op_type, input_tensor, axis, keepdims, name, reduction_indices, keep_dims)
    f.__name__ = "reduce_" + {"Sum": "sum", "Mean": "mean", "Max": "max", "Min": "min", "Prod": "prod",
                              "All": "all", "Any": "any"}[op_type]
    return f


reduce_sum = _reducer("Sum")
reduce_mean = _reducer("Mean")
reduce_max = _reducer("Max")
reduce_min = _reducer("Min")
reduce_prod = _reducer("Prod")
reduce_all = _reducer("All")
reduce_any = _reducer("Any")


def _arg_shape(op):
    s = op._inputs[0]._shape
    a = constant_value(op._inputs[1])
    if s.ndims is None or a is None:
        return [unknown_shape()]
    a = int(a)
    if not -s.ndims <= a < s.ndims:
        raise shape_error(op, f"Expected dimension in the range [{-s.ndims}, {s.ndims}), but got {a}")
    a %= s.ndims
    return [TensorShape([d for i, d in enumerate(s.as_list()) if i != a])]


def _arg_kernel(fn):
    return lambda op: (lambda ctx, x, a, dt=op._outputs[0]._dtype.as_numpy_dtype:
                       np.asarray(fn(x, axis=int(a)), dtype=dt))


register("ArgMax", "reduction", _arg_shape, _arg_kernel(np.argmax), doc="finds the index of the largest value in")
register("ArgMin", "reduction", _arg_shape, _arg_kernel(np.argmin), doc="finds the index of the smallest value in")


def _arg(op_type, input, axis, name, dimension, output_type):  # noqa: A002
    if axis is None:
        axis = 0 if dimension is None else dimension
    return apply_op(op_type, name, [("input", input), ("dimension", np.int32(axis) if isinstance(axis, int) else axis)],
                    same_type=("input",), allowed=NUMERIC,
                    out_dtypes=[_dt.as_dtype(output_type)], attrs={"output_type": _dt.as_dtype(output_type)})._outputs[0]


def argmax(input, axis=None, name=None, dimension=None, output_type=_dt.int64):  # noqa: A002
    return _arg("ArgMax", input, axis, name, dimension, output_type)


def argmin(input, axis=None, name=None, dimension=None, output_type=_dt.int64):  # noqa: A002
    return _arg("ArgMin", input, axis, name, dimension, output_type)


def _matmul_shape(op):
    a, b = op._inputs[0]._shape, op._inputs[1]._shape
    ta, tb = op._attrs["transpose_a"], op._attrs["transpose_b"]
    for s in (a, b):
        if s.ndims is not None and s.ndims != 2:
            raise shape_error(op, f"Shape must be rank 2 but is rank {s.ndims}")
    a = a.with_rank(2).as_list()
    b = b.with_rank(2).as_list()
    if ta:
        a = a[::-1]
    if tb:
        b = b[::-1]
    if a[1] is not None and b[0] is not None and a[1] != b[0]:
        raise shape_error(op, f"Dimensions must be equal, but are {a[1]} and {b[0]}")
    return [TensorShape([a[0], b[1]])]


def _matmul_kernel(op):
    ta, tb = op._attrs["transpose_a"], op._attrs["transpose_b"]

    def k(ctx, a, b):
        return np.matmul(a.T if ta else a, b.T if tb else b)
    return k


register("MatMul", "elementwise", _matmul_shape, _matmul_kernel, doc="multiplies matrices")


def _batch_matmul_shape(op):
    a, b = op._inputs[0]._shape, op._inputs[1]._shape
    if a.ndims is None or b.ndims is None:
        return [unknown_shape()]
    x, y = a.as_list(), b.as_list()
    if op._attrs["adj_x"]:
        x[-2:] = x[-2:][::-1]
    if op._attrs["adj_y"]:
        y[-2:] = y[-2:][::-1]
    if x[-1] is not None and y[-2] is not None and x[-1] != y[-2]:
        raise shape_error(op, f"Dimensions must be equal, but are {x[-1]} and {y[-2]}")
    from ..shapes import broadcast_shapes
    batch = broadcast_shapes(TensorShape(x[:-2]), TensorShape(y[:-2]))
    if batch is None:
        raise shape_error(op, "Batch dimensions must be broadcastable")
    return [batch.concatenate([x[-2], y[-1]])]


def _batch_matmul_kernel(op):
    ax, ay = op._attrs["adj_x"], op._attrs["adj_y"]
    return lambda ctx, a, b: np.matmul(np.swapaxes(a, -1, -2) if ax else a, np.swapaxes(b, -1, -2) if ay else b)


register("BatchMatMulV2", "elementwise", _batch_matmul_shape, _batch_matmul_kernel, doc="multiplies batches of matrices")


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None):
    g = graph_of([a, b])
    with g.as_default(), g.name_scope(name or "MatMul") as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")  # no dtype: a mismatch is MatMul's own TypeError
        ta, tb = transpose_a or adjoint_a, transpose_b or adjoint_b
        ra, rb = a.shape.ndims, b.shape.ndims
        if (ra is not None and ra > 2) or (rb is not None and rb > 2):
            return apply_op("BatchMatMulV2", scope, [("x", a), ("y", b)], allowed=NUMERIC,
                            attrs={"adj_x": ta, "adj_y": tb})._outputs[0]
        return apply_op("MatMul", scope, [("a", a), ("b", b)], allowed=NUMERIC,
                        attrs={"transpose_a": ta, "transpose_b": tb})._outputs[0]

