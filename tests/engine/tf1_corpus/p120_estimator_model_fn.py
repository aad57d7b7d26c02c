import tensorflow as tf
import numpy as np
# corpus: estimator  (tf.estimator from tensorflow_estimator 2.15: see tf_estimator_shim.py)
import os
import tempfile

# tf.estimator.Estimator with a model_fn: train from numpy_input_fn batches, the checkpoint files,
# evaluate (metrics + loss + global_step), predict (one dict per example), a second train that
# resumes from the latest checkpoint, max_steps already reached, a tf.data input_fn with params.

from corpus_helpers import show, show_error  # noqa: E402,F401


def model_fn(features, labels, mode, params):
    w = tf.get_variable("w", [2, 1], initializer=tf.constant_initializer(0.1))
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    pred = tf.matmul(features["x"], w) + b
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions={"y": pred, "double": 2 * pred})
    loss = tf.losses.mean_squared_error(labels, pred)
    opt = tf.train.GradientDescentOptimizer(params["lr"])
    train_op = opt.minimize(loss, global_step=tf.train.get_global_step())
    metrics = {"mae": tf.metrics.mean_absolute_error(labels, pred), "rmse": tf.metrics.root_mean_squared_error(labels, pred)}
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op, eval_metric_ops=metrics)


x = np.array([[1., 2.], [3., 1.], [-1., .5], [2., 2.]], np.float32)
y = np.array([[5.], [4.], [-2.], [6.]], np.float32)
d = tempfile.mkdtemp()
config = tf.estimator.RunConfig(model_dir=d, log_step_count_steps=2, save_checkpoints_steps=3, tf_random_seed=7)
print(tf.estimator.ModeKeys.TRAIN, tf.estimator.ModeKeys.EVAL, tf.estimator.ModeKeys.PREDICT)
print(config.save_checkpoints_steps, config.save_checkpoints_secs, config.save_summary_steps, config.keep_checkpoint_max,
      config.log_step_count_steps, config.tf_random_seed)
est = tf.estimator.Estimator(model_fn, config=config, params={"lr": 0.05})
print(est.model_dir == d, est.params, est.config.model_dir == d)
train_in = tf.estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=2, num_epochs=None, shuffle=False)
print(est.train(train_in, steps=5) is est)
print(est.get_variable_names())
show("w", est.get_variable_value("w"))
show("b", est.get_variable_value("b"))
print(os.path.basename(est.latest_checkpoint()))
print(sorted(f for f in os.listdir(d) if f.endswith(".index")), "checkpoint" in os.listdir(d))
print(any(f.startswith("events.out.tfevents") for f in os.listdir(d)))
ev = est.evaluate(tf.estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=3, num_epochs=1, shuffle=False))
print(sorted(ev))
for k in sorted(ev):
    show(k, ev[k])
print(os.path.isdir(os.path.join(d, "eval")))
ev2 = est.evaluate(tf.estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=1, num_epochs=None, shuffle=False), steps=2)
show("ev2 loss", ev2["loss"])
preds = list(est.predict(tf.estimator.inputs.numpy_input_fn({"x": x}, batch_size=3, num_epochs=1, shuffle=False)))
print(len(preds), sorted(preds[0]))
for p in preds:
    show("pred", p["y"])
print(list(est.predict(tf.estimator.inputs.numpy_input_fn({"x": x}, batch_size=4, num_epochs=1, shuffle=False), predict_keys=["double"]))[1])
batches = list(est.predict(tf.estimator.inputs.numpy_input_fn({"x": x}, batch_size=3, num_epochs=1, shuffle=False), yield_single_examples=False))
print(len(batches), batches[0]["y"].shape, batches[1]["y"].shape)
est.train(train_in, steps=3)
show("w after resume", est.get_variable_value("w"))
show("global_step", est.get_variable_value("global_step"))
est.train(train_in, max_steps=8)
show("still 8", est.get_variable_value("global_step"))
est.train(train_in, max_steps=10)
show("max_steps 10", est.get_variable_value("global_step"))


def dataset_input_fn(params):
    ds = tf.data.Dataset.from_tensor_slices(({"x": x}, y))
    return ds.repeat(params["epochs"]).batch(2)


est2 = tf.estimator.Estimator(model_fn, model_dir=tempfile.mkdtemp(), params={"lr": 0.1, "epochs": 3})
est2.train(dataset_input_fn)
show("dataset steps", est2.get_variable_value("global_step"))
show("dataset w", est2.get_variable_value("w"))
show("dataset eval loss", est2.evaluate(lambda: dataset_input_fn({"epochs": 1}))["loss"])
only_x = tf.estimator.inputs.numpy_input_fn(x, y, batch_size=4, num_epochs=1, shuffle=False)
feats, labels = only_x()
print(isinstance(feats, tf.Tensor), feats.dtype, labels.dtype)
feats = tf.estimator.inputs.numpy_input_fn({"b": x, "a": y}, batch_size=4, num_epochs=1, shuffle=False)()
print(sorted(feats), feats["a"].shape.as_list())
