"""The helper ops TF's gradient functions build: `BroadcastGradientArgs`, the fused
`SigmoidGrad`/`TanhGrad`/`ReluGrad`/... derivative ops, `InvertPermutation`, `ShapeN`,
`ConcatOffset`, `StridedSliceGrad`, `MirrorPadGrad`, `UnsortedSegmentSum`, `Cumprod`, `ListDiff`.
Each has TF's op type, input names, dtypes and shape function, and a numpy kernel."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import FLOATS, NUMERIC, KernelError, merge_shapes, shape_error, vector_ints

_INT = (_dt.int32, _dt.int64)


# -- BroadcastGradientArgs ---------------------------------------------------------------------
def bcast_reduction_axes(s0, s1):
    """TF's BCast gradient reduction indices for shapes `s0`, `s1` (lists of ints)."""
    s0, s1 = list(vector_ints(s0)), list(vector_ints(s1))
    if s0 == s1:
        return [], []
    n = max(len(s0), len(s1))
    a, b = [1] * (n - len(s0)) + s0, [1] * (n - len(s1)) + s1
    for x, y in zip(a, b):
        if x != y and x != 1 and y != 1:
            raise KernelError(f"Incompatible shapes: [{','.join(map(str, s0))}] vs. [{','.join(map(str, s1))}]")
    return [i for i in range(n) if a[i] == 1], [i for i in range(n) if b[i] == 1]


def _bcast_kernel(op):
    npdt = op._outputs[0]._dtype.as_numpy_dtype
    return lambda ctx, s0, s1: tuple(np.array(r, npdt) for r in bcast_reduction_axes(s0, s1))


register("BroadcastGradientArgs", "array", lambda op: [unknown_shape(1), unknown_shape(1)], _bcast_kernel,
         doc="finds the axes broadcasting added (the gradient is summed over them), from")


def broadcast_gradient_args(s0, s1, name=None):
    from ..graph import graph_of
    g = graph_of([s0, s1])
    with g.as_default(), g.name_scope(name or "BroadcastGradientArgs") as scope:
        s0 = convert_to_tensor(s0, name="s0", preferred_dtype=_dt.int32)
        s1 = convert_to_tensor(s1, name="s1", dtype=s0.dtype.base_dtype)
        dt = s0.dtype.base_dtype
        op = apply_op("BroadcastGradientArgs", scope, [("s0", s0), ("s1", s1)], allowed=_INT, out_dtypes=[dt, dt])
    return op._outputs[0], op._outputs[1]


# -- fused derivative ops (y or x first, the incoming gradient second) ----------------------------
def _merge_two(op):
    try:
        return [merge_shapes(op._inputs[0]._shape, op._inputs[1]._shape)]
    except ValueError as e:
        raise shape_error(op, str(e)) from None


def _sigmoid_grad(y, dy): return dy * y * (1 - y)
def _tanh_grad(y, dy): return dy * (1 - y * y)
def _rsqrt_grad(y, dy): return dy * (y * y * y) * y.dtype.type(-0.5)
def _sqrt_grad(y, dy): return dy * y.dtype.type(0.5) / np.conj(y)  # TF: conj(y) for complex
def _reciprocal_grad(y, dy): return -dy * y * y
def _relu_grad(g, x): return g * (x > 0).astype(g.dtype)
def _relu6_grad(g, x): return g * ((x > 0) & (x < 6)).astype(g.dtype)
def _softplus_grad(g, x): return g / (1 + np.exp(-x))
def _elu_grad(g, y): return np.where(y > 0, g, g * (y + 1))


