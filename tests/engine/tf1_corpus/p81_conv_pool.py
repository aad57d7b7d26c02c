import tensorflow as tf
import numpy as np

# Convolution and pooling on NHWC images: conv2d (SAME/VALID, strides, dilations), max_pool,
# avg_pool, bias_add; TF's op types, shapes and error texts. (float64: float32 sums may differ from
# TF's in the last place, which the printed values would show.)

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

img = np.arange(2 * 5 * 6 * 2, dtype=np.float64).reshape(2, 5, 6, 2) / 10.0
flt = (np.arange(3 * 3 * 2 * 3, dtype=np.float64).reshape(3, 3, 2, 3) - 20.0) / 10.0
with tf.Graph().as_default():
    x = tf.constant(img, name="x")
    f = tf.constant(flt, name="f")
    convs = [tf.nn.conv2d(x, f, strides=[1, 1, 1, 1], padding="SAME"),
             tf.nn.conv2d(x, f, strides=[1, 1, 1, 1], padding="VALID", name="valid"),
             tf.nn.conv2d(x, f, strides=[1, 2, 2, 1], padding="SAME"),
             tf.nn.conv2d(x, f, strides=[1, 2, 3, 1], padding="VALID"),
             tf.nn.conv2d(x, f[:2, :2], strides=[1, 1, 1, 1], padding="SAME", dilations=[1, 2, 2, 1])]
    pools = [tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID"),
             tf.nn.max_pool(x, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding="SAME"),
             tf.nn.avg_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME"),
             tf.nn.avg_pool(x, ksize=[1, 3, 2, 1], strides=[1, 1, 1, 1], padding="VALID")]
    biased = tf.nn.bias_add(convs[0], tf.constant([1.0, -1.0, 0.5], tf.float64))
    for t in convs + pools + [biased]:
        print(t, t.op.type)
    with tf.Session() as sess:
        for i, t in enumerate(convs + pools + [biased]):
            show(f"out{i}", sess.run(t))
    ops()

with tf.Graph().as_default():
    p = tf.placeholder(tf.float64, [None, None, None, 2], name="p")
    c = tf.nn.conv2d(p, flt, strides=[1, 1, 1, 1], padding="SAME")
    m = tf.nn.max_pool(p, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    print(c, m)
    with tf.Session() as sess:
        show("fed conv", sess.run(c, {p: img[:1, :4, :3]}))
        show("fed pool", sess.run(m, {p: img[:1, :3, :3]}))
        show_error("fed depth", lambda: sess.run(c, {p: np.ones((1, 3, 3, 1))}), message=False)

with tf.Graph().as_default():
    show_error("rank 3 input", lambda: tf.nn.conv2d(tf.ones([5, 5, 1]), tf.ones([3, 3, 1, 2]), [1, 1, 1, 1], "SAME"))
    show_error("depth mismatch", lambda: tf.nn.conv2d(tf.ones([1, 5, 5, 1]), tf.ones([3, 3, 2, 2]), [1, 1, 1, 1], "SAME"))
    show_error("bad padding", lambda: tf.nn.conv2d(tf.ones([1, 5, 5, 1]), tf.ones([3, 3, 1, 2]), [1, 1, 1, 1], "SOME"))
    show_error("bad pool padding", lambda: tf.nn.avg_pool(tf.ones([1, 4, 4, 1]), [1, 2, 2, 1], [1, 2, 2, 1], "SOME"))
    show_error("pool rank", lambda: tf.nn.max_pool(tf.ones([4, 4]), [1, 2, 2, 1], [1, 2, 2, 1], "VALID"))
    show_error("bias size", lambda: tf.nn.bias_add(tf.ones([2, 3]), tf.ones([4])))
    show_error("bias rank", lambda: tf.nn.bias_add(tf.ones([2, 3]), tf.ones([1, 3])))
