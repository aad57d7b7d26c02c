import tensorflow as tf
import numpy as np

# String hashing as TF does it (FarmHash Fingerprint64 modulo the buckets): string_to_hash_bucket_fast
# and tf.strings.to_hash_bucket_fast, and categorical_column_with_hash_bucket over strings, ints and
# multi-valued strings ('' and -1 are no value) through indicator, embedding and linear_model.

from corpus_helpers import show, show_error  # noqa: E402,F401

words = tf.constant(["red", "blue", "", "a much longer string to hash", "ünïcode"])
h = tf.string_to_hash_bucket_fast(words, 1000, name="h")
h2 = tf.strings.to_hash_bucket_fast(words, 2 ** 62)
print(h, h2.op.type, h.op.get_attr("num_buckets"))
feats = {"color": tf.constant([["red"], ["blue"], [""]]), "n": tf.constant([[12], [7], [-1]], tf.int64),
         "w": tf.constant([["a", "b"], ["c", "a"], ["d", ""]])}
hc = tf.feature_column.categorical_column_with_hash_bucket("color", 5)
hn = tf.feature_column.categorical_column_with_hash_bucket("n", 7, dtype=tf.int64)
hw = tf.feature_column.categorical_column_with_hash_bucket("w", 4)
print(hc, hn.name, hw.hash_bucket_size)
net = tf.feature_column.input_layer(feats, [tf.feature_column.indicator_column(hc), tf.feature_column.indicator_column(hn),
                                            tf.feature_column.indicator_column(hw),
                                            tf.feature_column.embedding_column(hw, 2, initializer=tf.constant_initializer(
                                                [[0, 1], [1, 2], [2, 3], [3, 4]]))])
lm = tf.feature_column.linear_model(feats, [hc, hn], units=2)
print(net, [v.name for v in tf.global_variables()])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    show("h", s.run(h))
    show("h2", s.run(h2))
    show("net", s.run(net))
    for v in tf.global_variables():
        if v.name.startswith("linear_model/"):
            s.run(v.assign(tf.cast(tf.reshape(tf.range(tf.size(v)), v.shape), tf.float32)))
    show("lm", s.run(lm))
show_error("buckets", lambda: tf.feature_column.categorical_column_with_hash_bucket("c", 0))
show_error("dtype", lambda: tf.feature_column.categorical_column_with_hash_bucket("c", 3, dtype=tf.float32))
