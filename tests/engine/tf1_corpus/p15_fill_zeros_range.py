import tensorflow as tf
import collections
import numpy as np

# fill, zeros, ones, zeros_like, ones_like, range: names, dtypes and values.


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


a = tf.constant([[1.5, 2.5], [3.5, 4.5]], name="a")
results = [
    tf.zeros([2, 3]),
    tf.zeros([2], dtype=tf.int32),
    tf.ones([3]),
    tf.ones([2, 2], tf.int64),
    tf.fill([2, 3], 9),
    tf.fill([2], 0.5),
    tf.zeros_like(a),
    tf.zeros_like(a, dtype=tf.int32),
    tf.range(5),
    tf.range(1, 10, 3),
    tf.range(0.0, 1.0, 0.25),
    tf.range(5, name="steps"),
    tf.zeros([2, 3], name="z"),
]
for t in results:
    print(t, t.op.type)
ops()
ones_like = tf.ones_like(a)  # after ops(): its inner op names changed between TF versions
print(ones_like, ones_like.op.type)
with tf.Session() as sess:
    for t in results + [ones_like]:
        show(t.name, sess.run(t))
