"""`t[...]`: TF 1.x's StridedSlice, built as TF builds it (`strided_slice/stack{,_1,_2}` and the
masks), with static shape inference and TF's out-of-bounds texts."""
from __future__ import annotations

import numpy as np

from ..convert import apply_op, constant_value, make_constant
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from ..tensor import Tensor
from .common import KernelError, shape_error


def _index_tuple(op, begin, end, strides):
    a = op._attrs
    idx = []
    for i in range(len(begin)):
        bit = 1 << i
        if a["ellipsis_mask"] & bit:
            idx.append(Ellipsis)
        elif a["new_axis_mask"] & bit:
            idx.append(None)
        elif a["shrink_axis_mask"] & bit:
            idx.append(int(begin[i]))
        else:
            idx.append(slice(None if a["begin_mask"] & bit else int(begin[i]),
                             None if a["end_mask"] & bit else int(end[i]), int(strides[i])))
    return tuple(idx)


def _strided_slice_shape(op):
    s = op._inputs[0]._shape
    vals = [constant_value(t) for t in op._inputs[1:]]
    if s.ndims is None or any(v is None for v in vals):
        return [unknown_shape()]
    idx = _index_tuple(op, *vals)
    outs = []
    for fill in (1000003, 1000033):
        dims = [fill if d is None else d for d in s.as_list()]
        try:
            outs.append(np.broadcast_to(np.empty((), np.int8), dims)[idx].shape)
        except IndexError as e:
            raise shape_error(op, f"slice index {_bad_index(idx, dims)} of dimension {_bad_dim(idx, dims)} out "
                                  "of bounds.", [1, 2, 3]) from e
    return [TensorShape([a if a == b else None for a, b in zip(*outs)])]


def _fmt(s):
    from .common import fmt_shape
    return fmt_shape(s)


def _bad_index(idx, dims):
    for i, (ix, d) in enumerate(zip([x for x in idx if x is not None and x is not Ellipsis], dims)):
        if isinstance(ix, int) and not -d <= ix < d:
            return ix
    return "?"


def _bad_dim(idx, dims):
    for i, (ix, d) in enumerate(zip([x for x in idx if x is not None and x is not Ellipsis], dims)):
        if isinstance(ix, int) and not -d <= ix < d:
            return i
    return "?"


def _strided_slice_kernel(op):
    def k(ctx, x, begin, end, strides):
        try:
            return x[_index_tuple(op, begin, end, strides)]
        except IndexError as e:
            raise KernelError(f"slice index out of bounds: {e}") from None
    return k


register("StridedSlice", "array", _strided_slice_shape, _strided_slice_kernel, doc="slices")


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, name=None):
    if strides is None:
        strides = [1] * len(begin)
    attrs = dict(begin_mask=begin_mask, end_mask=end_mask, ellipsis_mask=ellipsis_mask,
                 new_axis_mask=new_axis_mask, shrink_axis_mask=shrink_axis_mask)
    return apply_op("StridedSlice", name, [("input", input_), ("begin", begin), ("end", end), ("strides", strides)],
                    same_type=False, attrs=attrs)._outputs[0]


def slice_helper(tensor, spec):
    """`tensor[spec]` as TF 1.x builds it: `strided_slice/stack{,_1,_2}` and a StridedSlice."""
    if not isinstance(spec, (list, tuple)) or isinstance(spec, list) and not any(
            isinstance(s, (slice, type(Ellipsis))) or s is None for s in spec):
        spec = (spec,)
    begin, end, strides = [], [], []
    masks = dict(begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0)
    for i, s in enumerate(spec):
        bit = 1 << i
        if isinstance(s, slice):
            for v, lst, mask in ((s.start, begin, "begin_mask"), (s.stop, end, "end_mask")):
                if v is None:
                    lst.append(0)
                    masks[mask] |= bit
                else:
                    lst.append(v)
            strides.append(1 if s.step is None else s.step)
        elif s is Ellipsis:
            begin.append(0), end.append(0), strides.append(1)
            masks["ellipsis_mask"] |= bit
        elif s is None:
            begin.append(0), end.append(0), strides.append(1)
            masks["new_axis_mask"] |= bit
        else:
            if not (isinstance(s, (int, np.integer)) or isinstance(s, Tensor)):
                raise TypeError("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and "
                                f"scalar tf.int32/tf.int64 tensors are valid indices, got {s!r}")
            begin.append(s)
            end.append(s + 1 if not isinstance(s, Tensor) else s + 1)
            strides.append(1)
            masks["shrink_axis_mask"] |= bit
    from .index_ops import stack as _stack
    g = graph_of([tensor])
    with g.as_default(), g.name_scope("strided_slice") as scope:
        packed = [_stack(v) if v else make_constant(np.zeros([0], np.int32), name="stack") for v in (begin, end, strides)]
        return strided_slice(tensor, *packed, name=scope, **masks)
