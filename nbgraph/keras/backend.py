"""`tf.keras.backend` as TF 1.15 offers it in graph mode: the session Keras trains in
(`get_session` makes one on the default graph and initialises the variables it has not yet
initialised), the learning-phase placeholder, per-graph layer-name counters (`dense`, `dense_1`),
`floatx`/`epsilon`/`image_data_format`, and the small tensor helpers lessons call."""
from __future__ import annotations

import weakref
from typing import Any

import numpy as np

import nbgraph as tf

_SESSION: dict = {"session": None}
_UIDS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_LEARNING_PHASE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_CONFIG = {"floatx": "float32", "epsilon": 1e-7, "image_data_format": "channels_last"}


def floatx() -> str:
    return _CONFIG["floatx"]


def set_floatx(value: str) -> None:
    if value not in ("float16", "float32", "float64"):
        raise ValueError(f"Unknown floatx type: {value}")
    _CONFIG["floatx"] = str(value)


def epsilon() -> float:
    return _CONFIG["epsilon"]


def set_epsilon(value: float) -> None:
    _CONFIG["epsilon"] = value


def image_data_format() -> str:
    return _CONFIG["image_data_format"]


def set_image_data_format(data_format: str) -> None:
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"Unknown data_format: {data_format}")
    _CONFIG["image_data_format"] = str(data_format)


def get_uid(prefix: str = "") -> int:
    """1, 2, 3... per prefix and per graph, as Keras numbers its objects."""
    counts = _UIDS.setdefault(tf.get_default_graph(), {})
    counts[prefix] = counts.get(prefix, 0) + 1
    return counts[prefix]


def unique_object_name(prefix: str, zero_based: bool = True) -> str:
    """`dense`, `dense_1`, `dense_2`... (zero based) or `input_1`, `input_2`... (one based)."""
    n = get_uid(prefix)
    if zero_based:
        return prefix if n == 1 else f"{prefix}_{n - 1}"
    return f"{prefix}_{n}"


def reset_uids() -> None:
    _UIDS.pop(tf.get_default_graph(), None)


def learning_phase():
    """The graph's `keras_learning_phase` placeholder (a bool, 0/False unless fed)."""
    g = tf.get_default_graph()
    if g not in _LEARNING_PHASE:
        with g.as_default(), tf.name_scope(""):
            _LEARNING_PHASE[g] = tf.placeholder_with_default(False, shape=(), name="keras_learning_phase")
    return _LEARNING_PHASE[g]


def set_learning_phase(value) -> None:
    if value not in (0, 1):
        raise ValueError("Expected learning phase to be 0 or 1.")
    g = tf.get_default_graph()
    _LEARNING_PHASE[g] = bool(value)


def get_session():
    """The Keras session: the default session if one is entered, else one made (and kept) on the
    default graph; either way the variables not yet initialised are initialised in it."""
    session = tf.get_default_session()
    if session is None:
        session = _SESSION["session"]
        if session is None or session.graph is not tf.get_default_graph() or getattr(session, "_closed", False):
            session = tf.Session()
            _SESSION["session"] = session
    _initialize_variables(session)
    return session


def set_session(session) -> None:
    _SESSION["session"] = session


def clear_session() -> None:
    """A fresh default graph, a fresh session on first use, layer names counted from zero again."""
    old = _SESSION["session"]
    _SESSION["session"] = None
    if old is not None:
        try:
            old.close()
        except Exception:  # noqa: BLE001 - closing a dead session is not worth an error
            pass
    tf.reset_default_graph()
    reset_uids()


def _initialize_variables(session) -> None:
    g = session.graph
    done = session.__dict__.setdefault("_keras_initialized", set())
    fresh = [v for v in g.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) if id(v) not in done]
    if not fresh:
        return
    flags = session.run([tf.is_variable_initialized(v) for v in fresh])
    todo = [v for v, ok in zip(fresh, flags) if not ok]
    if todo:
        session.run(tf.variables_initializer(todo))
    done.update(id(v) for v in fresh)


