import tensorflow as tf
import numpy as np

# Dilated ("atrous") convolution as TF 1.x builds it (SpaceToBatchND, a VALID Conv2D named
# convolution, BatchToSpaceND), SAME and VALID, rate 1; space_to_batch_nd/batch_to_space_nd;
# values and gradients.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

rng = np.random.RandomState(137)
x = tf.placeholder(tf.float32, [None, 7, 6, 2], name="x")
f = tf.constant(rng.randn(3, 3, 2, 4).astype(np.float32), name="f")
a = tf.nn.atrous_conv2d(x, f, 2, "SAME")
b = tf.nn.atrous_conv2d(x, f, 2, "VALID", name="av")
c = tf.nn.atrous_conv2d(x, f, 1, "SAME")
s2b = tf.space_to_batch_nd(x, [2, 3], [[1, 0], [0, 0]])
b2s = tf.batch_to_space_nd(s2b, [2, 3], [[1, 0], [0, 0]])
print(a, b, c, s2b, b2s)
ops()
gx, gf = tf.gradients(tf.reduce_sum(a * a) + tf.reduce_sum(b) + tf.reduce_sum(s2b * s2b), [x, f])
print(sorted(set(o.type for o in tf.get_default_graph().get_operations() if o.name.startswith("gradients"))))
with tf.Session() as s:
    xv = rng.rand(2, 7, 6, 2).astype(np.float32)
    for name, t in [("a", a), ("b", b), ("c", c), ("b2s", b2s), ("gx", gx), ("gf", gf)]:
        show(name, np.round(s.run(t, {x: xv}), 2))
    show("roundtrip", bool(np.array_equal(s.run(b2s, {x: xv}), xv)))
show_error("s2b divisible", lambda: tf.space_to_batch_nd(x, [2, 2], [[0, 0], [0, 0]]))
