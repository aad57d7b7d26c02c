"""nbgraph: TensorFlow-1 graphs and sessions in numpy, made visible and steppable in Jupyter.

`import nbgraph as tf` runs TF 1.x lesson code unchanged. In IPython, `%load_ext nbgraph`
adds the `%nbgraph` magic, rich graph display and inline placement logs.
"""
from __future__ import annotations

import types as _types

from . import errors  # noqa: F401
from .engine import ops as _ops  # noqa: F401  (registers the op catalogue)
from .engine import dtypes as _dtypes
from .engine import initializers as _initializers
from .engine.config import (ConfigProto, GPUOptions, GraphOptions, OptimizerOptions,  # noqa: F401
                            RunMetadata, RunOptions)
from .engine.convert import convert_to_tensor, register_tensor_conversion_function  # noqa: F401
from .engine.devices import DeviceSpec  # noqa: F401
from .engine.dtypes import (DType, as_dtype, bool_ as bool, double, float16, float32,  # noqa: F401,A004
                            float64, half, int8, int16, int32, int64, string, uint8)
from .engine.graph import Graph, GraphKeys, get_default_graph, reset_default_graph  # noqa: F401
from .engine.grad_registry import NotDifferentiable, RegisterGradient, no_gradient  # noqa: F401
from .engine.gradients import AggregationMethod, UnconnectedGradients, gradients  # noqa: F401
from .engine.ops.hessians import hessians  # noqa: F401
from .engine.graph import name_scope as _name_scope
from .engine.initializers import (constant_initializer, glorot_uniform_initializer,  # noqa: F401
                                  ones_initializer, random_normal_initializer, random_uniform_initializer,
                                  truncated_normal_initializer, zeros_initializer)
from .engine.ops.array_ops import (cast, concat, constant, expand_dims, fill, identity, one_hot,  # noqa: F401
                                   ones, ones_like, placeholder, placeholder_with_default, rank, reshape,
                                   shape, size, squeeze, stack, stop_gradient, strided_slice, tile,
                                   to_float, to_int32, to_int64, transpose, unstack, where, zeros,
                                   zeros_like, clip_by_value)
from .engine.ops.array_ops import range  # noqa: F401,A004
from .engine.ops.control_flow_ops import case, cond  # noqa: F401
from .engine.ops.while_loop import while_loop  # noqa: F401
from .engine.ops.tensor_array_ops import TensorArray  # noqa: F401
from .engine.ops.functional_ops import foldl, foldr, map_fn, scan  # noqa: F401
from .engine.ops.sequence_ops import reverse, reverse_sequence  # noqa: F401
from .engine.ops.control_ops import Assert, Print, group, no_op, tuple, with_dependencies  # noqa: F401,A004
from .engine.ops.index_ops import boolean_mask, gather  # noqa: F401
from .engine.ops.nn_ops import (add_n, count_nonzero, cumsum, pad, reduce_logsumexp,  # noqa: F401
                                 slice)  # noqa: A004
from .engine.ops.math_ops import (abs, add, ceil, cos, div, divide, equal, exp, floor, floordiv,  # noqa: F401,A004
                                  greater, greater_equal, less, less_equal, log, log1p, logical_and,
                                  logical_not, logical_or, logical_xor, maximum, minimum, mod, multiply,
                                  negative, not_equal, pow, reciprocal, round, rsqrt, sigmoid, sign, sin,
                                  sqrt, square, squared_difference, subtract, tanh, truediv)
from .engine.ops.random_ops import (random_normal, random_uniform, set_random_seed,  # noqa: F401
                                    truncated_normal)
from .engine.ops.reduce_ops import (argmax, argmin, matmul, reduce_all, reduce_any, reduce_max,  # noqa: F401
                                    reduce_mean, reduce_min, reduce_prod, reduce_sum)
from .engine.ops.state_ops import assign, assign_add, assign_sub  # noqa: F401
from .engine.ops import conv_ops as _conv_ops, nn_more_ops as _nn_more_ops, pool_ops as _pool_ops  # noqa: E402
from .engine.ops.linalg_ops import (cholesky, matrix_determinant, matrix_inverse, matrix_solve, qr,  # noqa: F401
                                    self_adjoint_eig, self_adjoint_eigvals, svd)
