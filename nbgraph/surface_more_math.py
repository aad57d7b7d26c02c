"""Public names of the `surfa` round (tf.norm, tf.sort, tf.math.reduce_std, ...): `install(namespace)`
adds them to the package face's `tf`, `tf.linalg`, `tf.math`, `tf.nn` namespaces in one call."""
from __future__ import annotations

from .engine.ops import linalg_norm as _norm
from .engine.ops import sort_moments as _sm


def install(ns: dict) -> None:
    """Adds this round's names to the package namespace `ns` (nbgraph's globals())."""
    ns["norm"] = _norm.norm
    ns["linalg"].__dict__.update(norm=_norm.norm)
    ns.update(sort=_sm.sort, argsort=_sm.argsort)
    ns["math"].__dict__.update(reduce_std=_sm.reduce_std, reduce_variance=_sm.reduce_variance)
    ns["nn"].__dict__.update(weighted_moments=_sm.weighted_moments)
