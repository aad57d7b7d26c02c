"""Bounding-box image ops: `SampleDistortedBoundingBoxV2` (a random crop that covers the objects,
TF's kernel loop with numpy's generator, seeded by TF 1.x's seed rules), `DrawBoundingBoxes`
(TF's colour table and line rules), `NonMaxSuppressionV3` (greedy, by score) and
`CropAndResize` with its gradient ops `CropAndResizeGradImage`/`CropAndResizeGradBoxes`
(TF's bilinear sampling, `extrapolation_value` outside the image)."""
from __future__ import annotations

import math

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, convert_to_tensor
from ..grad_registry import NotDifferentiable, RegisterGradient
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import KernelError, shape_error
from .random_ops import get_seed


# -- SampleDistortedBoundingBoxV2 ------------------------------------------------------------
def _random_crop(rng, w, h, area, aspect, min_area, max_area):
    """TF's GenerateRandomCrop: (x, y, width, height) or None."""
    height = int(round(math.sqrt(area / aspect)))
    max_height = int(round(w / aspect))
    if round(max_height * aspect) > w:
        max_height -= 1
    max_height = min(max_height, h)
    height = min(height, max_height)
    if height < max_height:
        height += int(rng.integers(0, max_height - height + 1))
    width = int(round(height * aspect))
    if width * height < min_area:
        height += 1
        width = int(round(height * aspect))
    a = width * height
    if a < min_area or a > max_area or width > w or height > h or width <= 0 or height <= 0:
        return None
    y = int(rng.integers(0, h - height)) if height < h else 0
    x = int(rng.integers(0, w - width)) if width < w else 0
    return x, y, width, height


def _covers(crop, boxes, min_covered):
    x, y, cw, ch = crop
    for ymin, xmin, ymax, xmax in boxes:
        area = (xmax - xmin) * (ymax - ymin)
        if area <= 0:
            continue
        iw = max(0.0, min(x + cw, xmax) - max(x, xmin))
        ih = max(0.0, min(y + ch, ymax) - max(y, ymin))
        if iw * ih / area >= min_covered:
            return True
    return False


def _sample_kernel(op):
    a = op._attrs
    ar, arange_, attempts = a["aspect_ratio_range"], a["area_range"], int(a["max_attempts"])
    use_image = bool(a["use_image_if_no_bounding_boxes"])

    def k(ctx, image_size, boxes, min_covered):
        size = np.reshape(image_size, -1)
        if size.shape[0] != 3:
            raise KernelError(f"image_size must contain 3 elements, got {size.shape[0]}")
        h, w = int(size[0]), int(size[1])
        bx = np.reshape(boxes, (-1, 4)).astype(np.float64)
        if bx.shape[0] == 0:
            if not use_image:
                raise KernelError("No bounding boxes provided as input. One must enable use_image_if_no_bounding_boxes "
                                  "if you wish to not provide any bounding boxes.")
            bx = np.array([[0.0, 0.0, 1.0, 1.0]])
        for b in bx:
            if not (0 <= b[0] <= b[2] <= 1 and 0 <= b[1] <= b[3] <= 1):
                raise KernelError(f"All bounding box coordinates must be in [0.0, 1.0]: {b[0]}, {b[1]}, {b[2]}, {b[3]}")
        pixel_boxes = [(b[0] * h, b[1] * w, b[2] * h, b[3] * w) for b in bx]
        rng = ctx.rng(op)
        min_area, max_area = arange_[0] * w * h, arange_[1] * w * h
        crop = None
        for _ in range(attempts):
            area = rng.random() * (max_area - min_area) + min_area
            aspect = rng.random() * (ar[1] - ar[0]) + ar[0]
            c = _random_crop(rng, w, h, area, aspect, min_area, max_area)
            if c is not None and _covers(c, pixel_boxes, float(min_covered)):
                crop = c
                break
        x, y, cw, ch = crop or (0, 0, w, h)
        dt = np.asarray(image_size).dtype
        return (np.array([y, x, 0], dt), np.array([ch, cw, -1], dt),
                np.array([[[y / h, x / w, (y + ch) / h, (x + cw) / w]]], np.float32))
    return k


register("SampleDistortedBoundingBoxV2", "random",
         lambda op: [TensorShape([3]), TensorShape([3]), TensorShape([1, 1, 4])], _sample_kernel, stateful=True,
         doc="picks a random crop of an image that covers part of its bounding boxes")