from .engine.ops.math_more_ops import cross, lin_space, linspace, truncatediv, truncatemod  # noqa: F401
from .engine.ops.math_ops import floor_div, floormod, realdiv  # noqa: F401
from .engine.ops.matrix_ops import (diag, diag_part, einsum, eye, matrix_diag, matrix_diag_part,  # noqa: F401
                                    matrix_band_part, matrix_set_diag, matrix_transpose, tensordot, trace)
from .engine.ops.split_gather_ops import gather_nd, scatter_update, split  # noqa: F401
from . import layers  # noqa: F401,E402  (tf.layers)
from .engine.local_devices import use_virtual_gpus  # noqa: F401
from .engine.session_placer import PlacementRecord  # noqa: F401
from . import devices  # noqa: F401,E402  (nbgraph.devices.use_virtual_gpus, placed_device)
from .engine.session import InteractiveSession, Session, get_default_session  # noqa: F401
from .engine.shapes import Dimension, TensorShape  # noqa: F401
from .engine.tensor import Operation, Tensor  # noqa: F401
from .engine.variables import all_variables  # noqa: F401
from .engine.ops.data_flow_ops import FIFOQueue, PaddingFIFOQueue, QueueBase, RandomShuffleQueue  # noqa: F401
from .engine.ops.io_ops import (TextLineReader, WholeFileReader, decode_csv, py_func,  # noqa: F401
                                read_file, write_file)
from .engine.ops.input_ops import count_up_to, random_shuffle  # noqa: F401
from .engine.ops.string_ops import string_to_number  # noqa: F401
from .engine.ops.io_ops import TFRecordReader  # noqa: F401
from .engine.ops.parsing_ops import (FixedLenFeature, FixedLenSequenceFeature, VarLenFeature,  # noqa: F401
                                     decode_raw, parse_example, parse_single_example)
from .engine.sparse_tensor import SparseTensor, SparseTensorValue, sparse_placeholder  # noqa: F401
from .engine.ops.sparse_ops import sparse_tensor_to_dense, sparse_to_dense  # noqa: F401
from . import python_io  # noqa: F401,E402  (tf.python_io: TFRecordWriter, tf_record_iterator)
from .engine.ops.check_ops import (assert_equal, assert_greater, assert_greater_equal,  # noqa: F401
                                   assert_integer, assert_less, assert_less_equal, assert_negative,
                                   assert_non_negative, assert_non_positive, assert_none_equal, assert_positive,
                                   assert_rank, assert_rank_at_least, assert_scalar, assert_type, is_numeric_tensor)
from .engine.ops.segment_ops import (bincount, dynamic_partition, segment_max, segment_mean,  # noqa: F401
                                     segment_min, segment_prod, segment_sum, unique, unique_with_counts,
                                     unsorted_segment_max, unsorted_segment_mean, unsorted_segment_min,
                                     unsorted_segment_prod, unsorted_segment_sqrt_n)
from .engine.ops.grad_ops import dynamic_stitch, unsorted_segment_sum  # noqa: F401
from .engine.ops.reorder_ops import (broadcast_to, check_numerics, meshgrid, reverse, reverse_sequence,  # noqa: F401
                                     reverse_v2, roll)


def arg_max(input, dimension, output_type=int64, name=None):  # noqa: A002 - TF 1.x's deprecated spelling
    return argmax(input, axis=dimension, output_type=output_type, name=name)


def arg_min(input, dimension, output_type=int64, name=None):  # noqa: A002
    return argmin(input, axis=dimension, output_type=output_type, name=name)
from . import data  # noqa: F401,E402  (tf.data)
from . import train  # noqa: F401,E402  (tf.train)
from .engine.variables import (AUTO_REUSE, Variable, VariableScope, get_variable,  # noqa: F401
                               get_variable_scope, global_variables, global_variables_initializer,
                               initialize_all_variables, is_variable_initialized, local_variables,
                               local_variables_initializer, report_uninitialized_variables,
                               trainable_variables, variable_scope, variables_initializer)

from .formats.importer import import_graph_def  # noqa: F401,E402
from .formats.public import make_ndarray, make_tensor_proto  # noqa: F401,E402
from . import train  # noqa: F401,E402  (tf.train: Saver, checkpoints, write_graph, meta graphs)
from . import summary  # noqa: F401,E402  (tf.summary: summary ops, FileWriter)

