import tensorflow as tf
import collections
import numpy as np

# Feed errors: wrong shape, missing feed, bad values, bad keys.


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


x = tf.placeholder(tf.float32, [None, 3], name="x")
n = tf.placeholder(tf.int32, [2], name="n")
u = tf.placeholder(tf.float32, name="u")
y = x * 2
sess = tf.Session()
show_error("wrong shape", lambda: sess.run(y, {x: np.zeros((2, 2))}))
show_error("wrong rank", lambda: sess.run(y, {x: [1.0, 2.0, 3.0]}))
show_error("scalar into [2]", lambda: sess.run(n, {n: 5}))
show_error("missing feed", lambda: sess.run(y))
show_error("missing feed unknown shape", lambda: sess.run(u + 1))
show_error("missing feed direct", lambda: sess.run(x))
show_error("string into float", lambda: sess.run(y, {x: [["a", "b", "c"]]}), message=False)
k = tf.placeholder(tf.int32, [], name="k")
show_error("int too big", lambda: sess.run(k, {k: 2 ** 40}))
show_error("tensor as value", lambda: sess.run(y, {x: tf.ones([1, 3])}), message=False)
show_error("op name as key", lambda: sess.run(y, {"x": [[1, 2, 3]]}))
show_error("bad key type", lambda: sess.run(y, {1: [[1, 2, 3]]}))
show_error("no such tensor", lambda: sess.run(y, {"nope:0": [[1, 2, 3]]}), message=False)
show("after errors the session still works", sess.run(y, {x: [[1, 2, 3]]}))
try:
    sess.run(y)
except tf.errors.InvalidArgumentError as e:
    print(isinstance(e, tf.errors.OpError), e.op.name, e.op.type, e.node_def.name, e.error_code)
    print(e.message.strip().splitlines()[0])
sess.close()
