import tensorflow as tf
import numpy as np
# corpus: estimator  (tf.estimator from tensorflow_estimator 2.15: see tf_estimator_shim.py)
import tempfile

# crossed_column as TF hashes it (raw string and int keys, a categorical column key, a custom
# hash_key): indicator positions, an embedding and linear_model over the crosses, and a wide
# LinearClassifier over bucketized x vocabulary crosses trained with SGD (values as TF's).

from corpus_helpers import show, show_error  # noqa: E402,F401

feats = {"a": tf.constant([["x"], ["y"], ["x"]]), "b": tf.constant([["p", "q"], ["q", ""], ["r", "p"]]),
         "n": tf.constant([[1], [2], [3]], tf.int64)}
c = tf.feature_column.crossed_column(["a", "b"], 1000)
c2 = tf.feature_column.crossed_column(["a", tf.feature_column.categorical_column_with_identity("n", 5)], 1000)
c3 = tf.feature_column.crossed_column(["a", "b", "n"], 50, hash_key=7)
print(c, c.name, c2.name, c3.name, c3.hash_bucket_size, c3.hash_key)
net = [tf.feature_column.input_layer(feats, [tf.feature_column.indicator_column(k)]) for k in (c, c2, c3)]
emb = tf.feature_column.input_layer(feats, [tf.feature_column.embedding_column(c3, 2, initializer=tf.ones_initializer())])
lm = tf.feature_column.linear_model(feats, [c, c2])
print([v.name for v in tf.global_variables()])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for v in s.run(net):
        print([np.nonzero(r)[0].tolist() for r in v], v.sum(1).tolist())
    show("emb", s.run(emb))
    for v in tf.global_variables():
        if v.name.startswith("linear_model/"):
            s.run(v.assign(tf.cast(tf.reshape(tf.range(tf.size(v)), v.shape), tf.float32)))
    show("lm", s.run(lm))
show_error("one key", lambda: tf.feature_column.crossed_column(["a"], 10))
show_error("buckets", lambda: tf.feature_column.crossed_column(["a", "b"], 0))
show_error("hashed key", lambda: tf.feature_column.crossed_column(
    ["a", tf.feature_column.categorical_column_with_hash_bucket("b", 5)], 10))
show_error("bad key", lambda: tf.feature_column.crossed_column(["a", 3], 10))

age = np.array([22., 35., 58., 41., 30., 63.], np.float32)
job = np.array(["dev", "ops", "dev", "mgr", "ops", "mgr"])
label = np.array([0, 1, 1, 0, 1, 1])
age_b = tf.feature_column.bucketized_column(tf.feature_column.numeric_column("age"), [30., 50.])
cols = [age_b, tf.feature_column.categorical_column_with_vocabulary_list("job", ["dev", "ops", "mgr"]),
        tf.feature_column.crossed_column([age_b, "job"], 20)]
wide = tf.estimator.LinearClassifier(cols, model_dir=tempfile.mkdtemp(), optimizer="SGD")
inp = tf.estimator.inputs.numpy_input_fn({"age": age, "job": job}, label, batch_size=3, num_epochs=None, shuffle=False)
wide.train(inp, steps=6)
print(wide.get_variable_names())
show("cross weights", wide.get_variable_value("linear/linear_model/age_bucketized_X_job/weights"))
ev = wide.evaluate(tf.estimator.inputs.numpy_input_fn({"age": age, "job": job}, label, batch_size=6, num_epochs=1, shuffle=False))
for k in ("accuracy", "average_loss", "auc"):
    show(k, ev[k])