def get_value(x) -> np.ndarray:
    return get_session().run(x)


def eval(x) -> np.ndarray:  # noqa: A001 - Keras's name
    return get_value(x)


def batch_get_value(tensors) -> list:
    return get_session().run(list(tensors)) if tensors else []


def set_value(x, value) -> None:
    batch_set_value([(x, value)])


def batch_set_value(pairs) -> None:
    """Loads numpy values into variables through one placeholder-fed assign per variable (kept)."""
    if not pairs:
        return
    session = get_session()
    ops, feed = [], {}
    for var, value in pairs:
        value = np.asarray(value, dtype=var.dtype.base_dtype.as_numpy_dtype)
        if tuple(var.get_shape().as_list()) != value.shape:
            raise ValueError(f"Cannot assign to variable {var.name.split(':')[0]} due to variable shape "
                             f"{var.get_shape()} and value shape {value.shape} are incompatible")
        cached = getattr(var, "_keras_assign", None)
        if cached is None:
            with tf.name_scope(None):
                ph = tf.placeholder(var.dtype.base_dtype, shape=value.shape)
                cached = (ph, tf.assign(var, ph))
            var._keras_assign = cached
        ops.append(cached[1])
        feed[cached[0]] = value
    session.run(ops, feed)


def int_shape(x) -> tuple | None:
    s = x.get_shape()
    return None if s.ndims is None else tuple(s.as_list())


def ndim(x) -> int | None:
    return x.get_shape().ndims


def dtype(x) -> str:
    return x.dtype.base_dtype.name


def count_params(x) -> int:
    return int(np.prod(x.get_shape().as_list()))


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    if shape is None and ndim is not None:
        shape = (None,) * ndim
    return tf.placeholder(dtype or floatx(), shape=shape, name=name)


def variable(value, dtype=None, name=None, constraint=None):
    v = tf.Variable(np.asarray(value, dtype=dtype or floatx()), name=name)
    return v


def constant(value, dtype=None, shape=None, name=None):
    return tf.constant(value, dtype=dtype or floatx(), shape=shape, name=name)


def cast_to_floatx(x) -> Any:
    return np.asarray(x, dtype=floatx())


def function(inputs, outputs, updates=None, name=None, **kwargs):
    """`K.function(inputs, outputs)`: a callable feeding `inputs` a list of arrays and running `outputs`."""
    outputs = list(outputs)
    updates = list(updates or [])

    def run(values):
        session = get_session()
        feed = dict(zip(inputs, values))
        return session.run(outputs + updates, feed)[:len(outputs)]
    return run


# the tensor helpers lessons call through `K.`
def sum(x, axis=None, keepdims=False):  # noqa: A001 - Keras's name
    return tf.reduce_sum(x, axis=axis, keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    return tf.reduce_mean(x, axis=axis, keepdims=keepdims)


def square(x):
    return tf.square(x)


def sqrt(x):
    return tf.sqrt(x)


def exp(x):
    return tf.exp(x)


def log(x):
    return tf.log(x)


def abs(x):  # noqa: A001
    return tf.abs(x)


def clip(x, min_value, max_value):
    return tf.clip_by_value(x, min_value, max_value)


def argmax(x, axis=-1):
    return tf.argmax(x, axis=axis)


def equal(x, y):
    return tf.equal(x, y)


def cast(x, dtype):
    return tf.cast(x, dtype)


def dot(x, y):
    return tf.matmul(x, y)


def shape(x):
    return tf.shape(x)


def reshape(x, shape):
    return tf.reshape(x, shape)


def concatenate(tensors, axis=-1):
    return tf.concat(list(tensors), axis)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return tf.random_normal(shape, mean=mean, stddev=stddev, dtype=dtype or floatx(), seed=seed)
