"""What every corpus program prints with: `show` (a fetched value: its Python type, dtype,
shape and values), `show_error` (an exception's class and first line) and `ops` (a graph's
ops). The runners put this folder on `sys.path` after swapping in `tensorflow`."""
import numpy as np
import tensorflow as tf

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
