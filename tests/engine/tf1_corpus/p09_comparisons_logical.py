import tensorflow as tf
import collections
import numpy as np

# Comparison operators and logical ops: names, types, values.


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


a = tf.constant([1.0, 2.0, 3.0], name="a")
b = tf.constant([3.0, 2.0, 1.0], name="b")
t = tf.constant([True, True, False], name="t")
f = tf.constant([True, False, False], name="f")
results = [
    a < b, a <= b, a > b, a >= b,
    tf.equal(a, b), tf.not_equal(a, b), tf.less(a, 2.0), tf.greater_equal(a, 2.0),
    t & f, t | f, ~t, t ^ f,
    tf.logical_and(t, f), tf.logical_or(t, f), tf.logical_not(f), tf.logical_xor(t, f),
]
for r in results:
    print(r, r.op.type)
print("a == b is identity:", (a == b) is False or (a == b) is True, a == a)
ops()
with tf.Session() as sess:
    for r in results:
        show(r.name, sess.run(r))
