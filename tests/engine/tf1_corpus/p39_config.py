import tensorflow as tf
import collections
import numpy as np

# ConfigProto and GPUOptions: fields, defaults, attribute setting and unknown fields.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)
config.gpu_options.allow_growth = True
print(config.allow_soft_placement, config.log_device_placement, config.gpu_options.allow_growth)
print(repr(str(config)))
c2 = tf.ConfigProto()
print(c2.allow_soft_placement, c2.log_device_placement, c2.inter_op_parallelism_threads,
      c2.intra_op_parallelism_threads, c2.operation_timeout_in_ms, c2.gpu_options.allow_growth,
      c2.gpu_options.per_process_gpu_memory_fraction, repr(c2.gpu_options.visible_device_list))
print(repr(str(c2)))
gpu = tf.GPUOptions(per_process_gpu_memory_fraction=0.5, visible_device_list="0")
c3 = tf.ConfigProto(gpu_options=gpu, device_count={"GPU": 0}, inter_op_parallelism_threads=2,
                    intra_op_parallelism_threads=4, operation_timeout_in_ms=1000)
print(c3.gpu_options.per_process_gpu_memory_fraction, c3.device_count["GPU"], c3.inter_op_parallelism_threads)
c3.allow_soft_placement = True
c3.gpu_options.visible_device_list = "0"
print(repr(c3.gpu_options.visible_device_list), c3.allow_soft_placement)
c3.gpu_options.visible_device_list = ""
show_error("unknown field in constructor", lambda: tf.ConfigProto(bogus=1))
show_error("unknown GPUOptions field", lambda: tf.GPUOptions(bogus=1))


def set_unknown():
    c = tf.ConfigProto()
    c.bogus = 1


show_error("set unknown attribute", set_unknown, message=False)
a = tf.constant([1.0, 2.0])
with tf.Session(config=config) as sess:
    show("runs with config", sess.run(a * 2))
with tf.Session(config=c3) as sess:
    show("runs with c3", sess.run(a + 1))
