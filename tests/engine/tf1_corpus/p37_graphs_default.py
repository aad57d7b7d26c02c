import tensorflow as tf
import collections
import numpy as np

# Graphs: the default graph, as_default nesting, lookup by name, finalize, reset.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

g0 = tf.get_default_graph()
c0 = tf.constant(0, name="c0")
g1 = tf.Graph()
with g1.as_default() as g:
    print(g is g1, tf.get_default_graph() is g1)
    x = tf.constant(1, name="x")
    y = tf.add(x, x, name="y")
    g2 = tf.Graph()
    with g2.as_default():
        z = tf.constant(2, name="x")
        print(tf.get_default_graph() is g2, z.name)
    print(tf.get_default_graph() is g1)
print(tf.get_default_graph() is g0)
print([op.name for op in g1.get_operations()])
print(g1.get_operation_by_name("y").type, g1.get_tensor_by_name("y:0").name)
print(g1.as_graph_element("x:0").name, g1.as_graph_element("x").type)
show_error("no such op", lambda: g1.get_operation_by_name("nope"))
show_error("no such tensor", lambda: g1.get_tensor_by_name("nope:0"))
show_error("op name as tensor", lambda: g1.get_tensor_by_name("y"))
g1.finalize()
print(g1.finalized)
with g1.as_default():
    show_error("add to finalized", lambda: tf.constant(3))
with tf.Session(graph=g1) as sess:
    show("y", sess.run(y))


def reset_nested():
    with tf.Graph().as_default():
        tf.reset_default_graph()


show_error("reset inside as_default", reset_nested)
tf.reset_default_graph()
print(tf.get_default_graph() is g0, len(tf.get_default_graph().get_operations()))
print(tf.constant(0).name, c0.graph is g0)
