"""`tf.image` basics as TF 1.15 computes them: `ResizeBilinear` / `ResizeNearestNeighbor` (TF 1's
legacy pixel grid: no half-pixel centres unless asked) with their gradient ops, the flips, and the composites `resize_images`, `per_image_standardization`,
`flip_left_right`/`flip_up_down`/`random_flip_*`, `convert_image_dtype`, `rgb_to_grayscale`,
`grayscale_to_rgb`."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, constant_value, convert_to_tensor
from ..grad_registry import NotDifferentiable, RegisterGradient
from ..graph import get_default_graph, graph_of
from ..registry import register
from ..shapes import TensorShape
from .common import KernelError, shape_error


from .reorder_ops import reverse  # noqa: E402  (tf.reverse, ReverseV2: the flips use it)


# -- resizing ---------------------------------------------------------------------------------
def _resize_shape(op):
    x = op._inputs[0]._shape
    if x.ndims is not None and x.ndims != 4:
        raise shape_error(op, f"Shape must be rank 4 but is rank {x.ndims}")
    size = constant_value(op._inputs[1])
    dims = x.as_list() if x.ndims is not None else [None] * 4
    hw = [int(v) for v in np.asarray(size).reshape(-1)] if size is not None else [None, None]
    return [TensorShape([dims[0], hw[0], hw[1], dims[3]])]


def _scale(n_in, n_out, align_corners):
    if align_corners and n_out > 1:
        return (n_in - 1) / (n_out - 1)
    return n_in / n_out


def _linear_weights(n_in, n_out, align_corners, half_pixel):
    """TF's compute_interpolation_weights: lower and upper source index and the weight of upper."""
    s = np.float32(_scale(n_in, n_out, align_corners))
    i = np.arange(n_out, dtype=np.float32)
    src = (i + np.float32(0.5)) * s - np.float32(0.5) if half_pixel else i * s
    f = np.floor(src)
    lower = np.maximum(f, 0).astype(np.int64)
    upper = np.minimum(np.ceil(src), n_in - 1).astype(np.int64)
    return lower, upper, (src - f).astype(np.float32)


def _nearest_index(n_in, n_out, align_corners, half_pixel):
    s = np.float32(_scale(n_in, n_out, align_corners))
    i = np.arange(n_out, dtype=np.float32)
    if half_pixel:
        src = np.floor((i + np.float32(0.5)) * s)
    else:
        src = np.round(i * s) if align_corners else np.floor(i * s)
    return np.minimum(src.astype(np.int64), n_in - 1)


def _flags(op):
    return bool(op._attrs.get("align_corners", False)), bool(op._attrs.get("half_pixel_centers", False))


def _check_size(size):
    size = np.asarray(size).reshape(-1)
    if size.size != 2 or np.any(size <= 0):
        raise KernelError(f"output dimensions must be positive, got {size.tolist()}")
    return int(size[0]), int(size[1])


def _bilinear_kernel(op):
    ac, hp = _flags(op)

    def k(ctx, x, size):
        oh, ow = _check_size(size)
        x = x.astype(np.float32)
        yl, yu, yw = _linear_weights(x.shape[1], oh, ac, hp)
        xl, xu, xw = _linear_weights(x.shape[2], ow, ac, hp)
        xw = xw[None, None, :, None]
        top = x[:, yl][:, :, xl] + (x[:, yl][:, :, xu] - x[:, yl][:, :, xl]) * xw
        bottom = x[:, yu][:, :, xl] + (x[:, yu][:, :, xu] - x[:, yu][:, :, xl]) * xw
        return (top + (bottom - top) * yw[None, :, None, None]).astype(np.float32)
    return k


