import tensorflow as tf
import collections
import numpy as np

# Variables live in sessions: two sessions on one graph hold separate values.


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


counter = tf.Variable(0, name="counter")
step = tf.assign_add(counter, 1)
s1 = tf.Session()
s2 = tf.Session()
s1.run(tf.global_variables_initializer())
for _ in range(3):
    s1.run(step)
show("s1", s1.run(counter))
show_error("s2 before init", lambda: s2.run(counter))
s2.run(counter.initializer)
s2.run(step)
show("s2", s2.run(counter))
show("s1 still", s1.run(counter))
print(s1.graph is s2.graph, s1.graph is tf.get_default_graph())
s1.close()
show_error("s1 closed", lambda: s1.run(counter))
show("s2 open", s2.run(counter))
s2.close()
