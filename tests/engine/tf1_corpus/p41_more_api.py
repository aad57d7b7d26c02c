import tensorflow as tf
import collections
import numpy as np

# Less common TF1 functions, one at a time, so a missing one does not hide the others.


from corpus_helpers import ops, show, show_error  # noqa: E402,F401

def check(label, build, feed=None, composite=False):
    """Build one op in a fresh graph; print the tensor (unless it is a composite whose inner
    names changed between TF versions) and its value, or the build error."""
    with tf.Graph().as_default():
        try:
            t = build()
        except Exception as e:
            print(label, "-> cannot build:", type(e).__name__)
            return
        if not composite:
            print(label, t, t.op.type)
        with tf.Session() as sess:
            show(label, sess.run(t, feed))


x = [-2.0, -0.5, 0.0, 0.5, 2.0]
pos = [0.25, 1.0, 4.0]
logits = [[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]
check("add_n", lambda: tf.add_n([tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]), tf.constant([5.0, 6.0])]))
check("slice", lambda: tf.slice(tf.constant([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), [0, 1], [2, 2]))
check("to_int64", lambda: tf.to_int64(tf.constant([1, 2])))
check("to_double", lambda: tf.to_double(tf.constant([1, 2])))
check("relu6", lambda: tf.nn.relu6(tf.constant(x) * 4))
check("elu", lambda: tf.nn.elu(tf.constant(x)))
check("softplus", lambda: tf.nn.softplus(tf.constant(x)))
check("log_softmax", lambda: tf.nn.log_softmax(tf.constant(logits)))
check("rsqrt", lambda: tf.rsqrt(tf.constant(pos)))
check("reciprocal", lambda: tf.reciprocal(tf.constant(pos)))
check("sign", lambda: tf.sign(tf.constant(x)))
check("floor", lambda: tf.floor(tf.constant(x) * 1.5))
check("ceil", lambda: tf.ceil(tf.constant(x) * 1.5))
check("round", lambda: tf.round(tf.constant(x) * 1.5))
check("sin", lambda: tf.sin(tf.constant(x)))
check("cos", lambda: tf.cos(tf.constant(x)))
check("log1p", lambda: tf.log1p(tf.constant(pos)))
check("squared_difference", lambda: tf.squared_difference(tf.constant(pos), 1.0))
check("reduce_logsumexp", lambda: tf.reduce_logsumexp(tf.constant(logits), axis=1), composite=True)
check("one_hot", lambda: tf.one_hot([0, 2, 1], 3))
check("gather", lambda: tf.gather(tf.constant([10, 20, 30]), [2, 0]))
check("pad", lambda: tf.pad(tf.constant([[1, 2]]), [[1, 0], [0, 1]]))
check("cumsum", lambda: tf.cumsum(tf.constant([1, 2, 3])))
check("count_nonzero", lambda: tf.count_nonzero(tf.constant([0, 1, 2, 0])), composite=True)
check("all_variables", lambda: tf.constant([v.name for v in tf.all_variables()] or ["none"]), composite=True)
check("sigmoid_cross_entropy", lambda: tf.nn.sigmoid_cross_entropy_with_logits(
    labels=tf.constant([1.0, 0.0]), logits=tf.constant([0.5, -0.5])), composite=True)
check("softmax_cross_entropy_v2", lambda: tf.nn.softmax_cross_entropy_with_logits_v2(
    labels=tf.constant([[0.0, 1.0, 0.0]]), logits=tf.constant([[1.0, 2.0, 3.0]])), composite=True)
check("l2_loss", lambda: tf.nn.l2_loss(tf.constant([1.0, 2.0, 3.0])))
