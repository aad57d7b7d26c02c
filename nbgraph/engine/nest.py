"""Nested element structures as `tf.data` sees them: tuples and dicts nest (dict keys in sorted
order, as TF's `nest`), everything else — lists included — is one component."""
from __future__ import annotations

from typing import Any, Callable

__all__ = ["flatten", "pack", "map_structure", "is_nested"]


def is_nested(x) -> bool:
    return isinstance(x, (tuple, dict))


def flatten(structure) -> list:
    """The components of `structure`, depth first."""
    if isinstance(structure, dict):
        return [c for k in sorted(structure) for c in flatten(structure[k])]
    if isinstance(structure, tuple):
        return [c for s in structure for c in flatten(s)]
    return [structure]


def pack(structure, flat):
    """`flat` (a list) rebuilt in the shape of `structure`."""
    it = iter(flat)

    def build(s):
        if isinstance(s, dict):
            built = {k: build(s[k]) for k in sorted(s)}
            return {k: built[k] for k in s}
        if isinstance(s, tuple):
            items = [build(x) for x in s]
            return type(s)(*items) if hasattr(s, "_fields") else tuple(items)
        return next(it)
    return build(structure)


def map_structure(fn: Callable, structure) -> Any:
    return pack(structure, [fn(c) for c in flatten(structure)])
