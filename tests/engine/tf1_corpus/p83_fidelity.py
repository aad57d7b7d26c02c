import tensorflow as tf
import numpy as np

# Fidelity cases the TF1 oracle found: run-time kernel failures give TF's text naming the op,
# failed op creation consumes names as TF's name scopes do, numpy str_ constants are bytes.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401


def run_error(label, sess, t, feed):
    try:
        sess.run(t, feed)
    except tf.errors.OpError as e:
        print(label, "->", type(e).__name__ + ":", e.message.splitlines()[0], "| op:", e.op.name if e.op else None)
    else:
        print(label, "-> no error")


with tf.Graph().as_default():
    x = tf.placeholder(tf.float32, name="x")
    y = tf.placeholder(tf.float32, name="y")
    i = tf.placeholder(tf.int32, name="i")
    with tf.Session() as sess:
        run_error("x + y", sess, x + y, {x: [1, 2], y: [1, 2, 3]})
        run_error("tf.add", sess, tf.add(x, y, name="sum"), {x: [1, 2], y: [1, 2, 3]})
        run_error("maximum", sess, tf.maximum(x, y), {x: [[1, 2]], y: [1, 2, 3]})
        run_error("equal", sess, tf.equal(x, y), {x: [1, 2], y: [1, 2, 3]})
        # (matmul: TF 2 appends " 0 0" to TF 1.15's "Matrix size-incompatible: In[0]: [1,2], In[1]: [1,3]";
        # tests/engine/test_fidelity.py checks TF 1.15's text)
        run_error("add_n", sess, tf.add_n([x, y]), {x: [1, 2], y: [1, 2, 3]})
        run_error("concat", sess, tf.concat([x, y], 0), {x: [[1, 2]], y: [[1, 2, 3]]})
        run_error("stack", sess, tf.stack([x, y]), {x: [1, 2], y: [1, 2, 3]})
        run_error("transpose", sess, tf.transpose(x, [1, 0]), {x: [1, 2]})
        run_error("gather", sess, tf.gather(x, i), {x: [1, 2], i: [5]})
        run_error("argmax", sess, tf.argmax(x, 2), {x: [1, 2]})
        run_error("reduce_sum", sess, tf.reduce_sum(x, 2), {x: [1, 2]})
        run_error("squeeze", sess, tf.squeeze(x, [0]), {x: [1, 2]})
        run_error("expand_dims", sess, tf.expand_dims(x, 5), {x: [1, 2]})
        run_error("pad", sess, tf.pad(x, [[1, 1], [1, 1]]), {x: [1, 2]})
        run_error("reshape -1", sess, tf.reshape(x, [-1, 3]), {x: [1, 2]})
        run_error("xent", sess, tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x),
                  {x: [[1., 2.]], y: [[1., 2., 3.]]})
        run_error("mod by zero", sess, tf.mod(i, i * 0), {i: [1, 2]})

with tf.Graph().as_default():
    a = tf.constant(1.0, name="a")
    b = tf.constant(1, name="b")
    show_error("add float+int", lambda: tf.add(a, b))
    print(tf.add(a, a).name)
    show_error("matmul shapes", lambda: tf.matmul(tf.ones([2, 3]), tf.ones([2, 3])))
    print(tf.matmul(tf.ones([2, 2]), tf.ones([2, 2])).name)
    show_error("reshape", lambda: tf.reshape(tf.ones([2, 3]), [4]))
    print(tf.reshape(tf.ones([2, 3]), [6]).name)
    show_error("named sub", lambda: tf.subtract(a, b, name="d"))
    print(tf.subtract(a, a, name="d").name)
    show_error("operator", lambda: tf.ones([2]) + tf.ones([3]))
    print((a + a).name)
    with tf.name_scope("s"):
        show_error("scoped", lambda: tf.multiply(a, b))
        print(tf.multiply(a, a).name)

with tf.Graph().as_default():
    with tf.device("/gpu:3"):
        c = tf.constant(1.0, name="c")
    d = c + 1
    with tf.Session() as sess:
        try:
            sess.run(d)
        except tf.errors.InvalidArgumentError as e:
            print("placer error op:", e.op, "node_def:", e.node_def)

with tf.Graph().as_default():
    for value in (np.array(["Do", "café?"]), np.array([["a"], ["bé"]]), np.str_("x"), ["Do", "café?"]):
        t = tf.constant(value)
        got = tf.Session().run(t)
        print(t.dtype, np.shape(got), [(type(v).__name__, v) for v in np.reshape(got, -1).tolist()])
