"""Finite-difference cases for the gradients of the ops3 round's ops (depthwise/3-D convolution,
3-D pooling, space_to_depth, ...). `test_gradient_properties.CASES` takes them in: op type ->
fn(data) returning (float64 inputs, build)."""
from __future__ import annotations

import hypothesis.extra.numpy as hnp
import numpy as np
from hypothesis import strategies as st

import nbgraph as tf
from nbgraph.engine.ops import conv_nd_more as M
from nbgraph.engine.ops import conv_nd_ops as N
from nbgraph.engine.ops.conv_ops import out_size

F64 = np.float64
CASES = {}


def case(*op_types):
    def deco(fn):
        for t in op_types:
            CASES[t] = (lambda data, t=t: fn(data, t))
        return fn
    return deco


def arr(data, shape, lo=-2.0, hi=2.0):
    return data.draw(hnp.arrays(F64, shape, elements=st.floats(lo, hi)))


def distinct(data, shape):
    n = int(np.prod(shape))
    perm = data.draw(st.permutations(list(range(n))))
    return (np.array(perm, F64) * 0.1 + 0.05).reshape(shape)


@case("DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput", "DepthwiseConv2dNativeBackpropFilter")
def _depthwise(data, op_type):
    s = data.draw(st.sampled_from([1, 2]))
    strides, padding = [1, s, s, 1], data.draw(st.sampled_from(["SAME", "VALID"]))
    x, f = arr(data, (1, 4, 5, 2)), arr(data, (2, 3, 2, 2))
    if op_type == "DepthwiseConv2dNative":
        return [x, f], lambda x, f: tf.nn.depthwise_conv2d(x, f, strides, padding)
    oh, ow = out_size(4, 2, s, 1, padding)[0], out_size(5, 3, s, 1, padding)[0]
    dy = arr(data, (1, oh, ow, 4))
    if op_type == "DepthwiseConv2dNativeBackpropInput":
        return [f, dy], lambda f, dy: N.depthwise_conv2d_native_backprop_input(
            np.array([1, 4, 5, 2], np.int32), f, dy, strides, padding)
    return [x, dy], lambda x, dy: N.depthwise_conv2d_native_backprop_filter(
        x, np.array([2, 3, 2, 2], np.int32), dy, strides, padding)


@case("Conv3D", "Conv3DBackpropInputV2", "Conv3DBackpropFilterV2")
def _conv3d(data, op_type):
    s = data.draw(st.sampled_from([1, 2]))
    strides, padding = [1, s, 1, s, 1], data.draw(st.sampled_from(["SAME", "VALID"]))
    x, f = arr(data, (1, 3, 3, 4, 2)), arr(data, (2, 2, 3, 2, 2))
    if op_type == "Conv3D":
        return [x, f], lambda x, f: tf.nn.conv3d(x, f, strides, padding)
    out = [out_size(n, k, st_, 1, padding)[0] for n, k, st_ in zip((3, 3, 4), (2, 2, 3), (s, 1, s))]
    dy = arr(data, (1, *out, 2))
    if op_type == "Conv3DBackpropInputV2":
        return [f, dy], lambda f, dy: N.conv3d_backprop_input_v2(np.array([1, 3, 3, 4, 2], np.int32), f, dy,
                                                                strides, padding)
    return [x, dy], lambda x, dy: N.conv3d_backprop_filter_v2(x, np.array([2, 2, 3, 2, 2], np.int32), dy,
                                                             strides, padding)


@case("MaxPool3D", "AvgPool3D", "AvgPool3DGrad", "MaxPool3DGrad", "MaxPool3DGradGrad")
def _pool3d(data, op_type):
    k = data.draw(st.sampled_from([[1, 2, 2, 2, 1], [1, 1, 3, 2, 1]]))
    s = data.draw(st.sampled_from([[1, 1, 1, 1, 1], [1, 2, 2, 1, 1]]))
    padding = data.draw(st.sampled_from(["SAME", "VALID"]))
    if op_type == "MaxPool3D":
        return [distinct(data, (1, 3, 4, 3, 2))], lambda x: tf.nn.max_pool3d(x, k, s, padding)
    if op_type == "AvgPool3D":
        return [arr(data, (1, 3, 4, 3, 2))], lambda x: tf.nn.avg_pool3d(x, k, s, padding)
    out = [out_size(n, k[i + 1], s[i + 1], 1, padding)[0] for i, n in enumerate((3, 4, 3))]
    from nbgraph.engine.convert import apply_op
    if op_type in ("MaxPool3DGrad", "MaxPool3DGradGrad"):  # linear in the gradient input; x held fixed
        x = distinct(data, (1, 3, 4, 3, 2))
        attrs = {"ksize": k, "strides": s, "padding": padding, "data_format": "NDHWC"}
        g_shape = (1, *out, 2) if op_type == "MaxPool3DGrad" else x.shape

        def build(g):  # built in the test's graph
            xt = tf.constant(x)
            return M._max3d_grad_op(op_type, xt, tf.nn.max_pool3d(xt, k, s, padding), g, attrs)
        return [arr(data, g_shape)], build
    return [arr(data, (1, *out, 2))], lambda dy: apply_op(
        "AvgPool3DGrad", None, [("orig_input_shape", np.array([1, 3, 4, 3, 2], np.int32)), ("grad", dy)],
        same_type=("grad",), attrs={"ksize": k, "strides": s, "padding": padding, "data_format": "NDHWC"})._outputs[0]


