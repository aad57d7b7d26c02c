import tensorflow as tf
import collections
import numpy as np

# control_dependencies, group, no_op and tuple: control edges and run order.


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


v = tf.Variable(0.0, name="v")
bump = tf.assign_add(v, 1.0, name="bump")
with tf.control_dependencies([bump]):
    read = tf.identity(v, name="read_after")
    plus = v + 100
print([c.name for c in read.op.control_inputs], [c.name for c in plus.op.control_inputs])
with tf.control_dependencies([bump]):
    with tf.control_dependencies(None):
        free = tf.constant(1.0, name="free")
print([c.name for c in free.op.control_inputs])
a = tf.constant(1.0, name="a")
b = tf.constant(2.0, name="b")
g = tf.group(a, b)
g2 = tf.group(bump, name="update")
nop = tf.no_op()
t = tf.tuple([a, b])
print(g.name, g.type, sorted(c.name for c in g.control_inputs))
print(g2.name, [c.name for c in g2.control_inputs])
print(nop.name, nop.type, t)
ops()
with tf.Session() as sess:
    sess.run(v.initializer)
    show("read_after", sess.run(read))
    show("read_after again", sess.run(read))
    print(sess.run(g2))
    show("v", sess.run(v))
    print(sess.run([g, nop]))
    show("tuple", sess.run(t))
