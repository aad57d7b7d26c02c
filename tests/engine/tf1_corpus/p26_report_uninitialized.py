import tensorflow as tf
import collections
import numpy as np

# report_uninitialized_variables, is_variable_initialized and variables_initializer.


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


v = tf.Variable([1.0], name="v")
w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
u = tf.Variable(5, name="u")
report = tf.report_uninitialized_variables()
is_v = tf.is_variable_initialized(v)
print(is_v.op.type, is_v.dtype.name, report.dtype.name, report.shape)
with tf.Session() as sess:
    show("before", sess.run(report))
    show("is_v", sess.run(is_v))
    sess.run(tf.variables_initializer([v, u]))
    show("after v,u", sess.run(report))
    show("is_v", sess.run(is_v))
    sess.run(tf.global_variables_initializer())
    show("after all", sess.run(report))
    print(sess.run(tf.report_uninitialized_variables([v])).tolist())
    print(tf.variables_initializer([v]).name, tf.variables_initializer([v], name="just_v").name)