__version__ = "0.1.0"

newaxis = None
sub = subtract
mul = multiply
neg = negative


def to_double(x, name="ToDouble"):
    return cast(x, float64, name=name)


def name_scope(name, default_name=None, values=None):
    """`tf.name_scope(name, default_name=None, values=None)`."""
    return _name_scope(name, default_name, values)


def device(device_name_or_function):
    """`tf.device(...)`: a device spec string, a `DeviceSpec`, a function of the op, or None."""
    if isinstance(device_name_or_function, DeviceSpec):
        device_name_or_function = device_name_or_function.to_string()
    return get_default_graph().device(device_name_or_function)


def control_dependencies(control_inputs):
    return get_default_graph().control_dependencies(control_inputs)


def colocate_with(op, ignore_existing=False):
    return get_default_graph().colocate_with(op, ignore_existing)


def get_collection(key, scope=None):
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key):
    return get_default_graph().get_collection_ref(key)


def add_to_collection(name, value):
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value):
    get_default_graph().add_to_collections(names, value)


def _namespace(name, doc, **members):
    mod = _types.ModuleType(f"nbgraph.{name}", doc)
    mod.__dict__.update(members)
    return mod


nn = _namespace("nn", "tf.nn", elu=_ops.nn_ops.elu, l2_loss=_ops.nn_ops.l2_loss,
                sigmoid_cross_entropy_with_logits=_ops.nn_ops.sigmoid_cross_entropy_with_logits,
                softmax_cross_entropy_with_logits=_ops.nn_ops.softmax_cross_entropy_with_logits,
                softmax_cross_entropy_with_logits_v2=_ops.nn_ops.softmax_cross_entropy_with_logits_v2,
                relu=_ops.math_ops.relu, relu6=_ops.math_ops.relu6,
                softmax=_ops.math_ops.softmax, log_softmax=_ops.math_ops.log_softmax,
                sigmoid=sigmoid, tanh=tanh, softplus=_ops.math_ops.softplus)
initializers = _namespace("initializers", "tf.initializers", zeros=_initializers.zeros,
                          ones=_initializers.ones, constant=_initializers.constant,
                          random_normal=_initializers.random_normal,
                          truncated_normal=_initializers.truncated_normal,
                          random_uniform=_initializers.random_uniform,
                          glorot_uniform=_initializers.glorot_uniform,
                          global_variables=global_variables_initializer,
                          variables=variables_initializer, local_variables=local_variables_initializer,
                          variance_scaling=_initializers.variance_scaling,
                          glorot_normal=_initializers.glorot_normal, he_normal=_initializers.he_normal,
                          he_uniform=_initializers.he_uniform, lecun_normal=_initializers.lecun_normal,
                          lecun_uniform=_initializers.lecun_uniform)
variance_scaling_initializer = _initializers.variance_scaling_initializer
glorot_normal_initializer = _initializers.glorot_normal_initializer
dtypes = _namespace("dtypes", "tf.dtypes", DType=DType, as_dtype=as_dtype, **{
    n: getattr(_dtypes, n) for n in ("float16", "float32", "float64", "int8", "int16", "int32", "int64",
                                     "uint8", "string", "half", "double")}, bool=_dtypes.bool_)
math = _namespace("math", "tf.math", add=add, subtract=subtract, multiply=multiply, divide=divide,
                  truediv=truediv, floordiv=floordiv, mod=mod, pow=pow, negative=negative, abs=abs,
                  square=square, sqrt=sqrt, exp=exp, log=log, sigmoid=sigmoid, tanh=tanh,
                  maximum=maximum, minimum=minimum, equal=equal, not_equal=not_equal, less=less,
                  less_equal=less_equal, greater=greater, greater_equal=greater_equal,
                  logical_and=logical_and, logical_or=logical_or, logical_not=logical_not,
                  logical_xor=logical_xor, reduce_sum=reduce_sum, reduce_mean=reduce_mean,
                  reduce_max=reduce_max, reduce_min=reduce_min, reduce_prod=reduce_prod, argmax=argmax,
                  argmin=argmin, sign=sign, round=round, reciprocal=reciprocal, segment_sum=segment_sum,
                  segment_mean=segment_mean, segment_max=segment_max, segment_min=segment_min,
                  segment_prod=segment_prod, unsorted_segment_sum=unsorted_segment_sum,
                  unsorted_segment_max=unsorted_segment_max, unsorted_segment_min=unsorted_segment_min,
                  unsorted_segment_prod=unsorted_segment_prod, unsorted_segment_mean=unsorted_segment_mean,
                  unsorted_segment_sqrt_n=unsorted_segment_sqrt_n, bincount=bincount)
