import tensorflow as tf
import collections
import numpy as np

# identity: a named copy that reads a variable's current value (no tf.Print).


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


v = tf.Variable([1.0, 2.0], name="v")
snap = tf.identity(v, name="snapshot")
c = tf.constant(3.0)
i1 = tf.identity(c)
i2 = tf.identity(i1)
i3 = tf.identity(i2, name="last")
print(snap, snap.op.type, [t.name for t in snap.op.inputs])
print(i1, i2, i3)
upd = v.assign([5.0, 6.0])
with tf.Session() as sess:
    sess.run(v.initializer)
    show("snapshot", sess.run(snap))
    sess.run(upd)
    show("snapshot after assign", sess.run(snap))
    show("chain", sess.run(i3))
    show("snapshot fed", sess.run(snap, {v.value(): [9.0, 9.0]}))