# op type: (numpy function, allowed dtypes, argument names, plain-language verb)
FUSED = {
    "SigmoidGrad": (_sigmoid_grad, FLOATS, ("y", "dy"), "scales the incoming gradient by sigmoid's slope y(1-y), from"),
    "TanhGrad": (_tanh_grad, FLOATS, ("y", "dy"), "scales the incoming gradient by tanh's slope 1-y², from"),
    "RsqrtGrad": (_rsqrt_grad, FLOATS, ("y", "dy"), "scales the incoming gradient by rsqrt's slope -y³/2, from"),
    "SqrtGrad": (_sqrt_grad, FLOATS + (_dt.complex64, _dt.complex128), ("y", "dy"), "scales the incoming gradient by sqrt's slope 1/(2y), from"),
    "ReciprocalGrad": (_reciprocal_grad, FLOATS, ("y", "dy"), "scales the incoming gradient by 1/x's slope -y², from"),
    "ReluGrad": (_relu_grad, NUMERIC, ("gradients", "features"), "passes the incoming gradient where the input was > 0, from"),
    "Relu6Grad": (_relu6_grad, NUMERIC, ("gradients", "features"),
                  "passes the incoming gradient where the input was in (0, 6), from"),
    "SoftplusGrad": (_softplus_grad, FLOATS, ("gradients", "features"),
                     "scales the incoming gradient by softplus's slope sigmoid(x), from"),
    "EluGrad": (_elu_grad, FLOATS, ("gradients", "outputs"), "scales the incoming gradient by ELU's slope, from"),
}


def _fused_kernel(fn):
    def make(op):
        def k(ctx, a, b):
            with np.errstate(all="ignore"):
                return np.asarray(fn(a, b), dtype=a.dtype)
        return k
    return make


for _t, (_fn, _ok, _args, _verb) in FUSED.items():
    register(_t, "elementwise", _merge_two, _fused_kernel(_fn), doc=_verb)


def fused(op_type, a, b, name=None):
    fn, allowed, args, _ = FUSED[op_type]
    return apply_op(op_type, name, [(args[0], a), (args[1], b)], allowed=allowed)._outputs[0]


def sigmoid_grad(y, dy, name=None): return fused("SigmoidGrad", y, dy, name)
def tanh_grad(y, dy, name=None): return fused("TanhGrad", y, dy, name)
def rsqrt_grad(y, dy, name=None): return fused("RsqrtGrad", y, dy, name)
def sqrt_grad(y, dy, name=None): return fused("SqrtGrad", y, dy, name)
def reciprocal_grad(y, dy, name=None): return fused("ReciprocalGrad", y, dy, name)
def relu_grad(gradients, features, name=None): return fused("ReluGrad", gradients, features, name)
def relu6_grad(gradients, features, name=None): return fused("Relu6Grad", gradients, features, name)
def softplus_grad(gradients, features, name=None): return fused("SoftplusGrad", gradients, features, name)
def elu_grad(gradients, outputs, name=None): return fused("EluGrad", gradients, outputs, name)


# -- permutations, shapes, offsets ----------------------------------------------------------------
def _invert_perm_kernel(op):
    def k(ctx, x):
        x = np.asarray(x)
        if sorted(x.tolist()) != list(range(x.size)):
            raise KernelError(f"{x.tolist()} is not a permutation of 0..{x.size - 1}")
        out = np.empty_like(x)
        out[x] = np.arange(x.size, dtype=x.dtype)
        return out
    return k


register("InvertPermutation", "array", lambda op: [op._inputs[0]._shape], _invert_perm_kernel,
         doc="inverts the permutation")


def invert_permutation(x, name=None):
    return apply_op("InvertPermutation", name, [("x", x)], allowed=_INT)._outputs[0]


def _one_or_tuple(values):
    """A kernel's result: the value itself for a one-output op, else the tuple."""
    return values[0] if len(values) == 1 else tuple(values)


register("ShapeN", "array", lambda op: [TensorShape([t._shape.ndims]) for t in op._inputs],
         lambda op: (lambda ctx, *xs, dt=op._outputs[0]._dtype.as_numpy_dtype:
                     _one_or_tuple([np.array(np.shape(x), dtype=dt) for x in xs])), doc="reads the shapes of")


def shape_n(inputs, out_type=_dt.int32, name=None):
    from ..graph import graph_of
    g = graph_of(inputs)
    with g.as_default():
        op = g.create_op("ShapeN", list(inputs), [_dt.as_dtype(out_type)] * len(inputs), name=name or "ShapeN",
                         attrs={"N": len(inputs), "out_type": _dt.as_dtype(out_type)})
    return list(op._outputs)


def _concat_offset_kernel(op):
    def k(ctx, dim, *shapes):
        d = int(dim)
        offsets, at = [], 0
        for s in shapes:
            o = np.zeros_like(s)
            o[d] = at
            at += int(s[d])
            offsets.append(o)
        return _one_or_tuple(offsets)
    return k


