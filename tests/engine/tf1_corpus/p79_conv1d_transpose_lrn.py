import tensorflow as tf
import os
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF 2.x keeps tf.layers in tf_keras; TF 1.15 and nbgraph ignore it
import numpy as np

# 1-D convolution and pooling (text/sequence lessons), transposed convolution (autoencoders,
# GANs) and local response normalization (AlexNet): op graphs, values and gradients.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

rng = np.random.RandomState(2)
seq = rng.randn(2, 6, 3).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 6, 3], name="x")
f = tf.constant(np.linspace(-1, 1, 24).reshape(2, 3, 4), tf.float32, name="f")
y = tf.nn.conv1d(x, f, stride=1, padding="SAME")
y2 = tf.nn.conv1d(x, f, stride=2, padding="VALID", name="strided")
l1 = tf.layers.conv1d(x, 4, 3, kernel_initializer=tf.constant_initializer(np.linspace(1, -1, 36).reshape(3, 3, 4)),
                      bias_initializer=tf.constant_initializer(0.1), activation=tf.nn.relu)
p1 = tf.layers.max_pooling1d(x, 2, 2)
p2 = tf.layers.average_pooling1d(x, 3, 1, padding="same")
print(y, y2, l1, p1, p2)
print([v.name for v in tf.global_variables()])
ops()
loss = tf.reduce_sum(y * y) + tf.reduce_sum(l1) + tf.reduce_sum(p1 * p2[:, ::2])
gx, gf = tf.gradients(loss, [x, f])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for name, t in [("y", y), ("y2", y2), ("l1", l1), ("p1", p1), ("p2", p2), ("gx", gx), ("gf", gf)]:
        show(name, np.round(sess.run(t, {x: seq}), 4))

g = tf.Graph()
with g.as_default():
    img = tf.constant(rng.rand(1, 3, 3, 2).astype(np.float32), name="img")
    k = tf.constant(np.linspace(-1, 1, 72).reshape(3, 3, 4, 2), tf.float32, name="k")
    t1 = tf.nn.conv2d_transpose(img, k, [1, 6, 6, 4], [1, 2, 2, 1])
    t2 = tf.nn.conv2d_transpose(img, k, tf.constant([1, 7, 7, 4]), [1, 2, 2, 1], padding="VALID", name="valid")
    up = tf.layers.conv2d_transpose(img, 3, 2, strides=2, padding="same",
                                    kernel_initializer=tf.constant_initializer(np.linspace(0, 1, 24).reshape(2, 2, 3, 2)))
    up2 = tf.layers.conv2d_transpose(img, 2, 3, strides=1, padding="valid", use_bias=False,
                                     kernel_initializer=tf.ones_initializer())
    print(t1, t2, up, up2, [v.name for v in tf.global_variables()])
    norm = tf.nn.lrn(tf.constant(rng.rand(1, 2, 2, 5).astype(np.float32)), depth_radius=2, bias=1.0, alpha=0.5,
                     beta=0.75, name="norm1")
    norm2 = tf.nn.local_response_normalization(tf.constant(rng.rand(1, 1, 2, 7).astype(np.float32)))
    print(norm, norm2)
    grads = tf.gradients(tf.reduce_sum(t1 * t1) + tf.reduce_sum(norm * norm) + tf.reduce_sum(up), [img, k])
    print([gr.op.type for gr in grads])
    print(sorted(op.type for op in g.get_operations() if op.type.startswith("LRN")))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for name, t in [("t1", t1), ("t2", t2), ("up", up), ("up2", up2), ("norm", norm), ("norm2", norm2),
                        ("g_img", grads[0]), ("g_k", grads[1])]:
            show(name, np.round(sess.run(t), 4))
        lrn_in = tf.constant(rng.rand(1, 1, 3, 4).astype(np.float32))
        lrn_out = tf.nn.lrn(lrn_in, 1, 2.0, 0.3, 0.6)
        show("lrn_grad", np.round(sess.run(tf.gradients(tf.reduce_sum(lrn_out * tf.constant([1.0, -2.0, 3.0, 0.5])),
                                                         lrn_in)[0]), 4))
    show_error("lrn-rank", lambda: tf.nn.lrn(tf.ones([2, 3])))
