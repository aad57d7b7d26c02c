"""Finite-difference cases for the gradients of the ops branch surf2 added (fused batch norm,
conv1d/transposed convolution, LRN, ...). `test_gradient_properties.CASES` takes them in:
op type -> fn(data) returning (float64 inputs, build)."""
from __future__ import annotations

import hypothesis.extra.numpy as hnp
import numpy as np
from hypothesis import strategies as st

import nbgraph as tf

F64 = np.float64
CASES = {}


def case(*op_types):
    def deco(fn):
        for t in op_types:
            CASES[t] = (lambda data, t=t: fn(data, t))
        return fn
    return deco


def arr(data, shape, lo=-2.0, hi=2.0):
    return data.draw(hnp.arrays(F64, shape, elements=st.floats(lo, hi)))


@case("FusedBatchNormV3")
def _fused_batch_norm(data, op_type):
    """Training (batch statistics, every input of x reaches every output) or inference (the given
    mean and variance); NHWC or NCHW."""
    training = data.draw(st.booleans())
    nchw = data.draw(st.booleans())
    c = data.draw(st.integers(1, 3))
    shape = (2, c, 2, 2) if nchw else (2, 2, 2, c)
    x = arr(data, shape) + np.arange(np.prod(shape)).reshape(shape) * 0.3  # spread: the variance is not tiny
    scale, offset = arr(data, (c,), 0.5, 2.0), arr(data, (c,))
    mean, var = np.linspace(-0.5, 0.5, c), np.linspace(0.5, 1.5, c)
    fmt = "NCHW" if nchw else "NHWC"
    return [x, scale, offset], lambda x, s, o: tf.nn.fused_batch_norm(
        x, s, o, mean=None if training else tf.constant(mean), variance=None if training else tf.constant(var),
        epsilon=0.01, data_format=fmt, is_training=training)[0]


@case("LRN")
def _lrn(data, op_type):
    c = data.draw(st.integers(1, 5))
    x = arr(data, (1, 2, 1, c), 0.1, 2.0)
    r = data.draw(st.integers(0, 2))
    bias, alpha, beta = data.draw(st.sampled_from([(1.0, 0.3, 0.75), (2.0, 0.1, 0.5), (0.5, 1.0, 0.6)]))
    return [x], lambda x: tf.nn.lrn(x, depth_radius=r, bias=bias, alpha=alpha, beta=beta)


@case("ReverseV2")
def _reverse(data, op_type):
    x = arr(data, data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=3)))
    axes = data.draw(st.lists(st.integers(0, x.ndim - 1), min_size=0, max_size=x.ndim, unique=True))
    return [x], lambda x: tf.reverse(x, axes)


@case("ResizeBilinear", "ResizeNearestNeighbor")
def _resize(data, op_type):
    """float32 images (ResizeBilinear always outputs float32): both resizes are linear in the
    pixels, so central differences with the float32 step are exact up to rounding."""
    h, w = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    x = data.draw(hnp.arrays(np.float32, (1, h, w, 2), elements=st.floats(-2, 2, width=32)))
    size = [data.draw(st.integers(1, 5)), data.draw(st.integers(1, 5))]
    align = data.draw(st.booleans())
    fn = tf.image.resize_bilinear if op_type == "ResizeBilinear" else tf.image.resize_nearest_neighbor
    return [x], lambda x: tf.cast(fn(x, size, align_corners=align), tf.float64)


@case("SparseToDense")
def _sparse_to_dense(data, op_type):
    n = data.draw(st.integers(1, 4))
    flat = sorted(data.draw(st.lists(st.integers(0, 5), min_size=n, max_size=n, unique=True)))
    idx = np.array([[i // 3, i % 3] for i in flat], np.int64)
    return [arr(data, (n,)), arr(data, ())], lambda v, d: tf.sparse_to_dense(idx, np.array([2, 3], np.int64), v, d)
