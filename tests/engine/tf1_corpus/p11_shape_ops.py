import tensorflow as tf
import collections
import numpy as np

# concat, stack, unstack, squeeze, expand_dims, reshape, transpose, tile.


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


a = tf.constant([[1, 2], [3, 4]], name="a")
b = tf.constant([[5, 6], [7, 8]], name="b")
v = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], name="v")
results = [
    tf.concat([a, b], 0),
    tf.concat([a, b], axis=1),
    tf.concat([a, b], -1),
    tf.stack([a, b]),
    tf.stack([a, b], axis=1),
    tf.squeeze(tf.constant([[[1], [2]]])),
    tf.squeeze(tf.zeros([1, 2, 1]), axis=[0]),
    tf.expand_dims(v, 0),
    tf.expand_dims(v, -1),
    tf.reshape(v, [2, 3]),
    tf.reshape(v, [-1, 2]),
    tf.reshape(v, [3, -1], name="r"),
    tf.transpose(a),
    tf.transpose(tf.reshape(v, [1, 2, 3]), perm=[2, 0, 1]),
    tf.tile(a, [1, 2]),
]
for t in results:
    print(t, t.op.type)
parts = tf.unstack(a)
print(parts)
cols = tf.unstack(a, axis=1)
print(cols, cols[0].op.name, cols[0].op.type, len(cols[0].op.outputs))
ops()
with tf.Session() as sess:
    for t in results + parts + cols:
        show(t.name, sess.run(t))
