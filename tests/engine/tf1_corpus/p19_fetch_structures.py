import tensorflow as tf
import collections
import numpy as np

# Nested fetches come back in the same structure: list, tuple, dict, namedtuple.


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


Pair = collections.namedtuple("Pair", ["first", "second"])
a = tf.constant(1.0, name="a")
b = tf.constant([2, 3], name="b")
c = a * 2
with tf.Session() as sess:
    r = sess.run([a, b])
    print(type(r).__name__, len(r)); show("list[0]", r[0]); show("list[1]", r[1])
    r = sess.run((a, b))
    print(type(r).__name__, len(r))
    r = sess.run({"x": a, "y": [b, c]})
    print(type(r).__name__, sorted(r), type(r["y"]).__name__)
    show("dict x", r["x"]); show("dict y0", r["y"][0]); show("dict y1", r["y"][1])
    r = sess.run(Pair(a, c))
    print(type(r).__name__, r._fields)
    show("pair.first", r.first); show("pair.second", r.second)
    r = sess.run([a, (b, [c, {"k": a}])])
    print(type(r[1]).__name__, type(r[1][1]).__name__, type(r[1][1][1]).__name__)
    show("deep", r[1][1][1]["k"])
    r = sess.run([a, a, c])
    show("dup0", r[0]); show("dup1", r[1])
    r = sess.run(collections.OrderedDict([("z", a), ("y", b)]))
    print(type(r).__name__, list(r))
    print(sess.run([]), sess.run(()), sess.run({}))
