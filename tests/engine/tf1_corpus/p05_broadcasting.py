import tensorflow as tf
import collections
import numpy as np

# Broadcasting: static shapes (with unknown dims) and values.


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


m = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
row = tf.constant([10.0, 20.0, 30.0])
col = tf.constant([[100.0], [200.0]])
s = tf.constant(0.5)
p = tf.placeholder(tf.float32, [None, 3], name="p")
q = tf.placeholder(tf.float32, [None, 1], name="q")
exprs = [m + row, m * col, row + col, m - s, p + row, p * q, q + row, p + m]
for t in exprs:
    print(t.name, t.shape, t.get_shape().as_list())
with tf.Session() as sess:
    feed = {p: [[1, 1, 1], [2, 2, 2]], q: [[3], [4]]}
    for t, v in zip(exprs, sess.run(exprs, feed_dict=feed)):
        show(t.name, v)
    show("p*q 3 rows", sess.run(p * q, {p: np.ones((3, 3)), q: [[1], [2], [3]]}))
