"""TF's texts for shapes and values, shared by the core and the op catalogue.

`fmt_shape` is the shape text inside error messages (`[2,3]`, `[?,3]`, `?`); `fmt_value` one
element as TF's `StrCat` writes it; `summarize` TF 1.x's `Tensor::SummarizeValue` (what
`Print`, `Assert` and shape errors show of a value)."""
from __future__ import annotations

import numpy as np

from .shapes import TensorShape

__all__ = ["fmt_shape", "fmt_value", "summarize"]


def fmt_shape(s: TensorShape) -> str:
    """TF's shape text inside error messages: `[2,3]`, `[?,3]`, `?`."""
    if s.ndims is None:
        return "?"
    return "[" + ",".join("?" if d.value is None else str(d.value) for d in s) + "]"


def fmt_value(v) -> str:
    """One element as TF's `StrCat` writes it: floats in the shortest of %.6g/%.9g (%.15g/%.17g
    for doubles) that reads back exactly, bools as 1/0, bytes unescaped."""
    if isinstance(v, bytes):
        return v.decode("utf-8", "backslashreplace")
    if isinstance(v, (np.bool_, bool)):
        return "1" if v else "0"
    if isinstance(v, np.floating):
        short, long_ = (15, 17) if v.dtype == np.float64 else (6, 9)
        text = f"{float(v):.{short}g}"
        return text if type(v)(text) == v or v != v else f"{float(v):.{long_}g}"
    return str(v)


def summarize(value, n: int = 3) -> str:
    """TF 1.x's `Tensor::SummarizeValue`: at most `n` values (all when `n < 0`), rows in
    brackets below the first dimension (`1 2 3...`, `[1 2][3...]...`); Print and Assert put
    each summary in its own `[...]`."""
    arr = np.asarray(value)
    flat = arr.reshape(-1)
    limit = flat.size if n < 0 else min(n, flat.size)
    out = []
    idx = 0

    def one_dim(d):
        nonlocal idx
        if idx >= limit:
            return
        count = arr.shape[d]
        if d == arr.ndim - 1:
            for i in range(count):
                if idx >= limit:
                    if d != 0:
                        out.append("...")
                    return
                if i > 0:
                    out.append(" ")
                out.append(fmt_value(flat[idx]))
                idx += 1
            return
        for _ in range(count):
            if idx >= limit:
                return
            out.append("[")
            one_dim(d + 1)
            out.append("]")

    if arr.ndim == 0:
        out = [fmt_value(v) for v in flat[:limit]]
    else:
        one_dim(0)
    if flat.size > limit:
        out.append("...")
    return "".join(out)
