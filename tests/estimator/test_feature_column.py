"""tf.feature_column: the dense tensors input_layer builds (values TensorFlow printed for the
same features), linear_model's variables and sums, and the columns' argument errors."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf
from nbgraph import feature_column as fc


def _features():
    return {"age": tf.constant([[25.], [40.], [61.]]), "x": tf.constant([[1., 2.], [3., 4.], [5., 6.]]),
            "color": tf.constant([["red"], ["blue"], ["pink"]]), "id": tf.constant([[1], [3], [0]], tf.int64),
            "tags": tf.constant([["a", "b"], ["b", ""], ["c", "a"]]), "flat": tf.constant([2, 0, 1])}


def _run(t):
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        return s.run(t)


def test_input_layer_equals_tensorflow():
    feats = _features()
    age = fc.numeric_column("age")
    cols = [fc.numeric_column("x", shape=[2]), age, fc.bucketized_column(age, [30, 50]),
            fc.indicator_column(fc.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"])),
            fc.embedding_column(fc.categorical_column_with_identity("id", 4), 2, initializer=tf.constant_initializer(0.5))]
    net = fc.input_layer(feats, cols)
    assert repr(net) == '<tf.Tensor \'input_layer/concat:0\' shape=(3, 11) dtype=float32>'
    assert [v.op.name for v in tf.global_variables()] == ["input_layer/id_embedding/embedding_weights"]
    # TensorFlow 2.21's tf.compat.v1.feature_column.input_layer printed:
    np.testing.assert_array_equal(_run(net), [[25., 1., 0., 0., 1., 0., 0., .5, .5, 1., 2.],
                                              [40., 0., 1., 0., 0., 0., 1., .5, .5, 3., 4.],
                                              [61., 0., 0., 1., 0., 0., 0., .5, .5, 5., 6.]])


def test_multivalent_and_rank1_inputs():
    feats = _features()
    tags = fc.categorical_column_with_vocabulary_list("tags", ("a", "b", "c"))
    emb = fc.embedding_column(tags, 2, initializer=tf.constant_initializer([[1., 0.], [0., 1.], [2., 2.]]))
    net = fc.input_layer(feats, [fc.indicator_column(tags), emb,
                                 fc.indicator_column(fc.categorical_column_with_identity("flat", 3))])
    out = _run(net)
    # columns in name order: flat_indicator (a [batch] input read as [batch, 1]), tags_embedding (the
    # mean of the valid ids' rows; '' is no id), tags_indicator (multi-hot)
    np.testing.assert_allclose(out[:, 0:3], [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    np.testing.assert_allclose(out[:, 3:5], [[.5, .5], [0., 1.], [1.5, 1.]])
    np.testing.assert_allclose(out[:, 5:], [[1, 1, 0], [0, 1, 0], [1, 0, 1]])


def test_linear_model_variables_and_sum():
    feats = _features()
    age = fc.numeric_column("age")
    out = fc.linear_model(feats, [age, fc.bucketized_column(age, [30, 50]),
                                  fc.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"])])
    assert out.name == "linear_model_1/linear_model/weighted_sum:0"
    assert [v.op.name for v in tf.global_variables()] == [
        "linear_model/age/weights", "linear_model/age_bucketized/weights", "linear_model/color/weights",
        "linear_model/bias_weights"]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(s.run(out), [[0.], [0.], [0.]])
        for v in tf.global_variables():
            s.run(v.assign(tf.ones_like(v)))
        # age + its bucket's weight + the colour's weight (none for 'pink') + bias
        np.testing.assert_array_equal(s.run(out), [[28.], [43.], [63.]])


def test_column_errors_and_reprs():
    age = fc.numeric_column("age")
    assert repr(age) == "NumericColumn(key='age', shape=(1,), default_value=None, dtype=tf.float32, normalizer_fn=None)"
    with pytest.raises(ValueError, match="^boundaries must be a sorted list.$"):
        fc.bucketized_column(age, [3, 1])
    with pytest.raises(ValueError, match="^num_buckets 0 < 1, column_name id$"):
        fc.categorical_column_with_identity("id", 0)
    with pytest.raises(ValueError, match="^Feature age is not in features dictionary.$"):
        fc.input_layer({"b": tf.constant([[1.]])}, [age])
    with pytest.raises(ValueError, match="^Items of feature_columns must be a _DenseColumn."):
        fc.input_layer({"c": tf.constant([["a"]])}, [fc.categorical_column_with_vocabulary_list("c", ["a"])])
    with pytest.raises(ValueError, match="^feature_columns must not be empty.$"):
        fc.linear_model({}, [])
    assert tf.feature_column.numeric_column is fc.numeric_column


def test_hash_bucket_equals_tensorflow():
    # TensorFlow: string_to_hash_bucket_fast(['red', 'blue', ''], 10) == [0, 5, 3]; FarmHash Fingerprint64
    with tf.Session() as s:
        assert s.run(tf.string_to_hash_bucket_fast(["red", "blue", ""], 10)).tolist() == [0, 5, 3]
        assert s.run(tf.strings.to_hash_bucket_fast(["red"], 2 ** 63 - 1)).tolist() == [991092756973969910]
    feats = {"color": tf.constant([["red"], ["blue"], [""]]), "n": tf.constant([[12], [7], [-1]], tf.int64)}
    cols = [fc.indicator_column(fc.categorical_column_with_hash_bucket("color", 5)),
            fc.indicator_column(fc.categorical_column_with_hash_bucket("n", 7, dtype=tf.int64))]
    out = _run(fc.input_layer(feats, cols))
    # TF's positions: red -> 0, blue -> 0 of 5 buckets; 12 -> 3, 7 -> 2 of 7 ('' and -1 are no value)
    assert [np.nonzero(r)[0].tolist() for r in out] == [[0, 8], [0, 7], []]
    with pytest.raises(ValueError, match="^hash_bucket_size must be at least 1"):
        fc.categorical_column_with_hash_bucket("c", 0)


def test_crossed_column_equals_tensorflow():
    feats = {"a": tf.constant([["x"], ["y"], ["x"]]), "b": tf.constant([["p", "q"], ["q", ""], ["r", "p"]]),
             "n": tf.constant([[1], [2], [3]], tf.int64)}
    c = fc.crossed_column(["a", "b"], 1000)
    c2 = fc.crossed_column(["a", fc.categorical_column_with_identity("n", 5)], 1000)
    c3 = fc.crossed_column(["a", "b", "n"], 50, hash_key=7)
    assert (c.name, c2.name, c3.name) == ("a_X_b", "a_X_n", "a_X_b_X_n")
    outs = [_run(fc.input_layer(feats, [fc.indicator_column(k)])) for k in (c, c2, c3)]
    # the positions TensorFlow's SparseCross gives the same crosses (a raw '' crosses too)
    assert [[np.nonzero(r)[0].tolist() for r in o] for o in outs] == [
        [[216, 452], [515, 692], [452, 615]], [[859], [604], [419]], [[30], [20, 43], [0, 36]]]
    assert outs[2][0, 30] == 2.0  # two crosses of row 0 share bucket 30
    with pytest.raises(ValueError, match="^keys must be a list with length > 1"):
        fc.crossed_column(["a"], 10)
    with pytest.raises(ValueError, match="^categorical_column_with_hash_bucket is not supported for crossing"):
        fc.crossed_column(["a", fc.categorical_column_with_hash_bucket("b", 3)], 10)
