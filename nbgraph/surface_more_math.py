"""Public names of the `surfa` round (tf.norm, tf.sort, tf.math.reduce_std, ...): `install(namespace)`
adds them to the package face's `tf`, `tf.linalg`, `tf.math`, `tf.nn` namespaces in one call."""
from __future__ import annotations

from .engine.ops import linalg_norm as _norm
from .engine.ops import sort_moments as _sm
from .engine.ops import math_unary_more as _mu
from .engine.ops import nn_composites_more as _nc
from .engine.ops import search_index_ops as _si
from .train import cosine_decays as _cd
from .engine.ops import confusion_ops as _cm


def install(ns: dict) -> None:
    """Adds this round's names to the package namespace `ns` (nbgraph's globals())."""
    ns["norm"] = _norm.norm
    ns["linalg"].__dict__.update(norm=_norm.norm)
    ns.update(sort=_sm.sort, argsort=_sm.argsort)
    ns["math"].__dict__.update(reduce_std=_sm.reduce_std, reduce_variance=_sm.reduce_variance)
    ns["nn"].__dict__.update(weighted_moments=_sm.weighted_moments)
    ns.update({n: getattr(_mu, n) for n in _mu.__all__})
    nn = ns["nn"]
    nn.__dict__.update(swish=_nc.swish, crelu=_nc.crelu, relu_layer=_nc.relu_layer, zero_fraction=_nc.zero_fraction)
    ns.update(log_sigmoid=_nc.log_sigmoid)
    math = ns["math"]
    math.__dict__.update({n: getattr(_mu, n) for n in _mu.__all__}, log_sigmoid=_nc.log_sigmoid,
                         zero_fraction=_nc.zero_fraction)
    # tf.math names of functions the package already had under tf / tf.nn (as TF 1.15 lists them)
    for n in ("add_n", "ceil", "cos", "count_nonzero", "cumsum", "floor", "log1p", "reduce_all", "reduce_any",
              "reduce_logsumexp", "rsqrt", "sin", "squared_difference", "div_no_nan", "divide_no_nan"):
        if n in ns and not hasattr(math, n):
            setattr(math, n, ns[n])
    for n in ("softmax", "log_softmax", "softplus", "softsign"):
        if not hasattr(math, n):
            setattr(math, n, getattr(nn, n))
    if not hasattr(math, "divide_no_nan") and "div_no_nan" in ns:
        math.divide_no_nan = ns["div_no_nan"]
    ns.update({n: getattr(_si, n) for n in _si.__all__})
    ns["train"].__dict__.update({n: getattr(_cd, n) for n in _cd.__all__})
    ns["confusion_matrix"] = _cm.confusion_matrix
    math.confusion_matrix = _cm.confusion_matrix
