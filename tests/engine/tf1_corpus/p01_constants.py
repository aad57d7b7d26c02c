import tensorflow as tf
import collections
import numpy as np

# Constants: str(), names, shapes, dtypes and fetched values.


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


a = tf.constant([1.0, 2.0], name="a")
b = tf.constant([[1, 2], [3, 4]])
c = tf.constant(3)
d = tf.constant(7, shape=[2, 3])
e = tf.constant([1.5, 2.5, 3.5, 4.5], shape=[2, 2])
f = tf.constant(True)
g = tf.constant(np.arange(6, dtype=np.float64).reshape(2, 3))
h = tf.constant(1.0, name="a")
for t in (a, b, c, d, e, f, g, h):
    print(t)
    print(repr(t))
    print(" name", t.name, "op", t.op.name, t.op.type, "index", t.value_index)
    print(" dtype", repr(t.dtype), t.dtype.name, "shape", t.shape, t.get_shape().as_list(), t.shape.ndims)
print(repr(a.op))
print(a.graph is tf.get_default_graph())
ops()
with tf.Session() as sess:
    for t in (a, b, c, d, e, f, g, h):
        show(t.name, sess.run(t))
