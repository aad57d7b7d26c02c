import tensorflow as tf
import collections
import numpy as np

# Uninitialised variables and closed sessions.


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
w = tf.get_variable("w", [2], initializer=tf.zeros_initializer())
total = v + w
sess = tf.Session()
show_error("read v", lambda: sess.run(v))
sess.run(w.initializer)
show_error("read through an op", lambda: sess.run(total))
sess.run(v.initializer)
show("both set", sess.run(total))
sess.run(tf.global_variables_initializer())
show("total", sess.run(total))
try:
    tf.Session().run(v)
except tf.errors.FailedPreconditionError as e:
    print(type(e).__name__, isinstance(e, tf.errors.OpError), e.error_code == tf.errors.FAILED_PRECONDITION)
sess.close()
show_error("closed", lambda: sess.run(total))
sess.close()
with tf.Session() as s2:
    s2.run(tf.global_variables_initializer())
show_error("closed after with", lambda: s2.run(v))
show_error("eval with closed session", lambda: v.eval(session=s2))
