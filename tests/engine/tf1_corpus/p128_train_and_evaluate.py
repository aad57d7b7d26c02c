import tensorflow as tf
import numpy as np
# corpus: estimator  (tf.estimator from tensorflow_estimator 2.15: see tf_estimator_shim.py)
import os
import tempfile

# tf.estimator.train_and_evaluate with TrainSpec/EvalSpec on one machine: training to max_steps with
# an evaluation after each checkpoint save (throttle_secs=0) and at the end; the returned metrics,
# the checkpoints kept, the specs' argument errors; tf.estimator's hook aliases.
x = np.array([[1., 2.], [3., 1.], [-1., .5], [2., 2.]], np.float32)
y = np.array([[5.], [4.], [-2.], [6.]], np.float32)
def model_fn(features, labels, mode):
    w = tf.get_variable("w", [2, 1], initializer=tf.constant_initializer(0.1))
    pred = tf.matmul(features["x"], w)
    loss = tf.losses.mean_squared_error(labels, pred)
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=tf.train.GradientDescentOptimizer(0.05).minimize(loss, global_step=tf.train.get_global_step()),
                                      eval_metric_ops={"mae": tf.metrics.mean_absolute_error(labels, pred)})
est = tf.estimator.Estimator(model_fn, model_dir=tempfile.mkdtemp(), config=tf.estimator.RunConfig(save_checkpoints_steps=3))
train_spec = tf.estimator.TrainSpec(tf.estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=2, num_epochs=None, shuffle=False), max_steps=7)
eval_spec = tf.estimator.EvalSpec(tf.estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=2, num_epochs=1, shuffle=False), steps=None, throttle_secs=0)
metrics, exports = tf.estimator.train_and_evaluate(est, train_spec, eval_spec)
print(sorted(metrics.items()), exports)
print(sorted(f for f in os.listdir(est.model_dir) if f.endswith(".index")))
for bad in (lambda: tf.estimator.TrainSpec(1), lambda: tf.estimator.TrainSpec(lambda: 1, max_steps=0), lambda: tf.estimator.EvalSpec(lambda: 1, steps=0),
            lambda: tf.estimator.EvalSpec(lambda: 1, throttle_secs=-1), lambda: tf.estimator.train_and_evaluate(est, train_spec, 3),
            lambda: tf.estimator.train_and_evaluate(3, train_spec, eval_spec)):
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
print(tf.estimator.LoggingTensorHook is tf.train.LoggingTensorHook, tf.estimator.SessionRunHook is tf.train.SessionRunHook)