from .engine.ops.random_more_ops import categorical as _categorical, multinomial  # noqa: E402,F401
random = _namespace("random", "tf.random", normal=random_normal, uniform=random_uniform,
                    truncated_normal=truncated_normal, set_random_seed=set_random_seed,
                    categorical=_categorical, multinomial=multinomial, shuffle=random_shuffle)
from . import compat_util as _compat_util  # noqa: E402
compat = _namespace("compat", "tf.compat", **{n: getattr(_compat_util, n) for n in _compat_util.__all__})
queue = _namespace("queue", "tf.queue", FIFOQueue=FIFOQueue, RandomShuffleQueue=RandomShuffleQueue,
                   PaddingFIFOQueue=PaddingFIFOQueue, QueueBase=QueueBase)
from . import gfile  # noqa: E402  (tf.gfile: TF's file API on local paths)
io = _namespace("io", "tf.io", decode_csv=decode_csv, read_file=read_file, write_file=write_file,
                gfile=gfile.io_gfile, decode_raw=decode_raw, parse_example=parse_example, parse_single_example=parse_single_example,
                FixedLenFeature=FixedLenFeature, FixedLenSequenceFeature=FixedLenSequenceFeature,
                VarLenFeature=VarLenFeature, TFRecordWriter=python_io.TFRecordWriter,
                TFRecordOptions=python_io.TFRecordOptions, TFRecordCompressionType=python_io.TFRecordCompressionType,
                tf_record_iterator=python_io.tf_record_iterator)
from . import contrib  # noqa: E402,F401  (tf.contrib.layers)
from . import test_util as _test_util  # noqa: E402
from .formats import graph_util as _graph_util  # noqa: E402
graph_util = _namespace("graph_util", "tf.graph_util", **{n: getattr(_graph_util, n) for n in _graph_util.__all__})
test = _namespace("test", "tf.test", is_gpu_available=_test_util.is_gpu_available,
                  gpu_device_name=_test_util.gpu_device_name, is_built_with_cuda=_test_util.is_built_with_cuda,
                  is_built_with_gpu_support=_test_util.is_built_with_gpu_support)
debugging = _namespace("debugging", "tf.debugging", Assert=Assert, check_numerics=check_numerics,
                       assert_equal=assert_equal, assert_none_equal=assert_none_equal, assert_less=assert_less,
                       assert_less_equal=assert_less_equal, assert_greater=assert_greater,
                       assert_greater_equal=assert_greater_equal, assert_negative=assert_negative,
                       assert_positive=assert_positive, assert_non_negative=assert_non_negative,
                       assert_non_positive=assert_non_positive, assert_rank=assert_rank,
                       assert_rank_at_least=assert_rank_at_least, assert_integer=assert_integer,
                       assert_type=assert_type, assert_scalar=assert_scalar, is_numeric_tensor=is_numeric_tensor)
sparse = _namespace("sparse", "tf.sparse", SparseTensor=SparseTensor, to_dense=sparse_tensor_to_dense,
                    placeholder=sparse_placeholder)
from .engine.ops import text_ops as _text  # noqa: E402
from .engine.ops.text_ops import (as_string, reduce_join, regex_replace, string_join, string_split,  # noqa: E402,F401
                                  string_strip, substr)
strings = _namespace("strings", "tf.strings", to_number=string_to_number, split=_text.string_split_v2,
                     join=string_join, length=_text.string_length, substr=substr, strip=string_strip,
                     regex_replace=regex_replace, reduce_join=reduce_join, as_string=as_string,
                     lower=_text.string_lower, upper=_text.string_upper)

from . import train  # noqa: E402,F401  (tf.train: optimizers, global step, schedules)


def _attach_grpc(session, target):
    """`tf.Session("grpc://...")`: the cluster runtime (nbgraph/distributed, imported on first use)."""
    from .distributed import attach
    return attach(session, target)


