import tensorflow as tf
import numpy as np

# Complex numbers as TF1 lessons use them: Python complex constants (complex128), complex64
# arrays in variables, tf.complex/real/imag/conj/abs, complex arithmetic, an escape-time
# fractal loop on a grid, gradients of real losses through complex ops, DataType enum dtypes.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

c = tf.constant(3 - 4j)
v = tf.Variable([1.5 + 2j, -0.5j], tf.complex64)
re = tf.placeholder(tf.float32, [3], name="re")
im = tf.placeholder(tf.float32, [3], name="im")
z = tf.complex(re, im)
parts = [tf.real(z), tf.imag(z), tf.conj(z), tf.abs(z), z * z - z, tf.abs(c)]
print(c, v, z)
print(*parts)
print(tf.complex64, tf.complex128, tf.complex64.is_complex, tf.complex64.real_dtype)
print(tf.as_dtype(1), tf.as_dtype(8), tf.as_dtype(18), tf.as_dtype(109), tf.int64.as_datatype_enum)
kernel = tf.constant(np.array([[0.5, 1.0], [1.0, -6.0]]).reshape(2, 2, 1, 1), dtype=1)
print(kernel)
ops()

y, x = np.mgrid[-1.2:1.2:0.4, -2.0:0.8:0.4]
grid = tf.constant((x + 1j * y).astype(np.complex64), name="grid")
zs = tf.Variable(grid, name="zs")
counts = tf.Variable(tf.zeros_like(grid, tf.float32), name="counts")
nxt = zs * zs + grid
step = tf.group(zs.assign(nxt), counts.assign_add(tf.cast(tf.abs(nxt) < 4, tf.float32)))

loss = tf.reduce_sum(tf.abs(z * z)) + tf.reduce_sum(tf.real(z) * tf.imag(z)) + tf.reduce_sum(tf.imag(tf.conj(z) * z * z))
g_re, g_im = tf.gradients(loss, [re, im])
feed = {re: [1.0, -2.0, 0.5], im: [0.5, 1.5, -1.0]}
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    show("c", s.run(c))
    show("v", s.run(v))
    for name, t in zip(["real", "imag", "conj", "abs", "z*z-z", "abs c"], parts):
        show(name, np.round(s.run(t, feed), 4))
    for _ in range(8):
        s.run(step)
    show("counts", s.run(counts))
    show("loss", round(float(s.run(loss, feed)), 3))
    show("grads", [np.round(g, 3) for g in s.run([g_re, g_im], feed)])
show_error("complex into float32", lambda: tf.constant(1 + 2j, tf.float32))
show_error("mixed part types", lambda: tf.complex(tf.constant(1.0), tf.constant(1.0, tf.float64)))
show_error("unknown enum", lambda: tf.as_dtype(99))
