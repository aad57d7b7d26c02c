import tensorflow as tf
import collections
import numpy as np

# Mixing graphs: fetching, feeding and combining tensors from another graph.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

g1 = tf.Graph()
g2 = tf.Graph()
with g1.as_default():
    a = tf.constant(1.0, name="a")
    p = tf.placeholder(tf.float32, name="p")
with g2.as_default():
    b = tf.constant(2.0, name="b")
print(a.graph is g1, b.graph is g2, tf.get_default_graph() is g1)
sess = tf.Session(graph=g1)
show("own graph", sess.run(a))
show_error("fetch from other graph", lambda: sess.run(b))
show_error("feed key from other graph", lambda: sess.run(a, {b: 3.0}))
show_error("combine graphs", lambda: tf.add(a, b))
show_error("combine with +", lambda: a + b, message=False)
with g1.as_default():
    show_error("combine inside g1", lambda: a * b, message=False)
show("still works", sess.run(p * 2, {p: 4.0}))
sess.close()
