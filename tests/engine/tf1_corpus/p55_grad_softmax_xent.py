import tensorflow as tf
import numpy as np

# Softmax and log-softmax gradients by name; softmax and sigmoid cross-entropy by value.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def grad_ops(graph, since):
    for op in graph.get_operations()[since:]:
        inputs = [t.name for t in op.inputs] + sorted("^" + c.name for c in op.control_inputs)
        print("  op", op.name, op.type, inputs)


logits = tf.constant([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]], tf.float64, name="logits")
labels = tf.constant([[1.0, 0.0, 0.0], [0.2, 0.7, 0.1]], tf.float64, name="labels")
up = tf.constant([[1.0, -1.0, 0.5], [0.0, 2.0, 1.0]], tf.float64, name="up")
g = tf.get_default_graph()
for fn in (tf.nn.softmax, tf.nn.log_softmax):
    y = fn(logits)
    n0 = len(g.get_operations())
    (d,) = tf.gradients(y, logits, grad_ys=up)
    print(fn.__name__, d)
    grad_ops(g, n0)
    with tf.Session() as sess:
        show(fn.__name__, sess.run(d))

xent = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
loss = tf.reduce_mean(xent)
sig = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits))
manual = -tf.reduce_sum(labels * tf.log(tf.nn.softmax(logits)))
with tf.Session() as sess:
    for label, y in [("xent", loss), ("xent_sum", tf.reduce_sum(xent * tf.constant([1.0, 3.0], tf.float64))), ("sigmoid_xent", sig),
                     ("manual", manual)]:
        dl, dz = tf.gradients(y, [logits, labels])
        show(label + "_dlogits", sess.run(dl))
        show(label + "_dlabels", sess.run(dz))
