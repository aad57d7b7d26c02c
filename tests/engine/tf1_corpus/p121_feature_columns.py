import tensorflow as tf
import numpy as np

# tf.feature_column: numeric (with shape and normalizer_fn), bucketized, vocabulary-list and identity
# categorical columns, indicator and embedding columns; input_layer's dense tensor (columns in name
# order) and linear_model's variables and weighted sum; reprs, names and the argument errors.

from corpus_helpers import show, show_error  # noqa: E402,F401

feats = {"age": tf.constant([[25.], [40.], [61.]]), "x": tf.constant([[1., 2.], [3., 4.], [5., 6.]]),
         "color": tf.constant([["red"], ["blue"], ["pink"]]), "id": tf.constant([[1], [3], [0]], tf.int64),
         "tags": tf.constant([["a", "b"], ["b", ""], ["c", "a"]]), "n": tf.constant([2, 7, 4])}
age = tf.feature_column.numeric_column("age")
x = tf.feature_column.numeric_column("x", shape=[2], normalizer_fn=lambda t: t * 2.0)
n = tf.feature_column.numeric_column("n", dtype=tf.int32)
b = tf.feature_column.bucketized_column(age, boundaries=[30, 50])
color = tf.feature_column.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"])
color_default = tf.feature_column.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"], default_value=0)
tags = tf.feature_column.categorical_column_with_vocabulary_list("tags", ("a", "b", "c"))
ident = tf.feature_column.categorical_column_with_identity("id", num_buckets=4)
ind = tf.feature_column.indicator_column(color)
tag_ind = tf.feature_column.indicator_column(tags)
emb = tf.feature_column.embedding_column(ident, 2, initializer=tf.constant_initializer([[0., 1.], [1., 2.], [2., 3.], [3., 4.]]))
tag_emb = tf.feature_column.embedding_column(tags, 3, combiner="sum", initializer=tf.ones_initializer())
print(age)
print(n)
print(b.name, ind.name, emb.name, color.name, ident.name, tag_ind.name)
print(color)
print(ident)
print(b.boundaries, color.vocabulary_list, ident.num_buckets, emb.dimension, emb.combiner)
net = tf.feature_column.input_layer(feats, [x, age, b, ind, emb, n])
print(net)
net2 = tf.feature_column.input_layer(feats, [tag_ind, tag_emb, tf.feature_column.indicator_column(color_default)])
print(net2)
net3 = tf.feature_column.input_layer(feats, [tf.feature_column.indicator_column(b)])
lm = tf.feature_column.linear_model(feats, [age, b, color, x])
lm3 = tf.feature_column.linear_model(feats, [ident], units=3)
print(lm, lm3)
print([v.name for v in tf.global_variables()])
print([v.shape.as_list() for v in tf.global_variables()])
with tf.Session() as s:
    s.run([tf.global_variables_initializer(), tf.tables_initializer()])
    show("input_layer", s.run(net))
    show("multi-valued", s.run(net2))
    show("bucket indicator", s.run(net3))
    show("linear zero", s.run(lm))
    for v in tf.global_variables():
        if v.name.startswith("linear_model/"):
            s.run(v.assign(tf.ones_like(v)))
    show("linear ones", s.run(lm))
show_error("empty", lambda: tf.feature_column.input_layer(feats, []))
show_error("categorical", lambda: tf.feature_column.input_layer(feats, [color]))
show_error("missing key", lambda: tf.feature_column.input_layer({"y": tf.constant([[1.]])}, [age]))
show_error("boundaries", lambda: tf.feature_column.bucketized_column(age, boundaries=[3, 1]))
show_error("not numeric", lambda: tf.feature_column.bucketized_column(color, boundaries=[1]))
show_error("identity", lambda: tf.feature_column.categorical_column_with_identity("id", 0))
show_error("dup vocab", lambda: tf.feature_column.categorical_column_with_vocabulary_list("c", ["a", "a"]))
show_error("dim", lambda: tf.feature_column.embedding_column(ident, 0))
show_error("shape", lambda: tf.feature_column.numeric_column("z", shape=[0]))
