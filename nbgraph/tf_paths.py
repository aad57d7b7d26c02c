"""The `tensorflow.python.*` module paths TF1 lessons import, made of nbgraph's own functions.

Cookbook notebooks reset their graph with `from tensorflow.python.framework import ops;
ops.reset_default_graph()`, others import `dtypes`, `tensor_shape`, `constant_op` or
`tensorflow.python.ops.math_ops` and friends. Only the `tensorflow` alias (ipython/alias.py,
on in the nbgraph kernel) puts these modules into `sys.modules`; `import nbgraph` alone never
does.

Each module lists the names the real TensorFlow module has (taken from TensorFlow itself) and
looks each one up in nbgraph when it is first used, so a name nbgraph gains later appears here
too; a name nbgraph lacks is an AttributeError that says so.
"""
from __future__ import annotations

import types

__all__ = ["modules", "TFModule"]

# module (under tensorflow.python.) -> (nbgraph namespaces searched in order, the module's names)
# namespaces: "" the nbgraph package, "nn"/"linalg"/"math"/... its tf.* namespaces,
# "shapes" nbgraph.engine.shapes
_MODULES = {
    "framework.ops": (('', 'errors'),
        "Graph GraphKeys IndexedSlices NoGradient NotDifferentiable Operation RegisterGradient Tensor "
        "add_to_collection add_to_collections cast colocate_with container control_dependencies "
        "convert_to_tensor device disable_eager_execution dtypes enable_eager_execution errors "
        "executing_eagerly_outside_functions get_collection get_collection_ref get_default_graph "
        "get_default_session init_scope is_symbolic_tensor name_scope no_gradient op_scope "
        "reset_default_graph"),
    "framework.dtypes": (('dtypes', ''),
        "DType QUANTIZED_DTYPES as_dtype bfloat16 bool complex128 complex64 double float16 float32 float64 "
        "half int16 int32 int64 int8 qint16 qint32 qint8 quint16 quint8 resource uint16 uint32 uint64 uint8 "
        "variant"),
    "framework.tensor_shape": (('', 'shapes'),
        "Dimension TensorShape as_dimension as_shape dimension_at_index dimension_value "
        "disable_v2_tensorshape enable_v2_tensorshape matrix scalar unknown_shape vector"),
    "framework.constant_op": (('',),
        "constant dtypes"),
    "framework.errors": (('errors',),
        "ABORTED ALREADY_EXISTS AbortedError AlreadyExistsError CANCELLED CancelledError DATA_LOSS "
        "DEADLINE_EXCEEDED DataLossError DeadlineExceededError FAILED_PRECONDITION FailedPreconditionError "
        "INTERNAL INVALID_ARGUMENT InternalError InvalidArgumentError NOT_FOUND NotFoundError OK OUT_OF_RANGE "
        "OpError OutOfRangeError PERMISSION_DENIED PermissionDeniedError RESOURCE_EXHAUSTED "
        "ResourceExhaustedError UNAUTHENTICATED UNAVAILABLE UNIMPLEMENTED UNKNOWN UnauthenticatedError "
        "UnavailableError UnimplementedError UnknownError error_code_from_exception_type "
        "exception_type_from_error_code raise_exception_on_not_ok_status"),
    "framework.errors_impl": (('errors',),
        "ABORTED ALREADY_EXISTS AbortedError AlreadyExistsError CANCELLED CancelledError DATA_LOSS "
        "DEADLINE_EXCEEDED DataLossError DeadlineExceededError FAILED_PRECONDITION FailedPreconditionError "
        "INTERNAL INVALID_ARGUMENT InternalError InvalidArgumentError NOT_FOUND NotFoundError OK OUT_OF_RANGE "
        "OpError OutOfRangeError PERMISSION_DENIED PermissionDeniedError RESOURCE_EXHAUSTED "
        "ResourceExhaustedError UNAUTHENTICATED UNAVAILABLE UNIMPLEMENTED UNKNOWN UnauthenticatedError "
        "UnavailableError UnimplementedError UnknownError error_code_from_exception_type "
        "exception_type_from_error_code raise_exception_on_not_ok_status"),
    "framework.random_seed": (('random', ''),
        "get_seed set_random_seed"),
    "framework.graph_util": (('graph_util',),
        "convert_variables_to_constants extract_sub_graph must_run_on_cpu remove_training_nodes "
        "tensor_shape_from_node_def_name"),
    "framework.graph_io": (('train',),
        "write_graph"),
    "ops.math_ops": (('math', '', 'linalg'),
        "Print abs accumulate_n acos acosh add add_n angle arg_max arg_min argmax argmin asin asinh atan "
        "atan2 atanh betainc bincount cast ceil complex conj cos cosh count_nonzero cross cumprod cumsum "
        "cumulative_logsumexp digamma div div_no_nan divide dtypes equal erf erfc erfcinv erfinv exp expm1 "
        "floor floor_div floordiv floormod greater greater_equal igamma igammac imag inv is_finite is_inf "
        "is_nan less less_equal lgamma lin_space linspace log log1p log_sigmoid logical_and logical_not "
        "logical_or logical_xor matmul matvec maximum minimum mod multiply multiply_no_nan ndtri negative "
        "nextafter not_equal polygamma polyval pow range real realdiv reciprocal reciprocal_no_nan reduce_all "
        "reduce_any reduce_euclidean_norm reduce_logsumexp reduce_max reduce_mean reduce_min reduce_prod "
        "reduce_std reduce_sum reduce_variance rint round rsqrt saturate_cast scalar_mul segment_max "
        "segment_mean segment_min segment_prod segment_sum sigmoid sign sin sinh sobol_sample softplus "
        "sparse_matmul sparse_segment_mean sparse_segment_sqrt_n sparse_segment_sum sqrt square "
        "squared_difference subtract tan tanh tensordot to_bfloat16 to_complex128 to_complex64 to_double "
        "to_float to_int32 to_int64 truediv truncatediv truncatemod unsorted_segment_max "
        "unsorted_segment_mean unsorted_segment_min unsorted_segment_prod unsorted_segment_sqrt_n "
        "unsorted_segment_sum xdivy xlog1py xlogy zeta"),
    "ops.array_ops": (('', 'linalg'),
        "batch_gather batch_to_space batch_to_space_nd bitcast boolean_mask broadcast_dynamic_shape "
        "broadcast_static_shape broadcast_to cast check_numerics concat constant depth_to_space dequantize "
        "diag diag_part dtypes edit_distance ensure_shape errors expand_dims extract_image_patches "
        "extract_volume_patches fake_quant_with_min_max_args fake_quant_with_min_max_args_gradient "
        "fake_quant_with_min_max_vars fake_quant_with_min_max_vars_gradient "
        "fake_quant_with_min_max_vars_per_channel fake_quant_with_min_max_vars_per_channel_gradient fill "
        "fingerprint gather gather_nd guarantee_const identity identity_n invert_permutation matrix_band_part "
        "matrix_diag matrix_diag_part matrix_set_diag matrix_transpose meshgrid newaxis one_hot ones "
        "ones_like pad parallel_stack placeholder placeholder_with_default quantize quantize_v2 "
        "quantized_concat rank repeat required_space_to_batch_paddings reshape reverse reverse_sequence "
        "reverse_v2 scatter_nd searchsorted sequence_mask setdiff1d shape shape_n size slice space_to_batch "
        "space_to_batch_nd space_to_depth sparse_mask sparse_placeholder split squeeze stack stop_gradient "
        "strided_slice tensor_diag_part tensor_scatter_add tensor_scatter_nd_update tensor_scatter_sub "
        "tensor_scatter_update tile transpose unique unique_with_counts unravel_index unstack where where_v2 "
        "zeros zeros_like"),
    "ops.nn_ops": (('nn', ''),
        "approx_max_k approx_min_k approx_top_k atrous_conv2d atrous_conv2d_transpose avg_pool avg_pool1d "
        "avg_pool2d avg_pool3d avg_pool_v2 bias_add conv conv1d conv1d_transpose conv2d "
        "conv2d_backprop_filter conv2d_backprop_filter_v2 conv2d_backprop_input conv2d_backprop_input_v2 "
        "conv2d_transpose conv3d conv3d_backprop_filter conv3d_backprop_filter_v2 conv3d_transpose "
        "conv_transpose convolution crelu depthwise_conv2d_native depthwise_conv2d_native_backprop_filter "
        "depthwise_conv2d_native_backprop_input dilation2d dropout dtypes elu erosion2d fractional_avg_pool "
        "fractional_max_pool in_top_k l2_loss leaky_relu local_response_normalization log_softmax lrn "
        "max_pool max_pool1d max_pool2d max_pool3d max_pool_v2 max_pool_with_argmax pool quantized_avg_pool "
        "quantized_conv2d quantized_max_pool quantized_relu_x relu relu6 selu softmax "
        "softmax_cross_entropy_with_logits softmax_cross_entropy_with_logits_v2 softplus softsign "
        "sparse_softmax_cross_entropy_with_logits top_k with_space_to_batch xw_plus_b"),
    "ops.nn": (('nn',),
        "all_candidate_sampler approx_max_k approx_min_k atrous_conv2d atrous_conv2d_transpose avg_pool "
        "avg_pool1d avg_pool2d avg_pool3d avg_pool_v2 batch_norm_with_global_normalization "
        "batch_normalization bias_add collapse_repeated compute_accidental_hits compute_average_loss conv1d "
        "conv1d_transpose conv2d conv2d_backprop_filter conv2d_backprop_input conv2d_transpose conv3d "
        "conv3d_backprop_filter conv3d_backprop_filter_v2 conv3d_transpose conv_transpose convolution crelu "
        "ctc_beam_search_decoder ctc_beam_search_decoder_v2 ctc_greedy_decoder ctc_loss ctc_loss_v2 "
        "ctc_unique_labels depthwise_conv2d depthwise_conv2d_native depthwise_conv2d_native_backprop_filter "
        "depthwise_conv2d_native_backprop_input dilation2d dropout elu embedding_lookup "
        "embedding_lookup_sparse erosion2d fixed_unigram_candidate_sampler fractional_avg_pool "
        "fractional_max_pool fused_batch_norm in_top_k l2_loss l2_normalize leaky_relu "
        "learned_unigram_candidate_sampler local_response_normalization log_poisson_loss log_softmax "
        "log_uniform_candidate_sampler lrn max_pool max_pool1d max_pool2d max_pool3d max_pool_v2 "
        "max_pool_with_argmax moments nce_loss normalize_moments pool quantized_avg_pool quantized_conv2d "
        "quantized_max_pool quantized_relu_x relu relu6 relu_layer safe_embedding_lookup_sparse "
        "sampled_softmax_loss scale_regularization_loss selu separable_conv2d sigmoid "
        "sigmoid_cross_entropy_with_logits softmax softmax_cross_entropy_with_logits "
        "softmax_cross_entropy_with_logits_v2 softplus softsign sparse_softmax_cross_entropy_with_logits "
        "sufficient_statistics swish tanh top_k uniform_candidate_sampler weighted_cross_entropy_with_logits "
        "weighted_moments with_space_to_batch xw_plus_b zero_fraction"),
    "ops.nn_impl": (('nn',),
        "batch_norm_with_global_normalization batch_normalization depthwise_conv2d fused_batch_norm "
        "l2_normalize log_poisson_loss moments nce_loss normalize_moments relu_layer sampled_softmax_loss "
        "separable_conv2d sigmoid_cross_entropy_with_logits sufficient_statistics swish "
        "weighted_cross_entropy_with_logits weighted_moments zero_fraction"),
    "ops.init_ops": (('initializers', ''),
        "constant_initializer dtypes glorot_normal_initializer glorot_uniform_initializer he_normal "
        "he_uniform lecun_normal lecun_uniform ones_initializer orthogonal_initializer "
        "random_normal_initializer random_uniform_initializer truncated_normal_initializer "
        "uniform_unit_scaling_initializer variance_scaling_initializer zeros_initializer"),
    "ops.variables": (('',),
        "Variable VariableAggregation VariableSynchronization all_variables assert_variables_initialized "
        "dtypes global_variables global_variables_initializer initialize_all_variables "
        "initialize_local_variables initialize_variables local_variables local_variables_initializer "
        "model_variables moving_average_variables report_uninitialized_variables trainable_variables "
        "variables_initializer"),
    "ops.variable_scope": (('',),
        "AUTO_REUSE VariableAggregation VariableScope VariableSynchronization dtypes get_local_variable "
        "get_variable get_variable_scope no_regularizer variable_creator_scope variable_op_scope "
        "variable_scope"),
    "ops.state_ops": (('',),
        "Variable assign assign_add assign_sub batch_scatter_update count_up_to is_variable_initialized "
        "scatter_add scatter_div scatter_max scatter_min scatter_mul scatter_nd_add scatter_nd_sub "
        "scatter_nd_update scatter_sub scatter_update"),
    "ops.control_flow_ops": (('',),
        "Assert case cond dtypes group no_op tuple while_loop with_dependencies"),
    "ops.random_ops": (('random', ''),
        "categorical dtypes multinomial random_gamma random_normal random_poisson random_shuffle "
        "random_uniform truncated_normal"),
    "ops.linalg_ops": (('linalg', ''),
        "cholesky cholesky_solve cond dtypes einsum eye lu map_fn matrix_determinant matrix_inverse "
        "matrix_solve matrix_solve_ls matrix_square_root matrix_triangular_solve norm qr self_adjoint_eig "
        "self_adjoint_eigvals svd tridiagonal_solve"),
    "ops.clip_ops": (('',),
        "clip_by_average_norm clip_by_global_norm clip_by_norm clip_by_value dtypes global_norm"),
    "ops.gradients": (('',),
        "AggregationMethod GradientTape UnconnectedGradients custom_gradient gradients hessians"),
    "ops.gradients_impl": (('',),
        "UnconnectedGradients dtypes gradients hessians while_loop"),
    "ops.special_math_ops": (('linalg', ''),
        "einsum lbeta"),
    "client.device_lib": (('test_util',),
        "list_local_devices"),
    "client.session": (('',),
        "InteractiveSession Session device errors"),
    "platform.gfile": (('gfile',),
        "Copy DeleteRecursively Exists FastGFile GFile Glob IsDirectory ListDirectory MakeDirs MkDir Open "
        "Remove Rename Stat Walk"),
}
_PACKAGES = ("", "framework", "ops", "client", "platform", "tools")


