"""Joining, splitting and selecting: concat, stack/unstack, squeeze/expand_dims, where/Select,
clip_by_value, tile, one_hot, gather and boolean_mask (`t[...]` is in slice_ops)."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor, make_constant
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, broadcast_shapes, unknown_shape
from ..tensor import Tensor
from .common import KernelError, const_ints, merge_shapes, shape_error, vector_ints


def _axis(op, i):
    v = constant_value(op._inputs[i])
    return None if v is None else int(np.asarray(v).reshape(-1)[0])  # TF takes a one-element list too


def _concat_shape(op):
    """TF's ConcatShapeHelper: from the last input back, merge the dims before and after the
    axis and add up the axis (so errors name those sub-shapes, as TF's do)."""
    vals = op._inputs[:-1]
    n = len(vals)
    axis = _axis(op, n)
    rank = next((t._shape.ndims for t in vals if t._shape.ndims is not None), None)
    if axis is None or rank is None:
        return [unknown_shape(rank)]
    min_rank = -axis if axis < 0 else axis + 1
    before = after = middle = None
    for t in reversed(vals):
        s = t._shape
        if s.ndims is None:
            parts = (unknown_shape(), None, unknown_shape())
        else:
            if s.ndims < min_rank:
                raise shape_error(op, f"Shape must be at least rank {min_rank} but is rank {s.ndims}", [n])
            a = axis % s.ndims
            dims = s.as_list()
            parts = (TensorShape(dims[:a]), dims[a], TensorShape(dims[a + 1:]))
        if before is None:
            before, middle, after = parts
            continue
        try:
            before = merge_shapes(parts[0], before)
            after = merge_shapes(parts[2], after)
        except ValueError as e:
            raise shape_error(op, str(e), [n]) from None
        middle = None if middle is None or parts[1] is None else middle + parts[1]
    return [before.concatenate([middle]).concatenate(after)]


register("ConcatV2", "array", _concat_shape,
         lambda op: (lambda ctx, *xs: np.concatenate(xs[:-1], axis=int(xs[-1]))), doc="joins along an axis")


def concat(values, axis, name="concat"):
    if not isinstance(values, (list, tuple)):
        values = [values]
    if len(values) == 1:  # TF 1.x: a throwaway `concat/concat_dim` and an Identity `concat/concat`
        g = graph_of(list(values))
        with g.as_default(), g.name_scope(name):
            convert_to_tensor(axis, name="concat_dim", dtype=_dt.int32)
            from .array_ops import identity
            return identity(values[0], name=name)
    inputs = [(f"values_{i}", v) for i, v in enumerate(values)]
    g = graph_of(list(values))
    with g.as_default(), g.name_scope(name) as scope:
        ts = [convert_to_tensor(v, name=arg) for arg, v in inputs]  # TF: a Python list is `concat/values_0`
        ax = convert_to_tensor(axis, dtype=_dt.int32, name="axis")
        base = ts[0].dtype.base_dtype
        for (arg, _), t in zip(inputs, ts):
            if t.dtype.base_dtype != base:
                raise TypeError(f"Tensors in list passed to 'values' of 'ConcatV2' Op have types "
                                f"[{', '.join(x.dtype.base_dtype.name for x in ts)}] that don't all match.")
        return g.create_op("ConcatV2", ts + [ax], [base], name=scope, attrs={"N": len(ts)})._outputs[0]


def _pack_shape(op):
    shapes = [t._shape for t in op._inputs]
    s = shapes[0]
    for o in shapes[1:]:
        if not s.is_compatible_with(o):
            raise shape_error(op, f"Shapes must be equal rank, but are {s.ndims} and {o.ndims}" if s.ndims != o.ndims
                              else "Shapes must be equal")
        s = s.merge_with(o)
    if s.ndims is None:
        return [unknown_shape()]
    dims = s.as_list()
    axis = op._attrs["axis"]
    if not -len(dims) - 1 <= axis <= len(dims):
        raise ValueError(f"axis = {axis} not in [{-len(dims) - 1}, {len(dims) + 1})")
    axis = axis % (len(dims) + 1)
    return [TensorShape(dims[:axis] + [len(shapes)] + dims[axis:])]


register("Pack", "array", _pack_shape,
         lambda op: (lambda ctx, *xs, a=op._attrs["axis"]: np.stack(xs, axis=a)), doc="stacks")


def stack(values, axis=0, name="stack"):
    if axis == 0:
        try:  # a constant list becomes one Const; a list holding tensors is auto-packed
            return convert_to_tensor(values, name=name)
        except (TypeError, ValueError):
            pass
    return _pack(values, axis, name)


def _flat(v):
    if isinstance(v, (list, tuple)):
        for x in v:
            yield from _flat(x)
    else:
        yield v


def _pack(values, axis, name):
    g = graph_of(list(values))
    with g.as_default(), g.name_scope(name) as scope:
        first = next((v for v in values if _is_tensor_like(v)), values[0])
        dt = convert_to_tensor(first).dtype.base_dtype if _is_tensor_like(first) else None
        ts = [convert_to_tensor(v, preferred_dtype=dt) for v in values]
        if len({t.dtype.base_dtype for t in ts}) > 1:
            raise TypeError("Tensors in list passed to 'values' of 'Pack' Op have types "
                            f"[{', '.join(t.dtype.base_dtype.name for t in ts)}] that don't all match.")
        dt = ts[0].dtype.base_dtype
        return g.create_op("Pack", ts, [dt], name=scope, attrs={"axis": axis, "N": len(ts)})._outputs[0]


def _is_tensor_like(v):
    return isinstance(v, Tensor) or hasattr(v, "_as_graph_element")


def _nested_dtype(values):
    """TF's `_get_dtype_from_nested_lists`: the dtype of the first tensor found, depth first."""
    for v in values:
        if _is_tensor_like(v):
            return v.dtype.base_dtype
        if isinstance(v, (list, tuple)):
            d = _nested_dtype(v)
            if d is not None:
                return d
    return None


def _auto_pack(values, dtype, name):
    """A list holding tensors becomes a `Pack` op (named `packed` unless named), as TF's
    autopacking: Python elements become constants `<scope>/<index>` of the tensors' dtype."""
    from .array_ops import cast
    inferred = _nested_dtype(values)
    requested = None if dtype is None else _dt.as_dtype(dtype).base_dtype
    cast_to = requested if requested is not None and requested != inferred else None
    g = graph_of(list(_flat(values)))
    with g.as_default():
        return _pack_helper(g, values, requested or inferred, name or "packed",
                            (lambda t: cast(t, cast_to)) if cast_to else None)


def _pack_helper(g, values, dtype, name, cast):
    with g.name_scope(name) as scope:
        elems = []
        for i, v in enumerate(values):
            if _is_tensor_like(v):
                t = convert_to_tensor(v)
                if t.dtype.base_dtype != dtype:
                    if cast is None:
                        raise TypeError(f"Cannot convert a list containing a tensor of dtype {t.dtype} to {dtype} "
                                        f"(Tensor is: {t!r})")
                    t = cast(t)
                elems.append(t)
            elif isinstance(v, (list, tuple)) and _nested_dtype(v) is not None:
                elems.append(_pack_helper(g, v, dtype, str(i), cast))
            else:
                elems.append(v)
        ts = [e if isinstance(e, Tensor) else make_constant(e, dtype, name=str(i)) for i, e in enumerate(elems)]
        return g.create_op("Pack", ts, [dtype], name=scope, attrs={"axis": 0, "N": len(ts)})._outputs[0]


def _unpack_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is None:
        return [unknown_shape() for _ in op._outputs]
    dims = s.as_list()
    axis = op._attrs["axis"] % len(dims)
    return [TensorShape(dims[:axis] + dims[axis + 1:]) for _ in op._outputs]


def _unpack_kernel(op):
    a = op._attrs["axis"]
    if op._attrs["num"] == 1:  # one output: its value, not a 1-tuple
        return lambda ctx, x: np.moveaxis(x, a, 0)[0]
    return lambda ctx, x: tuple(np.moveaxis(x, a, 0))


register("Unpack", "array", _unpack_shape, _unpack_kernel, doc="unstacks")


def unstack(value, num=None, axis=0, name="unstack"):
    value = convert_to_tensor(value)
    if num is None:
        s = value.shape
        if s.ndims is None or s[axis].value is None:
            raise ValueError(f"Cannot infer num from shape {s}")
        num = s[axis].value
    op = value.graph.create_op("Unpack", [value], [value.dtype.base_dtype] * num, name=name,
                               attrs={"num": num, "axis": axis})
    return list(op._outputs)


def _squeeze_shape(op):
    s = op._inputs[0]._shape
    axes = op._attrs["squeeze_dims"]
    if s.ndims is None:
        return [unknown_shape()]
    dims = s.as_list()
    if axes:
        axes = [a % len(dims) for a in axes]
        for a in axes:
            if dims[a] not in (1, None):
                raise shape_error(op, f"Can not squeeze dim[{a}], expected a dimension of 1, got {dims[a]}")
        return [TensorShape([d for i, d in enumerate(dims) if i not in axes])]
    if None in dims:
        return [unknown_shape()]
    return [TensorShape([d for d in dims if d != 1])]


def _squeeze_kernel(op):
    axes = tuple(op._attrs["squeeze_dims"]) or None

    def k(ctx, x):
        if axes is not None:
            for a in axes:
                if np.shape(x)[a] != 1:
                    raise KernelError(f"Can not squeeze dim[{a % np.ndim(x)}], expected a dimension of 1, "
                                      f"got {np.shape(x)[a]}")
        return np.squeeze(x, axis=axes)
    return k


register("Squeeze", "array", _squeeze_shape, _squeeze_kernel, doc="drops size-1 dimensions of")


def squeeze(input, axis=None, name=None, squeeze_dims=None):  # noqa: A002
    axis = squeeze_dims if axis is None else axis
    axis = [] if axis is None else ([axis] if isinstance(axis, int) else list(axis))
    return apply_op("Squeeze", name, [("input", input)], attrs={"squeeze_dims": axis})._outputs[0]


def _expand_shape(op):
    s = op._inputs[0]._shape
    a = _axis(op, 1)
    if s.ndims is None or a is None:
        return [unknown_shape()]
    dims = s.as_list()
    if not -len(dims) - 1 <= a <= len(dims):
        raise shape_error(op, f"Tried to expand dim index {a} for tensor with {len(dims)} dimensions.")
    a = a % (len(dims) + 1)
    return [TensorShape(dims[:a] + [1] + dims[a:])]


def _expand_dims(ctx, x, a):
    a = int(np.asarray(a).reshape(-1)[0]) if type(a) is np.ndarray and a.ndim else int(a)  # TF takes [1]
    if type(x) is np.ndarray and -x.ndim - 1 <= a <= x.ndim:  # np.expand_dims's view, without its wrapper
        if a < 0:
            a += x.ndim + 1
        return x.reshape(x.shape[:a] + (1,) + x.shape[a:])
    return np.expand_dims(x, a)


register("ExpandDims", "array", _expand_shape, lambda op: _expand_dims, doc="adds a size-1 dimension to")


def expand_dims(input, axis=None, name=None, dim=None):  # noqa: A002
    axis = dim if axis is None else axis
    return apply_op("ExpandDims", name, [("input", input), ("dim", np.int32(axis) if isinstance(axis, int) else axis)],
                    same_type=False)._outputs[0]


# -- selection and clipping --------------------------------------------------------------------
def _select_shape(op):
    c, x, y = (t._shape for t in op._inputs)
    out = broadcast_shapes(x, y)
    if out is None or not x.is_compatible_with(y):
        raise shape_error(op, "Dimensions must be equal")
    return [out]


def _select_kernel(op):
    def k(ctx, c, x, y):
        if np.ndim(c) == 1 and np.ndim(x) > 1:
            c = np.reshape(c, (-1,) + (1,) * (np.ndim(x) - 1))
        return np.where(c, x, y)
    return k


register("Select", "control", _select_shape, _select_kernel, doc="picks from x where true, else y")
register("Where", "array", lambda op: [TensorShape([None, op._inputs[0]._shape.ndims])],
         lambda op: (lambda ctx, c: np.argwhere(c).astype(np.int64)), doc="lists the coordinates of true values in")


def where(condition, x=None, y=None, name=None):
    if x is None and y is None:
        return apply_op("Where", name, [("input", condition)], out_dtypes=[_dt.int64])._outputs[0]
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return apply_op("Select", name, [("condition", condition), ("t", x), ("e", y)],
                    same_type=("t", "e"))._outputs[0]


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    from .math_ops import maximum, minimum
    g = graph_of([t, clip_value_min, clip_value_max])
    with g.as_default(), g.name_scope(name or "clip_by_value") as scope:
        t = convert_to_tensor(t, name="t")
        t_min = minimum(t, clip_value_max)
        return maximum(t_min, clip_value_min, name=scope)


def _tile_shape(op):
    s = op._inputs[0]._shape
    m = constant_value(op._inputs[1])
    if s.ndims is None or m is None:
        return [unknown_shape(s.ndims)]
    return [TensorShape([None if d is None else d * int(k) for d, k in zip(s.as_list(), m)])]


def _tile(x, m):
    """np.tile(x, m) (numpy's own algorithm: one `repeat` per tiled axis), without its
    Python-level wrapper when `m` has one non-negative multiple per axis of a non-empty array."""
    if type(x) is not np.ndarray or x.ndim != len(m) or not x.size:
        return np.tile(x, m)
    c, n, shape = x, x.size, []
    for dim, k in zip(x.shape, m):
        if k != 1:
            if k < 0:
                return np.tile(x, m)  # numpy's error
            c = c.reshape(-1, n).repeat(k, 0)
        n //= dim
        shape.append(dim * k)
    return x.copy() if c is x else c.reshape(shape)


def _tile_kernel(op):
    cm, cmult = const_ints(op, 1)
    return lambda ctx, x, m: _tile(x, cmult if m is cm else vector_ints(m))


register("Tile", "array", _tile_shape, _tile_kernel, doc="repeats")


def tile(input, multiples, name=None):  # noqa: A002
    return apply_op("Tile", name, [("input", input), ("multiples", multiples)], same_type=False)._outputs[0]


def _one_hot_shape(op):
    s = op._inputs[0]._shape
    depth = constant_value(op._inputs[1])
    if s.ndims is None:
        return [unknown_shape()]
    if depth is not None and int(depth) < 0:
        raise shape_error(op, f"Dimension size, given by scalar input 1, must be non-negative but is {int(depth)}",
                          tensors=(1,))
    dims = s.as_list()
    axis = op._attrs["axis"]
    axis = len(dims) if axis == -1 else axis
    return [TensorShape(dims[:axis] + [None if depth is None else int(depth)] + dims[axis:])]


def _one_hot_kernel(op):
    axis = op._attrs["axis"]

    def k(ctx, idx, depth, on, off):
        if int(depth) < 0:
            raise KernelError(f"depth must be non-negative, got: {int(depth)}")
        eye = np.arange(int(depth)) == np.asarray(idx)[..., None]
        out = np.where(eye, on, off)
        return out if axis == -1 else np.moveaxis(out, -1, axis)
    return k


register("OneHot", "array", _one_hot_shape, _one_hot_kernel, doc="one-hot encodes")


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    dtype = _dt.as_dtype(dtype or _dt.float32)
    g = graph_of([indices])
    with g.as_default(), g.name_scope(name or "one_hot") as scope:
        on = convert_to_tensor(1 if on_value is None else on_value, dtype=dtype, name="on_value")
        off = convert_to_tensor(0 if off_value is None else off_value, dtype=dtype, name="off_value")
        ind = convert_to_tensor(indices, name="indices")
        d = convert_to_tensor(depth, dtype=_dt.int32, name="depth")
        return g.create_op("OneHot", [ind, d, on, off], [dtype], name=scope,
                           attrs={"axis": -1 if axis is None else axis})._outputs[0]


def _gather_shape(op):
    p, i = op._inputs[0]._shape, op._inputs[1]._shape
    axis = constant_value(op._inputs[2])
    if p.ndims is None or i.ndims is None or axis is None:
        return [unknown_shape()]
    a = int(axis) % p.ndims
    dims = p.as_list()
    return [TensorShape(dims[:a] + i.as_list() + dims[a + 1:])]


def _gather_kernel(op):
    def k(ctx, params, indices, axis):  # out-of-range indices: kernel_errors words TF's error
        return np.take(params, indices, axis=int(axis))
    return k


register("GatherV2", "array", _gather_shape, _gather_kernel, doc="gathers slices of")


def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0):
    g = graph_of([params, indices])
    with g.as_default(), g.name_scope(name or "GatherV2") as scope:
        ax = 0 if axis is None else axis  # converted after the indices, as TF's op builder does
        return apply_op("GatherV2", scope, [("params", params), ("indices", indices), ("axis", ax)],
                        same_type=("params",))._outputs[0]


def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    """The entries of `tensor` where `mask` is true (TF's Where + Squeeze + GatherV2 composite)."""
    g = graph_of([tensor, mask])
    with g.as_default(), g.name_scope(name):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        idx = squeeze(where(mask), axis=[1])
        return gather(tensor, idx)
