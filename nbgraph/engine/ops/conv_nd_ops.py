"""Windowed ops beyond `Conv2D`: `DepthwiseConv2dNative` (one filter set per input channel),
`Conv3D`, `MaxPool3D`/`AvgPool3D`, and the gradient ops TF builds for them
(`DepthwiseConv2dNativeBackpropInput/Filter`, `Conv3DBackpropInputV2/FilterV2`,
`MaxPool3DGrad`, `AvgPool3DGrad`).

Channels-last only (NHWC / NDHWC), as TF's CPU kernels. The kernels loop over the kernel's
taps (at most k^d of them): each tap is one strided slice of the padded input, so a forward
pass is a sum of slice-times-filter products and a backward pass the matching scatter-add.
Padding follows conv_ops.out_size (TF's SAME/VALID)."""
from __future__ import annotations

import itertools

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import KernelError, shape_error
from .conv_ops import _padding, _static_out, out_size

_TYPES = (_dt.float16, _dt.float32, _dt.float64)
_NAMES = "float16, bfloat16, float32, float64"


# -- the tap machinery ---------------------------------------------------------------------------
class _Geometry:
    """Output sizes and paddings of a window op over the spatial axes 1..d of a channels-last array."""

    def __init__(self, spatial, ks, strides, dil, padding):
        self.ks, self.strides, self.dil = list(ks), list(strides), list(dil)
        geo = [out_size(n, k, s, d, padding) for n, k, s, d in zip(spatial, ks, strides, dil)]
        self.out = [g[0] for g in geo]
        self.pads = [(g[1], g[2]) for g in geo]
        self.spatial = list(spatial)

    def pad(self, x, value=0):
        widths = [(0, 0)] + self.pads + [(0, 0)]
        return np.pad(x, widths, constant_values=value) if any(sum(p) for p in self.pads) else x

    def taps(self):
        """(offset index, slices into the padded array) per kernel tap, in row-major order."""
        for off in itertools.product(*(range(k) for k in self.ks)):
            sl = [slice(None)]
            for o, k_, s, d, n in zip(off, self.ks, self.strides, self.dil, self.out):
                start = o * d
                sl.append(slice(start, start + (n - 1) * s + 1, s) if n else slice(0, 0))
            yield off, tuple(sl) + (slice(None),)

    def crop(self, xp):
        sl = tuple([slice(None)] + [slice(p0, p0 + n) for (p0, _), n in zip(self.pads, self.spatial)]
                   + [slice(None)])
        return xp[sl]

    def padded_shape(self, shape):
        return (shape[0],) + tuple(n + p0 + p1 for n, (p0, p1) in zip(self.spatial, self.pads)) + (shape[-1],)


def _spatial(op, attr, d):
    v = [int(x) for x in op._attrs[attr]]
    return v[1:1 + d]


def _check_fmt(op, expected):
    fmt = op._attrs.get("data_format", expected)
    if isinstance(fmt, bytes):
        fmt = fmt.decode()
    if fmt != expected:
        raise KernelError(f"The {op.type} op currently only supports the {expected} tensor format on the CPU. "
                          f"The op was given the format: {fmt}")


def _dims(s, rank):
    return s.as_list() if s.ndims is not None else [None] * rank


def _check_rank(op, shapes, rank):
    for s in shapes:
        if s.ndims is not None and s.ndims != rank:
            raise shape_error(op, f"Shape must be rank {rank} but is rank {s.ndims}")


def _sizes_shape(i, rank):
    """Output shape = input i's value (a constant, or the Shape of a tensor, as gradients build it)."""
    def shape(op):
        t = op._inputs[i]
        v = constant_value(t)
        if v is None and t._op._type == "Shape":
            return [t._op._inputs[0]._shape]
        return [unknown_shape(rank) if v is None else TensorShape([int(d) for d in v])]
    return shape


# -- DepthwiseConv2dNative -------------------------------------------------------------------
def _dw_shape(op):
    x, f = op._inputs[0]._shape, op._inputs[1]._shape
    _check_rank(op, (x, f), 4)
    xd, fd = _dims(x, 4), _dims(f, 4)
    if xd[3] is not None and fd[2] is not None and xd[3] != fd[2]:
        raise shape_error(op, f"Dimensions must be equal, but are {xd[3]} and {fd[2]}")
    st, dil, pad = _spatial(op, "strides", 2), _spatial(op, "dilations", 2), op._attrs["padding"]
    c, m = (xd[3] if xd[3] is not None else fd[2]), fd[3]
    return [TensorShape([xd[0], _static_out(xd[1], fd[0], st[0], dil[0], pad),
                         _static_out(xd[2], fd[1], st[1], dil[1], pad), None if c is None or m is None else c * m])]


