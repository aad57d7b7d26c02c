"""Text ops for input pipelines and NLP lessons: `tf.string_split` (a SparseTensor of tokens),
`tf.strings.split`, `tf.string_join` / `tf.strings.join`, `tf.substr`, `tf.strings.length`,
`tf.as_string`, `tf.regex_replace`, `tf.strings.strip`, `tf.reduce_join`,
`tf.strings.lower`/`upper`. TF 1.15's op types, attrs and kernel texts; byte strings throughout."""
from __future__ import annotations

import re

import numpy as np

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..graph import graph_of
from ..grad_registry import NotDifferentiable
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import KernelError, same_shape

__all__ = ["string_split", "string_split_v2", "string_join", "substr", "string_length", "as_string",
           "regex_replace", "string_strip", "reduce_join", "string_lower", "string_upper"]


def _b(v) -> bytes:
    return v if isinstance(v, bytes) else str(v).encode()


def _objects(values, shape) -> np.ndarray:
    out = np.empty(shape, dtype=object)
    flat = out.reshape(-1)
    for i, v in enumerate(values):
        flat[i] = v
    return out


def _map(fn):
    """A kernel applying `fn(bytes) -> bytes|int` to every string."""
    def k(arr, out_dtype=object):
        a = np.asarray(arr, dtype=object)
        return _objects([fn(_b(v)) for v in a.reshape(-1)], a.shape) if out_dtype is object else \
            np.array([fn(_b(v)) for v in a.reshape(-1)], dtype=out_dtype).reshape(a.shape)
    return k


def _string_op(op_type, inputs, out_dtype, name, attrs=None, shape=None):
    g = graph_of(inputs)
    with g.as_default(), g.name_scope(name or op_type) as scope:
        ts = [convert_to_tensor(x, dtype=_dt.string, name="input") if i == 0 else x for i, x in enumerate(inputs)]
        return g.create_op(op_type, ts, [out_dtype], name=scope, attrs=attrs or {})._outputs[0]


# -- StringSplit (v1): a SparseTensor of tokens ---------------------------------------------------
def _split_kernel(op):
    skip_empty = op._attrs.get("skip_empty", True)

    def k(ctx, inputs, delimiter):
        rows = [_b(v) for v in np.asarray(inputs, dtype=object).reshape(-1)]
        delim = _b(delimiter.item() if isinstance(delimiter, np.ndarray) else delimiter)
        idx, vals, longest = [], [], 0
        for r, text in enumerate(rows):
            if delim:
                parts = re.split(b"[" + re.escape(delim) + b"]", text)  # any one of the delimiter's bytes
            else:
                parts = [text[i:i + 1] for i in range(len(text))]
            if skip_empty:
                parts = [p for p in parts if p]
            idx.extend([r, j] for j in range(len(parts)))
            vals.extend(parts)
            longest = max(longest, len(parts))
        return (np.asarray(idx, np.int64).reshape(-1, 2), _objects(vals, (len(vals),)),
                np.array([len(rows), longest], np.int64))
    return k


register("StringSplit", "array", lambda op: [TensorShape([None, 2]), TensorShape([None]), TensorShape([2])],
         _split_kernel, gpu=False, doc="splits strings into a sparse matrix of tokens")


def _sparse(op):
    from ..sparse_tensor import SparseTensor
    return SparseTensor(op._outputs[0], op._outputs[1], op._outputs[2])


