import tensorflow as tf
import collections
import numpy as np

# Arithmetic operators and functions: op names, op types and values.


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


a = tf.constant([7.0, -2.0, 9.0], name="a")
b = tf.constant([2.0, 4.0, -3.0], name="b")
i = tf.constant([7, -7, 9], name="i")
j = tf.constant([2, 2, -4], name="j")
results = [
    a + b, a - b, a * b, a / b, a ** b, -a, abs(a),
    i // j, i % j, i + j, i * j, -i, abs(i),
    tf.add(a, b), tf.subtract(a, b), tf.multiply(a, b), tf.divide(a, b), tf.div(a, b),
    tf.truediv(a, b), tf.floordiv(i, j), tf.mod(i, j), tf.pow(a, b), tf.negative(a),
    tf.abs(i), tf.square(i),
]
for t in results:
    print(t, t.op.type)
ops()
with tf.Session() as sess:
    values = sess.run(results)
    for t, v in zip(results, values):
        show(t.name, v)
