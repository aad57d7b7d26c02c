import tensorflow as tf
import numpy as np

# Gradients of binary ops on equal static shapes (no broadcasting): names and values; then the
# values of the broadcasting ones (division, powers, max/min, squared difference).


from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def grad_ops(graph, since):
    for op in graph.get_operations()[since:]:
        inputs = [t.name for t in op.inputs] + sorted("^" + c.name for c in op.control_inputs)
        print("  op", op.name, op.type, inputs)


a = tf.constant([[1.0, 2.0], [3.0, 4.0]], name="a")
b = tf.constant([[0.5, -1.0], [2.0, 0.25]], name="b")
up = tf.constant([[1.0, 2.0], [-1.0, 0.5]], name="up")
g = tf.get_default_graph()
for label, y in [("add", tf.add(a, b)), ("plus", a + b), ("sub", a - b), ("mul", a * b),
                 ("add_n", tf.add_n([a, b, a]))]:
    n0 = len(g.get_operations())
    grads = tf.gradients(y, [a, b], grad_ys=up)
    print(label, grads)
    grad_ops(g, n0)
    with tf.Session() as sess:
        for i, t in enumerate(sess.run(grads)):
            show(label + str(i), t)

c = tf.constant([1.0, 2.0, 3.0], name="c")
d = tf.constant([[2.5], [0.5]], name="d")
pairs = [("div", c / d), ("pow", tf.pow(c, d)), ("max", tf.maximum(c, d)), ("min", tf.minimum(c, d)),
         ("sqdiff", tf.squared_difference(c, d)), ("mod", tf.mod(c, d)), ("floordiv", tf.floordiv(c, d)),
         ("bcast_mul", c * d), ("bcast_sub", c - d), ("scalar", c * 3.0 - 1.0)]
with tf.Session() as sess:
    for label, y in pairs:
        for name, t in zip(("_dc", "_dd"), tf.gradients(y, [c, d])):
            print(label + name, None if t is None else t.shape)
            if t is not None:
                show(label + name, sess.run(t))
