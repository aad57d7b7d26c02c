import tensorflow as tf
import numpy as np

# Gradient clipping as training loops do it (compute_gradients, clip_by_global_norm,
# apply_gradients), clip_by_norm, nn.l2_normalize, nn.xw_plus_b, sequence_mask, random_crop's
# shape, variance_scaling_initializer and tf.initializers.* statistics.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

a = tf.constant([3.0, 4.0], name="a")
b = tf.constant([[1.0, 2.0]], name="b")
clipped, gn = tf.clip_by_global_norm([a, None, b], 2.0)
print(clipped, gn)
ops()
c = tf.clip_by_norm(b, 1.0)
c_axes = tf.clip_by_norm(tf.constant([[3.0, 4.0], [0.3, 0.4]]), 1.0, axes=[1])
c_zero = tf.clip_by_norm(tf.zeros([2]), 1.0)
n = tf.nn.l2_normalize(tf.constant([[3.0, 4.0], [0.0, 0.0]]), axis=1)
n_all = tf.nn.l2_normalize(tf.constant([[1.0, 2.0], [2.0, 4.0]]))
x = tf.nn.xw_plus_b(b, tf.ones([2, 3]), tf.constant([0.5, 0.0, -0.5]), name="logits")
m = tf.sequence_mask([1, 3, 0], 4)
m2 = tf.sequence_mask(tf.constant([[1, 2], [3, 0]]), dtype=tf.float32)
print(c, c_axes, n, n_all, x, m, m2, tf.global_norm([a, b]))
with tf.Session() as sess:
    for name, t in [("clipped", clipped[0]), ("clipped_b", clipped[2]), ("gn", gn), ("c", c), ("c_axes", c_axes),
                    ("c_zero", c_zero), ("n", n), ("n_all", n_all), ("x", x), ("m", m), ("m2", m2)]:
        show(name, sess.run(t))

# the usual training loop: clip the gradients by their global norm
g = tf.Graph()
with g.as_default():
    X = np.array([[1.0, 2.0], [3.0, 1.0], [-1.0, 0.5]], np.float32)
    Y = np.array([[5.0], [4.0], [-2.0]], np.float32)
    w = tf.Variable([[0.1], [0.2]], name="w")
    bias = tf.Variable([0.0], name="bias")
    loss = tf.reduce_mean(tf.square(tf.matmul(X, w) + bias - Y))
    opt = tf.train.GradientDescentOptimizer(0.1)
    grads_and_vars = opt.compute_gradients(loss)
    grads, variables = zip(*grads_and_vars)
    grads, norm = tf.clip_by_global_norm(grads, 1.5)
    train = opt.apply_gradients(zip(grads, variables))
    capped = [(tf.clip_by_value(gr, -0.5, 0.5), v) for gr, v in opt.compute_gradients(loss)]
    train2 = opt.apply_gradients(capped)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(4):
            _, l, nv = sess.run([train, loss, norm])
            show("step%d" % step, [l, nv])
        sess.run(train2)
        show("w", sess.run(w))
        show("bias", sess.run(bias))

# initializers: shapes and the bounds/statistics TF's formulas give (values are random)
g = tf.Graph()
with g.as_default():
    tf.set_random_seed(3)
    inits = {
        "vs_uniform_avg": tf.variance_scaling_initializer(scale=2.0, mode="fan_avg", distribution="uniform"),
        "vs_default": tf.variance_scaling_initializer(),
        "he_normal": tf.initializers.he_normal(),
        "he_uniform": tf.initializers.he_uniform(),
        "lecun_uniform": tf.initializers.lecun_uniform(),
        "glorot_normal": tf.glorot_normal_initializer(),
        "vs_untruncated": tf.initializers.variance_scaling(scale=0.5, mode="fan_out", distribution="untruncated_normal"),
    }
    vs = {k: tf.get_variable(k, [40, 60], initializer=init) for k, init in inits.items()}
    conv = tf.get_variable("conv", [3, 3, 4, 8], initializer=tf.initializers.he_uniform())
    print([v.name for v in tf.global_variables()], conv.shape)
    crop = tf.random_crop(tf.reshape(tf.range(60), [5, 4, 3]), [2, 3, 3])
    print(crop)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for k, v in vs.items():
            a = sess.run(v)
            print(k, a.shape, a.dtype, round(float(np.abs(a).max()), 1) if "uniform" in k else "", round(float(a.std()), 2))
        cv = sess.run(conv)
        print("conv", cv.shape, bool(np.abs(cv).max() <= np.sqrt(6.0 / 36)), bool(np.abs(cv).max() > 0.3))
        cr = sess.run(crop)
        print("crop", cr.shape, bool(np.all(np.diff(cr[:, :, 0], axis=1) == 3)), bool(np.all(np.diff(cr[:, 0, 0]) == 12)))