def string_split(source, sep=None, skip_empty=True, delimiter=None, result_type="SparseTensor", name=None):
    """`tf.string_split(["a b", "c"])`: a SparseTensor [batch, max tokens] of the tokens (each byte of
    the delimiter splits; "" splits into characters)."""
    if sep is not None and delimiter is not None:
        raise ValueError("Cannot specify both 'sep' and 'delimiter'")
    delimiter = " " if sep is None and delimiter is None else (sep if sep is not None else delimiter)
    if result_type != "SparseTensor":
        raise ValueError("nbgraph's string_split returns a SparseTensor (result_type='SparseTensor')")
    g = graph_of([source])
    with g.as_default(), g.name_scope(name or "StringSplit"):
        d = convert_to_tensor(delimiter, dtype=_dt.string)
        src = convert_to_tensor(source, dtype=_dt.string)
        if src.shape.ndims is not None and src.shape.ndims != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {src.shape.ndims} for 'StringSplit' (op: "
                             f"'StringSplit') with input shapes: {src.shape}, [].")
        op = g.create_op("StringSplit", [src, d], [_dt.int64, _dt.string, _dt.int64], name="StringSplit",
                         attrs={"skip_empty": bool(skip_empty)})
    return _sparse(op)


def _split_v2_kernel(op):
    maxsplit = op._attrs.get("maxsplit", -1)

    def k(ctx, inputs, sep):
        rows = [_b(v) for v in np.asarray(inputs, dtype=object).reshape(-1)]
        sep = _b(sep.item() if isinstance(sep, np.ndarray) else sep)
        idx, vals, longest = [], [], 0
        for r, text in enumerate(rows):
            parts = (text.split(sep, maxsplit) if maxsplit >= 0 else text.split(sep)) if sep else \
                (text.split(None, maxsplit) if maxsplit >= 0 else text.split())
            idx.extend([r, j] for j in range(len(parts)))
            vals.extend(parts)
            longest = max(longest, len(parts))
        return (np.asarray(idx, np.int64).reshape(-1, 2), _objects(vals, (len(vals),)),
                np.array([len(rows), longest], np.int64))
    return k


register("StringSplitV2", "array", lambda op: [TensorShape([None, 2]), TensorShape([None]), TensorShape([2])],
         _split_v2_kernel, gpu=False, doc="splits strings on a separator")


def string_split_v2(source, sep=None, maxsplit=-1, name=None):
    """`tf.strings.split(source, sep)`: Python's str.split per string (runs of whitespace when
    `sep` is None), as a SparseTensor."""
    g = graph_of([source])
    with g.as_default(), g.name_scope(name or "StringSplit") as scope:
        src = convert_to_tensor(source, dtype=_dt.string, name="input")
        s = convert_to_tensor(sep or "", dtype=_dt.string, name="sep")
        op = g.create_op("StringSplitV2", [src, s], [_dt.int64, _dt.string, _dt.int64], name=scope,
                         attrs={"maxsplit": int(maxsplit)})
    return _sparse(op)


# -- joins -------------------------------------------------------------------------------------------
def string_join(inputs, separator="", name=None):
    """`tf.string_join([a, b], separator)`: element-wise concatenation (scalars broadcast)."""
    g = graph_of(list(inputs))
    with g.as_default(), g.name_scope(name or "StringJoin") as scope:
        ts = [convert_to_tensor(x, dtype=_dt.string) for x in inputs]
        return g.create_op("StringJoin", ts, [_dt.string], name=scope,
                           attrs={"N": len(ts), "separator": separator})._outputs[0]


def _reduce_join_kernel(op):
    keep, sep = op._attrs["keep_dims"], _b(op._attrs["separator"])

    def k(ctx, inputs, axes):
        a = np.asarray(inputs, dtype=object)
        axes = [int(x) % max(a.ndim, 1) for x in np.asarray(axes).reshape(-1)] if np.size(axes) else \
            list(range(a.ndim))
        moved = np.moveaxis(a, axes, list(range(a.ndim - len(axes), a.ndim)))
        kept_shape = moved.shape[:a.ndim - len(axes)]
        flat = moved.reshape(kept_shape + (-1,))
        out = _objects([sep.join(_b(v) for v in row) for row in flat.reshape(-1, flat.shape[-1])], kept_shape)
        if keep:
            out = out.reshape(tuple(1 if i in axes else d for i, d in enumerate(a.shape)))
        return out
    return k


