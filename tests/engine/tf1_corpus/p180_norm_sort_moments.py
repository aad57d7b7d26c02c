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

# tf.sort / tf.argsort (TopKV2 with transposes), tf.math.reduce_variance / reduce_std, tf.nn.weighted_moments
tf.reset_default_graph()
v = tf.constant([[[3., 1., 2.], [0., 5., -1.]], [[2., 2., 9.], [4., -3., 1.]]], name="v")
s_last = tf.sort(v)
s_mid = tf.sort(v, axis=1, direction="DESCENDING")
a_first = tf.argsort(v, axis=0)
a_desc = tf.argsort(v, direction="DESCENDING", stable=True)
var = tf.math.reduce_variance(v)
std = tf.math.reduce_std(v, axis=[0, 2], keepdims=True)
for t in [s_last, s_mid, a_first, a_desc, var, std]:
    print(t)
ops()
# (TF 2.x divides with DivNoNan here, TF 1.15 multiplies by a Reciprocal: the values alone are compared)
wm, wv = tf.nn.weighted_moments(v, [1], tf.constant([[[1.], [3.]]]))
with tf.Session() as sess:
    for label, t in [("sort", s_last), ("sort desc axis1", s_mid), ("argsort axis0", a_first), ("argsort desc", a_desc),
                     ("variance", var), ("std", std), ("weighted mean", wm), ("weighted var", wv),
                     ("sort grad", tf.gradients(tf.reduce_sum(s_mid * [[[1.], [2.]]]), v)[0]),
                     ("std grad", tf.gradients(std, v)[0])]:
        show(label, sess.run(t))
show_error("bad direction", lambda: tf.sort(v, direction="UP"), message=False)
show_error("tensor axis", lambda: tf.argsort(v, axis=tf.placeholder(tf.int32, [])), message=False)

# tf.nn.crelu / relu_layer / zero_fraction / swish, tf.math.log_sigmoid, is_nan/is_inf/is_finite, expm1 ... atan
tf.reset_default_graph()
a = tf.constant([[0., -1.5, 2.], [0., 0.5, 0.]], name="a")
cr = tf.nn.crelu(a + 0.25)  # (no zeros: TF's Relu keeps the sign of -0.0)
rl = tf.nn.relu_layer(a, tf.ones([3, 2]), tf.constant([0.5, -9.]))
zf = tf.nn.zero_fraction(a)
ls = tf.math.log_sigmoid(a)
bad = tf.constant([0., np.nan, np.inf, -np.inf], name="bad")
preds = [tf.is_nan(bad), tf.math.is_inf(bad), tf.math.is_finite(bad)]
funcs = [tf.math.expm1(a), tf.math.tan(a), tf.math.sinh(a), tf.math.cosh(a), tf.math.asin(a / 2), tf.math.acos(a / 2),
         tf.math.atan(a)]
for t in [cr, rl, zf, ls] + preds + funcs:
    print(t)
ops()
with tf.Session() as sess:
    for label, t in [("crelu", cr), ("relu_layer", rl), ("zero_fraction", zf), ("log_sigmoid", ls),
                     ("swish", tf.nn.swish(a))] + [("pred", p) for p in preds] + [("func", f) for f in funcs]:
        show(label, sess.run(t))
    show("func grads", sess.run(tf.gradients(tf.add_n([tf.reduce_sum(f) for f in funcs if f.op.type != "Tan"]), a)[0]))
    show("tan grad", sess.run(tf.gradients(funcs[1], a)[0]) / 100.)
    show("math aliases", sess.run(tf.math.log1p(tf.math.softplus(a)) + tf.math.rsqrt(tf.math.cosh(a))))
show_error("is_nan of ints", lambda: tf.math.is_nan(tf.constant([1, 2])))

# tf.identity_n, tf.unravel_index, tf.searchsorted, tf.histogram_fixed_width
tf.reset_default_graph()
s2 = tf.constant([[1., 3., 5., 7.], [2., 4., 6., 8.]], name="s2")
q = tf.constant([[0., 3., 9.], [4., 4.5, 8.]], name="q")
idn = tf.identity_n([s2, tf.constant([1, 2])])
unr = tf.unravel_index(tf.constant([1, 5, 7]), tf.constant([2, 4]))
hist = tf.histogram_fixed_width(tf.constant([-1., 0., 1.5, 2., 5., 12.]), [0., 5.], nbins=5)
ops()
left = tf.searchsorted(s2, q)
right = tf.searchsorted(s2, q, side="right", out_type=tf.int64)
for t in idn + [unr, hist, left, right]:
    print(t)
with tf.Session() as sess:
    for label, t in [("identity_n 0", idn[0]), ("identity_n 1", idn[1]), ("unravel", unr), ("hist", hist), ("left", left), ("right", right),
                     ("identity_n grad", tf.gradients(tf.reduce_sum(idn[0] * s2), s2)[0])]:
        show(label, sess.run(t))
    show_error("unravel out of bound", lambda: sess.run(tf.unravel_index(8, [2, 4])), message=False)
show_error("bad side", lambda: tf.searchsorted(s2, q, side="mid"), message=False)

# tf.train.cosine_decay / linear_cosine_decay / cosine_decay_restarts / noisy_linear_cosine_decay
tf.reset_default_graph()
gstep = tf.placeholder(tf.int64, [], name="gstep")
decays = [tf.train.cosine_decay(0.1, gstep, 100, alpha=0.1), tf.train.linear_cosine_decay(0.1, gstep, 100),
          tf.train.cosine_decay_restarts(0.1, gstep, 10),
          tf.train.cosine_decay_restarts(0.1, gstep, 10, t_mul=1.0, m_mul=0.5)]
for t in decays:
    print(t)
ops()
print(tf.train.noisy_linear_cosine_decay(0.1, gstep, 100))
with tf.Session() as sess:
    for st in [0, 7, 25, 150]:
        show("decays at %d" % st, np.array(sess.run(decays, {gstep: st})))

# tf.confusion_matrix / tf.math.confusion_matrix (TF 2.x scatters, TF 1.15 adds a SparseTensor: values only)
tf.reset_default_graph()
cm1 = tf.confusion_matrix([1, 2, 4, 0], [2, 2, 4, 1])
cm2 = tf.math.confusion_matrix(tf.constant([[1], [0], [2]]), [1, 1, 2], num_classes=4, weights=[0.5, 1., 2.],
                               dtype=tf.float32)
with tf.Session() as sess:
    show("confusion", sess.run(cm1))
    show("confusion weighted", sess.run(cm2))
    show_error("label out of bound", lambda: sess.run(tf.confusion_matrix([1, 5], [0, 1], num_classes=3)),
               message=False)

# tf.batch_gather
tf.reset_default_graph()
bp = tf.constant(np.arange(24.).reshape(2, 3, 4), name="bp")
bg = tf.batch_gather(bp, tf.constant([[2, 0], [1, 1]]))
print(bg)
ops()
with tf.Session() as sess:
    show("batch_gather", sess.run(bg))
    show("batch_gather grad", sess.run(tf.gradients(tf.reduce_sum(bg), bp)[0]))
