import tensorflow as tf
import collections
import numpy as np

# Mixing graphs: fetching, feeding and combining tensors from another graph.


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