def vector(rank):
    """`tensor_shape.vector(n)`: the shape `(n,)`."""
    from .engine.shapes import TensorShape
    return TensorShape([rank])


def matrix(rows, cols):
    """`tensor_shape.matrix(r, c)`: the shape `(r, c)`."""
    from .engine.shapes import TensorShape
    return TensorShape([rows, cols])


def _namespace(key):
    import nbgraph
    if key == "":
        return nbgraph
    if key == "shapes":
        from .engine import shapes
        return shapes
    if key == "test_util":
        from . import test_util
        return test_util
    return getattr(nbgraph, key, None)


class TFModule(types.ModuleType):
    """A `tensorflow.python...` module: TF's names for it, resolved in nbgraph on first use."""

    def __init__(self, name, sources=(), names=()):
        super().__init__(name, f"nbgraph's stand-in for TensorFlow's `{name}`.")
        self._nbgraph_alias = True
        self._sources = tuple(sources)
        self._tf_names = frozenset(names)

    def __getattr__(self, name):
        if name.startswith("__") or name not in self.__dict__.get("_tf_names", ()):
            raise AttributeError(f"module '{self.__name__}' has no attribute '{name}'")
        for key in self._sources:
            ns = _namespace(key)
            if ns is not None and hasattr(ns, name):
                value = getattr(ns, name)
                setattr(self, name, value)
                return value
        if name in ("vector", "matrix"):
            return globals()[name]
        raise AttributeError(f"module '{self.__name__}' has no attribute '{name}' (TensorFlow has it; nbgraph "
                             "does not implement it)")

    def __dir__(self):
        return sorted(set(super().__dir__()) | {n for n in self._tf_names if self._has(n)})

    def _has(self, name):
        try:
            getattr(self, name)
        except AttributeError:
            return False
        return True