from .engine.session import register_target_scheme as _register_target_scheme  # noqa: E402

_register_target_scheme("grpc://", _attach_grpc)
from . import losses  # noqa: E402,F401  (tf.losses)
from . import metrics  # noqa: E402,F401  (tf.metrics)
from . import tf_logging as logging  # noqa: E402  (tf.logging)
from .app_flags import app, flags  # noqa: E402,F401  (tf.app.run, tf.app.flags, tf.flags)
from . import layers  # noqa: E402,F401  (tf.layers)
from .engine.ops import nn_extra_ops as _nn_extra  # noqa: E402
nn.__dict__.update(dropout=_nn_extra.dropout, softsign=_nn_extra.softsign, selu=_nn_extra.selu,
                   leaky_relu=_nn_extra.leaky_relu,
                   sparse_softmax_cross_entropy_with_logits=_nn_extra.sparse_softmax_cross_entropy_with_logits,
                   weighted_cross_entropy_with_logits=_nn_extra.weighted_cross_entropy_with_logits)
div_no_nan = _nn_extra.div_no_nan
math.div_no_nan = _nn_extra.div_no_nan
nn.__dict__.update(conv2d=_conv_ops.conv2d, max_pool=_pool_ops.max_pool, avg_pool=_pool_ops.avg_pool,
                   bias_add=_conv_ops.bias_add, conv2d_backprop_input=_conv_ops.conv2d_backprop_input,
                   conv2d_backprop_filter=_conv_ops.conv2d_backprop_filter, moments=_nn_more_ops.moments,
                   batch_normalization=_nn_more_ops.batch_normalization,
                   embedding_lookup=_nn_more_ops.embedding_lookup, top_k=_nn_more_ops.top_k,
                   in_top_k=_nn_more_ops.in_top_k)
from .engine.ops import batch_norm_ops as _bn_ops  # noqa: E402
nn.fused_batch_norm = _bn_ops.fused_batch_norm
from .engine.ops.clip_ops import (clip_by_global_norm, clip_by_norm, global_norm, random_crop,  # noqa: E402,F401
                                  sequence_mask)
from .engine.ops import clip_ops as _clip_ops  # noqa: E402
nn.__dict__.update(l2_normalize=_clip_ops.l2_normalize, xw_plus_b=_clip_ops.xw_plus_b)
math.l2_normalize = _clip_ops.l2_normalize
from .engine.ops import conv_more_ops as _conv_more  # noqa: E402
nn.__dict__.update(conv1d=_conv_more.conv1d, conv2d_transpose=_conv_more.conv2d_transpose, lrn=_conv_more.lrn,
                   local_response_normalization=_conv_more.local_response_normalization,
                   max_pool1d=_conv_more.max_pool1d, avg_pool1d=_conv_more.avg_pool1d)
from .engine.ops import image_ops as _image_ops  # noqa: E402
image = _namespace("image", "tf.image", **{n: getattr(_image_ops, n) for n in _image_ops.__all__ if n != "reverse"})
from .engine.ops import candidate_sampling_ops as _sampling  # noqa: E402
nn.__dict__.update(nce_loss=_sampling.nce_loss, sampled_softmax_loss=_sampling.sampled_softmax_loss,
                   log_uniform_candidate_sampler=_sampling.log_uniform_candidate_sampler,
                   compute_accidental_hits=_sampling.compute_accidental_hits)
from . import rnn as _rnn  # noqa: E402  (tf.nn.rnn_cell, dynamic_rnn, static_rnn, bidirectional_dynamic_rnn)
nn.rnn_cell = _namespace("nn.rnn_cell", "tf.nn.rnn_cell", RNNCell=_rnn.RNNCell, BasicRNNCell=_rnn.BasicRNNCell,
                         BasicLSTMCell=_rnn.BasicLSTMCell, LSTMCell=_rnn.LSTMCell, GRUCell=_rnn.GRUCell,
                         MultiRNNCell=_rnn.MultiRNNCell, DropoutWrapper=_rnn.DropoutWrapper,
                         LSTMStateTuple=_rnn.LSTMStateTuple)
nn.__dict__.update(dynamic_rnn=_rnn.dynamic_rnn, static_rnn=_rnn.static_rnn,
                   bidirectional_dynamic_rnn=_rnn.bidirectional_dynamic_rnn,
                   static_bidirectional_rnn=_rnn.static_bidirectional_rnn)
