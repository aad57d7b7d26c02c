import tensorflow as tf
import numpy as np

# Gradients of unary elementwise ops: the ops under gradients_k/<op>_grad/ and their values.
# grad_ys is given, so the head of each gradient graph is an Identity `grad_ys_0`.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def grad_ops(graph, since):
    for op in graph.get_operations()[since:]:
        inputs = [t.name for t in op.inputs] + sorted("^" + c.name for c in op.control_inputs)
        print("  op", op.name, op.type, inputs)


x = tf.constant([[0.5, 1.0, 2.0], [3.0, 0.25, 1.5]], name="x")
up = tf.constant([[1.0, -2.0, 0.5], [2.0, 1.0, -1.0]], name="up")
g = tf.get_default_graph()
fns = [("exp", tf.exp), ("log", tf.log), ("sqrt", tf.sqrt), ("rsqrt", tf.rsqrt), ("square", tf.square),
       ("negative", tf.negative), ("sigmoid", tf.sigmoid), ("tanh", tf.tanh), ("relu", tf.nn.relu),
       ("relu6", tf.nn.relu6), ("elu", tf.nn.elu), ("sin", tf.sin), ("cos", tf.cos),
       ("reciprocal", tf.reciprocal), ("log1p", tf.log1p), ("abs", tf.abs), ("identity", tf.identity),
       ("cast", lambda t: tf.cast(t, tf.float64))]
results = []
for label, fn in fns:
    y = fn(x)
    n0 = len(g.get_operations())
    (dx,) = tf.gradients(y, x, grad_ys=tf.cast(up, y.dtype))
    print(label, dx)
    grad_ops(g, n0)
    results.append(dx)
shifted = x - 1.5  # both sides of the kinks (softplus: TF 2 builds Sigmoid + mul, TF 1.15 SoftplusGrad)
for label, fn in [("softplus", tf.nn.softplus), ("relu_neg", tf.nn.relu), ("elu_neg", tf.nn.elu), ("abs_neg", tf.abs), ("sign", tf.sign),
                  ("floor", tf.floor), ("round", tf.round)]:
    results.append(tf.gradients(fn(shifted), x)[0])
    fns.append((label, fn))
with tf.Session() as sess:
    for (label, _), dx in zip(fns, results):
        print(label, None if dx is None else dx.shape)
        if dx is not None:
            show(label, sess.run(dx))