def _geo(op, x_shape, ks, d):
    return _Geometry(x_shape[1:1 + d], ks, _spatial(op, "strides", d), _spatial(op, "dilations", d) if
                     "dilations" in op._attrs else [1] * d, op._attrs["padding"])


def _dw_kernel(op):
    def k(ctx, x, f):
        _check_fmt(op, "NHWC")
        if x.shape[3] != f.shape[2]:
            raise KernelError(f"input and filter must have the same depth: {x.shape[3]} vs {f.shape[2]}")
        geo = _geo(op, x.shape, f.shape[:2], 2)
        xp = geo.pad(x)
        out = np.zeros((x.shape[0], *geo.out, f.shape[2], f.shape[3]), np.result_type(x, f))
        for off, sl in geo.taps():
            out += xp[sl][..., None] * f[off]
        return out.reshape(out.shape[:3] + (-1,)).astype(x.dtype)
    return k


def _dw_input_kernel(op):
    def k(ctx, sizes, f, dy):
        shape = tuple(int(v) for v in sizes)
        geo = _geo(op, shape, f.shape[:2], 2)
        dyr = dy.reshape(dy.shape[:3] + f.shape[2:])
        dxp = np.zeros(geo.padded_shape(shape), dy.dtype)
        for off, sl in geo.taps():
            dxp[sl] += (dyr * f[off]).sum(-1)
        return geo.crop(dxp).astype(dy.dtype)
    return k


def _dw_filter_kernel(op):
    def k(ctx, x, sizes, dy):
        kh, kw, c, m = (int(v) for v in sizes)
        geo = _geo(op, x.shape, (kh, kw), 2)
        xp, dyr = geo.pad(x), dy.reshape(dy.shape[:3] + (c, m))
        df = np.zeros((kh, kw, c, m), x.dtype)
        for off, sl in geo.taps():
            df[off] = np.einsum("nhwc,nhwcm->cm", xp[sl], dyr)
        return df
    return k


register("DepthwiseConv2dNative", "array", _dw_shape, _dw_kernel, doc="convolves each input channel with its own filters")
register("DepthwiseConv2dNativeBackpropInput", "array", _sizes_shape(0, 4), _dw_input_kernel,
         doc="takes the gradient of a depthwise convolution with respect to its input")
register("DepthwiseConv2dNativeBackpropFilter", "array", _sizes_shape(1, 4), _dw_filter_kernel,
         doc="takes the gradient of a depthwise convolution with respect to its filter")


def _seq(v, n, name):
    if v is None:
        return [1] * n
    if isinstance(v, (int, np.integer)):
        return [1] + [int(v)] * (n - 2) + [1]
    v = [int(x) for x in v]
    if len(v) == n - 2:
        return [1] + v + [1]
    if len(v) != n:
        raise ValueError(f"{name} should be of length {n - 2} or {n} but was {len(v)}")
    return v


def depthwise_conv2d_native(input, filter, strides, padding, data_format="NHWC", dilations=None,  # noqa: A002
                            name=None):
    """`tf.nn.depthwise_conv2d_native`: the `DepthwiseConv2dNative` op."""
    return apply_op("DepthwiseConv2dNative", name, [("input", input), ("filter", filter)], allowed=_TYPES,
                    allowed_names=_NAMES,
                    attrs={"strides": _seq(strides, 4, "strides"), "padding": _padding(padding, "DepthwiseConv2dNative"),
                           "explicit_paddings": [], "data_format": data_format,
                           "dilations": _seq(dilations, 4, "dilations")})._outputs[0]


