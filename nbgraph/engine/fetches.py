"""Resolving `Session.run` fetches: any nesting of list / tuple / namedtuple / dict around
tensors, operations, variables and name strings, with TF 1.x's error texts; and checking a fed
value against its tensor (`feed_value`).

One recursive function replaces TF's fetch-mapper classes: it returns the unique graph elements
to compute and a function that rebuilds the caller's structure from their values.
"""
from __future__ import annotations

import collections

import numpy as np

from . import dtypes as _dt
from .errors import InternalError
from .tensor import Operation

__all__ = ["flatten_fetches"]


def flatten_fetches(graph, fetches):
    elements = []
    seen = {}

    def resolve(fetch):
        if fetch is None:
            raise TypeError(f"Fetch argument {fetch!r} has invalid type {type(fetch)!r}")
        if isinstance(fetch, dict):
            keys = list(fetch)
            parts = [resolve(fetch[k]) for k in keys]
            return lambda v: _make_dict(fetch, keys, [p(v) for p in parts])
        if isinstance(fetch, (list, tuple)):
            parts = [resolve(f) for f in fetch]
            kind = type(fetch)
            if kind is list:
                return lambda v: [p(v) for p in parts]
            if kind is tuple:
                return lambda v: tuple(p(v) for p in parts)
            if hasattr(kind, "_fields"):  # namedtuple
                return lambda v: kind(*[p(v) for p in parts])
            return lambda v: kind(p(v) for p in parts)
        if hasattr(fetch, "_fetch_parts"):  # a composite (SparseTensor): its tensors, then its value type
            parts, make = fetch._fetch_parts()
            subs = [resolve(p) for p in parts]
            return lambda v: make(*[f(v) for f in subs])
        try:
            element = graph.as_graph_element(fetch, allow_tensor=True, allow_operation=True)
        except TypeError as e:
            raise TypeError(f"Fetch argument {fetch!r} has invalid type {type(fetch)!r}, must be a string or "
                            f"Tensor. ({e})") from None
        except (ValueError, KeyError) as e:  # TF re-raises both as ValueError, str(KeyError) quoted
            raise ValueError(f"Fetch argument {fetch!r} cannot be interpreted as a Tensor. ({e})") from None
        if element not in seen:
            seen[element] = len(elements)
            elements.append(element)
        if isinstance(element, Operation):
            return lambda v: None
        return lambda v, e=element: v[e]

    rebuild = resolve(fetches)
    return elements, rebuild


def _make_dict(fetch, keys, values):
    kind = type(fetch)
    if isinstance(fetch, collections.defaultdict):
        out = kind(fetch.default_factory)
    else:
        try:
            out = kind()
        except TypeError:  # a mapping type that needs arguments
            out = kind.__new__(kind)
            dict.__init__(out)
    for k, v in zip(keys, values):
        out[k] = v
    return out


def feed_value(t, value):
    """The array fed for tensor `t`: of its dtype and compatible with its shape (TF's errors)."""
    dt = t.dtype.base_dtype
    if isinstance(value, int) and not isinstance(value, bool) and dt.is_integer:
        info = np.iinfo(dt.as_numpy_dtype)
        if not info.min <= value <= info.max:
            raise TypeError(f"Type of feed value {value} with type {type(value)} is not compatible with Tensor type "
                            f"{dt.as_numpy_dtype}. Try explicitly setting the type of the feed tensor to a larger type (e.g. int64).")
    try:
        if dt is _dt.string:
            arr = np.array(value, dtype=object)
            flat = arr.reshape(-1)
            for i, v in enumerate(flat):
                if isinstance(v, str):
                    flat[i] = v.encode()
                elif not isinstance(v, bytes):  # TF's text for a non-string in a string feed
                    raise InternalError(None, None, f"Unsupported object type {type(v).__name__}")
        else:
            try:
                arr = np.asarray(value, dtype=dt.as_numpy_dtype)
            except OverflowError:  # TF wraps Python ints that do not fit, as numpy 1.x did
                arr = np.asarray(value, dtype=np.int64).astype(dt.as_numpy_dtype)
    except (ValueError, TypeError) as e:
        raise type(e)(f"{e}\n(while feeding Tensor '{t.name}' of dtype {dt.name})") from None
    if not t.shape.is_compatible_with(arr.shape):
        raise ValueError(f"Cannot feed value of shape {arr.shape!r} for Tensor {t.name!r}, which has shape "
                         f"{str(t.shape)!r}")
    return arr
