import tensorflow as tf
import collections
import numpy as np

# concat, stack, unstack, squeeze, expand_dims, reshape, transpose, tile.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

a = tf.constant([[1, 2], [3, 4]], name="a")
b = tf.constant([[5, 6], [7, 8]], name="b")
v = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], name="v")
results = [
    tf.concat([a, b], 0),
    tf.concat([a, b], axis=1),
    tf.concat([a, b], -1),
    tf.stack([a, b]),
    tf.stack([a, b], axis=1),
    tf.squeeze(tf.constant([[[1], [2]]])),
    tf.squeeze(tf.zeros([1, 2, 1]), axis=[0]),
    tf.expand_dims(v, 0),
    tf.expand_dims(v, -1),
    tf.reshape(v, [2, 3]),
    tf.reshape(v, [-1, 2]),
    tf.reshape(v, [3, -1], name="r"),
    tf.transpose(a),
    tf.transpose(tf.reshape(v, [1, 2, 3]), perm=[2, 0, 1]),
    tf.tile(a, [1, 2]),
]
for t in results:
    print(t, t.op.type)
parts = tf.unstack(a)
print(parts)
cols = tf.unstack(a, axis=1)
print(cols, cols[0].op.name, cols[0].op.type, len(cols[0].op.outputs))
ops()
with tf.Session() as sess:
    for t in results + parts + cols:
        show(t.name, sess.run(t))