NotDifferentiable("SampleDistortedBoundingBoxV2")


def _size_dtype(image_size):
    if hasattr(image_size, "dtype") and hasattr(image_size.dtype, "base_dtype"):
        return image_size.dtype.base_dtype
    if isinstance(image_size, np.ndarray):
        return _dt.as_dtype(image_size.dtype)
    return _dt.int32


def sample_distorted_bounding_box(image_size, bounding_boxes, seed=None, seed2=None, min_object_covered=0.1,
                                  aspect_ratio_range=None, area_range=None, max_attempts=None,
                                  use_image_if_no_bounding_boxes=None, name=None):
    """`tf.image.sample_distorted_bounding_box`: (begin, size, bboxes) of a random crop for `tf.slice`.
    The crops are drawn by TF's algorithm from numpy's generator (not TF's Philox stream)."""
    s1, s2 = get_seed(seed)
    g = graph_of([image_size, bounding_boxes])
    with g.as_default(), g.name_scope(name or "sample_distorted_bounding_box"):
        op = apply_op("SampleDistortedBoundingBoxV2", None,
                      [("image_size", image_size), ("bounding_boxes", bounding_boxes),
                       ("min_object_covered", min_object_covered)], same_type=("image_size",),
                      allowed=(_dt.uint8, _dt.int8, _dt.int16, _dt.int32, _dt.int64),
                      allowed_names="uint8, int8, int16, int32, int64",
                      out_dtypes=[_size_dtype(image_size)] * 2 + [_dt.float32], attrs={"seed": s1 or 0, "seed2": s2 or 0,
                                              "aspect_ratio_range": [float(v) for v in (aspect_ratio_range or (0.75, 1.33))],
                                              "area_range": [float(v) for v in (area_range or (0.05, 1.0))],
                                              "max_attempts": int(max_attempts or 100),
                                              "use_image_if_no_bounding_boxes": bool(use_image_if_no_bounding_boxes)})
        return tuple(op._outputs)


# -- DrawBoundingBoxes -------------------------------------------------------------------------
_COLORS = np.array([[1, 1, 0, 1], [0, 0, 1, 1], [1, 0, 0, 1], [0, 1, 0, 1], [0.5, 0, 0.5, 1], [0.5, 0.5, 0, 1],
                    [0.5, 0, 0, 1], [0, 0, 0.5, 1], [0, 1, 1, 1], [1, 0, 1, 1]], np.float32)


def _draw_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is not None and s.ndims != 4:
        raise shape_error(op, f"Shape must be rank 4 but is rank {s.ndims}")
    b = op._inputs[1]._shape
    if b.ndims is not None and b.ndims != 3:
        raise shape_error(op, f"Shape must be rank 3 but is rank {b.ndims}")
    return [s]


def _draw_kernel(op):
    def k(ctx, images, boxes):
        depth = images.shape[3]
        if depth not in (1, 3, 4):
            raise KernelError("Channel depth should be either 1 (GRY), 3 (RGB), or 4 (RGBA)")
        canvas = np.array(images, copy=True)
        n, h, w = images.shape[:3]
        for b in range(n):
            for bb in range(boxes.shape[1]):
                color = _COLORS[bb % len(_COLORS)][:depth].astype(images.dtype)
                if depth == 1:  # a grey image's boxes are all white, as in TF
                    color = np.ones(1, images.dtype)
                y0, x0, y1, x1 = (np.float32(v) for v in boxes[b, bb])
                r0, r1 = int(y0 * np.float32(h - 1)), int(y1 * np.float32(h - 1))
                c0, c1 = int(x0 * np.float32(w - 1)), int(x1 * np.float32(w - 1))
                if r0 > r1 or c0 > c1 or r0 >= h or r1 < 0 or c0 >= w or c1 < 0:
                    continue  # inverted or outside the image: not drawn (TF logs a warning)
                r0c, r1c, c0c, c1c = max(r0, 0), min(r1, h - 1), max(c0, 0), min(c1, w - 1)
                if r0 >= 0:
                    canvas[b, r0, c0c:c1c + 1] = color
                if r1 < h:
                    canvas[b, r1, c0c:c1c + 1] = color
                if c0 >= 0:
                    canvas[b, r0c:r1c + 1, c0] = color
                if c1 < w:
                    canvas[b, r0c:r1c + 1, c1] = color
        return canvas
    return k


