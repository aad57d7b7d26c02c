"""Convolution on NHWC images: `Conv2D`, `BiasAdd` and the ops their gradients use
(`Conv2DBackpropInput`, `Conv2DBackpropFilter`, `BiasAddGrad`); the window helpers pooling
shares (pool_ops.py).

Kernels are numpy: the padded input is viewed as windows with `sliding_window_view` (no copy)
and contracted with one matrix product (`_patches_times`); padding follows TF (`SAME`: output ceil(in / stride), the odd
pixel of padding after; `VALID`: no padding)."""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .. import dtypes as _dt
from ..convert import apply_op, constant_value
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import KernelError, fmt_shape, shape_error

_CONV_TYPES = (_dt.float16, _dt.float32, _dt.float64)
_CONV_NAMES = "float16, bfloat16, float32, float64"  # TF 1.15's list (TF 2 adds int32)


def out_size(n, k, stride, dilation, padding):
    """(output size, padding before, padding after) along one spatial axis, as TF computes them."""
    k_eff = (k - 1) * dilation + 1
    if padding == "VALID":
        return max(0, -(-(n - k_eff + 1) // stride)), 0, 0
    out = -(-n // stride)
    total = max((out - 1) * stride + k_eff - n, 0)
    return out, total // 2, total - total // 2


def _static_out(n, k, stride, dilation, padding):
    if n is None or k is None:
        return None
    return out_size(n, k, stride, dilation, padding)[0]


def _windows(x, kh, kw, sh, sw, dh, dw, padding, pad_value=0):
    """(N, OH, OW, C, KH, KW) view of the padded input, and the paddings used."""
    n, h, w, c = x.shape
    oh, ph0, ph1 = out_size(h, kh, sh, dh, padding)
    ow, pw0, pw1 = out_size(w, kw, sw, dw, padding)
    xp = np.pad(x, [(0, 0), (ph0, ph1), (pw0, pw1), (0, 0)], constant_values=pad_value) if ph0 + ph1 + pw0 + pw1 else x
    kh_eff, kw_eff = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    if xp.shape[1] < kh_eff or xp.shape[2] < kw_eff:
        return np.zeros((n, 0, 0, c, kh, kw), x.dtype), (ph0, pw0)
    win = sliding_window_view(xp, (kh_eff, kw_eff), axis=(1, 2))
    return win[:, ::sh, ::sw, :, ::dh, ::dw][:, :oh, :ow], (ph0, pw0)


def _patches(win):
    """(N, OH, OW, C, KH, KW) windows as a (N*OH*OW, C*KH*KW) matrix, copied in memory order
    (a transposing copy of a strided view is what made tensordot slow)."""
    n, oh, ow, c, kh, kw = win.shape
    return np.ascontiguousarray(win).reshape(n * oh * ow, c * kh * kw)


def _patches_times(win, f):
    """Windows (N, OH, OW, C, KH, KW) times a filter (KH, KW, C, O): (N, OH, OW, O)."""
    n, oh, ow, c, kh, kw = win.shape
    w = np.transpose(f, (2, 0, 1, 3)).reshape(c * kh * kw, -1)
    return (_patches(win) @ w).reshape(n, oh, ow, f.shape[-1])


def _check_format(op):
    fmt = op._attrs.get("data_format", "NHWC")
    if fmt != "NHWC":
        raise KernelError(f"The {op.type} op currently only supports the NHWC tensor format on the CPU. "
                          f"The op was given the format: {fmt}")


def _four(op, attr):
    v = list(op._attrs[attr])
    if len(v) != 4:
        raise shape_error(op, f"{op.type} requires the {attr[:-1] if attr.endswith('s') else attr} attribute to "
                              f"contain 4 values, but got: {len(v)}")
    return v


# -- Conv2D ----------------------------------------------------------------------------------
def _conv_shape(op):
    x, f = op._inputs[0]._shape, op._inputs[1]._shape
    for s in (x, f):
        if s.ndims is not None and s.ndims != 4:
            raise shape_error(op, f"Shape must be rank 4 but is rank {s.ndims}")
    strides, dil = _four(op, "strides"), _four(op, "dilations")
    xd = x.as_list() if x.ndims is not None else [None] * 4
    fd = f.as_list() if f.ndims is not None else [None] * 4
    if xd[3] is not None and fd[2] is not None and xd[3] % fd[2]:
        raise shape_error(op, f"Depth of input ({xd[3]}) is not a multiple of input depth of filter ({fd[2]})")
    pad = op._attrs["padding"]
    return [TensorShape([xd[0], _static_out(xd[1], fd[0], strides[1], dil[1], pad),
                         _static_out(xd[2], fd[1], strides[2], dil[2], pad), fd[3]])]


def _conv_kernel(op):
    _, sh, sw, _ = op._attrs["strides"]
    _, dh, dw, _ = op._attrs["dilations"]
    pad = op._attrs["padding"]

    def k(ctx, x, f):
        _check_format(op)
        if np.shape(x)[3] != np.shape(f)[2]:
            raise KernelError(f"input depth must be evenly divisible by filter depth: {np.shape(x)[3]} vs "
                              f"{np.shape(f)[2]}")
        win, _ = _windows(x, f.shape[0], f.shape[1], sh, sw, dh, dw, pad)
        return _patches_times(win, f).astype(x.dtype)
    return k


def _conv_backprop_input_kernel(op):
    """dx is a correlation of dy (spread out by the strides, padded) with the flipped filter:
    one windowed matrix product, like the forward pass."""
    _, sh, sw, _ = op._attrs["strides"]
    _, dh, dw, _ = op._attrs["dilations"]
    pad = op._attrs["padding"]

    def spread_and_pad(dy, axis, n, k, s, d):
        o = dy.shape[axis]
        _, p0, _ = out_size(n, k, s, d, pad)
        if s > 1:  # put dy at every s-th position
            shape = list(dy.shape)
            shape[axis] = (o - 1) * s + 1 if o else 0
            spread = np.zeros(shape, dy.dtype)
            idx = [slice(None)] * 4
            idx[axis] = slice(None, None, s)
            spread[tuple(idx)] = dy
            dy = spread
        left = (k - 1) * d - p0
        right = n + (k - 1) * d - left - dy.shape[axis]
        widths = [(0, 0)] * 4
        widths[axis] = (left, max(right, 0))
        dy = np.pad(dy, widths)
        if right < 0:  # VALID rows the forward pass never reached
            idx = [slice(None)] * 4
            idx[axis] = slice(0, dy.shape[axis] + right)
            dy = dy[tuple(idx)]
        return dy

    def k(ctx, sizes, f, dy):
        n, h, w, c = (int(v) for v in sizes)
        kh, kw = f.shape[:2]
        g = spread_and_pad(spread_and_pad(dy, 1, h, kh, sh, dh), 2, w, kw, sw, dw)
        win = sliding_window_view(g, ((kh - 1) * dh + 1, (kw - 1) * dw + 1), axis=(1, 2))[..., ::dh, ::dw]
        flipped = f[::-1, ::-1]  # (KH, KW, C, O)
        return _patches_times(win[:, :h, :w], np.swapaxes(flipped, 2, 3)).astype(dy.dtype)
    return k


def _conv_backprop_filter_kernel(op):
    _, sh, sw, _ = op._attrs["strides"]
    _, dh, dw, _ = op._attrs["dilations"]
    pad = op._attrs["padding"]

    def k(ctx, x, sizes, dy):
        kh, kw, c, o = (int(v) for v in sizes)
        win, _ = _windows(x, kh, kw, sh, sw, dh, dw, pad)  # (N, OH, OW, C, KH, KW)
        df = (_patches(win).T @ np.reshape(dy, (-1, o))).reshape(c, kh, kw, o)
        return np.transpose(df, (1, 2, 0, 3)).astype(x.dtype)
    return k


def _sizes_shape(i):
    """The output shape is input i's value: a constant, or (from a gradient) a ShapeN of a tensor."""
    def shape(op):
        t = op._inputs[i]
        v = constant_value(t)
        if v is None and t._op._type in ("ShapeN", "Shape"):
            return [t._op._inputs[t._value_index if t._op._type == "ShapeN" else 0]._shape]
        return [unknown_shape(4) if v is None else TensorShape([int(d) for d in v])]
    return shape


register("Conv2D", "array", _conv_shape, _conv_kernel, doc="convolves images with filters")
register("Conv2DBackpropInput", "array", _sizes_shape(0), _conv_backprop_input_kernel,
         doc="takes the gradient of a convolution with respect to its input")
register("Conv2DBackpropFilter", "array", _sizes_shape(1), _conv_backprop_filter_kernel,
         doc="takes the gradient of a convolution with respect to its filter")


def _seq(v, n, name):
    """TF's `_get_sequence`: an int or a list of 1, 2 or 4 values -> 4 values (NHWC)."""
    if v is None:
        return [1] * 4
    if isinstance(v, (int, np.integer)):
        return [1, int(v), int(v), 1]
    v = [int(x) for x in v]
    if len(v) == 1:
        return [1, v[0], v[0], 1]
    if len(v) == 2:
        return [1, v[0], v[1], 1]
    if len(v) == 4:
        return v
    raise ValueError(f"{name} should be of length 1, 2 or 4 but was {len(v)}")


def _padding(padding, op_type="Conv2D", name=None):
    p = padding.decode() if isinstance(padding, bytes) else padding
    if p not in ("SAME", "VALID"):
        from ..graph import get_default_graph
        get_default_graph().unique_name(name or op_type)  # TF checks attrs inside the op's name scope
        allowed = '"SAME", "VALID"' + (', "EXPLICIT"' if op_type in ("Conv2D", "MaxPool") else "")
        raise ValueError(f"Attr 'padding' of '{op_type}' Op passed string '{p}' not in: {allowed}.")
    return p


def conv2d(input=None, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True,  # noqa: A002
           data_format="NHWC", dilations=None, name=None, filters=None):
    filter = filters if filter is None else filter  # noqa: A001
    if strides is None:
        raise TypeError("conv2d() missing required argument: 'strides'")
    return apply_op("Conv2D", name, [("input", input), ("filter", filter)], allowed=_CONV_TYPES,
                    allowed_names=_CONV_NAMES,
                    attrs={"strides": _seq(strides, 4, "strides"), "use_cudnn_on_gpu": bool(use_cudnn_on_gpu),
                           "padding": _padding(padding, "Conv2D", name), "explicit_paddings": [], "data_format": data_format,
                           "dilations": _seq(dilations, 4, "dilations")})._outputs[0]


def conv2d_backprop_input(input_sizes, filter, out_backprop, strides, padding, data_format="NHWC",  # noqa: A002
                          dilations=(1, 1, 1, 1), name=None):
    return apply_op("Conv2DBackpropInput", name, [("input_sizes", input_sizes), ("filter", filter),
                                                  ("out_backprop", out_backprop)],
                    same_type=("filter", "out_backprop"),
                    attrs={"strides": list(strides), "padding": padding, "data_format": data_format,
                           "dilations": list(dilations), "use_cudnn_on_gpu": True,
                           "explicit_paddings": []})._outputs[0]


def conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding, data_format="NHWC",  # noqa: A002
                           dilations=(1, 1, 1, 1), name=None):
    return apply_op("Conv2DBackpropFilter", name, [("input", input), ("filter_sizes", filter_sizes),
                                                   ("out_backprop", out_backprop)],
                    same_type=("input", "out_backprop"),
                    attrs={"strides": list(strides), "padding": padding, "data_format": data_format,
                           "dilations": list(dilations), "use_cudnn_on_gpu": True,
                           "explicit_paddings": []})._outputs[0]


# -- BiasAdd ---------------------------------------------------------------------------------
def _bias_shape(op):
    x, b = op._inputs[0]._shape, op._inputs[1]._shape
    if b.ndims is not None and b.ndims != 1:
        raise shape_error(op, f"Shape must be rank 1 but is rank {b.ndims}")
    if x.ndims is not None and x.ndims < 2:
        raise shape_error(op, f"Shape must be at least rank 2 but is rank {x.ndims}")
    if x.ndims is None:
        return [x]
    dims = x.as_list()
    axis = 1 if op._attrs["data_format"] == "NCHW" else -1
    c, n = dims[axis], b.as_list()[0] if b.ndims else None
    if c is not None and n is not None and c != n:
        raise shape_error(op, f"Dimensions must be equal, but are {c} and {n}")
    if c is None:
        dims[axis] = n
    return [TensorShape(dims)]


def _bias_kernel(op):
    nchw = op._attrs["data_format"] == "NCHW"

    def k(ctx, x, b):
        c = np.shape(x)[1 if nchw else -1]
        if c != np.shape(b)[0]:
            raise KernelError(f"Must provide as many biases as the last dimension of the input tensor: "
                              f"{fmt_shape(TensorShape(np.shape(b)))} vs. {fmt_shape(TensorShape(np.shape(x)))}")
        if nchw:
            b = np.reshape(b, (-1,) + (1,) * (np.ndim(x) - 2))
        return (x + b).astype(x.dtype)
    return k


def _bias_grad_kernel(op):
    nchw = op._attrs["data_format"] == "NCHW"

    def k(ctx, dy):
        axis = 1 if nchw else np.ndim(dy) - 1
        return np.sum(dy, axis=tuple(i for i in range(np.ndim(dy)) if i != axis), dtype=dy.dtype)
    return k


def _bias_grad_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is None:
        return [unknown_shape(1)]
    return [TensorShape([s.as_list()[1 if op._attrs["data_format"] == "NCHW" else -1]])]


register("BiasAdd", "array", _bias_shape, _bias_kernel, doc="adds a bias per channel to")
register("BiasAddGrad", "array", _bias_grad_shape, _bias_grad_kernel, doc="sums the gradient per channel of")


def bias_add(value, bias, data_format=None, name=None):
    from ..convert import convert_to_tensor
    from ..graph import graph_of
    g = graph_of([value, bias])
    with g.as_default(), g.name_scope(name or "BiasAdd") as scope:
        value = convert_to_tensor(value, name="input")
        bias = convert_to_tensor(bias, dtype=value.dtype.base_dtype, name="bias")
        return apply_op("BiasAdd", scope, [("value", value), ("bias", bias)],
                        attrs={"data_format": data_format or "NHWC"})._outputs[0]


def bias_add_grad(out_backprop, data_format="NHWC", name=None):
    return apply_op("BiasAddGrad", name, [("out_backprop", out_backprop)],
                    attrs={"data_format": data_format})._outputs[0]


__all__ = ["conv2d", "conv2d_backprop_input", "conv2d_backprop_filter", "bias_add", "bias_add_grad", "out_size"]