def _bilinear_grad_kernel(op):
    ac, hp = _flags(op)

    def k(ctx, dy, image):
        n, ih, iw, c = image.shape
        yl, yu, yw = _linear_weights(ih, dy.shape[1], ac, hp)
        xl, xu, xw = _linear_weights(iw, dy.shape[2], ac, hp)
        out = np.zeros((n, ih, iw, c), np.float64)
        d = dy.astype(np.float64)
        for rows, wy in ((yl, 1 - yw), (yu, yw)):
            for cols, wx in ((xl, 1 - xw), (xu, xw)):
                contrib = d * wy[None, :, None, None] * wx[None, None, :, None]
                np.add.at(out, (slice(None), rows[:, None], cols[None, :]), contrib)
        return out.astype(image.dtype)
    return k


def _nearest_kernel(op):
    ac, hp = _flags(op)

    def k(ctx, x, size):
        oh, ow = _check_size(size)
        rows = _nearest_index(x.shape[1], oh, ac, hp)
        cols = _nearest_index(x.shape[2], ow, ac, hp)
        return x[:, rows][:, :, cols]
    return k


def _nearest_grad_kernel(op):
    ac, hp = _flags(op)

    def k(ctx, dy, size):
        ih, iw = _check_size(size)
        rows = _nearest_index(ih, dy.shape[1], ac, hp)
        cols = _nearest_index(iw, dy.shape[2], ac, hp)
        out = np.zeros((dy.shape[0], ih, iw, dy.shape[3]), dy.dtype)
        np.add.at(out, (slice(None), rows[:, None], cols[None, :]), dy)
        return out
    return k


register("ResizeBilinear", "array", _resize_shape, _bilinear_kernel, doc="resizes images by bilinear interpolation")
register("ResizeNearestNeighbor", "array", _resize_shape, _nearest_kernel, doc="resizes images to the nearest pixel")
register("ResizeBilinearGrad", "array", lambda op: [op._inputs[1]._shape], _bilinear_grad_kernel,
         doc="spreads the gradient of a bilinear resize back over the original pixels")
register("ResizeNearestNeighborGrad", "array", _resize_shape, _nearest_grad_kernel,
         doc="sums the gradient of a nearest-neighbour resize back onto the original pixels")
NotDifferentiable("ResizeBilinearGrad")
NotDifferentiable("ResizeNearestNeighborGrad")


def _resize(op_type, images, size, align_corners, half_pixel_centers, name, out_dtype=None):
    g = graph_of([images, size])
    with g.as_default(), g.name_scope(name or op_type) as scope:
        images = convert_to_tensor(images, name="images")
        if not hasattr(size, "_op"):
            from .array_ops import constant
            size = constant(np.asarray(size, np.int32), name="size")
        return apply_op(op_type, scope, [("images", images), ("size", size)], same_type=("images",),
                        attrs={"align_corners": bool(align_corners), "half_pixel_centers": bool(half_pixel_centers)},
                        out_dtypes=[out_dtype or images.dtype.base_dtype])._outputs[0]


def resize_bilinear(images, size, align_corners=False, name=None, half_pixel_centers=False):
    return _resize("ResizeBilinear", images, size, align_corners, half_pixel_centers, name, _dt.float32)


def resize_nearest_neighbor(images, size, align_corners=False, name=None, half_pixel_centers=False):
    return _resize("ResizeNearestNeighbor", images, size, align_corners, half_pixel_centers, name)


@RegisterGradient("ResizeBilinear")
def _ResizeBilinearGrad(op, grad):  # noqa: N802
    ac, hp = _flags(op)
    return apply_op("ResizeBilinearGrad", None, [("grads", grad), ("original_image", op.inputs[0])],
                    same_type=("original_image",), attrs={"align_corners": ac, "half_pixel_centers": hp},
                    out_dtypes=[op.inputs[0].dtype.base_dtype])._outputs[0], None