register("ConcatOffset", "array", lambda op: [t._shape for t in op._inputs[1:]], _concat_offset_kernel,
         doc="finds where each concatenated piece starts, from")


def concat_offset(concat_dim, shape, name=None):
    from ..graph import graph_of
    g = graph_of([concat_dim] + list(shape))
    with g.as_default():
        op = g.create_op("ConcatOffset", [concat_dim] + list(shape), [shape[0].dtype.base_dtype] * len(shape),
                         name=name or "ConcatOffset", attrs={"N": len(shape)})
    return list(op._outputs)


# -- slicing and padding backwards ---------------------------------------------------------------
def _strided_slice_grad_shape(op):
    v = constant_value(op._inputs[0])
    return [unknown_shape(op._inputs[0]._shape[0].value if op._inputs[0]._shape.ndims == 1 else None)
            if v is None else TensorShape([int(d) for d in v])]


def _strided_slice_grad_kernel(op):
    from .slice_ops import _index_tuple

    def k(ctx, shape, begin, end, strides, dy):
        out = np.zeros(tuple(int(d) for d in shape), dtype=dy.dtype)
        out[_index_tuple(op, begin, end, strides)] = dy
        return out
    return k


register("StridedSliceGrad", "array", _strided_slice_grad_shape, _strided_slice_grad_kernel,
         doc="scatters a slice's gradient back into zeros, from")


def strided_slice_grad(shape, begin, end, strides, dy, begin_mask=0, end_mask=0, ellipsis_mask=0,
                       new_axis_mask=0, shrink_axis_mask=0, name=None):
    attrs = {"begin_mask": begin_mask, "end_mask": end_mask, "ellipsis_mask": ellipsis_mask,
             "new_axis_mask": new_axis_mask, "shrink_axis_mask": shrink_axis_mask}
    return apply_op("StridedSliceGrad", name, [("shape", shape), ("begin", begin), ("end", end),
                                               ("strides", strides), ("dy", dy)],
                    same_type=("shape", "begin", "end", "strides"), attrs=attrs,
                    out_dtypes=[dy.dtype.base_dtype])._outputs[0]


def _mirror_pad_grad_shape(op):
    s, p = op._inputs[0]._shape, constant_value(op._inputs[1])
    if s.ndims is None or p is None:
        return [unknown_shape(s.ndims)]
    return [TensorShape([None if d is None else d - int(a) - int(b) for d, (a, b) in zip(s.as_list(), p)])]


def _mirror_pad_grad_kernel(op):
    edge = 0 if op._attrs["mode"].upper() == "REFLECT" else 1  # SYMMETRIC repeats the edge row

    def k(ctx, g, paddings):
        g = np.asarray(g)
        for axis, (a, b) in enumerate(np.asarray(paddings).tolist()):
            size = g.shape[axis]
            n = size - int(a) - int(b)
            src = np.arange(size) - int(a)
            src = np.where(src < 0, -src - edge, src)
            src = np.where(src >= n, 2 * (n - 1) - src + edge, src)
            moved = np.moveaxis(g, axis, 0)
            out = np.zeros((n,) + moved.shape[1:], g.dtype)
            np.add.at(out, src, moved)
            g = np.moveaxis(out, 0, axis)
        return g
    return k


register("MirrorPadGrad", "array", _mirror_pad_grad_shape, _mirror_pad_grad_kernel,
         doc="folds the gradient of mirrored padding back, from")


def mirror_pad_grad(input, paddings, mode, name=None):  # noqa: A002 - TF's name
    return apply_op("MirrorPadGrad", name, [("input", input), ("paddings", paddings)], same_type=("input",),
                    attrs={"mode": mode})._outputs[0]


# -- gathers backwards, running products, set difference --------------------------------------------
def _segment_sum_shape(op):
    data, ids, n = op._inputs[0]._shape, op._inputs[1]._shape, constant_value(op._inputs[2])
    if data.ndims is None or ids.ndims is None:
        return [unknown_shape()]
    return [TensorShape([None if n is None else int(n)] + data.as_list()[ids.ndims:])]


