import tensorflow as tf
import numpy as np

# The math/array/nn ops lessons reach for beyond the basics: linspace, truncated and floor
# division, split/unstack/tile/pad, gather_nd, scatter_update, top_k/in_top_k, moments,
# batch_normalization, embedding_lookup. (Where TF 2 changed a text that TF 1.15 printed --
# Split/SplitV shape errors, LinSpace's dtype check, TruncateDiv by zero, GatherNd's range error,
# scatter_update on a plain tensor -- tests/engine/test_linalg_conv_ops.py checks TF 1.15's.)

from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def check(label, build, feed=None, composite=False):
    with tf.Graph().as_default():
        try:
            t = build()
        except Exception as e:
            print(label, "-> cannot build:", type(e).__name__, str(e).splitlines()[0])
            return
        ts = t if isinstance(t, (list, tuple)) else [t]
        if not composite:
            print(label, [(x.name, x.shape.as_list(), x.op.type) for x in ts])
        with tf.Session() as sess:
            for i, v in enumerate(sess.run(list(ts), feed)):
                show(f"{label}[{i}]", v)


a = [-7, 7, -7, 7, 5]
b = [2, 2, -2, -2, 5]
check("linspace", lambda: tf.linspace(0.0, 1.0, 5), composite=True)
check("lin_space", lambda: tf.lin_space(-2.0, 2.0, 3), composite=True)
check("linspace 1", lambda: tf.linspace(3.0, 5.0, 1), composite=True)
check("realdiv", lambda: tf.realdiv(tf.constant([1.0, -3.0]), 2.0))
check("truncatediv", lambda: tf.truncatediv(tf.constant(a), b))
check("truncatemod", lambda: tf.truncatemod(tf.constant(a), b))
check("floor_div", lambda: tf.floor_div(tf.constant(a), b))
check("floordiv", lambda: tf.floordiv(tf.constant(a), b))
check("truncatediv float", lambda: tf.truncatediv(tf.constant([-7.0, 7.5]), 2.0))
check("split", lambda: tf.split(tf.reshape(tf.range(12), [2, 6]), 3, axis=1))
check("split sizes", lambda: tf.split(tf.reshape(tf.range(12), [2, 6]), [1, -1, 2], 1))
check("unstack", lambda: tf.unstack(tf.constant([[1, 2, 3], [4, 5, 6]]), axis=1))
check("tile", lambda: tf.tile(tf.constant([[1, 2]]), [2, 3]))
check("pad reflect", lambda: tf.pad(tf.constant([[1, 2, 3], [4, 5, 6]]), [[1, 1], [2, 2]], "REFLECT"))
check("pad const", lambda: tf.pad(tf.constant([[1, 2]]), [[1, 0], [0, 1]], constant_values=9))
check("gather_nd", lambda: tf.gather_nd(tf.constant([[1, 2], [3, 4]]), [[1, 0], [0, 1]]))
check("gather_nd rows", lambda: tf.gather_nd(tf.constant([[1, 2], [3, 4]]), [[1], [0]]))
check("top_k", lambda: tuple(tf.nn.top_k(tf.constant([[1.0, 3.0, 2.0, 3.0], [4.0, 0.0, 5.0, 1.0]]), 2)))
check("in_top_k", lambda: tf.nn.in_top_k(tf.constant([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]]), [2, 0], 2))
check("moments", lambda: tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 6.0]]), axes=[0]))
check("moments keep", lambda: tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 6.0]]), axes=[0, 1], keep_dims=True))
check("batch_normalization", lambda: tf.nn.batch_normalization(tf.constant([[1.0, 2.0], [3.0, 6.0]]),
                                                               tf.constant([2.0, 4.0]), tf.constant([1.0, 4.0]),
                                                               tf.constant([0.0, 1.0]), tf.constant([1.0, 2.0]),
                                                               1e-3))
check("batch_normalization numbers", lambda: tf.nn.batch_normalization(tf.constant([1.0, 2.0]), 0.0, 1.0, 0.0, 1.0, 1e-3))
check("embedding_lookup", lambda: tf.nn.embedding_lookup(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), [2, 0, 2]))
check("embedding_lookup 2d ids", lambda: tf.nn.embedding_lookup([tf.constant([[1.0], [2.0]])], [[1, 0]]))

with tf.Graph().as_default():
    v = tf.Variable([1.0, 2.0, 3.0, 4.0], name="v")
    up = tf.scatter_update(v, [0, 2], [10.0, 30.0])
    print(up, up.op.type)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        show("scatter_update", sess.run(up))
        show("v after", sess.run(v))
        show_error("scatter out of range", lambda: sess.run(tf.scatter_update(v, [9], [1.0])))

with tf.Graph().as_default():
    show_error("top_k too big", lambda: tf.nn.top_k(tf.ones([3]), 5))
    show_error("gather_nd too deep", lambda: tf.gather_nd(tf.ones([2, 2]), [[0, 0, 0]]))
    show_error("truncatediv types", lambda: tf.truncatediv(tf.constant([1]), tf.constant([1.0])))
    p = tf.placeholder(tf.int32, name="p")
    with tf.Session() as sess:
        show_error("top_k fed", lambda: sess.run(tf.nn.top_k(tf.to_float(p), 3), {p: [1, 2]}))
