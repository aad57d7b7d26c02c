import tensorflow as tf
import collections
import numpy as np

# No silent dtype promotion between tensors.


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


f = tf.constant([1.0, 2.0], name="f")
i = tf.constant([1, 2], name="i")
d = tf.constant([1.0, 2.0], dtype=tf.float64, name="d")
show_error("float + int", lambda: f + i)
show_error("int + float", lambda: i + f)
show_error("tf.add float int", lambda: tf.add(f, i))
show_error("float32 * float64", lambda: f * d)
show_error("int + 1.5", lambda: i + 1.5)
show_error("matmul float int", lambda: tf.matmul([[1.0]], tf.constant([[1]])))
show_error("subtract", lambda: tf.subtract(i, f))
show_error("constant 1.5 as int32", lambda: tf.constant(1.5, dtype=tf.int32))
show_error("float + np.int32", lambda: f + np.int32(3), message=False)
show_error("int + 2", lambda: i + 2)
show_error("float + 2", lambda: f + 2)
show_error("cast then add", lambda: f + tf.cast(i, tf.float32))
with tf.Session() as sess:
    show("f + 2", sess.run(f + 2))
    show("f + cast(i)", sess.run(f + tf.cast(i, tf.float32)))
