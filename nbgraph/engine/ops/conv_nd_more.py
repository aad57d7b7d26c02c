"""3-D pooling (`MaxPool3D`, `AvgPool3D` and their gradient ops), `SpaceToDepth`/`DepthToSpace`,
the `tf.nn` composites built on conv_nd_ops.py (`depthwise_conv2d` as TF's `depthwise` op,
`separable_conv2d` as `separable_conv2d/depthwise` + a 1x1 `Conv2D` named `separable_conv2d`)
and the gradients of all these ops (TF 1.15's nn_grad.py / array_grad.py)."""
from __future__ import annotations

import numpy as np

from ..convert import apply_op, convert_to_tensor
from ..grad_registry import NotDifferentiable, RegisterGradient
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape
from . import array_ops as A
from .common import KernelError, shape_error
from .conv_nd_ops import (_TYPES, _NAMES, _Geometry, _check_fmt, _check_rank, _dims, _seq, _sizes_shape,
                          conv3d, conv3d_backprop_filter_v2, conv3d_backprop_input_v2, depthwise_conv2d_native,
                          depthwise_conv2d_native_backprop_filter, depthwise_conv2d_native_backprop_input)
from .conv_ops import _padding, _static_out, conv2d


# -- 3-D pooling -------------------------------------------------------------------------------
def _pool3d_shape(op):
    x = op._inputs[0]._shape
    _check_rank(op, (x,), 5)
    ks, st = [int(v) for v in op._attrs["ksize"]], [int(v) for v in op._attrs["strides"]]
    if len(ks) != 5 or len(st) != 5:
        raise shape_error(op, "ksize and strides must have 5 elements")
    if ks[0] != 1 or ks[4] != 1 or st[0] != 1 or st[4] != 1:
        raise shape_error(op, "Pooling is not yet supported on the batch or depth dimension.")
    xd, pad = _dims(x, 5), op._attrs["padding"]
    return [TensorShape([xd[0]] + [_static_out(xd[i], ks[i], st[i], 1, pad) for i in (1, 2, 3)] + [xd[4]])]


def _pgeo(op, shape):
    return _Geometry(shape[1:4], [int(v) for v in op._attrs["ksize"]][1:4],
                     [int(v) for v in op._attrs["strides"]][1:4], [1, 1, 1], op._attrs["padding"])


def _counts(geo, shape):
    ones = geo.pad(np.ones((1, *shape[1:4], 1)))
    return sum(ones[sl] for _, sl in geo.taps())


def _max3d_kernel(op):
    def k(ctx, x):
        _check_fmt(op, "NDHWC")
        geo = _pgeo(op, x.shape)
        xp = geo.pad(x, -np.inf)
        return np.max([xp[sl] for _, sl in geo.taps()], axis=0).astype(x.dtype)
    return k


def _max3d_grad_kernel(op):
    def k(ctx, x, y, dy):
        geo = _pgeo(op, x.shape)
        xp = geo.pad(x, -np.inf)
        taps = list(geo.taps())
        first = np.argmax([xp[sl] for _, sl in taps], axis=0)  # ties: the first in the window, as TF
        dxp = np.zeros(xp.shape, dy.dtype)
        for i, (_, sl) in enumerate(taps):
            dxp[sl] += np.where(first == i, dy, 0)
        return geo.crop(dxp).astype(x.dtype)
    return k


def _max3d_grad_grad_kernel(op):
    """For each window, the gradient value at the position of its (first) maximum."""
    def k(ctx, x, y, g):
        geo = _pgeo(op, x.shape)
        xp, gp = geo.pad(x, -np.inf), geo.pad(g)
        taps = list(geo.taps())
        first = np.argmax([xp[sl] for _, sl in taps], axis=0)
        out = np.zeros(first.shape, g.dtype)
        for i, (_, sl) in enumerate(taps):
            out = np.where(first == i, gp[sl], out)
        return out.astype(x.dtype)
    return k


def _avg3d_kernel(op):
    def k(ctx, x):
        _check_fmt(op, "NDHWC")
        geo = _pgeo(op, x.shape)
        xp = geo.pad(x)
        return (sum(xp[sl] for _, sl in geo.taps()) / _counts(geo, x.shape)).astype(x.dtype)
    return k


