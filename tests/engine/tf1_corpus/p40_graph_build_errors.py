import tensorflow as tf
import collections
import numpy as np

# Errors raised while building the graph (shape inference, names), by class.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

show_error("matmul shapes", lambda: tf.matmul(tf.ones([2, 3]), tf.ones([2, 3])), message=False)
show_error("matmul rank", lambda: tf.matmul(tf.ones([3]), tf.ones([3])), message=False)
show_error("reshape size", lambda: tf.reshape(tf.ones([2, 3]), [4, 2]), message=False)
show_error("broadcast", lambda: tf.ones([2, 3]) + tf.ones([4]), message=False)
show_error("concat", lambda: tf.concat([tf.ones([2, 3]), tf.ones([2, 4])], 0), message=False)
show_error("bad name", lambda: tf.constant(1, name="<b>"), message=False)
show_error("bad scope", lambda: tf.name_scope("<b>").__enter__(), message=False)
show_error("placeholder feed partial", lambda: tf.matmul(tf.placeholder(tf.float32, [None, 3]), tf.ones([3, 2])))
show_error("unknown dims ok", lambda: tf.placeholder(tf.float32) + tf.ones([4]))
ok = tf.reshape(tf.ones([2, 3]), [3, -1])
print(ok, tf.matmul(tf.placeholder(tf.float32, [None, 3]), tf.ones([3, 2])))
