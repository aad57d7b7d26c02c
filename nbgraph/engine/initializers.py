"""Variable initializers (`tf.zeros_initializer()` ...): callables `(shape, dtype) -> Tensor`
that build the same ops TF 1.x builds under `v/Initializer/`."""
from __future__ import annotations

import numpy as np

from . import dtypes as _dt
from .convert import make_constant
from .registry import builders as _ops


class Initializer:
    def __call__(self, shape, dtype=None, partition_info=None):
        raise NotImplementedError

    def get_config(self):
        return {}


class Zeros(Initializer):
    def __init__(self, dtype=_dt.float32):
        self.dtype = _dt.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return _ops.zeros(shape, dtype or self.dtype)


class Ones(Initializer):
    def __init__(self, dtype=_dt.float32):
        self.dtype = _dt.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return _ops.ones(shape, dtype or self.dtype)


class Constant(Initializer):
    def __init__(self, value=0, dtype=_dt.float32, verify_shape=False):
        self.value = value
        self.dtype = _dt.as_dtype(dtype)
        self.verify_shape = verify_shape

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None):
        return make_constant(self.value, dtype or self.dtype, shape=shape,
                             verify_shape=self.verify_shape if verify_shape is None else verify_shape)


class RandomNormal(Initializer):
    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=_dt.float32):
        self.mean, self.stddev, self.seed, self.dtype = mean, stddev, seed, _dt.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return _ops.random_normal(shape, self.mean, self.stddev, dtype or self.dtype, seed=self.seed)


class TruncatedNormal(RandomNormal):
    def __call__(self, shape, dtype=None, partition_info=None):
        return _ops.truncated_normal(shape, self.mean, self.stddev, dtype or self.dtype, seed=self.seed)


class RandomUniform(Initializer):
    def __init__(self, minval=0, maxval=None, seed=None, dtype=_dt.float32):
        self.minval, self.maxval, self.seed, self.dtype = minval, maxval, seed, _dt.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return _ops.random_uniform(shape, self.minval, self.maxval, dtype or self.dtype, seed=self.seed)


class GlorotUniform(Initializer):
    """Uniform in ±sqrt(6 / (fan_in + fan_out)), as `glorot_uniform_initializer`."""

    def __init__(self, seed=None, dtype=_dt.float32):
        self.seed, self.dtype = seed, _dt.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dims = list(shape)
        if not dims:
            fan_in = fan_out = 1
        elif len(dims) == 1:
            fan_in = fan_out = dims[0]
        else:
            receptive = int(np.prod(dims[:-2])) if len(dims) > 2 else 1
            fan_in, fan_out = dims[-2] * receptive, dims[-1] * receptive
        limit = float(np.sqrt(6.0 / max(1.0, (fan_in + fan_out))))
        return _ops.random_uniform(shape, -limit, limit, dtype or self.dtype, seed=self.seed)


zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
random_uniform_initializer = RandomUniform
glorot_uniform_initializer = GlorotUniform

zeros = Zeros
ones = Ones
constant = Constant
random_normal = RandomNormal
truncated_normal = TruncatedNormal
random_uniform = RandomUniform
glorot_uniform = GlorotUniform


def _fans(shape):
    dims = [int(d) for d in shape]
    if not dims:
        return 1, 1
    if len(dims) == 1:
        return dims[0], dims[0]
    receptive = int(np.prod(dims[:-2])) if len(dims) > 2 else 1
    return dims[-2] * receptive, dims[-1] * receptive


class VarianceScaling(Initializer):
    """`tf.variance_scaling_initializer`: stddev sqrt(scale / n) with n the fan in, out or their
    mean; `distribution` 'truncated_normal' (TF 1.15's 'normal' too), 'untruncated_normal' or 'uniform'."""

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None, dtype=_dt.float32):
        if scale <= 0.0:
            raise ValueError("`scale` must be positive float.")
        if mode not in {"fan_in", "fan_out", "fan_avg"}:
            raise ValueError(f"Invalid `mode` argument: {mode}")
        distribution = distribution.lower()
        if distribution not in {"normal", "uniform", "truncated_normal", "untruncated_normal"}:
            raise ValueError(f"Invalid `distribution` argument: {distribution}")
        self.scale, self.mode, self.distribution = scale, mode, distribution
        self.seed, self.dtype = seed, _dt.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = dtype or self.dtype
        fan_in, fan_out = _fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, n)
        if self.distribution in ("normal", "truncated_normal"):
            stddev = float(np.sqrt(scale) / .87962566103423978)  # the std of a unit normal truncated at ±2
            return _ops.truncated_normal(shape, 0.0, stddev, dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return _ops.random_normal(shape, 0.0, float(np.sqrt(scale)), dtype, seed=self.seed)
        limit = float(np.sqrt(3.0 * scale))
        return _ops.random_uniform(shape, -limit, limit, dtype, seed=self.seed)

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution, "seed": self.seed,
                "dtype": self.dtype.name}


class GlorotNormal(VarianceScaling):
    def __init__(self, seed=None, dtype=_dt.float32):
        super().__init__(1.0, "fan_avg", "truncated_normal", seed, dtype)


def he_normal(seed=None) -> VarianceScaling:
    return VarianceScaling(2.0, "fan_in", "truncated_normal", seed)


def he_uniform(seed=None) -> VarianceScaling:
    return VarianceScaling(2.0, "fan_in", "uniform", seed)


def lecun_normal(seed=None) -> VarianceScaling:
    return VarianceScaling(1.0, "fan_in", "truncated_normal", seed)


def lecun_uniform(seed=None) -> VarianceScaling:
    return VarianceScaling(1.0, "fan_in", "uniform", seed)


variance_scaling_initializer = VarianceScaling
glorot_normal_initializer = GlorotNormal
variance_scaling = VarianceScaling
glorot_normal = GlorotNormal
