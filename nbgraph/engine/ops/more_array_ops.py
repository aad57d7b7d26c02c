"""`tf.where_v2` (`SelectV2`: a select whose condition, x and y broadcast together) with its
gradient, and the image adjustments and crops TF 1.x preprocessing lessons use, built from the
catalogue's ops as TF composes them: `adjust_brightness`, `random_brightness`, `adjust_contrast`,
`random_contrast`, `crop_to_bounding_box`, `pad_to_bounding_box`, `central_crop`,
`resize_image_with_crop_or_pad`."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, convert_to_tensor
from ..grad_registry import RegisterGradient
from ..graph import get_default_graph
from ..registry import register
from ..shapes import broadcast_shapes
from .array_ops import cast
from .common import shape_error

__all__ = ["where_v2", "saturate_cast", "adjust_brightness", "random_brightness", "adjust_contrast", "random_contrast",
           "crop_to_bounding_box", "pad_to_bounding_box", "central_crop", "resize_image_with_crop_or_pad"]


# -- SelectV2 ------------------------------------------------------------------------------------
def _select_v2_shape(op):
    c, x, y = (t._shape for t in op._inputs)
    out = broadcast_shapes(x, y)
    out = broadcast_shapes(c, out) if out is not None else None
    if out is None:
        raise shape_error(op, "Dimensions must be equal")
    return [out]


register("SelectV2", "control", _select_v2_shape, lambda op: (lambda ctx, c, x, y: np.where(c, x, y)),
         doc="picks from x where true, else y (all three broadcast)")


def where_v2(condition, x=None, y=None, name=None):
    """`tf.where_v2`: with x and y, elementwise `condition ? x : y` with broadcasting (`SelectV2`);
    without, the coordinates of the true entries (`Where`)."""
    if x is None and y is None:
        return apply_op("Where", name, [("input", condition)], out_dtypes=[_dt.int64])._outputs[0]
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return apply_op("SelectV2", name, [("condition", condition), ("t", x), ("e", y)],
                    same_type=("t", "e"))._outputs[0]


@RegisterGradient("SelectV2")
def _SelectGradV2(op, grad):  # noqa: N802
    from . import array_ops as A
    from . import grad_ops as G
    from . import reduce_ops as R
    c, x, y = op.inputs
    zeros = A.zeros([], dtype=grad.dtype.base_dtype)
    out_shape = A.shape(op.outputs[0])
    grads = []
    for t, picked in ((x, where_v2(c, grad, zeros)), (y, where_v2(c, zeros, grad))):
        t_shape = A.shape(t)
        reduce_axes, _ = G.broadcast_gradient_args(t_shape, out_shape)
        grads.append(A.reshape(R.reduce_sum(picked, keepdims=True, axis=reduce_axes), t_shape))
    return [None] + grads


def saturate_cast(value, dtype, name=None):
    """`tf.saturate_cast`: `value` clipped to what `dtype` can hold, then cast."""
    from . import math_ops as M
    g = get_default_graph()
    with g.name_scope(name or "saturate_cast") as scope:
        value = convert_to_tensor(value, name="value")
        dtype = _dt.as_dtype(dtype).base_dtype
        src = value.dtype.base_dtype

        def limits(dt):
            info = np.finfo(dt.as_numpy_dtype) if dt.is_floating else np.iinfo(dt.as_numpy_dtype)
            return float(info.min), float(info.max)
        (smin, smax), (dmin, dmax) = limits(src), limits(dtype)
        if smin < dmin:
            value = M.maximum(value, convert_to_tensor(np.array(dmin, src.as_numpy_dtype), dtype=src, name="min"))
        if smax > dmax:
            value = M.minimum(value, convert_to_tensor(np.array(dmax, src.as_numpy_dtype), dtype=src, name="max"))
        return cast(value, dtype, name=scope)


# -- image adjustments ----------------------------------------------------------------------------
def _float_image(image):
    from .image_ops import convert_image_dtype
    image = convert_to_tensor(image, name="image")
    orig = image.dtype.base_dtype
    flt = image if orig in (_dt.float16, _dt.float32, _dt.float64) else convert_image_dtype(image, _dt.float32)
    return flt, orig


def _back(adjusted, orig):
    from .image_ops import convert_image_dtype
    return adjusted if adjusted.dtype.base_dtype == orig else convert_image_dtype(adjusted, orig, saturate=True)


def adjust_brightness(image, delta):
    """image + delta, in the image's [0, 1] float scale (integer images converted and back)."""
    from . import math_ops as M
    g = get_default_graph()
    with g.name_scope("adjust_brightness"):
        flt, orig = _float_image(image)
        adjusted = M.add(flt, cast(delta, flt.dtype.base_dtype), name="Add")
        return _back(adjusted, orig)


