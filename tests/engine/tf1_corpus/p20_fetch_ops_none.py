import tensorflow as tf
import collections
import numpy as np

# Fetching operations returns None; fetching by name strings.


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
b = tf.constant([3.0, 4.0], name="b")
total = tf.add(a, b)
noop = tf.no_op(name="nothing")
with tf.Session() as sess:
    print(sess.run(total.op))
    print(sess.run(noop))
    print(sess.run("Add"))
    show("by tensor name", sess.run("Add:0"))
    r = sess.run([total, total.op, noop, "a:0"])
    print(len(r), r[1], r[2])
    show("r0", r[0]); show("r3", r[3])
    print(sess.run({"op": noop, "t": "b"}))
    print(total.op.run(session=sess))
    show("eval", total.eval(session=sess))