def _avg3d_grad_kernel(op):
    def k(ctx, sizes, dy):
        shape = tuple(int(v) for v in sizes)
        geo = _pgeo(op, shape)
        g = dy / _counts(geo, shape)
        dxp = np.zeros(geo.padded_shape(shape), dy.dtype)
        for _, sl in geo.taps():
            dxp[sl] += g
        return geo.crop(dxp).astype(dy.dtype)
    return k


register("MaxPool3D", "array", _pool3d_shape, _max3d_kernel, doc="takes the largest value in each 3-D window of")
register("AvgPool3D", "array", _pool3d_shape, _avg3d_kernel, doc="averages each 3-D window of")
register("MaxPool3DGrad", "array", lambda op: [op._inputs[0]._shape], _max3d_grad_kernel,
         doc="routes the gradient of a 3-D max-pool to each window's largest value")
register("MaxPool3DGradGrad", "array", lambda op: [op._inputs[1]._shape], _max3d_grad_grad_kernel,
         doc="takes the gradient of a 3-D max-pool's gradient")
register("AvgPool3DGrad", "array", _sizes_shape(0, 5), _avg3d_grad_kernel,
         doc="spreads the gradient of a 3-D average-pool evenly over each window")


def _pool3d(op_type, input, ksize, strides, padding, data_format, name):  # noqa: A002
    return apply_op(op_type, name, [("input", input)], allowed=_TYPES, allowed_names=_NAMES,
                    attrs={"ksize": _seq(ksize, 5, "ksize"), "strides": _seq(strides, 5, "strides"),
                           "padding": _padding(padding, op_type, name), "data_format": data_format})._outputs[0]


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):  # noqa: A002
    """`tf.nn.max_pool3d`: the `MaxPool3D` op on NDHWC `input`."""
    return _pool3d("MaxPool3D", input, ksize, strides, padding, data_format, name)


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):  # noqa: A002
    """`tf.nn.avg_pool3d`: the `AvgPool3D` op (an average of the real, unpadded values)."""
    return _pool3d("AvgPool3D", input, ksize, strides, padding, data_format, name)


