"""TF 1.15's tf.nn compositions `swish`, `crelu`, `relu_layer`, `zero_fraction` and
tf.math.log_sigmoid, built from existing ops as TF's nn_impl.py / nn_ops.py / math_ops.py build them."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..graph import graph_of


def swish(features, name=None):
    """features * sigmoid(features) (TF 1.15 wraps this in a function call op; here plain ops)."""
    from .math_ops import sigmoid
    g = graph_of([features])
    with g.as_default(), g.name_scope(name or "swish"):
        features = convert_to_tensor(features, name="features")
        return features * sigmoid(features)


def crelu(features, name=None, axis=-1):
    """relu(concat([x, -x], axis)) under `CRelu/`."""
    from .index_ops import concat
    from .math_ops import relu
    g = graph_of([features])
    with g.as_default(), g.name_scope(name or "CRelu") as scope:
        features = convert_to_tensor(features, name="features")
        return relu(concat([features, -features], axis, name=scope))


def relu_layer(x, weights, biases, name=None):
    """relu(matmul(x, weights) + biases), the Relu named after the scope as in TF."""
    from .math_ops import relu
    from .conv_ops import bias_add
    from .reduce_ops import matmul
    g = graph_of([x, weights, biases])
    with g.as_default(), g.name_scope(name or "relu_layer") as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        return relu(bias_add(matmul(x, weights), biases), name=scope)


def _count_nonzero(t, dtype):
    from .array_ops import cast, zeros
    from .math_ops import not_equal
    from .reduce_ops import reduce_sum
    g = t.graph
    with g.name_scope("count_nonzero"):
        zero = zeros([], dtype=t.dtype)
        return reduce_sum(cast(not_equal(t, zero), dtype=dtype), name="nonzero_count")


def zero_fraction(value, name=None):
    """The float32 fraction of zeros in `value` (TF's int32/int64 count chosen by a cond on the size)."""
    from .array_ops import cast, identity, size
    from .control_flow_ops import cond
    g = graph_of([value])
    with g.as_default(), g.name_scope(name or "zero_fraction"):
        value = convert_to_tensor(value, name="value")
        n = size(value, out_type=_dt.int64)
        num_nonzero = cond(n <= np.iinfo(np.int32).max,
                           true_fn=lambda: cast(_count_nonzero(value, _dt.int32), dtype=_dt.int64),
                           false_fn=lambda: _count_nonzero(value, _dt.int64))
        with g.name_scope("counts_to_fraction"):
            num_zero = n - num_nonzero
            frac = cast(num_zero, dtype=_dt.float32) / cast(n, dtype=_dt.float32)
        return identity(frac, "fraction")


def log_sigmoid(x, name=None):
    """-softplus(-x) under `LogSigmoid/`."""
    from .math_ops import negative, softplus
    g = graph_of([x])
    with g.as_default(), g.name_scope(name or "LogSigmoid") as scope:
        x = convert_to_tensor(x, name="x")
        return negative(softplus(-x), name=scope)
