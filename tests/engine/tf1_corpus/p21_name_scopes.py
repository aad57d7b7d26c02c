import tensorflow as tf
import collections
import numpy as np

# name_scope nesting, re-entry, uniquified op names and scope strings.


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


with tf.name_scope("outer") as outer:
    print(repr(outer))
    a = tf.constant(1, name="a")
    with tf.name_scope("inner") as inner:
        print(repr(inner))
        b = tf.add(a, a)
        c = a + a
        d = tf.multiply(a, 2, name="double")
    with tf.name_scope("inner"):
        e = tf.constant(3)
with tf.name_scope("outer"):
    f = tf.constant(4)
with tf.name_scope(outer):
    g = tf.constant(5)
with tf.name_scope(None):
    h = tf.constant(6)
with tf.name_scope("outer/inner/"):
    i = tf.constant(7, name="seven")
x = tf.constant(1, name="x")
x1 = tf.constant(1, name="x")
x2 = tf.constant(1, name="x_1")
x3 = tf.constant(1, name="x")
up = tf.constant(1, name="X")
for t in (a, b, c, d, e, f, g, h, i, x, x1, x2, x3, up):
    print(t.name, t.op.name)
g2 = tf.Graph()
with g2.as_default():
    print(tf.constant(0).name, tf.constant(0, name="outer").name)
    with tf.name_scope("outer"):
        print(tf.constant(0).name)
print([op.name for op in tf.get_default_graph().get_operations()])
