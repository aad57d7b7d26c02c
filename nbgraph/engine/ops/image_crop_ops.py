"""`tf.image.crop_and_resize`: `CropAndResize` (boxes in normalised [y1, x1, y2, x2], each
sampled bilinearly or by nearest pixel onto a crop_size grid, `extrapolation_value` outside the
image) and its gradient ops `CropAndResizeGradImage` and `CropAndResizeGradBoxes`, with TF's
sampling arithmetic (crop_and_resize_op.cc)."""
from __future__ import annotations

import math

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor
from ..grad_registry import NotDifferentiable, RegisterGradient
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import KernelError, shape_error


def _roundf(v: float) -> int:
    """C's roundf: halves away from zero (Python's round goes to even)."""
    return int(math.floor(v + 0.5)) if v >= 0 else -int(math.floor(-v + 0.5))


def _grid(b0, b1, size, crop):
    """Sample positions along one axis, in float32 arithmetic as TF computes them."""
    f = np.float32
    b0, b1, n = f(b0), f(b1), f(size - 1)
    if crop > 1:
        scale = (b1 - b0) * n / f(crop - 1)
        return [float(b0 * n + f(i) * scale) for i in range(crop)]
    return [float(f(0.5) * (b0 + b1) * n)]


def _check(image, boxes, box_ind):
    if image.ndim != 4:
        raise KernelError(f"input image must be 4-D{list(image.shape)}")
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise KernelError(f"boxes must be 2-D[num_boxes, 4]: {list(boxes.shape)}")
    if box_ind.shape != (boxes.shape[0],):
        raise KernelError(f"box_index has incompatible shape")
    bad = np.nonzero((box_ind < 0) | (box_ind >= image.shape[0]))[0]
    if bad.size:
        raise KernelError(f"box_index has values outside [0, batch_size)")


def _taps(boxes, box_ind, h, w, ch, cw):
    """Yields (b, y, x, in_y, in_x, b_in) for every crop pixel (in_* None when outside the image)."""
    for b in range(boxes.shape[0]):
        y1, x1, y2, x2 = (float(v) for v in boxes[b])
        ys, xs = _grid(y1, y2, h, ch), _grid(x1, x2, w, cw)
        for y, in_y in enumerate(ys):
            for x, in_x in enumerate(xs):
                inside = 0 <= in_y <= h - 1 and 0 <= in_x <= w - 1
                yield b, y, x, (in_y if inside else None), (in_x if inside else None), int(box_ind[b])


def _crop_kernel(op):
    method, extrap = op._attrs["method"], float(op._attrs["extrapolation_value"])

    def k(ctx, image, boxes, box_ind, crop_size):
        _check(image, boxes, box_ind)
        ch, cw = (int(v) for v in crop_size)
        if ch <= 0 or cw <= 0:
            raise KernelError("crop dimensions must be positive")
        n, h, w, d = image.shape
        img = image.astype(np.float32)
        out = np.full((boxes.shape[0], ch, cw, d), extrap, np.float32)
        for b, y, x, in_y, in_x, bi in _taps(boxes, box_ind, h, w, ch, cw):
            if in_y is None:
                continue
            if method == "nearest":
                out[b, y, x] = img[bi, _roundf(in_y), _roundf(in_x)]
                continue
            t, bo, l, r = math.floor(in_y), math.ceil(in_y), math.floor(in_x), math.ceil(in_x)
            yl, xl = np.float32(in_y - t), np.float32(in_x - l)
            top = img[bi, t, l] + (img[bi, t, r] - img[bi, t, l]) * xl
            bottom = img[bi, bo, l] + (img[bi, bo, r] - img[bi, bo, l]) * xl
            out[b, y, x] = top + (bottom - top) * yl
        return out
    return k


def _crop_shape(op):
    img, boxes = op._inputs[0]._shape, op._inputs[1]._shape
    if img.ndims is not None and img.ndims != 4:
        raise shape_error(op, f"Shape must be rank 4 but is rank {img.ndims}")
    if boxes.ndims is not None and boxes.ndims != 2:
        raise shape_error(op, f"Shape must be rank 2 but is rank {boxes.ndims}")
    size = constant_value(op._inputs[3])
    ch, cw = (None, None) if size is None else (int(size[0]), int(size[1]))
    n = boxes.as_list()[0] if boxes.ndims else None
    d = img.as_list()[3] if img.ndims else None
    return [TensorShape([n, ch, cw, d])]


def _grad_image_kernel(op):
    method = op._attrs["method"]
    out_dt = op._attrs["T"].as_numpy_dtype

    def k(ctx, grads, boxes, box_ind, image_size):
        n, h, w, d = (int(v) for v in image_size)
        ch, cw = grads.shape[1:3]
        out = np.zeros((n, h, w, d), np.float64)
        for b, y, x, in_y, in_x, bi in _taps(boxes, box_ind, h, w, ch, cw):
            if in_y is None:
                continue
            g = grads[b, y, x].astype(np.float64)
            if method == "nearest":
                out[bi, _roundf(in_y), _roundf(in_x)] += g
                continue
            t, bo, l, r = math.floor(in_y), math.ceil(in_y), math.floor(in_x), math.ceil(in_x)
            yl, xl = in_y - t, in_x - l
            out[bi, t, l] += (1 - yl) * (1 - xl) * g
            out[bi, t, r] += (1 - yl) * xl * g
            out[bi, bo, l] += yl * (1 - xl) * g
            out[bi, bo, r] += yl * xl * g
        return out.astype(out_dt)
    return k


