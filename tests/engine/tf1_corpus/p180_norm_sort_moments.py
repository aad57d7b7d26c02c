import tensorflow as tf
import numpy as np

# tf.norm / tf.linalg.norm: vector and matrix norms, their graphs and argument errors.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

x = tf.constant(np.arange(-6., 6.).reshape(2, 2, 3).astype(np.float32), name="x")
n_default = tf.norm(x)
n_l1 = tf.norm(x, ord=1, axis=2)
n_inf = tf.norm(x, ord=np.inf, axis=-1, keepdims=True)
n_p = tf.norm(x, ord=3, axis=0)
n_fro = tf.linalg.norm(x, ord="fro", axis=(1, 2), name="fro")
n_m1 = tf.norm(x, ord=1, axis=[1, 2])
n_minf = tf.norm(x, ord=np.inf, axis=(2, 1))
for t in [n_default, n_l1, n_inf, n_p, n_fro, n_m1, n_minf]:
    print(t)
ops()
grad = tf.gradients(n_p, x)[0]
with tf.Session() as sess:
    for label, t in [("default", n_default), ("l1", n_l1), ("inf", n_inf), ("p3", n_p), ("fro", n_fro),
                     ("m1", n_m1), ("minf", n_minf), ("grad p3", grad)]:
        show(label, sess.run(t))
show_error("fro on vector", lambda: tf.norm(x, ord="fro"))
show_error("ord 0", lambda: tf.norm(x, ord=0))
show_error("matrix ord -1", lambda: tf.norm(x, ord=-1, axis=(0, 1)))
show_error("same axes", lambda: tf.norm(x, axis=(0, 0)), message=False)
