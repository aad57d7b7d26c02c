import tensorflow as tf
import collections
import numpy as np

# placeholder_with_default: the default is used unless fed.


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


default = tf.constant([1.0, 2.0], name="default")
p = tf.placeholder_with_default(default, shape=[None], name="p")
q = tf.placeholder_with_default(3, [])
out = p * 10
print(p)
print(q)
print(out)
ops()
with tf.Session() as sess:
    show("default", sess.run(out))
    show("fed", sess.run(out, {p: [5.0, 6.0, 7.0]}))
    show("q default", sess.run(q))
    show("q fed", sess.run(q, {q: 8}))
