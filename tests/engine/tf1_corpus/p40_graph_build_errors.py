import tensorflow as tf
import collections
import numpy as np

# Errors raised while building the graph (shape inference, names), by class.


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


show_error("matmul shapes", lambda: tf.matmul(tf.ones([2, 3]), tf.ones([2, 3])), message=False)
show_error("matmul rank", lambda: tf.matmul(tf.ones([3]), tf.ones([3])), message=False)
show_error("reshape size", lambda: tf.reshape(tf.ones([2, 3]), [4, 2]), message=False)
show_error("broadcast", lambda: tf.ones([2, 3]) + tf.ones([4]), message=False)
show_error("concat", lambda: tf.concat([tf.ones([2, 3]), tf.ones([2, 4])], 0), message=False)
show_error("bad name", lambda: tf.constant(1, name="<b>"), message=False)
show_error("bad scope", lambda: tf.name_scope("<b>").__enter__(), message=False)
show_error("placeholder feed partial", lambda: tf.matmul(tf.placeholder(tf.float32, [None, 3]), tf.ones([3, 2])))
show_error("unknown dims ok", lambda: tf.placeholder(tf.float32) + tf.ones([4]))
ok = tf.reshape(tf.ones([2, 3]), [3, -1])
print(ok, tf.matmul(tf.placeholder(tf.float32, [None, 3]), tf.ones([3, 2])))