_built: dict | None = None


def modules() -> dict[str, types.ModuleType]:
    """`{'tensorflow.python.framework.ops': module, ...}`: every module path, packages included."""
    global _built
    if _built is None:
        built = {}
        for pkg in _PACKAGES:
            name = "tensorflow.python" + (f".{pkg}" if pkg else "")
            mod = TFModule(name)
            mod.__path__ = []  # a package: `import tensorflow.python.framework.ops` walks through it
            built[name] = mod
        for key, (sources, names) in _MODULES.items():
            name = f"tensorflow.python.{key}"
            built[name] = TFModule(name, sources, names.split())
        for pkg in ("tensorflow.examples", "tensorflow.examples.tutorials", "tensorflow.examples.tutorials.mnist"):
            mod = TFModule(pkg)
            mod.__path__ = []
            built[pkg] = mod
        # `from tensorflow.python.tools import inspect_checkpoint` (the r1 save/restore guide) and
        # `from tensorflow.python import pywrap_tensorflow` (its NewCheckpointReader)
        from .train import inspect_checkpoint
        built["tensorflow.python.tools.inspect_checkpoint"] = inspect_checkpoint
        built["tensorflow.python.pywrap_tensorflow"] = TFModule("tensorflow.python.pywrap_tensorflow", ("train",),
                                                                ["NewCheckpointReader"])
        from .datasets import mnist  # `from tensorflow.examples.tutorials.mnist import input_data`
        built["tensorflow.examples.tutorials.mnist.input_data"] = mnist
        for name, mod in built.items():  # each module is an attribute of its package
            parent, _, child = name.rpartition(".")
            if parent in built:
                setattr(built[parent], child, mod)
        _built = built
    return dict(_built)
