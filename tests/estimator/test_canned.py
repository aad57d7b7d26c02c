"""The canned estimators: DNNClassifier learns a small synthetic problem, with TF's variable
names, prediction and metric keys; LinearRegressor's SGD steps equal a numpy re-derivation
(summed squared error from zero weights); DNNRegressor and a 3-class LinearClassifier."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf

RNG = np.random.RandomState(1)
X = RNG.uniform(-1, 1, size=(80, 2)).astype(np.float32)
Y_BIN = (X[:, 0] - 0.5 * X[:, 1] > 0).astype(np.int64)


def _input(x, y, batch, epochs, shuffle=False):
    return tf.estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=batch, num_epochs=epochs, shuffle=shuffle)


COLS = [tf.feature_column.numeric_column("x", shape=[2])]


def test_dnn_classifier_learns_and_names_like_tensorflow(tmp_path):
    clf = tf.estimator.DNNClassifier(hidden_units=[10, 5], feature_columns=COLS, model_dir=str(tmp_path),
                                     optimizer=tf.train.AdamOptimizer(0.05),
                                     config=tf.estimator.RunConfig(tf_random_seed=5))
    clf.train(_input(X, Y_BIN, 20, None, shuffle=True), steps=200)
    ev = clf.evaluate(_input(X, Y_BIN, 80, 1))
    assert sorted(ev) == ["accuracy", "accuracy_baseline", "auc", "auc_precision_recall", "average_loss",
                          "global_step", "label/mean", "loss", "precision", "prediction/mean", "recall"]
    assert ev["accuracy"] >= 0.95 and ev["auc"] >= 0.98 and ev["global_step"] == 200
    np.testing.assert_allclose(ev["loss"], ev["average_loss"] * 80, rtol=1e-5)  # one batch, summed loss
    np.testing.assert_allclose(ev["label/mean"], Y_BIN.mean(), rtol=1e-6)
    names = clf.get_variable_names()
    assert "dnn/hiddenlayer_0/kernel" in names and "dnn/hiddenlayer_1/bias" in names
    assert "dnn/logits/kernel" in names and "dnn/hiddenlayer_0/kernel/t_0/Adam" in names
    assert clf.get_variable_value("dnn/hiddenlayer_1/kernel").shape == (10, 5)
    preds = list(clf.predict(tf.estimator.inputs.numpy_input_fn({"x": X[:6]}, num_epochs=1, shuffle=False)))
    assert sorted(preds[0]) == ["all_class_ids", "all_classes", "class_ids", "classes", "logistic", "logits",
                                "probabilities"]
    for p in preds:
        assert p["probabilities"].shape == (2,) and abs(p["probabilities"].sum() - 1) < 1e-6
        assert p["classes"][0] == str(p["class_ids"][0]).encode()
        np.testing.assert_allclose(p["logistic"], 1 / (1 + np.exp(-p["logits"])), rtol=1e-5)
    accuracy = np.mean([p["class_ids"][0] for p in preds] == Y_BIN[:6])
    assert accuracy >= 5 / 6


def test_dnn_default_optimizer_is_adagrad(tmp_path):
    clf = tf.estimator.DNNClassifier([3], COLS, n_classes=3, model_dir=str(tmp_path))
    clf.train(_input(X, (X[:, 0] > 0).astype(np.int64) * 2, 40, None), steps=2)
    names = clf.get_variable_names()
    assert "dnn/logits/kernel/t_0/Adagrad" in names
    acc = clf.get_variable_value("dnn/logits/bias/t_0/Adagrad")
    assert acc.shape == (3,) and np.all(acc > 0.1)  # Adagrad's 0.1 start plus squared gradients


def test_linear_regressor_sgd_equals_numpy(tmp_path):
    x = np.array([[1., 2.], [3., 1.], [-1., .5], [2., 2.]], np.float32)
    y = np.array([[5.], [4.], [-2.], [6.]], np.float32)
    reg = tf.estimator.LinearRegressor(COLS, model_dir=str(tmp_path), optimizer=tf.train.GradientDescentOptimizer(0.01))
    reg.train(_input(x, y, 2, None), steps=6)
    w, b = np.zeros((2, 1)), np.zeros(1)
    for step in range(6):
        xb, yb = x[(step % 2) * 2:(step % 2) * 2 + 2], y[(step % 2) * 2:(step % 2) * 2 + 2]
        err = xb @ w + b - yb
        w, b = w - 0.01 * 2 * xb.T @ err, b - 0.01 * 2 * err.sum(0)
    np.testing.assert_allclose(reg.get_variable_value("linear/linear_model/x/weights"), w, rtol=1e-5)
    np.testing.assert_allclose(reg.get_variable_value("linear/linear_model/bias_weights"), b, rtol=1e-5)
    ev = reg.evaluate(_input(x, y, 4, 1))
    expected = ((x @ w + b - y) ** 2).mean()
    np.testing.assert_allclose(ev["average_loss"], expected, rtol=1e-5)
    np.testing.assert_allclose(ev["loss"], expected * 4, rtol=1e-5)
    preds = [p["predictions"] for p in reg.predict(tf.estimator.inputs.numpy_input_fn({"x": x}, num_epochs=1,
                                                                                      shuffle=False))]
    np.testing.assert_allclose(np.array(preds), x @ w + b, rtol=1e-5)


def test_dnn_regressor_and_multiclass_linear(tmp_path):
    y = (X[:, :1] * 2 - X[:, 1:]).astype(np.float32)
    reg = tf.estimator.DNNRegressor([8], COLS, model_dir=str(tmp_path / "r"), optimizer="Adam")
    start = reg.train(_input(X, y, 40, None), steps=1).evaluate(_input(X, y, 80, 1))["average_loss"]
    reg.train(_input(X, y, 40, None), steps=100)
    ev = reg.evaluate(_input(X, y, 80, 1))
    assert ev["average_loss"] < start / 3
    assert sorted(ev) == ["average_loss", "global_step", "label/mean", "loss", "prediction/mean"]
    y3 = (X[:, 0] > 0).astype(np.int64) + (X[:, 1] > 0.5)
    clf = tf.estimator.LinearClassifier(COLS, n_classes=3, model_dir=str(tmp_path / "c"), optimizer="SGD")
    clf.train(_input(X, y3, 20, None), steps=50)
    ev = clf.evaluate(_input(X, y3, 80, 1))
    assert sorted(ev) == ["accuracy", "average_loss", "global_step", "loss"] and ev["accuracy"] > 0.7
    assert clf.get_variable_value("linear/linear_model/x/weights").shape == (2, 3)


def test_canned_errors(tmp_path):
    with pytest.raises(ValueError, match=r"^n_classes must be > 2: 1\.$"):
        tf.estimator.DNNClassifier([3], COLS, n_classes=1)
    clf = tf.estimator.DNNClassifier([3], COLS, model_dir=str(tmp_path), optimizer="Nope")
    with pytest.raises(ValueError, match=r"Unsupported optimizer name: Nope\. Supported names are: \('Adagrad'"):
        clf.train(_input(X, Y_BIN, 10, 1))
    clf = tf.estimator.DNNClassifier([3], COLS, model_dir=str(tmp_path))
    with pytest.raises(ValueError, match="^You must provide a labels Tensor. Given: None."):
        clf.train(tf.estimator.inputs.numpy_input_fn({"x": X}, num_epochs=1, shuffle=False))
    with pytest.raises(ValueError, match="Mismatched label shape. Expected labels dimension=1.  Received 2."):
        clf.train(_input(X, np.zeros((80, 2), np.int64), 10, 1))


def test_dnn_batch_norm_and_dropout_variable_names(tmp_path):
    # the names TensorFlow's DNNClassifier(batch_norm=True, dropout=0.1) checkpoint holds
    clf = tf.estimator.DNNClassifier([4], COLS, batch_norm=True, dropout=0.1, model_dir=str(tmp_path))
    clf.train(_input(X, Y_BIN, 8, None, shuffle=True), steps=3)
    bn = [n for n in clf.get_variable_names() if "batchnorm" in n]
    assert bn == ["dnn/hiddenlayer_0/batchnorm_0/beta", "dnn/hiddenlayer_0/batchnorm_0/beta/t_0/Adagrad",
                  "dnn/hiddenlayer_0/batchnorm_0/gamma", "dnn/hiddenlayer_0/batchnorm_0/gamma/t_0/Adagrad",
                  "dnn/hiddenlayer_0/batchnorm_0/moving_mean", "dnn/hiddenlayer_0/batchnorm_0/moving_variance"]
    assert not np.allclose(clf.get_variable_value("dnn/hiddenlayer_0/batchnorm_0/moving_mean"), 0.0)  # updated


def test_warm_start_is_refused_not_ignored():
    with pytest.raises(NotImplementedError, match="warm_start_from"):
        tf.estimator.DNNClassifier([3], COLS, warm_start_from="/tmp/x")


def test_label_vocabulary(tmp_path):
    y = np.where(Y_BIN == 1, "yes", "no")
    clf = tf.estimator.LinearClassifier(COLS, model_dir=str(tmp_path), optimizer="SGD", label_vocabulary=["no", "yes"])
    clf.train(_input(X, y, 20, None), steps=20)
    assert clf.evaluate(_input(X, y, 80, 1))["accuracy"] > 0.9
    p = next(clf.predict(tf.estimator.inputs.numpy_input_fn({"x": X[:1]}, num_epochs=1, shuffle=False)))
    assert p["classes"][0] == (b"yes" if Y_BIN[0] else b"no") and p["all_classes"].tolist() == [b"no", b"yes"]
    with pytest.raises(TypeError, match=r"^Signature mismatch. Keys must be dtype <dtype: 'string'>, got <dtype: 'int64'>"):
        clf.train(_input(X, Y_BIN, 20, 1))