@RegisterGradient("ResizeNearestNeighbor")
def _ResizeNearestNeighborGrad(op, grad):  # noqa: N802
    from .array_ops import shape, strided_slice
    ac, hp = _flags(op)
    s = op.inputs[0].get_shape()
    if s.ndims is not None and all(d is not None for d in s.as_list()[1:3]):
        from .array_ops import constant
        size = constant(np.asarray(s.as_list()[1:3], np.int32))
    else:
        size = strided_slice(shape(op.inputs[0]), [1], [3], [1])
    return apply_op("ResizeNearestNeighborGrad", None, [("grads", grad), ("size", size)], same_type=("grads",),
                    attrs={"align_corners": ac, "half_pixel_centers": hp})._outputs[0], None


class ResizeMethod:
    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


def _batched(images):
    """(4-D images, whether a batch dimension was added)."""
    from .index_ops import expand_dims
    if images.get_shape().ndims is None:
        raise ValueError("'images' contains no shape.")
    if images.get_shape().ndims == 3:
        return expand_dims(images, 0), True
    if images.get_shape().ndims != 4:
        raise ValueError("'images' must have either 3 or 4 dimensions.")
    return images, False


def resize_images(images, size, method=ResizeMethod.BILINEAR, align_corners=False, preserve_aspect_ratio=False,
                  name=None):
    """`tf.image.resize_images` (bilinear or nearest neighbour), 3-D or 4-D images."""
    from .index_ops import squeeze
    if method not in (ResizeMethod.BILINEAR, ResizeMethod.NEAREST_NEIGHBOR):
        raise NotImplementedError("nbgraph resizes by BILINEAR or NEAREST_NEIGHBOR only")
    if preserve_aspect_ratio:
        raise NotImplementedError("preserve_aspect_ratio is not supported by nbgraph")
    g = get_default_graph()
    with g.name_scope(name or "resize"):
        images, added = _batched(convert_to_tensor(images, name="images"))
        op_type = "ResizeBilinear" if method == ResizeMethod.BILINEAR else "ResizeNearestNeighbor"
        if not hasattr(size, "_op"):
            from .array_ops import constant
            size = constant(np.asarray(size, np.int32), name="size")
        out = apply_op(op_type, None, [("images", images), ("size", size)], same_type=("images",),
                       attrs={"align_corners": bool(align_corners), "half_pixel_centers": False},
                       out_dtypes=[_dt.float32 if method == ResizeMethod.BILINEAR else images.dtype.base_dtype])
        out = out._outputs[0]
        return squeeze(out, axis=[0]) if added else out


# -- pixel values -----------------------------------------------------------------------------
def per_image_standardization(image):
    """`(image - mean) / max(stddev, 1 / sqrt(number of pixels))`, per image, in float32."""
    from . import math_ops as M
    from .array_ops import cast, shape
    from .reduce_ops import reduce_mean, reduce_prod
    g = get_default_graph()
    with g.name_scope("per_image_standardization") as scope:
        image = convert_to_tensor(image, name="image")
        if image.get_shape().ndims is not None and image.get_shape().ndims < 3:
            raise ValueError(f"'image' (shape {image.get_shape()}) must be at least three-dimensional.")
        from .array_ops import identity
        image = identity(image, name="control_dependency")
        num_pixels = reduce_prod(shape(image)[-3:])
        image = cast(image, _dt.float32)
        mean = reduce_mean(image, axis=[-1, -2, -3], keepdims=True)
        variance = M.relu(reduce_mean(M.square(image), axis=[-1, -2, -3], keepdims=True) - M.square(mean))
        scale = M.maximum(M.sqrt(variance), M.rsqrt(cast(num_pixels, _dt.float32)))
        return M.truediv(M.subtract(image, mean), scale, name=scope)


