import tensorflow as tf
import numpy as np

# tf.metrics as evaluation loops use them: (value, update_op) pairs over local variables,
# tf.local_variables_initializer() to reset, accumulation across batches, weights, the op graph.

from corpus_helpers import ops, show, show_error  # noqa: E402,F401

labels = tf.placeholder(tf.int64, [None], name="labels")
preds = tf.placeholder(tf.int64, [None], name="preds")
acc, acc_op = tf.metrics.accuracy(labels, preds)
m, m_op = tf.metrics.mean(tf.constant([1., 2.]))
p, p_op = tf.metrics.precision(labels, preds)
r, r_op = tf.metrics.recall(labels, preds)
print(acc, acc_op, m, m_op)
print(p, p_op, r, r_op)
print([v.name for v in tf.local_variables()], tf.global_variables())
print([v.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)])
ops()
batches = [([1, 0, 1, 1], [1, 1, 1, 0]), ([0, 0, 1], [0, 0, 1]), ([1, 1], [0, 0])]
with tf.Session() as sess:
    show_error("uninitialised", lambda: sess.run(tf.local_variables()[1]))
    sess.run(tf.local_variables_initializer())
    show("acc0", sess.run(acc))
    for i, (l, pr) in enumerate(batches):
        show("update%d" % i, sess.run([acc_op, p_op, r_op, m_op], {labels: l, preds: pr}))
    show("values", sess.run([acc, p, r, m]))
    sess.run(tf.local_variables_initializer())
    show("reset", sess.run([acc, p, r, m]))

g = tf.Graph()
with g.as_default():
    logits = tf.constant([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]])
    y = tf.constant([[1], [0], [0], [0]])
    acc, acc_op = tf.metrics.accuracy(labels=y, predictions=tf.expand_dims(tf.argmax(logits, 1), 1), name="my_acc")
    wacc, wacc_op = tf.metrics.accuracy(tf.constant([1, 2, 3]), tf.constant([1, 2, 0]), weights=[1.0, 2.0, 3.0],
                                        metrics_collections=["my_metrics"], updates_collections=["my_updates"])
    mse, mse_op = tf.metrics.mean_squared_error(tf.constant([1.0, 2.0]), tf.constant([1.5, 1.0]))
    mae, mae_op = tf.metrics.mean_absolute_error(tf.constant([1.0, 2.0]), tf.constant([1.5, 1.0]))
    rmse, rmse_op = tf.metrics.root_mean_squared_error(tf.constant([1.0, 2.0]), tf.constant([1.5, 1.0]))
    tp, tp_op = tf.metrics.true_positives(tf.constant([1, 0, 1]), tf.constant([1, 1, 1]))
    fn, fn_op = tf.metrics.false_negatives(tf.constant([True, True]), tf.constant([False, True]))
    scores = tf.placeholder(tf.float32, [None])
    truth = tf.placeholder(tf.bool, [None])
    auc, auc_op = tf.metrics.auc(truth, scores)
    pr_auc, pr_auc_op = tf.metrics.auc(truth, scores, curve="PR", num_thresholds=50, summation_method="majoring")
    print(acc, wacc, mse, mae, rmse, tp, fn, auc, pr_auc, auc_op)
    print(g.get_collection("my_metrics"), g.get_collection("my_updates"))
    print([v.name for v in tf.local_variables()])
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        show("ops", sess.run([acc_op, wacc_op, mse_op, mae_op, rmse_op, tp_op, fn_op]))
        show("twice", sess.run([acc_op, wacc_op, mse_op, mae_op, rmse_op, tp_op, fn_op]))
        show("values", sess.run([acc, wacc, mse, mae, rmse, tp, fn]))
        s1 = [0.1, 0.4, 0.35, 0.8, 0.65, 0.2]
        t1 = [False, False, True, True, True, False]
        show("auc_op", sess.run([auc_op, pr_auc_op], {scores: s1, truth: t1}))
        show("auc_op2", sess.run([auc_op, pr_auc_op], {scores: [0.9, 0.05], truth: [False, True]}))
        show("auc", sess.run([auc, pr_auc]))
    show_error("shapes", lambda: tf.metrics.accuracy(tf.constant([1, 2, 3]), tf.constant([1, 2])))
