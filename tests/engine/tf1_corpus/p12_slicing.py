import tensorflow as tf
import collections
import numpy as np

# Indexing and slicing tensors (StridedSlice) and tf.slice.


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


m = tf.constant([[1, 2, 3], [4, 5, 6], [7, 8, 9]], name="m")
v = tf.constant([10.0, 20.0, 30.0, 40.0], name="v")
p = tf.placeholder(tf.float32, [None, 4], name="p")
results = [
    v[0], v[1:], v[:-1], v[::2], v[::-1], v[-1],
    m[1], m[:, 1], m[1:, :2], m[..., 0], m[:, tf.newaxis, 0], m[0, 2],
    p[:, 0], p[0], p[:, 1:3],
]
for t in results:
    print(t, t.op.type)
print([op.name for op in tf.get_default_graph().get_operations()][:12])
with tf.Session() as sess:
    feed = {p: [[1, 2, 3, 4], [5, 6, 7, 8]]}
    for t in results:
        show(t.name, sess.run(t, feed))
