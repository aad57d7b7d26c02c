import tensorflow as tf
import os
import tempfile

from tensorflow.python.tools import inspect_checkpoint as chkp

# Looking inside a checkpoint the TF1 way: inspect_checkpoint's printout (every tensor, one tensor,
# the name/dtype/shape list, a missing name, an excluded pattern in the parameter count) and
# tf.train.NewCheckpointReader's maps.

from corpus_helpers import show  # noqa: E402

w = tf.get_variable("layer/w", shape=[2, 3], initializer=tf.constant_initializer(0.5))
b = tf.get_variable("layer/b", shape=[3], dtype=tf.float64, initializer=tf.zeros_initializer)
steps = tf.Variable(7, name="steps")
bump = [w.assign(w * 2.0), b.assign_add(tf.ones([3], tf.float64))]
saver = tf.train.Saver()
folder = tempfile.mkdtemp()
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    s.run(bump)
    prefix = saver.save(s, os.path.join(folder, "model.ckpt"), global_step=3)
print(os.path.basename(prefix))
chkp.print_tensors_in_checkpoint_file(prefix, tensor_name="", all_tensors=True)
chkp.print_tensors_in_checkpoint_file(prefix, tensor_name="layer/w", all_tensors=False)
chkp.print_tensors_in_checkpoint_file(prefix, tensor_name="", all_tensors=False)
chkp.print_tensors_in_checkpoint_file(prefix, tensor_name="", all_tensors=False, all_tensor_names=True,
                                      count_exclude_pattern="^layer/")
reader = tf.train.NewCheckpointReader(prefix)
print("shapes", sorted(reader.get_variable_to_shape_map().items()))
print("dtypes", sorted((k, v.name) for k, v in reader.get_variable_to_dtype_map().items()))
show("has", [reader.has_tensor("steps"), reader.has_tensor("nope")])
show("steps", reader.get_tensor("steps"))
