"""The op catalogue. Importing it registers every op type (see `engine/registry.py`) and lends
the core the few op-building functions it needs (`registry.lend`). The core never imports it:
`nbgraph/__init__.py` does, once."""
from . import (array_ops, control_flow_ops, control_ops, index_ops, math_ops, nn_ops,  # noqa: F401
               operators, random_ops, reduce_ops, slice_ops, state_ops, while_loop)
from ..registry import lend as _lend

# what engine/variables.py, engine/initializers.py and engine/convert.py build graphs with
_lend(identity=array_ops.identity, placeholder=array_ops.placeholder, constant=array_ops.constant, zeros=array_ops.zeros, ones=array_ops.ones,
      auto_pack=index_ops._auto_pack, stack=index_ops.stack, boolean_mask=index_ops.boolean_mask,
      logical_not=math_ops.logical_not, no_op=control_ops.no_op, group=control_ops.group,
      with_dependencies=control_ops.with_dependencies, variable_op_v2=state_ops.variable_op_v2,
      assign=state_ops.assign, assign_add=state_ops.assign_add, assign_sub=state_ops.assign_sub,
      is_variable_initialized=state_ops.is_variable_initialized, random_normal=random_ops.random_normal,
      truncated_normal=random_ops.truncated_normal, random_uniform=random_ops.random_uniform)
from . import grad_ops, array_grad, math_grad, reduce_grad, nn_grad, hessians  # noqa: F401,E402  (gradients)
from . import control_flow_grad  # noqa: F401,E402
from . import tensor_array_ops, tensor_array_grad  # noqa: F401,E402  (tf.TensorArray)
from . import sequence_ops  # noqa: F401,E402  (tf.reverse, tf.reverse_sequence)
from . import data_ops, input_ops, io_ops, queue_ops, script_ops, string_ops  # noqa: F401,E402  (input pipeline)
from . import csv_dataset_ops  # noqa: F401,E402  (tf.data.experimental.CsvDataset)
from . import input_grad  # noqa: F401,E402
from . import nn_extra_ops, training_ops  # noqa: F401,E402  (training: tf.nn extras, Apply* ops)
from . import nn_extra_grad, training_grad  # noqa: F401,E402  (their gradients)
from . import conv_grad, linalg_grad  # noqa: F401,E402  (gradients of the ops above)
from . import checkpoint_ops, summary_ops  # noqa: F401,E402  (tf.train.Saver's SaveV2/RestoreV2, tf.summary)
from . import segment_ops, reorder_ops, segment_grad  # noqa: F401,E402  (grouping and reordering ops)
from . import parsing_ops, sparse_ops  # noqa: F401,E402  (tf.train.Example parsing, sparse to dense)
from . import check_ops  # noqa: F401,E402  (tf.assert_*)
from . import image_codec_ops  # noqa: F401,E402  (tf.image decode_*/encode_*)
from . import batch_norm_ops  # noqa: F401,E402  (FusedBatchNormV3 and its gradient)
from . import conv_more_ops  # noqa: F401,E402  (conv1d, conv2d_transpose, 1-D pooling, LRN)
from . import image_ops  # noqa: F401,E402  (tf.image basics, ReverseV2)
from . import candidate_sampling_ops  # noqa: F401,E402  (nce_loss, sampled_softmax_loss)
from . import text_ops  # noqa: F401,E402  (tf.string_split, tf.strings.*)
from . import more_array_ops  # noqa: F401,E402  (SelectV2 / where_v2, image adjustments)
from . import color_ops  # noqa: F401,E402  (tf.image hue/saturation/HSV)
from . import conv_nd_ops, conv_nd_more, scatter_ops, sparse_more_ops, sparse_combine_ops  # noqa: F401,E402  (ops3)
from . import image_box_ops, image_crop_ops, lookup_ops, training_more_ops, atrous_ops  # noqa: F401,E402  (ops3)
from . import random_more_ops  # noqa: F401,E402  (tf.multinomial / tf.random.categorical)
from . import complex_ops  # noqa: F401,E402  (tf.complex, tf.real/imag/conj, ComplexAbs)
