"""`tf.keras.initializers`: Keras's initializer classes and names (`glorot_uniform`, `zeros`,
`he_normal`...) mapped onto nbgraph's TF initializers, and `get` as layers resolve them."""
from __future__ import annotations

from ..engine import initializers as _i

Zeros = _i.zeros_initializer
Ones = _i.ones_initializer
Constant = _i.constant_initializer


class RandomNormal(_i.RandomNormal):
    """Keras's normal initializer: stddev 0.05 by default (TF's own says 1.0)."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=None):
        super().__init__(mean=mean, stddev=stddev, seed=seed, **({"dtype": dtype} if dtype else {}))


class TruncatedNormal(_i.TruncatedNormal):
    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=None):
        super().__init__(mean=mean, stddev=stddev, seed=seed, **({"dtype": dtype} if dtype else {}))


class RandomUniform(_i.RandomUniform):
    """Keras's uniform initializer: [-0.05, 0.05) by default (TF's own says [0, 1))."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None, dtype=None):
        super().__init__(minval=minval, maxval=maxval, seed=seed, **({"dtype": dtype} if dtype else {}))


VarianceScaling = _i.variance_scaling_initializer
GlorotUniform = glorot_uniform = _i.glorot_uniform_initializer
GlorotNormal = glorot_normal = _i.glorot_normal_initializer
zeros, ones, constant = Zeros, Ones, Constant
random_normal, random_uniform, truncated_normal = RandomNormal, RandomUniform, TruncatedNormal
Initializer = getattr(_i, "Initializer", object)


def he_normal(seed=None):
    return _i.variance_scaling_initializer(2.0, "fan_in", "truncated_normal", seed=seed)


def he_uniform(seed=None):
    return _i.variance_scaling_initializer(2.0, "fan_in", "uniform", seed=seed)


def lecun_normal(seed=None):
    return _i.variance_scaling_initializer(1.0, "fan_in", "truncated_normal", seed=seed)


def lecun_uniform(seed=None):
    return _i.variance_scaling_initializer(1.0, "fan_in", "uniform", seed=seed)


_BY_NAME = {"zeros": Zeros, "zero": Zeros, "ones": Ones, "one": Ones, "constant": Constant,
            "random_normal": RandomNormal, "normal": RandomNormal, "random_uniform": RandomUniform,
            "uniform": RandomUniform, "truncated_normal": TruncatedNormal, "variance_scaling": VarianceScaling,
            "glorot_uniform": GlorotUniform, "glorot_normal": GlorotNormal, "he_normal": he_normal,
            "he_uniform": he_uniform, "lecun_normal": lecun_normal, "lecun_uniform": lecun_uniform,
            "GlorotUniform": GlorotUniform, "GlorotNormal": GlorotNormal, "Zeros": Zeros, "Ones": Ones,
            "RandomNormal": RandomNormal, "RandomUniform": RandomUniform, "TruncatedNormal": TruncatedNormal}


def get(identifier):
    """An initializer from a Keras name, a class (instantiated) or an initializer itself."""
    if identifier is None:
        return None
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Unknown initializer: {identifier}")
        return _BY_NAME[identifier]()
    if isinstance(identifier, type):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret initializer identifier: {identifier}")


class Orthogonal:
    """A random orthogonal matrix (QR of a normal sample, signs fixed by R's diagonal) times `gain`."""

    def __init__(self, gain=1.0, seed=None, dtype=None):
        self.gain, self.seed = gain, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        import numpy as np

        import nbgraph as tf
        shape = [int(d) for d in shape]
        rows = int(np.prod(shape[:-1]))
        cols = shape[-1]
        a = tf.random_normal([max(rows, cols), min(rows, cols)], dtype=dtype or tf.float32, seed=self.seed)
        q, r = tf.qr(a)
        q = q * tf.sign(tf.diag_part(r))
        if rows < cols:
            q = tf.transpose(q)
        return self.gain * tf.reshape(q, shape)


orthogonal = Orthogonal
_BY_NAME.update(orthogonal=Orthogonal, Orthogonal=Orthogonal)
