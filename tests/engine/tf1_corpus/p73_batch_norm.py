import tensorflow as tf
import os
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF 2.x keeps tf.layers in tf_keras; TF 1.15 and nbgraph ignore it
import numpy as np

# tf.layers.batch_normalization as lessons use it: an MLP with a `training` placeholder, the
# moving averages updated through UPDATE_OPS, inference on the moving averages; a 4-D input
# (FusedBatchNormV3) trained through a conv layer; the BatchNormalization class.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

rng = np.random.RandomState(1)
X = (rng.randn(6, 3) * [1.0, 2.0, 0.5] + [1.0, -2.0, 3.0]).astype(np.float32)
Y = rng.randint(0, 2, size=6)
x = tf.placeholder(tf.float32, [None, 3], name="x")
y = tf.placeholder(tf.int32, [None], name="y")
training = tf.placeholder_with_default(False, [], name="training")
h = tf.layers.batch_normalization(x, training=training, momentum=0.9)
logits = tf.layers.dense(h, 2, kernel_initializer=tf.constant_initializer([[0.5, -0.5], [0.1, 0.2], [-0.3, 0.4]]))
loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
print(h)
print([v.name for v in tf.global_variables()])
print([v.name for v in tf.trainable_variables()])
print([op.name for op in update_ops], [op.type for op in update_ops])
with tf.control_dependencies(update_ops):
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    show("infer0", sess.run(h, {x: X[:2]}))
    for step in range(5):
        _, l = sess.run([train, loss], {x: X, y: Y, training: True})
        show("loss%d" % step, l)
    for v in tf.global_variables():
        show(v.name, sess.run(v))
    show("train_out", sess.run(h, {x: X[:3], training: True}))
    show("infer", sess.run(h, {x: X[:3]}))

# Python bools: True adds two AssignMovingAvg ops, False none
g = tf.Graph()
with g.as_default():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    a = tf.layers.batch_normalization(x, training=True, name="bn_train", epsilon=0.01)
    b = tf.layers.batch_normalization(x, training=False, name="bn_infer", center=False)
    print(a, b, [op.name for op in tf.get_collection(tf.GraphKeys.UPDATE_OPS)])
    print([v.name for v in tf.global_variables()])
    ops(g)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        xs = np.array([[1.0, 2.0], [3.0, 5.0], [-1.0, 0.5]], np.float32)
        show("a", sess.run(a, {x: xs}))
        show("b", sess.run(b, {x: xs}))
        sess.run(tf.get_collection(tf.GraphKeys.UPDATE_OPS), {x: xs})
        show("mm", sess.run(g.get_tensor_by_name("bn_train/moving_mean:0")))
        show("mv", sess.run(g.get_tensor_by_name("bn_train/moving_variance:0")))

# 4-D: one FusedBatchNormV3 after a conv layer, trained with Adam
g = tf.Graph()
with g.as_default():
    imgs = rng.rand(3, 4, 4, 2).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 4, 4, 2], name="images")
    c = tf.layers.conv2d(x, 3, 2, use_bias=False, kernel_initializer=tf.constant_initializer(np.linspace(-1, 1, 24).reshape(2, 2, 2, 3)))
    bn = tf.layers.batch_normalization(c, training=True)
    out = tf.reduce_sum(tf.square(bn - 0.5))
    print(bn, [op.name for op in tf.get_collection(tf.GraphKeys.UPDATE_OPS)])
    print(sorted(op.type for op in g.get_operations() if "FusedBatchNorm" in op.type))
    grads = tf.gradients(out, [x, g.get_tensor_by_name("batch_normalization/gamma:0"), c])
    print([t.name for t in grads])
    print(sorted(op.type for op in g.get_operations() if "FusedBatchNorm" in op.type))
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train = tf.train.AdamOptimizer(0.05).minimize(out)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        show("bn", np.round(sess.run(bn, {x: imgs}), 3))
        for i, gr in enumerate(sess.run(grads, {x: imgs})):
            show("grad%d" % i, np.round(gr, 2))
        for step in range(3):
            show("out%d" % step, np.round(sess.run([train, out], {x: imgs})[1], 3))
        for v in tf.global_variables():
            if "batch_normalization" in v.name and "Adam" not in v.name:
                show(v.name, np.round(sess.run(v), 4))

# the class form, inference on a 4-D input, fused=False on 4-D, a 3-D input
g = tf.Graph()
with g.as_default():
    layer = tf.layers.BatchNormalization(momentum=0.5, name="bnc")
    x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 2, 2, 3))
    y1 = layer(x, training=False)
    y2 = layer.apply(x, training=True)
    y3 = tf.layers.batch_normalization(x, training=True, fused=False)
    y4 = tf.layers.batch_normalization(tf.reshape(x, [2, 4, 3]), training=True)
    print(y1, y2, y3, y4)
    print(layer.name, [v.name for v in layer.variables], [v.name for v in layer.trainable_variables])
    print([op.name for op in layer.updates])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        show("y1", sess.run(y1))
        show("y2", sess.run(y2))
        show("y3", sess.run(y3))
        show("y4", sess.run(y4))
