import tensorflow as tf
import numpy as np

# MatMul gradients for every transpose combination, and a dense layer's weight gradients.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def grad_ops(graph, since):
    for op in graph.get_operations()[since:]:
        inputs = [t.name for t in op.inputs] + sorted("^" + c.name for c in op.control_inputs)
        print("  op", op.name, op.type, inputs)


a = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], name="a")
b = tf.constant([[1.0, 0.5], [-1.0, 2.0], [0.0, 3.0]], name="b")
g = tf.get_default_graph()
with tf.Session() as sess:
    for ta, tb in [(False, False), (True, False), (False, True), (True, True)]:
        x = tf.transpose(a) if ta else a
        w = tf.transpose(b) if tb else b
        y = tf.matmul(x, w, transpose_a=ta, transpose_b=tb)
        up = tf.ones_like(y) * 2.0
        n0 = len(g.get_operations())
        dx, dw = tf.gradients(y, [x, w], grad_ys=up)
        print(ta, tb, dx, dw)
        grad_ops(g, n0)
        show(f"dx_{ta}_{tb}", sess.run(dx))
        show(f"dw_{ta}_{tb}", sess.run(dw))

    p = tf.placeholder(tf.float32, [None, 3], name="p")
    W = tf.Variable([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], name="W")
    out = tf.nn.relu(tf.matmul(p, W))
    n0 = len(g.get_operations())
    (dW,) = tf.gradients(out, W, grad_ys=tf.ones_like(out))
    print(dW)
    grad_ops(g, n0)
    sess.run(W.initializer)
    show("dW", sess.run(dW, {p: [[1.0, -1.0, 2.0], [0.5, 0.5, -3.0]]}))
