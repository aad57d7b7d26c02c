import tensorflow as tf
import collections
import numpy as np

# cast and the to_* helpers: names, dtypes, truncation toward zero.


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


f = tf.constant([-1.7, -0.5, 0.5, 1.7, 2.0], name="f")
i = tf.constant([0, 1, 2, -3], name="i")
b = tf.constant([True, False], name="b")
results = [
    tf.cast(f, tf.int32),
    tf.cast(f, tf.bool),
    tf.cast(i, tf.float32),
    tf.cast(i, tf.bool),
    tf.cast(b, tf.float32),
    tf.cast(b, tf.int32, name="as_int"),
    tf.cast(i, tf.int32),
    tf.to_float(i),
    tf.to_int32(f),
    tf.cast(f, tf.float64),
    tf.cast(i, "float32"),
]
for t in results:
    print(t, t.op.type)
ops()
with tf.Session() as sess:
    for t in results:
        show(t.name, sess.run(t))
