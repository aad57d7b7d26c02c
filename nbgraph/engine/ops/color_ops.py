"""Colour adjustments as TF's kernels compute them (float32): `tf.image.rgb_to_hsv`/`hsv_to_rgb`
(`RGBToHSV`/`HSVToRGB`), `adjust_hue`/`adjust_saturation` (`AdjustHue`/`AdjustSaturation`, which
rotate the hue / scale the saturation in TF's own HSV arithmetic) and their `random_*` forms (the
Chinese TF book's `distort_color`)."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..grad_registry import NotDifferentiable
from ..graph import get_default_graph
from ..registry import register
from .common import KernelError, same_shape

__all__ = ["rgb_to_hsv", "hsv_to_rgb", "adjust_hue", "adjust_saturation", "random_hue", "random_saturation"]


def _channels(x, op_name):
    x = np.asarray(x)
    if x.shape[-1:] != (3,):
        raise KernelError(f"input must have 3 channels but input only has {x.shape[-1] if x.ndim else 0} channels.")
    return x.astype(np.float32, copy=False)


def _rgb_to_hsv(rgb):
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    v = np.maximum(np.maximum(r, g), b)
    rng = v - np.minimum(np.minimum(r, g), b)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(v > 0, rng / v, np.float32(0))
        norm = np.float32(1.0) / (np.float32(6.0) * rng)
        h = np.where(r == v, norm * (g - b),
                     np.where(g == v, norm * (b - r) + np.float32(2.0 / 6.0), norm * (r - g) + np.float32(4.0 / 6.0)))
    h = np.where(rng > 0, h, np.float32(0))
    h = np.where(h < 0, h + np.float32(1), h)
    return h.astype(np.float32), s.astype(np.float32), v.astype(np.float32)


def _hsv_to_rgb_colorspace(h, s, v):
    dh = h * np.float32(6)
    dr = np.clip(np.abs(dh - 3) - 1, 0, 1)
    dg = np.clip(2 - np.abs(dh - 2), 0, 1)
    db = np.clip(2 - np.abs(dh - 4), 0, 1)
    one_minus_s = 1 - s
    return np.stack([(one_minus_s + s * dr) * v, (one_minus_s + s * dg) * v, (one_minus_s + s * db) * v],
                    axis=-1).astype(np.float32)


def _hv_range_to_rgb(h, vmin, vmax):
    """AdjustHue's way back to RGB (adjust_hue_op.cc)."""
    h6 = h * np.float32(6)
    cat = h6.astype(np.int64)
    ratio = h6 - cat
    ratio = np.where(cat % 2 == 0, ratio, 1 - ratio)
    vmid = vmin + ratio * (vmax - vmin)
    table = [(vmax, vmid, vmin), (vmid, vmax, vmin), (vmin, vmax, vmid), (vmin, vmid, vmax), (vmid, vmin, vmax),
             (vmax, vmin, vmid)]
    cat = np.clip(cat, 0, 5)
    out = np.empty(h.shape + (3,), np.float32)
    for c in range(3):
        out[..., c] = np.choose(cat, [t[c] for t in table])
    return out


def _hsv_to_rgb_saturation(h, s, v):
    """AdjustSaturation's way back to RGB (adjust_saturation_op.cc)."""
    c = s * v
    m = v - c
    dh = h * np.float32(6)
    cat = dh.astype(np.int64)
    fmodu = np.mod(dh, np.float32(2))
    x = c * (1 - np.abs(fmodu - 1))
    zero = np.zeros_like(c)
    table = [(c, x, zero), (x, c, zero), (zero, c, x), (zero, x, c), (x, zero, c), (c, zero, x)]
    out = np.zeros(h.shape + (3,), np.float32)
    inside = (cat >= 0) & (cat <= 5)
    cat = np.clip(cat, 0, 5)
    for k in range(3):
        out[..., k] = np.where(inside, np.choose(cat, [t[k] for t in table]), 0) + m
    return out