def depthwise_conv2d_native_backprop_input(input_sizes, filter, out_backprop, strides, padding,  # noqa: A002
                                           data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    return apply_op("DepthwiseConv2dNativeBackpropInput", name, [("input_sizes", input_sizes), ("filter", filter),
                                                                 ("out_backprop", out_backprop)],
                    same_type=("filter", "out_backprop"),
                    attrs={"strides": list(strides), "padding": padding, "explicit_paddings": [],
                           "data_format": data_format, "dilations": list(dilations)})._outputs[0]


def depthwise_conv2d_native_backprop_filter(input, filter_sizes, out_backprop, strides, padding,  # noqa: A002
                                            data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    return apply_op("DepthwiseConv2dNativeBackpropFilter", name, [("input", input), ("filter_sizes", filter_sizes),
                                                                  ("out_backprop", out_backprop)],
                    same_type=("input", "out_backprop"),
                    attrs={"strides": list(strides), "padding": padding, "explicit_paddings": [],
                           "data_format": data_format, "dilations": list(dilations)})._outputs[0]


# -- Conv3D ------------------------------------------------------------------------------------
def _conv3d_shape(op):
    x, f = op._inputs[0]._shape, op._inputs[1]._shape
    _check_rank(op, (x, f), 5)
    xd, fd = _dims(x, 5), _dims(f, 5)
    if xd[4] is not None and fd[3] is not None and xd[4] != fd[3]:
        raise shape_error(op, f"Dimensions must be equal, but are {xd[4]} and {fd[3]}")
    st, dil, pad = _spatial(op, "strides", 3), _spatial(op, "dilations", 3), op._attrs["padding"]
    return [TensorShape([xd[0]] + [_static_out(xd[i + 1], fd[i], st[i], dil[i], pad) for i in range(3)] + [fd[4]])]


def _conv3d_kernel(op):
    def k(ctx, x, f):
        _check_fmt(op, "NDHWC")
        if x.shape[4] != f.shape[3]:
            raise KernelError(f"Input depth must be equal to filter depth: {x.shape[4]} vs {f.shape[3]}")
        geo = _geo(op, x.shape, f.shape[:3], 3)
        xp = geo.pad(x)
        out = np.zeros((x.shape[0], *geo.out, f.shape[4]), np.result_type(x, f))
        for off, sl in geo.taps():
            out += xp[sl] @ f[off]
        return out.astype(x.dtype)
    return k


def _conv3d_input_kernel(op):
    def k(ctx, sizes, f, dy):
        shape = tuple(int(v) for v in sizes)
        geo = _geo(op, shape, f.shape[:3], 3)
        dxp = np.zeros(geo.padded_shape(shape), dy.dtype)
        for off, sl in geo.taps():
            dxp[sl] += dy @ f[off].T
        return geo.crop(dxp).astype(dy.dtype)
    return k


def _conv3d_filter_kernel(op):
    def k(ctx, x, sizes, dy):
        ks = tuple(int(v) for v in sizes)
        geo = _geo(op, x.shape, ks[:3], 3)
        xp = geo.pad(x)
        df = np.zeros(ks, x.dtype)
        for off, sl in geo.taps():
            df[off] = np.reshape(xp[sl], (-1, ks[3])).T @ np.reshape(dy, (-1, ks[4]))
        return df
    return k


register("Conv3D", "array", _conv3d_shape, _conv3d_kernel, doc="convolves volumes with filters")
register("Conv3DBackpropInputV2", "array", _sizes_shape(0, 5), _conv3d_input_kernel,
         doc="takes the gradient of a 3-D convolution with respect to its input")
register("Conv3DBackpropFilterV2", "array", _sizes_shape(1, 5), _conv3d_filter_kernel,
         doc="takes the gradient of a 3-D convolution with respect to its filter")


def conv3d(input=None, filter=None, strides=None, padding=None, data_format="NDHWC",  # noqa: A002
           dilations=(1, 1, 1, 1, 1), name=None, filters=None):
    """`tf.nn.conv3d`: NDHWC `input` with `filter` (depth, height, width, in, out)."""
    filter = filters if filter is None else filter  # noqa: A001
    return apply_op("Conv3D", name, [("input", input), ("filter", filter)], allowed=_TYPES, allowed_names=_NAMES,
                    attrs={"strides": _seq(strides, 5, "strides"), "padding": _padding(padding, "Conv3D", name),
                           "data_format": data_format, "dilations": _seq(dilations, 5, "dilations")})._outputs[0]


def conv3d_backprop_input_v2(input_sizes, filter, out_backprop, strides, padding, data_format="NDHWC",  # noqa: A002
                             dilations=(1, 1, 1, 1, 1), name=None):
    return apply_op("Conv3DBackpropInputV2", name, [("input_sizes", input_sizes), ("filter", filter),
                                                    ("out_backprop", out_backprop)], same_type=("filter", "out_backprop"),
                    attrs={"strides": list(strides), "padding": padding, "data_format": data_format,
                           "dilations": list(dilations)})._outputs[0]


def conv3d_backprop_filter_v2(input, filter_sizes, out_backprop, strides, padding, data_format="NDHWC",  # noqa: A002
                              dilations=(1, 1, 1, 1, 1), name=None):
    return apply_op("Conv3DBackpropFilterV2", name, [("input", input), ("filter_sizes", filter_sizes),
                                                     ("out_backprop", out_backprop)], same_type=("input", "out_backprop"),
                    attrs={"strides": list(strides), "padding": padding, "data_format": data_format,
                           "dilations": list(dilations)})._outputs[0]


__all__ = ["depthwise_conv2d_native", "depthwise_conv2d_native_backprop_input",
           "depthwise_conv2d_native_backprop_filter", "conv3d", "conv3d_backprop_input_v2",
           "conv3d_backprop_filter_v2"]
