import tensorflow as tf
import numpy as np

# Grouping and reordering ops: unique, the sorted and unsorted segment reductions,
# dynamic_partition, bincount values, reverse, reverse_sequence, roll, broadcast_to, meshgrid,
# check_numerics and arg_max; their printed tensors, values, gradients and kernel errors.

from corpus_helpers import show, show_error  # noqa: E402

x = tf.constant([1, 1, 2, 4, 4, 4, 7, 8, 8])
y, idx = tf.unique(x)
y2, idx2, cnt = tf.unique_with_counts(x)
d = tf.constant([[1., 2.], [3., 4.], [5., 6.], [7., -8.]])
ids = tf.constant([0, 0, 2, 2])
segs = [tf.segment_sum(d, ids), tf.segment_mean(d, ids), tf.segment_max(d, ids), tf.segment_min(d, ids),
        tf.segment_prod(d, ids)]
uids = tf.constant([1, -1, 1, 0])
us = [tf.unsorted_segment_sum(d, uids, 3), tf.unsorted_segment_max(d, uids, 3), tf.unsorted_segment_min(d, uids, 3),
      tf.unsorted_segment_prod(d, uids, 3)]
means = [tf.unsorted_segment_mean(d, uids, 3), tf.unsorted_segment_sqrt_n(d, uids, 3)]
parts = tf.dynamic_partition(d, [1, 0, 1, 2], 3)
counts = [tf.bincount([1, 1, 3, 0]), tf.bincount([1, 1, 3], minlength=6), tf.bincount([1, 2], weights=[0.5, 2.0])]
r = [tf.reverse(d, [0]), tf.reverse(d, [-1, 0]),
     tf.reverse_sequence(tf.reshape(tf.range(12), [3, 4]), [1, 3, 4], seq_axis=1, batch_axis=0),
     tf.roll(tf.range(5), 2, 0), tf.roll(d, [1, 1], [0, 1]), tf.broadcast_to([1., 2.], [3, 2])]
grids = tf.meshgrid([1, 2, 3], [4, 5]) + tf.meshgrid([1, 2, 3], [4, 5], indexing="ij")
checked = tf.check_numerics(d, "d is bad")
am = tf.arg_max(d, 1)
for t in [y, idx, y2, idx2, cnt] + segs + us + parts + r + grids + [checked, am]:
    print(t)

v = tf.Variable(d)
weights = tf.constant([[1., 2.], [3., 4.], [5., 6.], [7., 8.]])
terms = {
    "segment_max": tf.reduce_sum(tf.segment_max(v, ids) * [[1., 2.]]),
    "unsorted_segment_min": tf.reduce_sum(tf.unsorted_segment_min(v, uids, 3)),
    "reverse": tf.reduce_sum(tf.reverse(v, [0]) * weights),
    "dynamic_partition": tf.reduce_sum(tf.dynamic_partition(v, [1, 0, 1, 2], 3)[1] * 3.),
    "broadcast_to": tf.reduce_sum(tf.broadcast_to(v[0], [3, 2])),
    "roll": tf.reduce_sum(tf.roll(v, 1, 0) * weights),
    "check_numerics": tf.reduce_sum(tf.check_numerics(v, "m") * weights),
    "segment_prod": tf.reduce_sum(tf.segment_prod(v, ids)),
    "segment_mean": tf.reduce_sum(tf.segment_mean(v, ids) * [[1., 2.]]),
    "segment_sum": tf.reduce_sum(tf.segment_sum(v, ids) * [[1., 2.]]),
    "unsorted_segment_prod": tf.reduce_sum(tf.unsorted_segment_prod(v, uids, 3)),
    "reverse_sequence": tf.reduce_sum(tf.reverse_sequence(v, [1, 2], seq_axis=0, batch_axis=1) * weights),
}
grads = {k: tf.gradients(t, v)[0] for k, t in terms.items()}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i, val in enumerate(sess.run([y, idx, y2, idx2, cnt] + segs + us + means + parts + counts + r + grids + [checked, am])):
        show(f"value {i}", val)
    for k, g in grads.items():
        show(f"d {k}", sess.run(g))
    show_error("nan", lambda: sess.run(tf.check_numerics(tf.constant([1., np.nan]), "oops")))
    show_error("unsorted ids", lambda: sess.run(tf.segment_sum([1., 2.], [1, 0])))
    show_error("partition", lambda: sess.run(tf.dynamic_partition([1, 2], [0, 5], 2)[0]))
    show_error("segment id", lambda: sess.run(tf.unsorted_segment_max([1., 2.], [0, 4], 2)))
    show_error("broadcast", lambda: sess.run(tf.broadcast_to(tf.placeholder_with_default([1, 2, 3], [None]), [2, 2])))
show_error("reverse axis", lambda: tf.reverse([[1]], [3]))
show_error("unique rank", lambda: tf.unique(tf.placeholder_with_default([[1]], [None, None])))
