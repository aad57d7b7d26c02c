import tensorflow as tf
import collections
import numpy as np

# tf.shape / tf.size / tf.rank against static shapes (get_shape, set_shape).


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


x = tf.zeros([2, 3], name="x")
p = tf.placeholder(tf.float32, [None, 3], name="p")
u = tf.placeholder(tf.float32, name="u")
for t in (x, p, u):
    s = t.get_shape()
    print(t.name, s, s.ndims, s.as_list() if s.ndims is not None else None, s.is_fully_defined())
dyn = [tf.shape(x), tf.size(x), tf.rank(x), tf.shape(p), tf.size(p), tf.rank(p), tf.shape(u), tf.rank(u)]
for t in dyn:
    print(t)
print(p.shape[0], p.shape[1], repr(p.shape[1]), p.shape.as_list())
p.set_shape([2, 3])
print("after set_shape", p)
with tf.Session() as sess:
    feed = {p: np.ones((2, 3)), u: np.ones((4, 5, 6))}
    for t in dyn:
        show(t.name, sess.run(t, feed))
