import tensorflow as tf
import collections
import numpy as np

# InteractiveSession installs itself as the default session until closed.


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
b = tf.constant([2.0, 3.0], name="b")
result = tf.add(a, b)
print(result)
sess = tf.InteractiveSession()
print(tf.get_default_session() is sess)
show("eval", result.eval())
v = tf.Variable(3.0, name="v")
v.initializer.run()
show("v", v.eval())
sess2 = tf.InteractiveSession()
print(tf.get_default_session() is sess2)
show("sess2 eval", result.eval())
show_error("sess2 uninitialised v", lambda: v.eval())
sess2.close()
print(tf.get_default_session() is sess)
sess.close()
print(tf.get_default_session())
show_error("after close", lambda: result.eval())
with tf.Session() as s:
    show("plain session", s.run(result))