linalg = _namespace("linalg", "tf.linalg", inv=matrix_inverse, det=matrix_determinant, solve=matrix_solve,
                    cholesky=cholesky, eigh=self_adjoint_eig, eigvalsh=self_adjoint_eigvals, svd=svd, qr=qr,
                    diag=matrix_diag, diag_part=matrix_diag_part, set_diag=matrix_set_diag, trace=trace, band_part=matrix_band_part,
                    eye=eye, einsum=einsum, tensordot=tensordot, cross=cross, matmul=matmul,
                    transpose=matrix_transpose, matrix_transpose=matrix_transpose, tensor_diag=diag,
                    tensor_diag_part=diag_part)
math.__dict__.update(truncatediv=truncatediv, truncatemod=truncatemod, floormod=mod, realdiv=realdiv,
                     top_k=_nn_more_ops.top_k, in_top_k=_nn_more_ops.in_top_k, cross=_ops.math_more_ops.cross)





def __getattr__(name):
    """`tf.GraphDef`, `tf.Summary`, ...: protobuf classes, loaded on first use (formats/public.py)."""
    from .formats.public import lazy_attr
    return lazy_attr(name)


def disable_eager_execution():
    """A no-op: nbgraph is graph mode only, as TF 1.x was."""


def disable_v2_behavior():
    """A no-op: nbgraph is TF 1.x behaviour only."""


def executing_eagerly():
    """`tf.executing_eagerly()`: False in graph mode (the default), True after
    `tf.enable_eager_execution()` outside any `Graph.as_default()` block."""
    return _executing_eagerly()


from .engine.graph import executing_eagerly as _executing_eagerly  # noqa: E402
from .eager import GradientTape, enable_eager_execution  # noqa: E402,F401  (TF 1.15's eager mode)


def load_ipython_extension(ipython):
    """`%load_ext nbgraph` (imported lazily so plain Python never loads IPython code)."""
    from .ipython.extension import load_ipython_extension as _load
    from .tutor import magic as _tutor_magic  # noqa: F401  (registers `%nbgraph lesson`)
    _load(ipython)


def unload_ipython_extension(ipython):
    from .ipython.extension import unload_ipython_extension as _unload
    _unload(ipython)


import builtins as _builtins  # noqa: E402
import sys as _sys  # noqa: E402

compat.v1 = _sys.modules[__name__]


def _hint_in_plain_kernel():
    """In a Jupyter kernel without the extension, say once (after the importing cell) how to
    get the pictures. Uses IPython only if it is already running: importing nbgraph never
    imports IPython."""
    ipython_mod = _sys.modules.get("IPython")
    shell = ipython_mod.get_ipython() if ipython_mod is not None else None
    if shell is None or "ipykernel" not in _sys.modules:
        return

    def check(*_args):
        try:
            shell.events.unregister("post_run_cell", check)
        except ValueError:
            pass
        if "nbgraph" not in shell.extension_manager.loaded:
            # Python's print: `print` in this module is tf.print once the surface is installed
            _builtins.print("nbgraph: this is a plain Python kernel. Run `%load_ext nbgraph` for graph pictures, "
                            "placement logs and the stepper, or switch the kernel to 'Python 3 (nbgraph)'.")

    shell.events.register("post_run_cell", check)


