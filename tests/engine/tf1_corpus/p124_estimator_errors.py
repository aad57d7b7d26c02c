import tensorflow as tf
import numpy as np
# corpus: estimator  (tf.estimator from tensorflow_estimator 2.15: see tf_estimator_shim.py)
import tempfile

# tf.estimator's checks and messages: EstimatorSpec's required fields per mode and their types,
# model_fn signatures, params, train's steps/max_steps, hooks, input functions' arguments,
# a model_fn that does not return an EstimatorSpec, a reserved metric name, predict_keys.

from corpus_helpers import show, show_error  # noqa: E402,F401

import re


def show_error_no_address(label, fn):
    try:
        fn()
    except Exception as e:
        print(label, "->", type(e).__name__ + ": " + re.sub(r" at 0x[0-9a-f]+", "", str(e).splitlines()[0]))


M = tf.estimator.ModeKeys
x = np.array([[1., 2.], [3., 1.]], np.float32)
y = np.array([[1.], [2.]], np.float32)
with tf.Graph().as_default():
    w = tf.Variable([[1.0], [2.0]])
    pred = tf.matmul(tf.constant(x), w)
    loss = tf.reduce_mean(pred)
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    show_error("train no loss", lambda: tf.estimator.EstimatorSpec(M.TRAIN, train_op=train_op))
    show_error("train no op", lambda: tf.estimator.EstimatorSpec(M.TRAIN, loss=loss))
    show_error("eval no loss", lambda: tf.estimator.EstimatorSpec(M.EVAL, predictions=pred))
    show_error("predict none", lambda: tf.estimator.EstimatorSpec(M.PREDICT))
    show_error("loss type", lambda: tf.estimator.EstimatorSpec(M.EVAL, loss=1.0))
    show_error("loss shape", lambda: tf.estimator.EstimatorSpec(M.EVAL, loss=pred))
    show_error("pred type", lambda: tf.estimator.EstimatorSpec(M.PREDICT, predictions={"a": 1}))
    show_error("op type", lambda: tf.estimator.EstimatorSpec(M.TRAIN, loss=loss, train_op="op"))
    show_error("metrics type", lambda: tf.estimator.EstimatorSpec(M.EVAL, loss=loss, eval_metric_ops=[1]))
    show_error("metrics tuple", lambda: tf.estimator.EstimatorSpec(M.EVAL, loss=loss, eval_metric_ops={"m": loss}))
    show_error("mode", lambda: tf.estimator.EstimatorSpec("fit", loss=loss))
    spec = tf.estimator.EstimatorSpec(M.EVAL, loss=tf.reshape(loss, [1, 1]))
    print(spec.mode, spec.loss.shape, spec.predictions, spec.eval_metric_ops, spec.train_op, spec.training_hooks)
    spec = tf.estimator.EstimatorSpec(M.PREDICT, predictions=pred)
    print(spec.loss, spec.predictions is pred, type(spec.scaffold).__name__)


def good_fn(features, labels, mode):
    w = tf.get_variable("w", [2, 1])
    p = tf.matmul(features["x"], w)
    if mode == M.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions={"p": p})
    loss = tf.losses.mean_squared_error(labels, p)
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=tf.train.GradientDescentOptimizer(0.1).minimize(
        loss, global_step=tf.train.get_global_step()), eval_metric_ops={"loss": tf.metrics.mean(loss)})


def inp(num_epochs=1):
    return tf.estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=2, num_epochs=num_epochs, shuffle=False)


d = tempfile.mkdtemp()
show_error("no model_fn", lambda: tf.estimator.Estimator(None, model_dir=d))
show_error_no_address("no features", lambda: tf.estimator.Estimator(lambda inputs, labels, mode: None, model_dir=d))
show_error_no_address("bad arg", lambda: tf.estimator.Estimator(lambda features, labels, mode, extra: None, model_dir=d))
show_error_no_address("params", lambda: tf.estimator.Estimator(good_fn, model_dir=d, params={"a": 1}))
show_error("config", lambda: tf.estimator.Estimator(good_fn, config={"model_dir": "m"}))
show_error("config both", lambda: tf.estimator.RunConfig(save_checkpoints_steps=2, save_checkpoints_secs=5))
est = tf.estimator.Estimator(good_fn, model_dir=d)
show_error("steps both", lambda: est.train(inp(), steps=1, max_steps=2))
show_error("steps 0", lambda: est.train(inp(), steps=0))
show_error("max_steps -1", lambda: est.train(inp(), max_steps=-1))
show_error("hooks", lambda: est.train(inp(), hooks=[1]))
show_error("eval steps", lambda: est.evaluate(inp(), steps=0))
show_error("reserved loss", lambda: est.evaluate(inp()))
show_error("predict keys", lambda: next(est.predict(inp(), predict_keys=["q"])))
show_error("labels not taken", lambda: tf.estimator.Estimator(
    lambda features, mode: good_fn(features, None, mode), model_dir=tempfile.mkdtemp()).train(inp(), steps=1))
show_error("not a spec", lambda: tf.estimator.Estimator(
    lambda features, labels: {"loss": 1}, model_dir=tempfile.mkdtemp()).train(inp(), steps=1))
show_error("shuffle", lambda: tf.estimator.inputs.numpy_input_fn({"x": x}, y))
show_error("empty x", lambda: tf.estimator.inputs.numpy_input_fn({}, y, shuffle=False)())
show_error("x type", lambda: tf.estimator.inputs.numpy_input_fn([1, 2], y, shuffle=False)())
show_error("lengths", lambda: tf.estimator.inputs.numpy_input_fn({"x": x}, np.zeros(3), shuffle=False)())
show_error("dup keys", lambda: tf.estimator.inputs.numpy_input_fn({"x": x}, {"x": y}, shuffle=False)())
show_error("empty y", lambda: tf.estimator.inputs.numpy_input_fn({"x": x}, {}, shuffle=False)())
show_error("tuple3", lambda: tf.estimator.Estimator(good_fn, model_dir=tempfile.mkdtemp()).train(
    lambda: (1, 2, 3), steps=1))
