import tensorflow as tf
import collections
import numpy as np

# Element-wise math and activations, values rounded to 5 decimals.


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


x = tf.constant([-2.0, -0.5, 0.0, 0.5, 2.0], name="x")
pos = tf.constant([0.25, 1.0, 4.0], name="pos")
logits = tf.constant([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]], name="logits")
results = [
    tf.sigmoid(x), tf.nn.sigmoid(x), tf.tanh(x), tf.nn.tanh(x), tf.nn.relu(x),
    tf.nn.softmax(logits), tf.exp(x), tf.log(pos), tf.sqrt(pos), tf.square(x),
    tf.exp(tf.log(pos)), tf.nn.softmax(tf.constant([[1000.0, 1000.0]])),
]
for t in results:
    print(t, t.op.type)
with tf.Session() as sess:
    for t in results:
        show(t.name, sess.run(t))
