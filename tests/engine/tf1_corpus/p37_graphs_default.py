import tensorflow as tf
import collections
import numpy as np

# Graphs: the default graph, as_default nesting, lookup by name, finalize, reset.


def show(label, value):
    """Print a fetched value: its Python type, dtype, shape and values (floats rounded)."""
    if isinstance(value, np.ndarray):
        kind = "ndarray"
    elif isinstance(value, np.generic):
        kind = "numpy." + value.dtype.name
    else:
        kind = type(value).__name__
    a = np.asarray(value)
    if a.dtype.kind == "f":
        values = np.round(a.astype(np.float64), 5).tolist()
    elif a.dtype.kind in "SO":
        values = [v.decode() if isinstance(v, bytes) else v for v in a.ravel().tolist()]
    else:
        values = a.tolist()
    print(label, kind, a.dtype.name, a.shape, values)


def show_error(label, fn, message=True):
    """Run fn and print the exception class and the first line of its message."""
    try:
        fn()
    except Exception as e:
        first = (str(e).strip().splitlines() or [""])[0]
        print(label, "->", type(e).__name__ + (": " + first if message else ""))
    else:
        print(label, "-> no error")


def ops(graph=None):
    """Print every op of a graph: name, type, inputs and ^control inputs (sorted)."""
    graph = graph or tf.get_default_graph()
    for op in graph.get_operations():
        inputs = [t.name for t in op.inputs] + sorted("^" + c.name for c in op.control_inputs)
        print("  op", op.name, op.type, inputs)


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
