import tensorflow as tf
import numpy as np
# corpus: estimator  (tf.estimator from tensorflow_estimator 2.15: see tf_estimator_shim.py)
import tempfile

# Canned DNN estimators (random initial weights, so the shapes, names and keys are compared, and
# what training achieves): DNNClassifier (binary and 4 classes, with an embedding column) and
# DNNRegressor; variable names and shapes (the Adagrad slots `t_0/Adagrad`), evaluate's keys,
# predict's keys, dtypes and shapes.

from corpus_helpers import show, show_error  # noqa: E402,F401

rng = np.random.RandomState(0)
x = rng.uniform(-1, 1, size=(64, 2)).astype(np.float32)
kind = rng.randint(0, 3, size=64)
y_bin = (x[:, 0] + x[:, 1] > 0).astype(np.int64)
y_multi = (x[:, 0] > 0).astype(np.int64) * 2 + (x[:, 1] > 0).astype(np.int64)
feats = {"x": x, "kind": kind}
cols = [tf.feature_column.numeric_column("x", shape=[2]),
        tf.feature_column.embedding_column(tf.feature_column.categorical_column_with_identity("kind", 3), 2)]
config = tf.estimator.RunConfig(tf_random_seed=3, log_step_count_steps=50)


def inputs(y, epochs, batch):
    return tf.estimator.inputs.numpy_input_fn(feats, y, batch_size=batch, num_epochs=epochs, shuffle=False)


def describe(est):
    for name in est.get_variable_names():
        print(name, est.get_variable_value(name).shape)


clf = tf.estimator.DNNClassifier(hidden_units=[8, 4], feature_columns=cols, model_dir=tempfile.mkdtemp(), config=config,
                                 optimizer=tf.train.AdamOptimizer(0.05))
before = clf.train(inputs(y_bin, None, 16), steps=1).evaluate(inputs(y_bin, 1, 64))
clf.train(inputs(y_bin, None, 16), steps=150)
after = clf.evaluate(inputs(y_bin, 1, 64))
describe(clf)
print(sorted(after))
print(after["global_step"], after["loss"] < before["loss"], after["accuracy"] >= 0.9, after["label/mean"])
preds = list(clf.predict(inputs(None, 1, 10)))
print(len(preds))
for k in sorted(preds[0]):
    v = preds[0][k]
    print(k, v.dtype, v.shape)
print(np.mean([p["class_ids"][0] == t for p, t in zip(preds, y_bin)]) >= 0.9)
print(all(abs(p["probabilities"].sum() - 1) < 1e-5 for p in preds))

multi = tf.estimator.DNNClassifier([6], cols, n_classes=4, model_dir=tempfile.mkdtemp(), config=config)
multi.train(inputs(y_multi, None, 16), steps=20)
describe(multi)
ev = multi.evaluate(inputs(y_multi, 1, 64))
print(sorted(ev), ev["global_step"])
p = next(multi.predict(inputs(None, 1, 10)))
for k in sorted(p):
    print(k, p[k].dtype, p[k].shape)

y_reg = (2 * x[:, :1] - x[:, 1:]).astype(np.float32)
reg = tf.estimator.DNNRegressor([5], [cols[0]], model_dir=tempfile.mkdtemp(), config=config, optimizer="Adam")
ev0 = reg.train(inputs(y_reg, None, 32), steps=1).evaluate(inputs(y_reg, 1, 64))
reg.train(inputs(y_reg, None, 32), steps=60)
ev1 = reg.evaluate(inputs(y_reg, 1, 64))
describe(reg)
print(sorted(ev1), ev1["average_loss"] < ev0["average_loss"])
p = next(reg.predict(inputs(None, 1, 10)))
print(sorted(p), p["predictions"].shape, p["predictions"].dtype)
show_error("no columns", lambda: tf.estimator.DNNClassifier([3], []).train(inputs(y_bin, 1, 64)))
show_error("linear no columns", lambda: tf.estimator.LinearRegressor([], optimizer="SGD").train(inputs(y_reg, 1, 64)))
show_error("opt name", lambda: tf.estimator.DNNClassifier([3], cols, optimizer="Nope").train(inputs(y_bin, 1, 64)))
show_error("labels", lambda: tf.estimator.DNNClassifier([3], cols).train(inputs(None, 1, 64)))