def random_brightness(image, max_delta, seed=None):
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    from .random_ops import random_uniform
    delta = random_uniform([], -max_delta, max_delta, seed=seed)
    return adjust_brightness(image, delta)


def adjust_contrast(images, contrast_factor):
    """(x - mean) * factor + mean, the mean taken per image and channel over height and width."""
    from . import math_ops as M
    from .reduce_ops import reduce_mean
    g = get_default_graph()
    with g.name_scope("adjust_contrast"):
        flt, orig = _float_image(images)
        mean = reduce_mean(flt, axis=[-3, -2], keepdims=True)
        factor = cast(contrast_factor, flt.dtype.base_dtype)
        adjusted = M.add(M.multiply(M.subtract(flt, mean), factor), mean)
        return _back(adjusted, orig)


def random_contrast(image, lower, upper, seed=None):
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    from .random_ops import random_uniform
    return adjust_contrast(image, random_uniform([], lower, upper, seed=seed))


def _hw(image):
    shape = image.get_shape()
    if shape.ndims not in (3, 4):
        raise ValueError("'image' (shape %s) must have either 3 or 4 dimensions." % shape)
    dims = shape.as_list()
    h, w = dims[-3], dims[-2]
    if h is None or w is None:
        raise ValueError("nbgraph crops and pads images whose height and width are known")
    return h, w


def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The target_height x target_width window whose top-left corner is at the offsets."""
    from .nn_ops import slice as slice_
    g = get_default_graph()
    with g.name_scope("crop_to_bounding_box"):
        image = convert_to_tensor(image, name="image")
        h, w = _hw(image)
        if offset_width < 0 or offset_height < 0:
            raise ValueError("offset_width must be >= 0." if offset_width < 0 else "offset_height must be >= 0.")
        if target_width <= 0 or target_height <= 0:
            raise ValueError("target_width must be > 0." if target_width <= 0 else "target_height must be > 0.")
        if w < target_width + offset_width:
            raise ValueError("width must be >= target + offset.")
        if h < target_height + offset_height:
            raise ValueError("height must be >= target + offset.")
        batched = image.get_shape().ndims == 4
        begin = ([0] if batched else []) + [offset_height, offset_width, 0]
        size = ([-1] if batched else []) + [target_height, target_width, -1]
        return slice_(image, begin, size)


def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The image placed at the offsets on a zero canvas of target_height x target_width."""
    from .nn_ops import pad
    g = get_default_graph()
    with g.name_scope("pad_to_bounding_box"):
        image = convert_to_tensor(image, name="image")
        h, w = _hw(image)
        after_h, after_w = target_height - offset_height - h, target_width - offset_width - w
        if offset_height < 0 or offset_width < 0:
            raise ValueError("offset_height must be >= 0" if offset_height < 0 else "offset_width must be >= 0")
        if after_h < 0 or after_w < 0:
            raise ValueError("height must be <= target - offset" if after_h < 0 else "width must be <= target - offset")
        paddings = [[offset_height, after_h], [offset_width, after_w], [0, 0]]
        if image.get_shape().ndims == 4:
            paddings = [[0, 0]] + paddings
        return pad(image, np.array(paddings, np.int32))


def central_crop(image, central_fraction):
    """The central `central_fraction` of the image's height and width."""
    if central_fraction <= 0.0 or central_fraction > 1.0:
        raise ValueError("central_fraction must be within (0, 1]")
    image = convert_to_tensor(image, name="image")
    if central_fraction == 1.0:
        return image
    h, w = _hw(image)
    off_h = int((h - h * central_fraction) / 2)
    off_w = int((w - w * central_fraction) / 2)
    return crop_to_bounding_box(image, off_h, off_w, h - 2 * off_h, w - 2 * off_w)


def resize_image_with_crop_or_pad(image, target_height, target_width):
    """Crops (centrally) or pads (with zeros, centrally) to exactly target_height x target_width."""
    image = convert_to_tensor(image, name="image")
    h, w = _hw(image)
    if target_width <= 0 or target_height <= 0:
        raise ValueError("target_width must be > 0." if target_width <= 0 else "target_height must be > 0.")
    off_crop_w, off_pad_w = max((w - target_width) // 2, 0), max((target_width - w) // 2, 0)
    off_crop_h, off_pad_h = max((h - target_height) // 2, 0), max((target_height - h) // 2, 0)
    cropped = crop_to_bounding_box(image, off_crop_h, off_crop_w, min(target_height, h), min(target_width, w))
    return pad_to_bounding_box(cropped, off_pad_h, off_pad_w, target_height, target_width)
