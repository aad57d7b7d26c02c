import tensorflow as tf
import numpy as np

# Reduction gradients: sum and mean over every axis (Reshape + Tile [+ truediv]) by name;
# partial axes, keepdims, max/min (ties share the gradient) and prod by value.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def grad_ops(graph, since):
    for op in graph.get_operations()[since:]:
        inputs = [t.name for t in op.inputs] + sorted("^" + c.name for c in op.control_inputs)
        print("  op", op.name, op.type, inputs)


x = tf.constant([[1.0, 5.0, 3.0], [5.0, 2.0, -1.0]], name="x")
g = tf.get_default_graph()
for y in [tf.reduce_sum(x), tf.reduce_mean(x), tf.reduce_sum(x, keepdims=True)]:
    n0 = len(g.get_operations())
    (dx,) = tf.gradients(y, x, grad_ys=tf.constant(2.0, shape=y.shape.as_list()))
    print(y.op.name, dx)
    grad_ops(g, n0)
    with tf.Session() as sess:
        show(y.op.name, sess.run(dx))

cases = [("sum0", tf.reduce_sum(x, 0)), ("sum1", tf.reduce_sum(x, axis=1, keepdims=True)),
         ("mean0", tf.reduce_mean(x, axis=[0])), ("mean_neg", tf.reduce_mean(x, -1)),
         ("max_all", tf.reduce_max(x)), ("max0", tf.reduce_max(x, 0)), ("min1", tf.reduce_min(x, 1)),
         ("prod_all", tf.reduce_prod(x)), ("prod1", tf.reduce_prod(x, 1)), ("l2", tf.nn.l2_loss(x)),
         ("logsumexp", tf.reduce_logsumexp(x, 1))]
p = tf.placeholder(tf.float32, [None, 3], name="p")
cases += [("p_sum1", tf.reduce_sum(p * x, 1)), ("p_mean", tf.reduce_mean(p * p))]
with tf.Session() as sess:
    for label, y in cases:
        grads = tf.gradients(y, [x, p])
        print(label, [None if t is None else t.shape for t in grads])
        for i, t in enumerate(grads):
            if t is not None:
                show(f"{label}_{i}", sess.run(t, {p: [[1.0, 2.0, 3.0], [0.5, 0.5, 0.5]]}))