def _grad_boxes_kernel(op):
    def k(ctx, grads, image, boxes, box_ind):
        n, h, w, d = image.shape
        ch, cw = grads.shape[1:3]
        img = image.astype(np.float64)
        out = np.zeros(boxes.shape, np.float64)
        hr = (h - 1) / (ch - 1) if ch > 1 else 0.0
        wr = (w - 1) / (cw - 1) if cw > 1 else 0.0
        for b, y, x, in_y, in_x, bi in _taps(boxes, box_ind, h, w, ch, cw):
            if in_y is None:
                continue
            t, bo, l, r = math.floor(in_y), math.ceil(in_y), math.floor(in_x), math.ceil(in_x)
            yl, xl = in_y - t, in_x - l
            tl, tr, bl, br = img[bi, t, l], img[bi, t, r], img[bi, bo, l], img[bi, bo, r]
            gy = ((1 - xl) * (bl - tl) + xl * (br - tr)) * grads[b, y, x]
            gx = ((1 - yl) * (tr - tl) + yl * (br - bl)) * grads[b, y, x]
            gy, gx = gy.sum(), gx.sum()
            if ch > 1:
                out[b, 0] += gy * (h - 1 - y * hr)
                out[b, 2] += gy * (y * hr)
            else:
                out[b, 0] += gy * 0.5 * (h - 1)
                out[b, 2] += gy * 0.5 * (h - 1)
            if cw > 1:
                out[b, 1] += gx * (w - 1 - x * wr)
                out[b, 3] += gx * (x * wr)
            else:
                out[b, 1] += gx * 0.5 * (w - 1)
                out[b, 3] += gx * 0.5 * (w - 1)
        return out.astype(np.float32)
    return k


register("CropAndResize", "array", _crop_shape, _crop_kernel, doc="crops boxes out of images and resizes them")
register("CropAndResizeGradImage", "array",
         lambda op: [unknown_shape(4) if constant_value(op._inputs[3]) is None else
                     TensorShape([int(v) for v in constant_value(op._inputs[3])])],
         _grad_image_kernel, doc="routes the gradient of crop_and_resize back to the image")
register("CropAndResizeGradBoxes", "array", lambda op: [op._inputs[2]._shape], _grad_boxes_kernel,
         doc="takes the gradient of crop_and_resize with respect to its boxes")
NotDifferentiable("CropAndResizeGradImage")
NotDifferentiable("CropAndResizeGradBoxes")


def crop_and_resize(image, boxes, box_ind=None, crop_size=None, method="bilinear", extrapolation_value=0, name=None,
                    box_indices=None):
    """`tf.image.crop_and_resize(image, boxes, box_ind, crop_size)`: float32 crops (num_boxes, h, w, depth)."""
    box_ind = box_indices if box_ind is None else box_ind
    if method not in ("bilinear", "nearest"):
        raise ValueError(f"Attr 'method' of 'CropAndResize' Op passed string '{method}' not in: \"bilinear\", "
                         "\"nearest\".")
    g = graph_of([image, boxes, box_ind, crop_size])
    with g.as_default():
        return apply_op("CropAndResize", name, [("image", image), ("boxes", boxes), ("box_ind", box_ind),
                                                ("crop_size", crop_size)],
                        same_type=("image",), out_dtypes=[_dt.float32],
                        attrs={"method": method, "extrapolation_value": float(extrapolation_value)})._outputs[0]


@RegisterGradient("CropAndResize")
def _CropAndResizeGrad(op, grad):  # noqa: N802 - TF's name
    from . import array_ops as A
    image = op.inputs[0]
    if image.get_shape().is_fully_defined():
        image_shape = convert_to_tensor(np.array(image.get_shape().as_list(), np.int32))
    else:
        image_shape = A.shape(image)
    grad0 = None
    if image.dtype.base_dtype in (_dt.float16, _dt.float32, _dt.float64):
        grad0 = apply_op("CropAndResizeGradImage", None, [("grads", grad), ("boxes", op.inputs[1]),
                                                          ("box_ind", op.inputs[2]), ("image_size", image_shape)],
                         same_type=("grads",), out_dtypes=[image.dtype.base_dtype],
                         attrs={"T": image.dtype.base_dtype, "method": op._attrs["method"]})._outputs[0]
    grad1 = apply_op("CropAndResizeGradBoxes", None, [("grads", grad), ("image", op.inputs[0]),
                                                      ("boxes", op.inputs[1]), ("box_ind", op.inputs[2])],
                     same_type=("grads", "boxes"), out_dtypes=[_dt.float32],
                     attrs={"method": "bilinear"})._outputs[0]
    return [grad0, grad1, None, None]


__all__ = ["crop_and_resize"]
