import tensorflow as tf
import collections
import numpy as np

# matmul with transpose flags, the @ operator, and static shapes.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], name="x")
y = tf.constant([[1.0, 0.0], [0.0, 1.0], [2.0, 3.0]], name="y")
p = tf.placeholder(tf.float32, [None, 3], name="p")
results = [
    tf.matmul(x, y),
    tf.matmul(x, x, transpose_b=True),
    tf.matmul(x, x, transpose_a=True),
    tf.matmul(y, x, transpose_a=True, transpose_b=True),
    x @ y,
    tf.matmul(p, y),
    tf.matmul(x, y, name="product"),
]
for t in results:
    print(t, t.op.type, t.op.get_attr("transpose_a"), t.op.get_attr("transpose_b"))
ops()
with tf.Session() as sess:
    for t in results:
        show(t.name, sess.run(t, {p: [[1, 1, 1]]}))
