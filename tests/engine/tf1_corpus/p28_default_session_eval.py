import tensorflow as tf
import collections
import numpy as np

# Default sessions: eval() and Operation.run(), as_default(), and their errors.


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
b = a * 10
init = tf.no_op(name="init_noop")
print(tf.get_default_session())
show_error("eval without session", lambda: b.eval())
show_error("run without session", lambda: init.run())
with tf.Session() as sess:
    print(tf.get_default_session() is sess)
    show("eval", b.eval())
    print(init.run())
    show("eval feed", b.eval(feed_dict={a: [3.0, 4.0]}))
print(tf.get_default_session())
sess = tf.Session()
with sess.as_default():
    show("as_default eval", b.eval())
show("still open", sess.run(b))
show("explicit session", b.eval(session=sess))
other = tf.Graph()
with other.as_default():
    k = tf.constant(1)
with sess.as_default():
    show_error("eval other graph", lambda: k.eval())
    show_error("run other graph", lambda: k.op.run())
show_error("eval given other graph", lambda: k.eval(session=sess))
sess.close()
show_error("eval closed", lambda: b.eval(session=sess))