def _reduce_join_shape(op):
    from ..convert import constant_value
    s, axes = op._inputs[0]._shape, constant_value(op._inputs[1])
    if s.ndims is None or axes is None:
        return [unknown_shape()]
    axes = {int(a) % max(s.ndims, 1) for a in np.asarray(axes).reshape(-1)} if np.size(axes) else set(range(s.ndims))
    dims = s.as_list()
    if op._attrs["keep_dims"]:
        return [TensorShape([1 if i in axes else d for i, d in enumerate(dims)])]
    return [TensorShape([d for i, d in enumerate(dims) if i not in axes])]


register("ReduceJoin", "array", _reduce_join_shape, _reduce_join_kernel, gpu=False,
         doc="joins the strings along axes of")


def reduce_join(inputs, axis=None, keep_dims=False, separator="", name=None, reduction_indices=None, keepdims=None):
    axis = reduction_indices if axis is None else axis
    keep = keep_dims if keepdims is None else keepdims
    g = graph_of([inputs])
    with g.as_default(), g.name_scope("ReduceJoin"):
        t = convert_to_tensor(inputs, dtype=_dt.string, name="inputs")
        ax = convert_to_tensor(np.array([] if axis is None else axis, np.int32).reshape(-1), name="reduction_indices")
        return g.create_op("ReduceJoin", [t, ax], [_dt.string], name=name or "ReduceJoin",
                           attrs={"keep_dims": bool(keep), "separator": separator})._outputs[0]


# -- element-wise ------------------------------------------------------------------------------------
def _length_kernel(op):
    unit = op._attrs.get("unit", "BYTE")
    fn = (lambda b: len(b)) if unit == "BYTE" else (lambda b: len(b.decode("utf-8", "replace")))
    return lambda ctx, x: _map(fn)(x, np.int32)


register("StringLength", "array", same_shape, _length_kernel, gpu=False, doc="counts the bytes of")


def string_length(input, name=None, unit="BYTE"):  # noqa: A002
    if unit not in ("BYTE", "UTF8_CHAR"):
        raise ValueError(f"Attr 'unit' of 'StringLength' Op passed string '{unit}' not in: \"BYTE\", \"UTF8_CHAR\".")
    return _string_op("StringLength", [input], _dt.int32, name, {"unit": unit})


def _substr_kernel(op):
    def k(ctx, x, pos, length):
        a = np.asarray(x, dtype=object)
        p = np.broadcast_to(np.asarray(pos), a.shape)
        n = np.broadcast_to(np.asarray(length), a.shape)
        out = []
        for s, i, m in zip(a.reshape(-1), p.reshape(-1), n.reshape(-1)):
            s, i, m = _b(s), int(i), int(m)
            if not -len(s) <= i <= len(s):
                raise KernelError(f"pos {i} out of range for string b'{s.decode('utf-8', 'replace')}' at index 0")
            i = i % len(s) if i < 0 else i
            out.append(s[i:i + max(m, 0)])
        return _objects(out, a.shape)
    return k


register("Substr", "array", same_shape, _substr_kernel, gpu=False, doc="cuts a piece out of")


def substr(input, pos, len, name=None, unit="BYTE"):  # noqa: A002
    g = graph_of([input, pos, len])
    with g.as_default(), g.name_scope(name or "Substr") as scope:
        t = convert_to_tensor(input, dtype=_dt.string, name="input")
        p = convert_to_tensor(pos, name="pos")
        n = convert_to_tensor(len, name="len", dtype=p.dtype.base_dtype)
        return g.create_op("Substr", [t, p, n], [_dt.string], name=scope, attrs={"unit": unit})._outputs[0]


