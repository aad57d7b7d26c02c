import tensorflow as tf
import collections
import numpy as np

# tf.Variable: the ops it creates, assign / assign_add / assign_sub and their values.


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
n = tf.Variable(0)
print(v)
print(repr(v), v.name, v.op.name, v.op.type, repr(v.dtype), v.dtype.base_dtype.name, v.shape)
print(n)
print(v.value())
print(v.initial_value)
print(repr(v.initializer))
ops()
set_op = v.assign([10.0, 20.0])
inc = v.assign_add([1.0, 1.0])
dec = v.assign_sub([0.5, 0.5])
set2 = tf.assign(v, [0.0, 0.0])
count = tf.assign_add(n, 1)
print(set_op, set_op.op.type, [t.name for t in set_op.op.inputs])
print(inc, inc.op.type)
print(dec, dec.op.type)
print(set2, count)
doubled = v * 2
with tf.Session() as sess:
    print(sess.run(v.initializer))
    sess.run(n.initializer)
    show("v", sess.run(v))
    show("assign", sess.run(set_op))
    show("assign_add", sess.run(inc))
    show("assign_sub", sess.run(dec))
    show("read", sess.run(v))
    show("doubled", sess.run(doubled))
    for _ in range(3):
        sess.run(count)
    show("count", sess.run(n))
    show("tf.assign", sess.run(set2))
    show("eval", v.eval(session=sess))