# -- SpaceToDepth / DepthToSpace -----------------------------------------------------------------
def _s2d_shape(op):
    x = op._inputs[0]._shape
    _check_rank(op, (x,), 4)
    b = int(op._attrs["block_size"])
    n, h, w, c = _dims(x, 4)
    if op.type == "SpaceToDepth":
        for d in (h, w):
            if d is not None and d % b:
                raise shape_error(op, f"Dimension size must be evenly divisible by {b} but is {d}")
        return [TensorShape([n, None if h is None else h // b, None if w is None else w // b,
                             None if c is None else c * b * b])]
    if c is not None and c % (b * b):
        raise shape_error(op, f"Dimension size must be evenly divisible by {b * b} but is {c}")
    return [TensorShape([n, None if h is None else h * b, None if w is None else w * b,
                         None if c is None else c // (b * b)])]


def _s2d_kernel(op):
    b = int(op._attrs["block_size"])

    def k(ctx, x):
        _check_fmt(op, "NHWC")
        n, h, w, c = x.shape
        if h % b or w % b:
            raise KernelError(f"Image width {w} and height {h} should be divisible by block_size: {b}")
        return x.reshape(n, h // b, b, w // b, b, c).transpose(0, 1, 3, 2, 4, 5).reshape(n, h // b, w // b, -1)
    return k


def _d2s_kernel(op):
    b = int(op._attrs["block_size"])

    def k(ctx, x):
        _check_fmt(op, "NHWC")
        n, h, w, c = x.shape
        if c % (b * b):
            raise KernelError(f"Input depth dimension {c} should be divisible by: {b * b}")
        return x.reshape(n, h, w, b, b, c // (b * b)).transpose(0, 1, 3, 2, 4, 5).reshape(n, h * b, w * b, -1)
    return k


register("SpaceToDepth", "array", _s2d_shape, _s2d_kernel, doc="moves blocks of pixels into channels of")
register("DepthToSpace", "array", _s2d_shape, _d2s_kernel, doc="moves channels into blocks of pixels of")


def _block_op(op_type, input, block_size, name, data_format):  # noqa: A002
    if data_format not in ("NHWC", "NCHW", "NCHW_VECT_C"):
        raise ValueError(f"Attr 'data_format' of '{op_type}' Op passed string '{data_format}' not in: "
                         '"NHWC", "NCHW", "NCHW_VECT_C".')
    if int(block_size) < 2:
        raise ValueError(f"Attr 'block_size' of '{op_type}' Op passed {int(block_size)} less than minimum 2.")
    return apply_op(op_type, name, [("input", input)],
                    attrs={"block_size": int(block_size), "data_format": data_format})._outputs[0]


def space_to_depth(input, block_size, name=None, data_format="NHWC"):  # noqa: A002
    """`tf.space_to_depth`: each block_size x block_size block of pixels becomes one pixel's channels."""
    return _block_op("SpaceToDepth", input, block_size, name, data_format)


def depth_to_space(input, block_size, name=None, data_format="NHWC"):  # noqa: A002
    """`tf.depth_to_space`: the inverse of `space_to_depth`."""
    return _block_op("DepthToSpace", input, block_size, name, data_format)


# -- tf.nn composites ----------------------------------------------------------------------------
def _space_to_batch_consts(filter, rate):  # noqa: A002
    """The `Shape` and `dilation_rate` tensors TF's `with_space_to_batch` makes (unused at rate 1)."""
    from .array_ops import constant
    A.shape(filter, name="Shape")
    constant(np.asarray(_seq(rate, 4, "rate")[1:3], np.int32), name="dilation_rate")


def depthwise_conv2d(input, filter, strides, padding, rate=None, name=None, data_format=None,  # noqa: A002
                     dilations=None):
    """`tf.nn.depthwise_conv2d`: channel c of `input` convolved with filter[:, :, c, :] (the
    `channel_multiplier` outputs per channel, concatenated): one op named `depthwise`.
    nbgraph passes a `rate` > 1 as the op's `dilations` (TF wraps it in SpaceToBatchND)."""
    rate = dilations if rate is None else rate
    g = graph_of([input, filter])
    with g.as_default(), g.name_scope(name or "depthwise") as scope:
        input = convert_to_tensor(input, name="tensor_in")  # noqa: A001
        filter = convert_to_tensor(filter, name="filter_in")  # noqa: A001
        _space_to_batch_consts(filter, rate)
        return depthwise_conv2d_native(input, filter, strides, padding, data_format=data_format or "NHWC",
                                       dilations=_seq(rate, 4, "rate"), name=scope)


def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding, rate=None, name=None,  # noqa: A002
                     data_format=None, dilations=None):
    """`tf.nn.separable_conv2d`: a depthwise convolution (`separable_conv2d/depthwise`) then a 1x1
    `Conv2D` mixing the channels (the op named `separable_conv2d`)."""
    rate = dilations if rate is None else rate
    g = graph_of([input, depthwise_filter, pointwise_filter])
    with g.as_default(), g.name_scope(name or "separable_conv2d") as scope:
        input = convert_to_tensor(input, name="input")  # noqa: A001
        depthwise_filter = convert_to_tensor(depthwise_filter, name="depthwise_filter")
        pointwise_filter = convert_to_tensor(pointwise_filter, name="pointwise_filter")
        pw = pointwise_filter.get_shape()
        if pw.ndims is not None:
            d = pw.as_list()
            if d[0] is not None and d[0] != 1:
                raise ValueError(f"Dimension must be 1 but is {d[0]} for 'pointwise_filter'")
            if d[1] is not None and d[1] != 1:
                raise ValueError(f"Dimension must be 1 but is {d[1]} for 'pointwise_filter'")
        fmt = data_format or "NHWC"
        _space_to_batch_consts(depthwise_filter, rate)
        depthwise = depthwise_conv2d_native(input, depthwise_filter, strides, padding, data_format=fmt,
                                            dilations=_seq(rate, 4, "rate"), name="depthwise")
        return conv2d(depthwise, pointwise_filter, [1, 1, 1, 1], padding="VALID", data_format=fmt, name=scope)


# -- gradients -------------------------------------------------------------------------------------
def _attrs(op, *keys):
    return {k: op._attrs[k] for k in keys}


_CONV = ("strides", "padding", "data_format", "dilations")
_POOL = ("ksize", "strides", "padding", "data_format")


@RegisterGradient("DepthwiseConv2dNative")
def _DepthwiseConv2dNativeGrad(op, grad):  # noqa: N802 - TF's names
    kw = _attrs(op, *_CONV)
    return [depthwise_conv2d_native_backprop_input(A.shape(op.inputs[0]), op.inputs[1], grad, **kw),
            depthwise_conv2d_native_backprop_filter(op.inputs[0], A.shape(op.inputs[1]), grad, **kw)]


@RegisterGradient("DepthwiseConv2dNativeBackpropInput")
def _DepthwiseConv2dNativeBackpropInputGrad(op, grad):  # noqa: N802
    kw = _attrs(op, *_CONV)
    return [None, depthwise_conv2d_native_backprop_filter(grad, A.shape(op.inputs[1]), op.inputs[2], **kw),
            depthwise_conv2d_native(grad, op.inputs[1], **kw)]


@RegisterGradient("DepthwiseConv2dNativeBackpropFilter")
def _DepthwiseConv2dNativeBackpropFilterGrad(op, grad):  # noqa: N802
    kw = _attrs(op, *_CONV)
    return [depthwise_conv2d_native_backprop_input(A.shape(op.inputs[0]), grad, op.inputs[2], **kw), None,
            depthwise_conv2d_native(op.inputs[0], grad, **kw)]


@RegisterGradient("Conv3D")
def _Conv3DGrad(op, grad):  # noqa: N802
    kw = _attrs(op, *_CONV)
    return [conv3d_backprop_input_v2(A.shape(op.inputs[0]), op.inputs[1], grad, **kw),
            conv3d_backprop_filter_v2(op.inputs[0], A.shape(op.inputs[1]), grad, **kw)]


@RegisterGradient("Conv3DBackpropInputV2")
def _Conv3DBackpropInputGrad(op, grad):  # noqa: N802
    kw = _attrs(op, *_CONV)
    return [None, conv3d_backprop_filter_v2(grad, A.shape(op.inputs[1]), op.inputs[2], **kw),
            conv3d(grad, op.inputs[1], **kw)]


@RegisterGradient("Conv3DBackpropFilterV2")
def _Conv3DBackpropFilterGrad(op, grad):  # noqa: N802
    kw = _attrs(op, *_CONV)
    return [conv3d_backprop_input_v2(A.shape(op.inputs[0]), grad, op.inputs[2], **kw), None,
            conv3d(op.inputs[0], grad, **kw)]


@RegisterGradient("MaxPool3D")
def _MaxPool3DGrad(op, grad):  # noqa: N802
    return apply_op("MaxPool3DGrad", None, [("orig_input", op.inputs[0]), ("orig_output", op.outputs[0]),
                                            ("grad", grad)], attrs={**_attrs(op, *_POOL), "TInput": op.inputs[0].dtype})._outputs[0]


@RegisterGradient("AvgPool3D")
def _AvgPool3DGrad(op, grad):  # noqa: N802
    return apply_op("AvgPool3DGrad", None, [("orig_input_shape", A.shape(op.inputs[0])), ("grad", grad)],
                    same_type=("grad",), attrs=_attrs(op, *_POOL))._outputs[0]


@RegisterGradient("AvgPool3DGrad")
def _AvgPool3DGradGrad(op, grad):  # noqa: N802
    a = op._attrs
    return [A.stop_gradient(op.inputs[0]), avg_pool3d(grad, a["ksize"], a["strides"], a["padding"], a["data_format"])]


def _max3d_grad_op(op_type, x, y, grad, attrs):
    return apply_op(op_type, None, [("orig_input", x), ("orig_output", y), ("grad", grad)],
                    attrs={**attrs, "TInput": x.dtype})._outputs[0]


@RegisterGradient("MaxPool3DGrad")
def _MaxPool3DGradGrad(op, grad):  # noqa: N802
    return [A.zeros_like(op.inputs[0]), A.zeros_like(op.inputs[1]),
            _max3d_grad_op("MaxPool3DGradGrad", op.inputs[0], op.inputs[1], grad, _attrs(op, *_POOL))]


@RegisterGradient("MaxPool3DGradGrad")
def _MaxPool3DGradGradGrad(op, grad):  # noqa: N802
    return [A.zeros_like(op.inputs[0]), A.zeros_like(op.inputs[1]),
            _max3d_grad_op("MaxPool3DGrad", op.inputs[0], op.inputs[1], grad, _attrs(op, *_POOL))]


@RegisterGradient("SpaceToDepth")
def _SpaceToDepthGrad(op, grad):  # noqa: N802
    return depth_to_space(grad, op._attrs["block_size"], data_format=op._attrs["data_format"])


@RegisterGradient("DepthToSpace")
def _DepthToSpaceGrad(op, grad):  # noqa: N802
    return space_to_depth(grad, op._attrs["block_size"], data_format=op._attrs["data_format"])


__all__ = ["max_pool3d", "avg_pool3d", "space_to_depth", "depth_to_space", "depthwise_conv2d", "separable_conv2d"]
