import tensorflow as tf
import collections
import numpy as np

# Constants: str(), names, shapes, dtypes and fetched values.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

a = tf.constant([1.0, 2.0], name="a")
b = tf.constant([[1, 2], [3, 4]])
c = tf.constant(3)
d = tf.constant(7, shape=[2, 3])
e = tf.constant([1.5, 2.5, 3.5, 4.5], shape=[2, 2])
f = tf.constant(True)
g = tf.constant(np.arange(6, dtype=np.float64).reshape(2, 3))
h = tf.constant(1.0, name="a")
for t in (a, b, c, d, e, f, g, h):
    print(t)
    print(repr(t))
    print(" name", t.name, "op", t.op.name, t.op.type, "index", t.value_index)
    print(" dtype", repr(t.dtype), t.dtype.name, "shape", t.shape, t.get_shape().as_list(), t.shape.ndims)
print(repr(a.op))
print(a.graph is tf.get_default_graph())
ops()
with tf.Session() as sess:
    for t in (a, b, c, d, e, f, g, h):
        show(t.name, sess.run(t))
