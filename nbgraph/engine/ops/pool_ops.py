"""Pooling on NHWC images: `MaxPool`, `AvgPool` and the ops their gradients use (`MaxPoolGrad`,
`MaxPoolGradGrad`, `AvgPoolGrad`). Windows and padding are conv_ops.py's (TF's rules); an
average counts only the real pixels under its window, as TF does."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op
from ..registry import register
from ..shapes import TensorShape
from .common import shape_error
from .conv_ops import _check_format, _four, _padding, _seq, _sizes_shape, _static_out, _windows, out_size

_POOL_TYPES = (_dt.float16, _dt.float32, _dt.float64)
_POOL_NAMES = "float16, bfloat16, float32, float64"


# -- pooling ---------------------------------------------------------------------------------
def _pool_shape(op):
    x = op._inputs[0]._shape
    if x.ndims is not None and x.ndims != 4:
        raise shape_error(op, f"Shape must be rank 4 but is rank {x.ndims}")
    ks, st = _four(op, "ksize"), _four(op, "strides")
    if ks[0] != 1 or ks[3] != 1 or st[0] != 1 or st[3] != 1:
        raise shape_error(op, "Pooling is not yet supported on the batch or depth dimension.")
    xd = x.as_list() if x.ndims is not None else [None] * 4
    pad = op._attrs["padding"]
    return [TensorShape([xd[0], _static_out(xd[1], ks[1], st[1], 1, pad), _static_out(xd[2], ks[2], st[2], 1, pad),
                         xd[3]])]


def _lowest(dtype):
    return -np.inf if np.dtype(dtype).kind == "f" else np.iinfo(dtype).min


def _max_pool_kernel(op):
    _, kh, kw, _ = op._attrs["ksize"]
    _, sh, sw, _ = op._attrs["strides"]
    pad = op._attrs["padding"]

    def k(ctx, x):
        _check_format(op)
        win, _ = _windows(x, kh, kw, sh, sw, 1, 1, pad, _lowest(x.dtype))
        return win.max(axis=(4, 5)).astype(x.dtype)
    return k


def _avg_counts(shape, kh, kw, sh, sw, pad):
    ones = np.ones((1,) + tuple(shape[1:3]) + (1,), np.float64)
    win, _ = _windows(ones, kh, kw, sh, sw, 1, 1, pad, 0)
    return win.sum(axis=(4, 5))  # (1, OH, OW, 1): the real (unpadded) pixels under each window


def _avg_pool_kernel(op):
    _, kh, kw, _ = op._attrs["ksize"]
    _, sh, sw, _ = op._attrs["strides"]
    pad = op._attrs["padding"]

    def k(ctx, x):
        _check_format(op)
        win, _ = _windows(x, kh, kw, sh, sw, 1, 1, pad, 0)
        return (win.sum(axis=(4, 5)) / _avg_counts(x.shape, kh, kw, sh, sw, pad)).astype(x.dtype)
    return k


def _max_pool_grad_kernel(op):
    _, kh, kw, _ = op._attrs["ksize"]
    _, sh, sw, _ = op._attrs["strides"]
    pad = op._attrs["padding"]

    def k(ctx, x, y, dy):
        n, h, w, c = x.shape
        win, (ph0, pw0) = _windows(x, kh, kw, sh, sw, 1, 1, pad, _lowest(x.dtype))
        _, oh, ow = win.shape[:3]
        first = win.reshape(n, oh, ow, c, kh * kw).argmax(axis=-1)  # TF routes to the first maximum
        di, dj = np.divmod(first, kw)
        rows = np.arange(oh)[None, :, None, None] * sh + di - ph0
        cols = np.arange(ow)[None, None, :, None] * sw + dj - pw0
        flat = ((np.arange(n)[:, None, None, None] * h + rows) * w + cols) * c + np.arange(c)
        dx = np.bincount(flat.reshape(-1), weights=np.reshape(dy, -1), minlength=n * h * w * c)  # sums repeats
        return dx.reshape(x.shape).astype(dy.dtype)
    return k


def _avg_pool_grad_kernel(op):
    _, kh, kw, _ = op._attrs["ksize"]
    _, sh, sw, _ = op._attrs["strides"]
    pad = op._attrs["padding"]

    def k(ctx, sizes, dy):
        n, h, w, c = (int(v) for v in sizes)
        oh, ph0, ph1 = out_size(h, kh, sh, 1, pad)
        ow, pw0, pw1 = out_size(w, kw, sw, 1, pad)
        share = dy / _avg_counts((n, h, w, c), kh, kw, sh, sw, pad)
        dxp = np.zeros((n, h + ph0 + ph1 + sh * kh, w + pw0 + pw1 + sw * kw, c), np.float64)
        for i in range(kh):
            for j in range(kw):
                dxp[:, i:i + sh * oh:sh, j:j + sw * ow:sw, :] += share
        return dxp[:, ph0:ph0 + h, pw0:pw0 + w, :].astype(dy.dtype)
    return k


def _max_pool_grad_grad_kernel(op):
    _, kh, kw, _ = op._attrs["ksize"]
    _, sh, sw, _ = op._attrs["strides"]
    pad = op._attrs["padding"]

    def k(ctx, x, y, ggrad):
        n, h, w, c = x.shape
        win, _ = _windows(x, kh, kw, sh, sw, 1, 1, pad, _lowest(x.dtype))
        gwin, _ = _windows(ggrad, kh, kw, sh, sw, 1, 1, pad, 0)
        _, oh, ow = win.shape[:3]
        first = win.reshape(n, oh, ow, c, kh * kw).argmax(axis=-1)[..., None]
        return np.take_along_axis(gwin.reshape(n, oh, ow, c, kh * kw), first, axis=-1)[..., 0].astype(ggrad.dtype)
    return k


register("MaxPool", "array", _pool_shape, _max_pool_kernel, doc="takes the maximum over each window of")
register("AvgPool", "array", _pool_shape, _avg_pool_kernel, doc="averages each window of")
register("MaxPoolGrad", "array", lambda op: [op._inputs[0]._shape], _max_pool_grad_kernel,
         doc="routes the gradient of a max-pool to each window's maximum")
register("MaxPoolGradGrad", "array", lambda op: [op._inputs[1]._shape], _max_pool_grad_grad_kernel,
         doc="picks each window's maximum position from the gradient of")
register("AvgPoolGrad", "array", _sizes_shape(0), _avg_pool_grad_kernel,
         doc="spreads the gradient of an average-pool over each window")


def _pool(op_type, value, ksize, strides, padding, data_format, name):
    return apply_op(op_type, name, [("value" if op_type == "AvgPool" else "input", value)], allowed=_POOL_TYPES,
                    allowed_names=_POOL_NAMES,
                    attrs={"ksize": _seq(ksize, 4, "ksize"), "strides": _seq(strides, 4, "strides"),
                           "padding": _padding(padding, op_type, name), "data_format": data_format})._outputs[0]


def max_pool(value=None, ksize=None, strides=None, padding=None, data_format="NHWC", name=None, input=None):  # noqa: A002
    return _pool("MaxPool", value if value is not None else input, ksize, strides, padding, data_format, name)


def avg_pool(value=None, ksize=None, strides=None, padding=None, data_format="NHWC", name=None, input=None):  # noqa: A002
    return _pool("AvgPool", value if value is not None else input, ksize, strides, padding, data_format, name)


def max_pool_grad(orig_input, orig_output, grad, ksize, strides, padding, data_format="NHWC", name=None):
    return apply_op("MaxPoolGrad", name, [("orig_input", orig_input), ("orig_output", orig_output), ("grad", grad)],
                    attrs={"ksize": list(ksize), "strides": list(strides), "padding": padding,
                           "data_format": data_format})._outputs[0]


def max_pool_grad_grad(orig_input, orig_output, grad, ksize, strides, padding, data_format="NHWC", name=None):
    return apply_op("MaxPoolGradGrad", name, [("orig_input", orig_input), ("orig_output", orig_output),
                                              ("grad", grad)],
                    attrs={"ksize": list(ksize), "strides": list(strides), "padding": padding,
                           "data_format": data_format})._outputs[0]


def avg_pool_grad(orig_input_shape, grad, ksize, strides, padding, data_format="NHWC", name=None):
    return apply_op("AvgPoolGrad", name, [("orig_input_shape", orig_input_shape), ("grad", grad)], same_type=("grad",),
                    attrs={"ksize": list(ksize), "strides": list(strides), "padding": padding,
                           "data_format": data_format})._outputs[0]


__all__ = ["max_pool", "avg_pool", "max_pool_grad", "max_pool_grad_grad", "avg_pool_grad"]