@case("SpaceToDepth", "DepthToSpace")
def _space_to_depth(data, op_type):
    b = data.draw(st.sampled_from([2, 3]))
    if op_type == "SpaceToDepth":
        return [arr(data, (1, 2 * b, b, 2))], lambda x: M.space_to_depth(x, b)
    return [arr(data, (2, 1, 2, 2 * b * b))], lambda x: M.depth_to_space(x, b)


@case("TensorScatterUpdate", "TensorScatterAdd", "TensorScatterSub")
def _tensor_scatter(data, op_type):
    from nbgraph.engine.ops import scatter_ops as S
    fn = {"TensorScatterUpdate": S.tensor_scatter_update, "TensorScatterAdd": S.tensor_scatter_add,
          "TensorScatterSub": S.tensor_scatter_sub}[op_type]
    rows = data.draw(st.permutations([0, 1, 2, 3]))[:2]  # distinct rows: an update's winner is defined
    if op_type != "TensorScatterUpdate" and data.draw(st.booleans()):
        rows = [rows[0], rows[0]]  # repeated indices add up
    idx = np.array([[r] for r in rows], np.int32)
    return [arr(data, (4, 3)), arr(data, (2, 3))], lambda t, u: fn(t, idx, u)


_SP_IDX = np.array([[0, 1], [1, 0], [2, 2], [2, 3]], np.int64)


@case("SparseTensorDenseMatMul")
def _sparse_matmul(data, op_type):
    adj_a, adj_b = data.draw(st.booleans()), data.draw(st.booleans())
    inner = 3 if adj_a else 4
    b = arr(data, (2, inner) if adj_b else (inner, 2))
    return [arr(data, (4,)), b], lambda v, b: tf.sparse_tensor_dense_matmul(
        tf.SparseTensor(_SP_IDX, v, [3, 4]), b, adjoint_a=adj_a, adjoint_b=adj_b)


@case("SparseReduceSum")
def _sparse_reduce_sum(data, op_type):
    axis = data.draw(st.sampled_from([None, 0, 1, -1, [0, 1]]))
    keep = data.draw(st.booleans())
    return [arr(data, (4,))], lambda v: tf.sparse_reduce_sum(tf.SparseTensor(_SP_IDX, v, [3, 4]), axis=axis,
                                                              keepdims=keep)


@case("SparseAdd", "SparseTensorDenseAdd")
def _sparse_add(data, op_type):
    if op_type == "SparseTensorDenseAdd":
        return [arr(data, (4,)), arr(data, (3, 4))], lambda v, d: tf.sparse_add(tf.SparseTensor(_SP_IDX, v, [3, 4]), d)
    other = np.array([[0, 1], [1, 3], [2, 3]], np.int64)
    return [arr(data, (4,)), arr(data, (3,))], lambda v, w: tf.sparse_add(
        tf.SparseTensor(_SP_IDX, v, [3, 4]), tf.SparseTensor(other, w, [3, 4])).values


@case("SparseReorder")
def _sparse_reorder(data, op_type):
    perm = data.draw(st.permutations(list(range(4))))
    return [arr(data, (4,))], lambda v: tf.sparse.reorder(tf.SparseTensor(_SP_IDX[perm], v, [3, 4])).values


@case("CropAndResize")
def _crop_and_resize(data, op_type):
    """CropAndResize's crops are float32 (as TF's): float32 inputs, finite differences of 1e-2 (the
    test's float32 step). The boxes keep every sample point 0.1 away from a pixel row/column and
    inside the image, so a step never crosses a kink of the bilinear interpolation."""
    crop = data.draw(st.sampled_from([[3, 3], [1, 1], [2, 3]]))
    method = data.draw(st.sampled_from(["bilinear", "nearest"]))
    # small values and few pixels: the float32 loss's rounding stays below the test's tolerance
    img = data.draw(hnp.arrays(np.float32, (2, 5, 6, 1), elements=st.floats(-0.25, 0.25, width=32)))
    boxes = np.array([[0.12, 0.14, 0.83, 0.77], [0.62, 0.5, 0.2, 0.15]], np.float32)
    if method == "nearest":  # TF's boxes gradient is the bilinear one whatever the method: the image's only
        return [img], lambda im: tf.image.crop_and_resize(im, boxes, [1, 0], crop, method=method)
    return [img, boxes], lambda im, bx: tf.image.crop_and_resize(im, bx, [1, 0], crop, method=method)


@case("SpaceToBatchND", "BatchToSpaceND")
def _space_to_batch(data, op_type):
    from nbgraph.engine.ops import atrous_ops as AT
    block = np.array(data.draw(st.sampled_from([[2, 2], [1, 3], [2, 1]])), np.int32)
    if op_type == "SpaceToBatchND":
        pads = np.array([[1, 1], [0, 3 - 2 % 3 if block[1] == 3 else 0]], np.int32)
        h, w = 2, 2 + (1 if block[1] == 3 else 0)
        pads[0] = [0, (block[0] - (h % block[0])) % block[0]]
        pads[1] = [0, (block[1] - (w % block[1])) % block[1]]
        return [arr(data, (1, h, w, 2))], lambda x: AT.space_to_batch_nd(x, block, pads)
    crops = np.array([[0, 1 if block[0] > 1 else 0], [1 if block[1] > 1 else 0, 0]], np.int32)
    return [arr(data, (int(np.prod(block)) * 2, 2, 2, 1))], lambda x: AT.batch_to_space_nd(x, block, crops)