def _adjust_hue_kernel(op):
    def k(ctx, images, delta):
        rgb = _channels(images, "AdjustHue")
        h, _, _ = _rgb_to_hsv(rgb)
        vmax = np.max(rgb, axis=-1)
        vmin = np.min(rgb, axis=-1)
        h = np.mod(h + np.float32(delta), np.float32(1.0)).astype(np.float32)
        return _hv_range_to_rgb(h, vmin, vmax).astype(np.asarray(images).dtype)
    return k


def _adjust_saturation_kernel(op):
    def k(ctx, images, scale):
        rgb = _channels(images, "AdjustSaturation")
        h, s, v = _rgb_to_hsv(rgb)
        s = np.clip(s * np.float32(scale), 0, 1)
        return _hsv_to_rgb_saturation(h, s, v).astype(np.asarray(images).dtype)
    return k


def _rgb_to_hsv_kernel(op):
    return lambda ctx, x: np.stack(_rgb_to_hsv(_channels(x, "RGBToHSV")), axis=-1).astype(np.asarray(x).dtype)


def _hsv_to_rgb_kernel(op):
    def k(ctx, x):
        hsv = _channels(x, "HSVToRGB")
        return _hsv_to_rgb_colorspace(hsv[..., 0], hsv[..., 1], hsv[..., 2]).astype(np.asarray(x).dtype)
    return k


register("AdjustHue", "array", same_shape, _adjust_hue_kernel, doc="rotates the hue of")
register("AdjustSaturation", "array", same_shape, _adjust_saturation_kernel, doc="scales the saturation of")
register("RGBToHSV", "array", same_shape, _rgb_to_hsv_kernel, doc="converts RGB to HSV")
register("HSVToRGB", "array", same_shape, _hsv_to_rgb_kernel, doc="converts HSV to RGB")
for _t in ("AdjustHue", "AdjustSaturation", "RGBToHSV", "HSVToRGB"):   # no gradient through colour conversions
    NotDifferentiable(_t)


def _flt(image):
    from .image_ops import convert_image_dtype
    image = convert_to_tensor(image, name="image")
    orig = image.dtype.base_dtype
    return (image if orig in (_dt.float16, _dt.float32) else convert_image_dtype(image, _dt.float32)), orig


def _adjust(op_type, scope_name, image, amount, arg_name, name):
    from .image_ops import convert_image_dtype
    g = get_default_graph()
    with g.name_scope(name or scope_name):
        flt, orig = _flt(image)
        a = convert_to_tensor(amount, dtype=_dt.float32, name=arg_name)
        out = g.create_op(op_type, [flt, a], [flt.dtype.base_dtype], name=op_type)._outputs[0]
        return convert_image_dtype(out, orig)


def adjust_hue(image, delta, name=None):
    """The image's hue rotated by `delta` (a fraction of the colour circle, in [-1, 1])."""
    return _adjust("AdjustHue", "adjust_hue", image, delta, "delta", name)


def adjust_saturation(image, saturation_factor, name=None):
    """The image's saturation multiplied by `saturation_factor` (clipped to [0, 1])."""
    return _adjust("AdjustSaturation", "adjust_saturation", image, saturation_factor, "scale", name)


def random_hue(image, max_delta, seed=None):
    if max_delta > 0.5:
        raise ValueError("max_delta must be <= 0.5.")
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    from .random_ops import random_uniform
    return adjust_hue(image, random_uniform([], -max_delta, max_delta, seed=seed))


def random_saturation(image, lower, upper, seed=None):
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    from .random_ops import random_uniform
    return adjust_saturation(image, random_uniform([], lower, upper, seed=seed))


def _conv(op_type, images, name):
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        t = convert_to_tensor(images, name="images")
        if t.dtype.base_dtype not in (_dt.float16, _dt.float32, _dt.float64):
            raise TypeError(f"Value passed to parameter 'images' has DataType {t.dtype.base_dtype.name} not in list "
                            f"of allowed values: half, bfloat16, float32, float64")
        return g.create_op(op_type, [t], [t.dtype.base_dtype], name=scope)._outputs[0]


def rgb_to_hsv(images, name=None):
    return _conv("RGBToHSV", images, name)


def hsv_to_rgb(images, name=None):
    return _conv("HSVToRGB", images, name)