register("DrawBoundingBoxes", "array", _draw_shape, _draw_kernel, doc="draws the outlines of boxes on images")
NotDifferentiable("DrawBoundingBoxes")


def draw_bounding_boxes(images, boxes, name=None, colors=None):
    """`tf.image.draw_bounding_boxes(images, boxes)`: boxes (batch, n, 4) of [ymin, xmin, ymax, xmax]."""
    if colors is not None:
        raise NotImplementedError("draw_bounding_boxes(colors=...) (DrawBoundingBoxesV2) is not supported by nbgraph")
    return apply_op("DrawBoundingBoxes", name, [("images", images), ("boxes", boxes)], same_type=("images",),
                    allowed=(_dt.float32, _dt.float16), allowed_names="float, half")._outputs[0]


# -- NonMaxSuppressionV3 ---------------------------------------------------------------------
def _iou(a, b):
    ya0, xa0, ya1, xa1 = min(a[0], a[2]), min(a[1], a[3]), max(a[0], a[2]), max(a[1], a[3])
    yb0, xb0, yb1, xb1 = min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3])
    area_a, area_b = (ya1 - ya0) * (xa1 - xa0), (yb1 - yb0) * (xb1 - xb0)
    if area_a <= 0 or area_b <= 0:
        return 0.0
    inter = max(min(ya1, yb1) - max(ya0, yb0), 0.0) * max(min(xa1, xb1) - max(xa0, xb0), 0.0)
    return inter / (area_a + area_b - inter)


def _nms_kernel(op):
    def k(ctx, boxes, scores, max_output_size, iou_threshold, score_threshold):
        if boxes.ndim != 2 or boxes.shape[1] != 4:
            raise KernelError(f"boxes must be of shape [num_boxes, 4]: {list(boxes.shape)}")
        if scores.shape != (boxes.shape[0],):
            raise KernelError(f"scores has incompatible shape")
        if not 0 <= float(iou_threshold) <= 1:
            raise KernelError("iou_threshold must be in [0, 1]")
        order = [int(i) for i in np.argsort(-scores.astype(np.float64), kind="stable")
                 if scores[i] > score_threshold]
        keep = []
        for i in order:
            if len(keep) >= int(max_output_size):
                break
            if all(_iou(boxes[i], boxes[j]) <= float(iou_threshold) for j in keep):
                keep.append(i)
        return np.array(keep, np.int32)
    return k


def _nms_shape(op):
    boxes, scores = op._inputs[0]._shape, op._inputs[1]._shape
    for t, rank in zip(op._inputs, (2, 1, 0, 0, 0)):
        if t._shape.ndims is not None and t._shape.ndims != rank:
            raise shape_error(op, f"Shape must be rank {rank} but is rank {t._shape.ndims}")
    if boxes.ndims == 2 and boxes[1].value is not None and boxes[1].value != 4:
        raise shape_error(op, f"Dimension must be 4 but is {boxes[1].value}")
    if boxes.ndims == 2 and scores.ndims == 1 and None not in (boxes[0].value, scores[0].value) \
            and boxes[0].value != scores[0].value:
        raise shape_error(op, f"Dimensions must be equal, but are {boxes[0].value} and {scores[0].value}")
    return [unknown_shape(1)]


register("NonMaxSuppressionV3", "array", _nms_shape, _nms_kernel,
         doc="keeps the highest-scoring boxes that do not overlap an already kept one")
NotDifferentiable("NonMaxSuppressionV3")


def non_max_suppression(boxes, scores, max_output_size, iou_threshold=0.5, score_threshold=float("-inf"), name=None):
    """`tf.image.non_max_suppression`: indices of the boxes kept, best first."""
    g = graph_of([boxes, scores, max_output_size])
    with g.as_default(), g.name_scope(name or "non_max_suppression"):
        iou = convert_to_tensor(iou_threshold, name="iou_threshold")
        score = convert_to_tensor(score_threshold, name="score_threshold")
        return apply_op("NonMaxSuppressionV3", None, [("boxes", boxes), ("scores", scores),
                                                      ("max_output_size", max_output_size),
                                                      ("iou_threshold", iou), ("score_threshold", score)],
                        same_type=("boxes", "scores"), out_dtypes=[_dt.int32])._outputs[0]


__all__ = ["sample_distorted_bounding_box", "draw_bounding_boxes", "non_max_suppression"]
