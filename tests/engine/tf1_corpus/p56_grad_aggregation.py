import tensorflow as tf
import numpy as np

# Where gradient paths meet: AddN (colocated with its first summand), the tree aggregation,
# gate_gradients' tuple, colocate_gradients_with_ops, and several ys at once.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def grad_ops(graph, since):
    for op in graph.get_operations()[since:]:
        inputs = [t.name for t in op.inputs] + sorted("^" + c.name for c in op.control_inputs)
        print("  op", op.name, op.type, inputs, op.colocation_groups())


c = tf.constant([[1.0, 2.0], [3.0, 4.0]], name="c")
d = tf.constant([[0.5, 1.5], [2.5, -1.0]], name="d")
up = tf.constant([[1.0, 1.0], [2.0, 2.0]], name="up")
g = tf.get_default_graph()
y = c * c + c * d
runs = [("addn", dict()), ("tree", dict(aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE)),
        ("gate", dict(gate_gradients=True)), ("colocate", dict(colocate_gradients_with_ops=True))]
with tf.Session() as sess:
    for label, kw in runs:
        n0 = len(g.get_operations())
        grads = tf.gradients(y, [c, d], grad_ys=up, **kw)
        print(label, grads)
        grad_ops(g, n0)
        for i, t in enumerate(sess.run(grads)):
            show(f"{label}{i}", t)
    n0 = len(g.get_operations())
    both = tf.gradients([c * d, c - d], [c, d], grad_ys=[up, up])
    print("two ys", both)
    grad_ops(g, n0)
    show("two_ys_c", sess.run(both[0]))
    show("two_ys_d", sess.run(both[1]))
    first, second = tf.unstack(c)
    (du,) = tf.gradients(first * 3.0, c, grad_ys=tf.constant([1.0, 2.0]))
    print(du)
    show("unused_output", sess.run(du))
