import tensorflow as tf
import numpy as np

# Broadcasting gradients when shapes are known only at run time: Shape + BroadcastGradientArgs
# + Sum + Reshape, fed with several shapes.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def grad_ops(graph, since, ordered=True):
    rows = []
    for op in graph.get_operations()[since:]:
        inputs = [t.name for t in op.inputs] + sorted("^" + c.name for c in op.control_inputs)
        rows.append(("  op", op.name, op.type, inputs))
    for row in (rows if ordered else sorted(rows)):
        print(*row)


a = tf.placeholder(tf.float32, None, name="a")
b = tf.placeholder(tf.float32, None, name="b")
g = tf.get_default_graph()
y = a + b
n0 = len(g.get_operations())
add_grads = tf.gradients(y, [a, b], grad_ys=tf.ones_like(y))
print(add_grads)
grad_ops(g, n0)
graphs = []
for label, y in [("mul", a * b), ("sub", a - b)]:
    n0 = len(g.get_operations())
    grads = tf.gradients(y, [a, b], grad_ys=tf.ones_like(y))
    print(label, grads)
    grad_ops(g, n0, ordered=False)
    graphs.append((label, grads))
feeds = [([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [10.0, 20.0, 30.0]),
         ([[1.0], [2.0]], [[3.0, 4.0, 5.0]]),
         (2.0, [[1.0, 2.0], [3.0, 4.0]])]
with tf.Session() as sess:
    for i, (va, vb) in enumerate(feeds):
        for label, grads in [("add", add_grads)] + graphs:
            da, db = sess.run(grads, {a: va, b: vb})
            show(f"{label}{i}_da", da)
            show(f"{label}{i}_db", db)
    show_error("incompatible", lambda: sess.run(add_grads, {a: [1.0, 2.0], b: [1.0, 2.0, 3.0]}))
