"""More convolution-family ops of `tf.nn`: `conv1d` (a `Conv2D` between `ExpandDims` and
`Squeeze`, as TF builds it), `conv2d_transpose` (a `Conv2DBackpropInput` named
`conv2d_transpose`), 1-D pooling, and local response normalization (`LRN`, its gradient op
`LRNGrad`)."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, convert_to_tensor
from ..grad_registry import NotDifferentiable, RegisterGradient
from ..graph import graph_of
from ..registry import register
from .common import KernelError, shape_error
from .conv_ops import conv2d, conv2d_backprop_input
from .index_ops import expand_dims, squeeze


def conv1d(value=None, filters=None, stride=None, padding=None, use_cudnn_on_gpu=None, data_format=None, name=None,
           input=None, dilations=None):  # noqa: A002
    """`tf.nn.conv1d`: NWC `value` (batch, width, in) with `filters` (width, in, out)."""
    value = input if value is None else value
    g = graph_of([value, filters])
    with g.as_default(), g.name_scope(name or "conv1d") as scope:
        if data_format in (None, "NWC", "NHWC"):
            fmt, dim = "NHWC", 1
            strides = [1, 1, int(stride), 1] if isinstance(stride, int) else [1, 1, int(list(stride)[-1]), 1]
            dil = [1, 1, int(dilations or 1), 1] if not isinstance(dilations, (list, tuple)) else [1, 1, dilations[-1], 1]
        elif data_format in ("NCW", "NCHW"):
            fmt, dim = "NCHW", 2
            strides = [1, 1, 1, int(stride)] if isinstance(stride, int) else [1, 1, 1, int(list(stride)[-1])]
            dil = [1, 1, 1, int(dilations or 1)] if not isinstance(dilations, (list, tuple)) else [1, 1, 1, dilations[-1]]
        else:
            raise ValueError("data_format must be \"NWC\" or \"NCW\".")
        value = expand_dims(convert_to_tensor(value), dim)
        filters = expand_dims(convert_to_tensor(filters), 0)
        result = conv2d(value, filters, strides=strides, padding=padding, data_format=fmt, dilations=dil,
                        name=scope)
        return squeeze(result, [dim])


def conv2d_transpose(value=None, filter=None, output_shape=None, strides=None, padding="SAME",  # noqa: A002
                     data_format="NHWC", name=None, input=None, filters=None, dilations=None):
    """`tf.nn.conv2d_transpose`: the gradient of `conv2d` with respect to its input, used as an
    upsampling layer: `filter` is (height, width, output channels, input channels)."""
    value = input if value is None else value
    filter = filters if filter is None else filter  # noqa: A001
    g = graph_of([value, filter, output_shape])
    with g.as_default(), g.name_scope(name or "conv2d_transpose") as scope:
        value = convert_to_tensor(value, name="value")
        filter = convert_to_tensor(filter, name="filter")  # noqa: A001
        axis = 3 if data_format == "NHWC" else 1
        vs, fs = value.get_shape(), filter.get_shape()
        if vs.ndims is not None and fs.ndims is not None:
            if vs.as_list()[axis] is not None and fs.as_list()[3] is not None and vs.as_list()[axis] != fs.as_list()[3]:
                raise ValueError(f"input channels does not match filter's input channels, {vs.as_list()[axis]} != "
                                 f"{fs.as_list()[3]}")
        if not hasattr(output_shape, "_op"):
            from .array_ops import constant
            output_shape = constant(np.asarray(output_shape, np.int32), name="input_sizes")
        strides = [1, strides, strides, 1] if isinstance(strides, int) else list(strides)
        kw = {} if dilations is None else {"dilations": dilations}
        return conv2d_backprop_input(output_shape, filter, value, strides=strides, padding=padding,
                                     data_format=data_format, name=scope, **kw)


def pool1d_ops(op, value, pool_size, strides, padding, data_format="NWC"):
    """`ExpandDims`, `MaxPool`/`AvgPool`, `Squeeze` in the current name scope (1-D pooling)."""
    from .pool_ops import avg_pool, max_pool
    fn = max_pool if op == "MaxPool" else avg_pool
    dim = 1 if data_format in (None, "NWC", "NHWC", "channels_last") else 2
    k = pool_size if isinstance(pool_size, int) else list(pool_size)[-1]
    s = strides if isinstance(strides, int) else list(strides)[-1]
    fmt = "NHWC" if dim == 1 else "NCHW"
    ks = [1, 1, int(k), 1] if dim == 1 else [1, 1, 1, int(k)]
    ss = [1, 1, int(s), 1] if dim == 1 else [1, 1, 1, int(s)]
    x = expand_dims(convert_to_tensor(value), dim)
    return squeeze(fn(x, ksize=ks, strides=ss, padding=padding, data_format=fmt), [dim])


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    """`tf.nn.max_pool1d`: `MaxPool` over the width of NWC `input`."""
    g = graph_of([input])
    with g.as_default(), g.name_scope(name or "MaxPool1d"):
        return pool1d_ops("MaxPool", input, ksize, strides, padding, data_format)


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    """`tf.nn.avg_pool1d`: `AvgPool` over the width of NWC `input`."""
    g = graph_of([input])
    with g.as_default(), g.name_scope(name or "AvgPool1D"):
        return pool1d_ops("AvgPool", input, ksize, strides, padding, data_format)


# -- LRN --------------------------------------------------------------------------------------
def _window_sum(a, r):
    """Sum over the last axis of a[..., d - r : d + r + 1] for every d (clipped at the edges)."""
    c = np.cumsum(np.pad(a, [(0, 0)] * (a.ndim - 1) + [(1, 0)]), axis=-1)
    n = a.shape[-1]
    hi = np.minimum(np.arange(n) + r + 1, n)
    lo = np.maximum(np.arange(n) - r, 0)
    return c[..., hi] - c[..., lo]


def _lrn_attrs(op):
    a = op._attrs
    return int(a["depth_radius"]), float(a["bias"]), float(a["alpha"]), float(a["beta"])


def _lrn_shape(op):
    s = op._inputs[0]._shape
    if s.ndims is not None and s.ndims != 4:
        raise shape_error(op, f"Shape must be rank 4 but is rank {s.ndims}")
    return [s]


def _lrn_kernel(op):
    r, bias, alpha, beta = _lrn_attrs(op)

    def k(ctx, x):
        if x.ndim != 4:
            raise KernelError("input must be 4-dimensional")
        x64 = x.astype(np.float64)
        norm = bias + alpha * _window_sum(x64 * x64, r)
        return (x64 * norm ** -beta).astype(x.dtype)
    return k


def _lrn_grad_kernel(op):
    r, bias, alpha, beta = _lrn_attrs(op)

    def k(ctx, dy, x, y):
        x64, dy64 = x.astype(np.float64), dy.astype(np.float64)
        norm = bias + alpha * _window_sum(x64 * x64, r)
        inner = _window_sum(dy64 * x64 * norm ** (-beta - 1), r)
        return (dy64 * norm ** -beta - 2 * alpha * beta * x64 * inner).astype(x.dtype)
    return k


register("LRN", "array", _lrn_shape, _lrn_kernel, doc="divides each value by the energy of its neighbouring channels")
register("LRNGrad", "array", lambda op: [op._inputs[1]._shape], _lrn_grad_kernel,
         doc="computes the gradient of a local response normalization")
NotDifferentiable("LRNGrad")


def local_response_normalization(input=None, depth_radius=5, bias=1, alpha=1, beta=0.5, name=None):  # noqa: A002
    """`tf.nn.lrn`: `input / (bias + alpha * sum(input[..., d-r:d+r+1] ** 2)) ** beta`."""
    return apply_op("LRN", name, [("input", input)], allowed=(_dt.float16, _dt.float32, _dt.float64),  # float64: nbgraph only
                    allowed_names="half, bfloat16, float",
                    attrs={"depth_radius": int(depth_radius), "bias": float(bias), "alpha": float(alpha),
                           "beta": float(beta)})._outputs[0]


lrn = local_response_normalization


@RegisterGradient("LRN")
def _LRNGrad(op, grad):  # noqa: N802 - TF's name
    a = op._attrs
    return apply_op("LRNGrad", None, [("input_grads", grad), ("input_image", op.inputs[0]),
                                      ("output_image", op.outputs[0])],
                    attrs={"depth_radius": a["depth_radius"], "bias": a["bias"], "alpha": a["alpha"],
                           "beta": a["beta"]})._outputs[0]


__all__ = ["conv1d", "conv2d_transpose", "local_response_normalization", "lrn", "max_pool1d", "avg_pool1d"]
