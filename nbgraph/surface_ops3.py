"""Public names for the ops of the `ops3` round (depthwise/separable/3-D convolution, 3-D pooling,
space_to_depth, ...): `install(namespace)` adds them to the package face's `tf`, `tf.nn`, ...
namespaces, so `nbgraph/__init__.py` needs one line for all of them."""
from __future__ import annotations

from .engine.ops import atrous_ops as _atrous
from .engine.ops import conv_nd_more as _nd
from .engine.ops import conv_nd_ops as _nd3
from .engine.ops import image_box_ops as _box
from .engine.ops import image_crop_ops as _crop
from .engine.ops import lookup_ops as _lookup
from .engine.ops import scatter_ops as _scatter
from .train import optimizers_more as _opt
from .train.init_from_checkpoint import init_from_checkpoint as _init_from_checkpoint
from .train.supervisor import Supervisor as _Supervisor
from .engine.ops import sparse_combine_ops as _spc
from .engine.ops import sparse_more_ops as _spm
from .engine.ops.split_gather_ops import scatter_nd as _scatter_nd


def install(ns: dict) -> None:
    """Adds this round's names to the package namespace `ns` (nbgraph's globals())."""
    nn = ns["nn"]
    nn.__dict__.update(depthwise_conv2d=_nd.depthwise_conv2d, separable_conv2d=_nd.separable_conv2d,
                       depthwise_conv2d_native=_nd3.depthwise_conv2d_native, conv3d=_nd3.conv3d,
                       max_pool3d=_nd.max_pool3d, avg_pool3d=_nd.avg_pool3d, space_to_depth=_nd.space_to_depth,
                       depth_to_space=_nd.depth_to_space,
                       depthwise_conv2d_native_backprop_input=_nd3.depthwise_conv2d_native_backprop_input,
                       depthwise_conv2d_native_backprop_filter=_nd3.depthwise_conv2d_native_backprop_filter,
                       conv3d_backprop_filter_v2=_nd3.conv3d_backprop_filter_v2)
    ns.update(space_to_depth=_nd.space_to_depth, depth_to_space=_nd.depth_to_space)
    ns.update({n: getattr(_scatter, n) for n in _scatter.__all__}, scatter_nd=_scatter_nd,
              tensor_scatter_nd_update=_scatter.tensor_scatter_update,
              tensor_scatter_nd_add=_scatter.tensor_scatter_add, tensor_scatter_nd_sub=_scatter.tensor_scatter_sub)
    ns.update(sparse_tensor_dense_matmul=_spm.sparse_tensor_dense_matmul, sparse_reduce_sum=_spm.sparse_reduce_sum,
              sparse_add=_spc.sparse_add, sparse_concat=_spc.sparse_concat, sparse_reorder=_spc.sparse_reorder)
    ns["sparse"].__dict__.update(matmul=_spm.sparse_tensor_dense_matmul, sparse_dense_matmul=_spm.sparse_tensor_dense_matmul,
                                 reduce_sum=_spm.sparse_reduce_sum, add=_spc.sparse_add, concat=_spc.sparse_concat,
                                 reorder=_spc.sparse_reorder)
    ns["image"].__dict__.update(sample_distorted_bounding_box=_box.sample_distorted_bounding_box,
                                draw_bounding_boxes=_box.draw_bounding_boxes,
                                non_max_suppression=_box.non_max_suppression, crop_and_resize=_crop.crop_and_resize)
    ns["tables_initializer"] = _lookup.tables_initializer
    lookup = ns.get("lookup") or ns["_namespace"]("lookup", "tf.lookup")
    lookup.__dict__.update(StaticHashTable=_lookup.StaticHashTable, KeyValueTensorInitializer=_lookup.KeyValueTensorInitializer)
    ns["lookup"] = lookup
    ns["train"].__dict__.update({n: getattr(_opt, n) for n in _opt.__all__})
    ns["train"].__dict__.update(Supervisor=_Supervisor, init_from_checkpoint=_init_from_checkpoint)
    nn.__dict__.update(atrous_conv2d=_atrous.atrous_conv2d)
    ns.update(space_to_batch_nd=_atrous.space_to_batch_nd, batch_to_space_nd=_atrous.batch_to_space_nd)