# tf.saved_model (TF 1.x's builder/loader API on the real SavedModel format)
from .formats import saved_model as _sm  # noqa: E402
saved_model = _namespace(
    "saved_model", "tf.saved_model", simple_save=_sm.simple_save, load=_sm.load, Builder=_sm.SavedModelBuilder,
    build_tensor_info=_sm.build_tensor_info, build_signature_def=_sm.build_signature_def,
    predict_signature_def=_sm.predict_signature_def, classification_signature_def=_sm.classification_signature_def,
    regression_signature_def=_sm.regression_signature_def, maybe_saved_model_directory=_sm.maybe_saved_model_directory,
    SERVING=_sm.tag_constants.SERVING, TRAINING=_sm.tag_constants.TRAINING,
    DEFAULT_SERVING_SIGNATURE_DEF_KEY=_sm.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY,
    PREDICT_METHOD_NAME=_sm.signature_constants.PREDICT_METHOD_NAME,
    tag_constants=_sm.tag_constants, signature_constants=_sm.signature_constants,
    builder=_namespace("saved_model.builder", "tf.saved_model.builder", SavedModelBuilder=_sm.SavedModelBuilder),
    loader=_namespace("saved_model.loader", "tf.saved_model.loader", load=_sm.load,
                      maybe_saved_model_directory=_sm.maybe_saved_model_directory),
    utils=_namespace("saved_model.utils", "tf.saved_model.utils", build_tensor_info=_sm.build_tensor_info),
    signature_def_utils=_namespace("saved_model.signature_def_utils", "tf.saved_model.signature_def_utils",
                                   build_signature_def=_sm.build_signature_def,
                                   predict_signature_def=_sm.predict_signature_def,
                                   classification_signature_def=_sm.classification_signature_def,
                                   regression_signature_def=_sm.regression_signature_def))

# where_v2, the image adjustments and crops, and ops the catalogue had without a public name
from .engine.ops import more_array_ops as _more  # noqa: E402
from .engine.ops.more_array_ops import saturate_cast, where_v2  # noqa: E402,F401
from .engine.ops.grad_ops import cumprod, invert_permutation, setdiff1d  # noqa: E402,F401
from .engine.variables import model_variables  # noqa: E402,F401
listdiff = setdiff1d
image = globals().get("image") or _namespace("image", "tf.image")
image.__dict__.update({n: getattr(_more, n) for n in _more.__all__ if n not in ("where_v2", "saturate_cast")})
math.__dict__.update(cumprod=cumprod, invert_permutation=invert_permutation)
from .engine.ops import color_ops as _color  # noqa: E402
image.__dict__.update({n: getattr(_color, n) for n in _color.__all__})

# tf.image's file codecs (decode_jpeg/png/gif/bmp/image, encode_jpeg/png), beside its pixel ops
from .engine.ops import image_codec_ops as _image_codecs  # noqa: E402
image = globals().get("image") or _namespace("image", "tf.image")
image.__dict__.update({n: getattr(_image_codecs, n) for n in _image_codecs.__all__})

# the ops3 round's names (depthwise/separable/3-D conv, scatter, sparse, lookup, optimizers ...)
from . import surface_ops3 as _surface_ops3  # noqa: E402
_surface_ops3.install(globals())
# TF 1.15's other v1 names of these image functions
image.__dict__.update(resize=image.resize_images, resize_with_crop_or_pad=image.resize_image_with_crop_or_pad,
                      random_crop=random_crop)

_hint_in_plain_kernel()

# complex numbers (tf.complex64/complex128, tf.complex, tf.real/imag/conj; tf.abs gives ComplexAbs)
from .engine.dtypes import complex64, complex128  # noqa: E402,F401
from .engine.ops.complex_ops import complex, conj, imag, real  # noqa: E402,F401,A004
dtypes.complex64, dtypes.complex128 = complex64, complex128
math.real, math.imag, math.conj = real, imag, conj

from . import keras  # noqa: E402,F401  (tf.keras: Keras in TF 1.15 graph mode)
# tf.estimator and tf.feature_column (nbgraph/estimator, nbgraph/feature_column)
from . import estimator, feature_column  # noqa: E402,F401
from .engine.ops import cross_ops as _cross_ops  # noqa: E402,F401  (SparseCross)
from .engine.ops.hash_ops import string_to_hash_bucket_fast  # noqa: E402,F401
strings.to_hash_bucket_fast = string_to_hash_bucket_fast
if "tables_initializer" not in globals():  # the lookup-table work may define it first
    def tables_initializer(name="init_all_tables"):
        """`tf.tables_initializer()`: groups the graph's table initializers (a no-op without any)."""
        found = get_collection("table_initializer")
        return group(*found, name=name) if found else no_op(name=name)

# the surfb round: TF 1.15 utility names (nbgraph/surface_more)
from .surface_more import install as _install_surface_more  # noqa: E402
_install_surface_more(globals())
# surfa round: tf.norm, sort/argsort, reduce_std/variance, more tf.nn / tf.math names (nbgraph/surface_more_math.py)
from . import surface_more_math as _surface_more_math  # noqa: E402
_surface_more_math.install(globals())
