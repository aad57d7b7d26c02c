"""What TF's shape inference reads from a *shape tensor* whose value is not fully known
(ShapeRefiner::ConstantPartialShape, TF 1.15): `tf.zeros(tf.stack([batch, 3]))` is `(?, 3)`,
`tf.fill(tf.shape(x), v)` has x's shape, `tf.reshape(x, tf.stack([b, 28, 28, 1]))` is
`(?, 28, 28, 1)`.

The rules, as TF's: a `Shape` op gives its input's shape; `Pack` of scalars gives one dimension
per scalar, known where the scalar folds to a constant (a negative value or one that does not
fold: unknown); `ConcatV2` concatenates its parts' partial shapes (any part of unknown rank makes
the whole unknown); `StridedSlice` of a shape vector with scalar begin/end/stride and no masks
other than begin/end bit 0 slices the partial shape; anything else folds to a constant (`-1`
entries unknown) or gives as many unknown dimensions as the vector is long."""
from __future__ import annotations

import numpy as np

from .convert import constant_value
from .shapes import TensorShape, unknown_shape
from .tensor import Tensor

__all__ = ["partial_shape_value", "int_scalar_value"]


_FOLDED = {"Mul": lambda a, b: a * b, "Add": lambda a, b: a + b, "AddV2": lambda a, b: a + b,
           "Sub": lambda a, b: a - b, "FloorDiv": lambda a, b: a // b, "FloorMod": lambda a, b: a % b,
           "Maximum": max, "Minimum": min}


def int_scalar_value(t: Tensor) -> int | None:
    """The value of an integer scalar tensor where TF's shape inference can fold it (it evaluates
    the constant subgraph): a constant, one element of a constant vector (`tf.shape(x)[0]` with
    x's shape fully known), integer arithmetic of those."""
    v = constant_value(t)
    if v is None and t._op._type in _FOLDED and len(t._op._inputs) == 2:
        a, b = (int_scalar_value(x) for x in t._op._inputs)
        if a is not None and b is not None and (b != 0 or t._op._type not in ("FloorDiv", "FloorMod")):
            v = _FOLDED[t._op._type](a, b)
    if v is None and t._op._type == "StridedSlice":
        op = t._op
        a = op._attrs
        vec, begin = constant_value(op._inputs[0]), constant_value(op._inputs[1])
        if (vec is not None and begin is not None and np.ndim(vec) == 1 and np.size(begin) == 1
                and a["shrink_axis_mask"] == 1 and not (a["ellipsis_mask"] or a["new_axis_mask"])):
            i = int(np.reshape(begin, -1)[0])
            if -len(vec) <= i < len(vec):
                v = vec[i]
    if v is None or np.ndim(v) != 0:
        return None
    return int(v)


def partial_shape_value(t: Tensor) -> TensorShape:
    """The partial shape the 1-D int tensor `t` describes (unknown rank when not even its length
    is known)."""
    length = t._shape[0].value if t._shape.ndims == 1 else None
    if length == 0:
        return TensorShape([])
    op = t._op
    kind = op._type
    if kind == "Shape":
        return op._inputs[0]._shape
    if kind == "Pack" and op._attrs.get("axis", 0) == 0:
        dims = [int_scalar_value(x) for x in op._inputs]
        return TensorShape([None if d is None or d < 0 else d for d in dims])
    if kind == "ConcatV2":
        out = TensorShape([])
        for part in op._inputs[:-1]:
            sub = partial_shape_value(part)
            if sub.ndims is None:
                return unknown_shape()
            out = out.concatenate(sub)
        return out
    if kind == "StridedSlice":
        return _strided_slice_shape(op)
    v = constant_value(t)
    if v is not None and np.ndim(v) == 1:
        return TensorShape([None if d == -1 else int(d) for d in np.asarray(v).tolist()])
    return unknown_shape(length)


def _strided_slice_shape(op) -> TensorShape:
    """TF's PartialStridedSliceShape: `tf.shape(x)[1:]` is x's shape from dimension 1 on."""
    a = op._attrs
    for i in (1, 2, 3):
        s = op._inputs[i]._shape
        if s.ndims != 1 or s[0].value != 1:
            return unknown_shape()
    if (a["begin_mask"] not in (0, 1) or a["end_mask"] not in (0, 1) or a["ellipsis_mask"]
            or a["new_axis_mask"] or a["shrink_axis_mask"]):
        return unknown_shape()
    bounds = []
    for i, mask in ((1, a["begin_mask"]), (2, a["end_mask"]), (3, 0)):
        if mask:
            bounds.append(None)
            continue
        v = constant_value(op._inputs[i])
        if v is None:
            return unknown_shape()
        bounds.append(int(np.reshape(v, -1)[0]))
    begin, end, stride = bounds
    whole = partial_shape_value(op._inputs[0])
    if whole.ndims is None:
        return unknown_shape()
    return TensorShape(whole.as_list()[slice(begin, end, stride)])
