import tensorflow as tf
import os
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF 2.x keeps tf.layers in tf_keras; TF 1.15 and nbgraph ignore it
import numpy as np

# Depthwise and separable convolution (MobileNet), 3-D convolution and pooling (video/volume
# lessons), space_to_depth/depth_to_space: op graphs, values and gradients; unnamed tf.layers
# conv/pool layers in several variable scopes (their TF 1.x names).

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

rng = np.random.RandomState(130)
img = rng.randn(2, 5, 5, 3).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 5, 5, 3], name="x")
dwf = tf.constant(0.5 * rng.randn(3, 3, 3, 2).astype(np.float32), name="dwf")
pwf = tf.constant(0.5 * rng.randn(1, 1, 6, 4).astype(np.float32), name="pwf")
d1 = tf.nn.depthwise_conv2d(x, dwf, [1, 1, 1, 1], "SAME")
d2 = tf.nn.depthwise_conv2d(x, dwf, [1, 2, 2, 1], "VALID", name="dw_valid")
s1 = tf.nn.separable_conv2d(x, dwf, pwf, [1, 2, 2, 1], "SAME")
sd = tf.space_to_depth(x[:, :4, :4], 2)
ds = tf.depth_to_space(sd, 2)
print(d1, d2, s1, sd, ds)
loss = tf.reduce_sum(d1 * d1) + tf.reduce_sum(d2) + tf.reduce_sum(s1 * s1) + tf.reduce_sum(sd * ds[:, ::2, ::2, :1])
ops()
gx, gf, gp = tf.gradients(loss, [x, dwf, pwf])
print(sorted(set(op.type for op in tf.get_default_graph().get_operations() if "Depth" in op.type or "Conv" in op.type)))
with tf.Session() as sess:
    for name, t in [("d1", d1), ("d2", d2), ("s1", s1), ("sd", sd), ("ds", ds), ("gx", gx), ("gf", gf), ("gp", gp)]:
        show(name, np.round(sess.run(t, {x: img}), 2))
show_error("dw depth", lambda: tf.nn.depthwise_conv2d(x, tf.ones([3, 3, 2, 2]), [1, 1, 1, 1], "SAME"))
show_error("s2d", lambda: tf.space_to_depth(x, 2))
show_error("d2s", lambda: tf.depth_to_space(x, 2))

g = tf.Graph()
with g.as_default():
    vol = tf.constant(rng.randn(1, 4, 5, 4, 2).astype(np.float32), name="vol")
    k = tf.constant(rng.randn(2, 3, 2, 2, 3).astype(np.float32), name="k")
    c1 = tf.nn.conv3d(vol, k, [1, 1, 1, 1, 1], "SAME")
    c2 = tf.nn.conv3d(vol, k, [1, 2, 2, 1, 1], "VALID", name="c2")
    m1 = tf.nn.max_pool3d(vol, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], "SAME")
    a1 = tf.nn.avg_pool3d(vol, [1, 3, 2, 2, 1], [1, 1, 2, 1, 1], "SAME")
    print(c1, c2, m1, a1)
    gv, gk = tf.gradients(tf.reduce_sum(c1 * c1) + tf.reduce_sum(c2) + tf.reduce_sum(m1 * m1) + tf.reduce_sum(a1 * a1),
                          [vol, k])
    print(gv, gk, sorted(set(op.type for op in g.get_operations() if "3D" in op.type)))
    with tf.Session() as sess:
        for name, t in [("c1", c1), ("c2", c2), ("m1", m1), ("a1", a1), ("gv", gv), ("gk", gk)]:
            show(name, np.round(sess.run(t), 2))
    show_error("conv3d rank", lambda: tf.nn.conv3d(vol[0], k, [1, 1, 1, 1, 1], "SAME"))

g = tf.Graph()
with g.as_default():
    im = tf.placeholder(tf.float32, [None, 8, 8, 1], name="im")
    for scope in ("a", "b"):
        with tf.variable_scope(scope):
            h = tf.layers.conv2d(im, 2, 3, padding="same", kernel_initializer=tf.ones_initializer())
            h = tf.layers.max_pooling2d(h, 2, 2)
            h = tf.layers.conv2d(h, 2, 3, padding="same", kernel_initializer=tf.ones_initializer())
            h = tf.layers.average_pooling2d(h, 2, 2)
    h = tf.layers.conv2d(im, 2, 3, kernel_initializer=tf.ones_initializer())
    h = tf.layers.max_pooling2d(h, 2, 2)
    h = tf.layers.conv2d(h, 2, 3, kernel_initializer=tf.ones_initializer())
    sep = tf.layers.separable_conv2d(im, 3, 3, depth_multiplier=2, depthwise_initializer=tf.ones_initializer(),
                                     pointwise_initializer=tf.constant_initializer(0.5))
    sep2 = tf.layers.separable_conv2d(sep, 2, 1, use_bias=False, pointwise_initializer=tf.ones_initializer(),
                                      depthwise_initializer=tf.ones_initializer())
    v = tf.placeholder(tf.float32, [None, 4, 4, 4, 1], name="v")
    c3 = tf.layers.conv3d(v, 2, 2, padding="same", kernel_initializer=tf.ones_initializer())
    p3 = tf.layers.max_pooling3d(c3, 2, 2)
    q3 = tf.layers.average_pooling3d(c3, 2, 2, padding="same")
    print(h, sep, sep2, c3, p3, q3)
    print([var.name for var in tf.global_variables()])
    ops()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feed = {im: rng.rand(1, 8, 8, 1).astype(np.float32), v: rng.rand(1, 4, 4, 4, 1).astype(np.float32)}
        for name, t in [("h", h), ("sep2", sep2), ("p3", p3), ("q3", q3)]:
            show(name, np.round(sess.run(t, feed), 3))
