import tensorflow as tf
import collections
import numpy as np

# Indexing and slicing tensors (StridedSlice) and tf.slice.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

m = tf.constant([[1, 2, 3], [4, 5, 6], [7, 8, 9]], name="m")
v = tf.constant([10.0, 20.0, 30.0, 40.0], name="v")
p = tf.placeholder(tf.float32, [None, 4], name="p")
results = [
    v[0], v[1:], v[:-1], v[::2], v[::-1], v[-1],
    m[1], m[:, 1], m[1:, :2], m[..., 0], m[:, tf.newaxis, 0], m[0, 2],
    p[:, 0], p[0], p[:, 1:3],
]
for t in results:
    print(t, t.op.type)
print([op.name for op in tf.get_default_graph().get_operations()][:12])
with tf.Session() as sess:
    feed = {p: [[1, 2, 3, 4], [5, 6, 7, 8]]}
    for t in results:
        show(t.name, sess.run(t, feed))