def _segment_sum_kernel(op):
    def k(ctx, data, ids, n):
        out = np.zeros((int(n),) + data.shape[ids.ndim:], dtype=data.dtype)
        flat_ids = ids.reshape(-1)
        flat = data.reshape((-1,) + data.shape[ids.ndim:])
        keep = flat_ids >= 0
        if np.any(flat_ids >= int(n)):
            raise KernelError(f"segment_ids[{int(np.argmax(flat_ids >= int(n)))}] = {int(flat_ids.max())} is out of "
                              f"range [0, {int(n)})")
        np.add.at(out, flat_ids[keep], flat[keep])
        return out
    return k


register("UnsortedSegmentSum", "array", _segment_sum_shape, _segment_sum_kernel,
         doc="adds up the rows that share a segment id, from")


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    return apply_op("UnsortedSegmentSum", name, [("data", data), ("segment_ids", segment_ids),
                                                 ("num_segments", num_segments)], same_type=("data",))._outputs[0]


def _cumprod_kernel(op):
    exclusive, reverse = op._attrs["exclusive"], op._attrs["reverse"]

    def k(ctx, x, axis):
        a = int(axis)
        y = np.flip(x, a) if reverse else x
        out = np.cumprod(y, axis=a, dtype=x.dtype)
        if exclusive:
            out = np.concatenate([np.ones_like(np.take(out, [0], axis=a)), np.delete(out, -1, axis=a)], axis=a)
        return np.flip(out, a) if reverse else out
    return k


register("Cumprod", "array", lambda op: [op._inputs[0]._shape], _cumprod_kernel, doc="takes running products of")


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    return apply_op("Cumprod", name, [("x", x), ("axis", np.int32(axis) if isinstance(axis, int) else axis)],
                    same_type=("x",), attrs={"exclusive": exclusive, "reverse": reverse})._outputs[0]


def _list_diff_kernel(op):
    idx_dt = op._outputs[1]._dtype.as_numpy_dtype

    def k(ctx, x, y):
        keep = ~np.isin(x, y)
        return x[keep], np.nonzero(keep)[0].astype(idx_dt)
    return k


register("ListDiff", "array", lambda op: [unknown_shape(1), unknown_shape(1)], _list_diff_kernel,
         doc="keeps the values of x not in y, from")


def setdiff1d(x, y, index_dtype=_dt.int32, name=None):
    from ..convert import convert_to_tensor
    x = convert_to_tensor(x, name="x")
    op = apply_op("ListDiff", name, [("x", x), ("y", y)], out_dtypes=[x.dtype.base_dtype, _dt.as_dtype(index_dtype)],
                  attrs={"out_idx": _dt.as_dtype(index_dtype)})
    return op._outputs[0], op._outputs[1]


# -- DynamicStitch (TF's reduced_shape builds one) -------------------------------------------------
def _stitch_shape(op):
    n = op._attrs["N"]
    data = op._inputs[n:]
    idx = op._inputs[:n]
    extra = None
    if data[0]._shape.ndims is not None and idx[0]._shape.ndims is not None:
        extra = data[0]._shape.as_list()[idx[0]._shape.ndims:]
    values = [constant_value(t) for t in idx]
    first = None if any(v is None for v in values) else int(max((int(np.max(v)) for v in values if np.size(v)),
                                                                 default=-1)) + 1
    return [unknown_shape() if extra is None else TensorShape([first] + extra)]


def _stitch_kernel(op):
    n = op._attrs["N"]

    def k(ctx, *args):
        idx, data = args[:n], args[n:]
        size = max((int(np.max(i)) for i in idx if np.size(i)), default=-1) + 1
        out = np.zeros((size,) + data[0].shape[np.ndim(idx[0]):], dtype=data[0].dtype)
        for i, d in zip(idx, data):
            out[np.reshape(i, -1)] = np.reshape(d, (-1,) + out.shape[1:])
        return out
    return k


register("DynamicStitch", "array", _stitch_shape, _stitch_kernel, doc="interleaves the data by index, from")


def dynamic_stitch(indices, data, name=None):
    from ..graph import graph_of
    g = graph_of(list(indices) + list(data))
    with g.as_default(), g.name_scope(name or "DynamicStitch") as scope:
        idx = [convert_to_tensor(t, name="indices") for t in indices]
        vals = [convert_to_tensor(t, name="data") for t in data]
        return g.create_op("DynamicStitch", idx + vals, [vals[0].dtype.base_dtype], name=scope,
                           attrs={"N": len(idx)})._outputs[0]