def _as_string_kernel(op):
    precision, sci, shortest, width, fill = (op._attrs[k] for k in ("precision", "scientific", "shortest",
                                                                     "width", "fill"))

    def fmt(v):
        if isinstance(v, (bool, np.bool_)):
            text = "true" if v else "false"
        elif isinstance(v, (np.integer, int)):
            text = str(int(v))
        else:
            f = float(v)
            if shortest:
                text = f"{f:g}"
            elif sci:
                text = f"{f:.{precision if precision >= 0 else 6}e}"
            else:
                text = f"{f:.{precision if precision >= 0 else 6}f}"
        if width > 0 and len(text) < width:
            text = text.rjust(width, fill or " ")
        return text.encode()

    def k(ctx, x):
        a = np.asarray(x)
        return _objects([fmt(v) for v in a.reshape(-1)], a.shape)
    return k


register("AsString", "array", same_shape, _as_string_kernel, gpu=False, doc="formats numbers as strings")


def as_string(input, precision=-1, scientific=False, shortest=False, width=-1, fill="", name=None):  # noqa: A002
    g = graph_of([input])
    with g.as_default(), g.name_scope(name or "AsString") as scope:
        t = convert_to_tensor(input, name="input")
        return g.create_op("AsString", [t], [_dt.string], name=scope, attrs={
            "precision": int(precision), "scientific": bool(scientific), "shortest": bool(shortest),
            "width": int(width), "fill": fill})._outputs[0]


def _regex_kernel(op):
    replace_global = op._attrs["replace_global"]

    def k(ctx, x, pattern, rewrite):
        pat = _b(pattern.item() if isinstance(pattern, np.ndarray) else pattern)
        rew = _b(rewrite.item() if isinstance(rewrite, np.ndarray) else rewrite)
        try:
            rx = re.compile(pat)
        except re.error as e:
            raise KernelError(f"Invalid pattern: {pat.decode('utf-8', 'replace')}, error: {e}") from None
        rew = re.sub(rb"\\(\d)", rb"\\g<\1>", rew)   # RE2 rewrites write groups as \1: the same in Python
        return _map(lambda s: rx.sub(rew, s, count=0 if replace_global else 1))(x)
    return k


register("RegexReplace", "array", same_shape, _regex_kernel, gpu=False, doc="replaces regex matches in")


def regex_replace(input, pattern, rewrite, replace_global=True, name=None):  # noqa: A002
    g = graph_of([input, pattern, rewrite])
    with g.as_default(), g.name_scope(name or "RegexReplace") as scope:
        t = convert_to_tensor(input, dtype=_dt.string, name="input")
        p = convert_to_tensor(pattern, dtype=_dt.string, name="pattern")
        r = convert_to_tensor(rewrite, dtype=_dt.string, name="rewrite")
        return g.create_op("RegexReplace", [t, p, r], [_dt.string], name=scope,
                           attrs={"replace_global": bool(replace_global)})._outputs[0]


register("StringStrip", "array", same_shape, lambda op: (lambda ctx, x: _map(lambda s: s.strip())(x)), gpu=False,
         doc="strips whitespace from")
register("StringLower", "array", same_shape, lambda op: (lambda ctx, x: _map(lambda s: s.lower())(x)), gpu=False,
         doc="lowercases")
register("StringUpper", "array", same_shape, lambda op: (lambda ctx, x: _map(lambda s: s.upper())(x)), gpu=False,
         doc="uppercases")


def string_strip(input, name=None):  # noqa: A002
    return _string_op("StringStrip", [input], _dt.string, name)


def string_lower(input, encoding="", name=None):  # noqa: A002
    return _string_op("StringLower", [input], _dt.string, name, {"encoding": encoding})


def string_upper(input, encoding="", name=None):  # noqa: A002
    return _string_op("StringUpper", [input], _dt.string, name, {"encoding": encoding})


for _t in ("StringSplit", "StringSplitV2", "ReduceJoin", "StringLength", "Substr", "AsString", "RegexReplace",
           "StringStrip", "StringLower", "StringUpper"):
    NotDifferentiable(_t)
