import tensorflow as tf
import collections
import numpy as np

# DType objects and the dtypes inferred for Python and numpy values.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

for dt in (tf.float32, tf.float64, tf.int32, tf.int64, tf.bool, tf.string, tf.uint8, tf.int8, tf.float16):
    print(repr(dt), str(dt), dt.name, dt.is_floating, dt.is_integer, dt.is_bool)
print(tf.as_dtype("float32") == tf.float32, tf.as_dtype(np.int64) == tf.int64, tf.as_dtype(np.float64))
print(tf.float32.as_numpy_dtype is np.float32, tf.int32.as_numpy_dtype is np.int32)
print(tf.float32.base_dtype, tf.float32 == tf.float64, tf.int32 != tf.int64)
values = [
    ("int", 1), ("float", 1.0), ("bool", True), ("int list", [1, 2]), ("mixed list", [1, 2.5]),
    ("big int", 2 ** 40), ("np.float64", np.float64(1.0)), ("np.int16", np.int16(3)),
    ("uint8 array", np.array([1, 2], dtype=np.uint8)), ("str", "text"), ("nested", [[1.0], [2.0]]),
]
for label, v in values:
    t = tf.constant(v)
    print(label, "->", t.dtype.name, t.shape)
x = tf.constant([1, 2], dtype=tf.float32)
y = tf.constant(2.0, dtype=tf.float64)
z = tf.constant([0, 1, 2], dtype=tf.int64)
print(x, y, z)
with tf.Session() as sess:
    show("x", sess.run(x))
    show("y", sess.run(y))
    show("z", sess.run(z))
