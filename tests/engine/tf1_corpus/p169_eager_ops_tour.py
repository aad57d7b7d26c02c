import tensorflow as tf
import numpy as np

# A tour of ops run eagerly: every result is a value at once (shapes, strings, sorting,
# segments, one-hot, gather/scatter, clipping, comparisons, casting).
tf.enable_eager_execution()

a = tf.constant([[3, 1, 2], [9, 7, 8]])
print(tf.shape(a), tf.size(a), tf.rank(a))
print(tf.reverse(a, [1]), tf.tile(tf.constant([1, 2]), [3]))
print(tf.nn.top_k(tf.constant([4, 1, 3, 2]), 2).values, tf.argmin(a, axis=1))
print(tf.unique(tf.constant([1, 1, 2, 3, 3]))[0], tf.segment_sum(tf.constant([1, 2, 3, 4]), [0, 0, 1, 1]))
print(tf.one_hot([2, 0], 3), tf.gather(a, [1, 0]), tf.gather_nd(a, [[0, 1], [1, 2]]))
print(tf.clip_by_value(tf.constant([-2.0, 0.5, 3.0]), -1.0, 1.0), tf.maximum(a, 5), tf.minimum(a, 2))
print(tf.cast(tf.constant([1.7, -1.7]), tf.int32), tf.to_float(a)[0], tf.round(tf.constant([0.5, 1.5, 2.4])))
print(tf.equal(a, 7), tf.logical_and(tf.constant([True, False]), tf.constant([True, True])))
print(tf.stack([tf.constant(1), tf.constant(2)]), tf.unstack(tf.constant([[1, 2], [3, 4]]))[1])
print(tf.expand_dims(tf.constant([1, 2]), 0).shape, tf.squeeze(tf.ones([1, 3, 1])).shape)
print(tf.pad(tf.constant([[1]]), [[1, 1], [0, 1]]))
print(tf.cumsum(tf.constant([1, 2, 3])), tf.reduce_prod(tf.constant([1, 2, 3, 4])))
print(tf.strings.join([tf.constant("a"), tf.constant("b")], separator="+"), tf.string_split(["a b"]).values)
print(tf.as_string(tf.constant([1, 2])), tf.string_to_number(tf.constant("3.5")))
print(tf.linspace(0.0, 1.0, 5), tf.range(2, 10, 3), tf.eye(2))
print(tf.matrix_determinant(tf.constant([[2.0, 1.0], [1.0, 3.0]])), tf.trace(tf.constant([[1, 2], [3, 4]])))
print(tf.einsum("ij,jk->ik", tf.ones([2, 3]), tf.ones([3, 2])))
print(tf.sequence_mask([1, 3], 4), tf.count_nonzero(tf.constant([0, 1, 2, 0])))
print(tf.where(tf.constant([[True, False], [False, True]])))
print(tf.dynamic_partition(tf.constant([10, 20, 30]), [0, 1, 0], 2)[0])
print(tf.boolean_mask(a, [True, False]), tf.reduce_any(tf.constant([False, True])))
print(tf.zeros_like(a), tf.ones_like(tf.constant([1.5])), tf.fill([2], 9))
print(tf.nn.l2_normalize(tf.constant([3.0, 4.0]), 0), tf.sqrt(tf.reduce_sum(tf.square(tf.constant([3.0, 4.0])))))
s = tf.sparse_tensor_to_dense(tf.SparseTensor([[0, 1], [1, 0]], [5, 6], [2, 2]))
print(s, tf.sparse_to_dense([[1], [3]], [5], [7, 8]))
print(tf.meshgrid(tf.constant([1, 2]), tf.constant([3, 4]))[0], tf.broadcast_to(tf.constant([1, 2]), [2, 2]))