def _flip(image, axis3, name, random=False, seed=None):
    g = get_default_graph()
    with g.name_scope(name) as scope:
        image = convert_to_tensor(image, name="image")
        nd = image.get_shape().ndims
        if nd is not None and nd < 3:
            raise ValueError(f"'image' (shape {image.get_shape()}) must be at least three-dimensional.")
        if nd is None or nd not in (3, 4):
            raise ValueError("'image' must have either 3 or 4 dimensions.")
        from .array_ops import identity
        image = identity(image, name="control_dependency")  # TF: the (static) shape check's with_dependencies
        axis = axis3 + (1 if nd == 4 else 0)
        if not random:
            return reverse(image, [axis])
        from .control_flow_ops import cond
        from .math_ops import less
        from .random_ops import random_uniform
        if nd == 4:
            raise NotImplementedError("nbgraph flips 3-D images at random only")
        mirror = less(random_uniform([], 0, 1.0, seed=seed), 0.5)
        return cond(mirror, lambda: reverse(image, [axis]), lambda: image, name=scope)


def flip_left_right(image):
    return _flip(image, 1, "flip_left_right")


def flip_up_down(image):
    return _flip(image, 0, "flip_up_down")


def random_flip_left_right(image, seed=None):
    return _flip(image, 1, "random_flip_left_right", True, seed)


def random_flip_up_down(image, seed=None):
    return _flip(image, 0, "random_flip_up_down", True, seed)


def convert_image_dtype(image, dtype, saturate=False, name=None):
    """Casts between image types, rescaling: ints span [0, MAX], floats [0, 1)."""
    from . import math_ops as M
    from .array_ops import cast
    image = convert_to_tensor(image, name="image")
    dtype = _dt.as_dtype(dtype)
    src = image.dtype.base_dtype
    if not (dtype.is_floating or dtype.is_integer) or not (src.is_floating or src.is_integer):
        raise AttributeError("Image dtype and target dtype must be numeric")
    if src == dtype:
        from .array_ops import identity
        return identity(image, name=name)
    g = get_default_graph()
    with g.name_scope(name or "convert_image") as scope:
        if src.is_integer and dtype.is_integer:
            smax, dmax = np.iinfo(src.as_numpy_dtype).max, np.iinfo(dtype.as_numpy_dtype).max
            if smax > dmax:
                return cast(M.floordiv(image, (smax + 1) // (dmax + 1)), dtype, name=scope)
            return M.multiply(cast(image, dtype), (dmax + 1) // (smax + 1), name=scope)
        if src.is_floating and dtype.is_floating:
            return cast(image, dtype, name=scope)
        if src.is_integer:
            cast_img = cast(image, dtype)
            return M.multiply(cast_img, 1.0 / np.iinfo(src.as_numpy_dtype).max, name=scope)
        scaled = M.multiply(image, np.iinfo(dtype.as_numpy_dtype).max + 0.5)
        if saturate:
            from .more_array_ops import saturate_cast
            return saturate_cast(scaled, dtype, name=scope)
        return cast(scaled, dtype, name=scope)


def rgb_to_grayscale(images, name=None):
    """0.2989 R + 0.5870 G + 0.1140 B, in a trailing channel of size 1 and the input's type."""
    from .index_ops import expand_dims
    from .matrix_ops import tensordot
    g = get_default_graph()
    with g.name_scope(name or "rgb_to_grayscale") as scope:
        images = convert_to_tensor(images, name="images")
        orig = images.dtype.base_dtype
        flt = convert_image_dtype(images, _dt.float32)
        gray = tensordot(flt, np.array([0.2989, 0.5870, 0.1140], np.float32), [-1, -1])
        gray = expand_dims(gray, -1)
        return convert_image_dtype(gray, orig, name=scope)


def grayscale_to_rgb(images, name=None):
    from .array_ops import concat
    g = get_default_graph()
    with g.name_scope(name or "grayscale_to_rgb") as scope:
        images = convert_to_tensor(images, name="images")
        return concat([images, images, images], -1, name=scope)


__all__ = ["reverse", "resize_images", "resize_bilinear", "resize_nearest_neighbor", "ResizeMethod",
           "per_image_standardization", "flip_left_right", "flip_up_down", "random_flip_left_right",
           "random_flip_up_down", "convert_image_dtype", "rgb_to_grayscale", "grayscale_to_rgb"]
