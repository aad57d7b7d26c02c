import tensorflow as tf
import collections
import numpy as np

# Reductions with axis and keepdims: names, shapes and values.


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


m = tf.constant([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]], name="m")
n = tf.constant([[1, 2], [3, 4]], name="n")
results = [
    tf.reduce_sum(m),
    tf.reduce_sum(m, axis=0),
    tf.reduce_sum(m, axis=1, keepdims=True),
    tf.reduce_sum(m, axis=[0, 1]),
    tf.reduce_sum(m, 1),
    tf.reduce_mean(m),
    tf.reduce_mean(m, axis=0),
    tf.reduce_max(m, axis=1),
    tf.reduce_min(m, axis=-1),
    tf.reduce_prod(m, axis=0),
    tf.reduce_sum(n),
    tf.reduce_mean(n),
    tf.reduce_sum(m, reduction_indices=1),
    tf.reduce_sum(m, keep_dims=True),
    tf.reduce_any(tf.constant([[True, False], [False, False]]), axis=1),
    tf.reduce_all(tf.constant([[True, False], [True, True]]), axis=1),
]
for t in results:
    print(t, t.op.type)
ops()
with tf.Session() as sess:
    for t in results:
        show(t.name, sess.run(t))
