import tensorflow as tf
import numpy as np
# corpus: estimator  (tf.estimator from tensorflow_estimator 2.15: see tf_estimator_shim.py)
import tempfile

# Canned linear estimators with SGD from their zero initial weights (so every value is TF's):
# LinearRegressor, binary and 3-class LinearClassifier over numeric, bucketized and categorical
# columns; variable names, evaluate's keys and values, predict's keys and values.

from corpus_helpers import show, show_error  # noqa: E402,F401

x = np.array([[1., 2.], [3., 1.], [-1., .5], [2., 2.], [0., 1.], [1., -1.]], np.float32)
age = np.array([20., 35., 60., 45., 30., 25.], np.float32)
color = np.array(["red", "blue", "red", "green", "blue", "pink"])
y_reg = np.array([[5.], [4.], [-2.], [6.], [1.], [0.]], np.float32)
y_bin = np.array([1, 0, 1, 1, 0, 0])
y_multi = np.array([0, 2, 1, 2, 0, 1])
feats = {"x": x, "age": age, "color": color}
cols = [tf.feature_column.numeric_column("x", shape=[2]),
        tf.feature_column.bucketized_column(tf.feature_column.numeric_column("age"), [30., 50.]),
        tf.feature_column.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"])]
config = tf.estimator.RunConfig(log_step_count_steps=10, save_checkpoints_steps=100)


def train_in(y):
    return tf.estimator.inputs.numpy_input_fn(feats, y, batch_size=3, num_epochs=None, shuffle=False)


def eval_in(y):
    return tf.estimator.inputs.numpy_input_fn(feats, y, batch_size=6, num_epochs=1, shuffle=False)


pred_in = tf.estimator.inputs.numpy_input_fn(feats, batch_size=4, num_epochs=1, shuffle=False)

reg = tf.estimator.LinearRegressor(cols, model_dir=tempfile.mkdtemp(), optimizer="SGD", config=config)
reg.train(train_in(y_reg), steps=6)
print(reg.get_variable_names())
for name in reg.get_variable_names():
    show(name, reg.get_variable_value(name))
ev = reg.evaluate(eval_in(y_reg))
for k in sorted(ev):
    show(k, ev[k])
p = list(reg.predict(pred_in))
print(len(p), sorted(p[0]))
show("predictions", np.array([q["predictions"] for q in p]))

clf = tf.estimator.LinearClassifier(cols, model_dir=tempfile.mkdtemp(), optimizer=tf.train.GradientDescentOptimizer(0.1),
                                    config=config)
clf.train(train_in(y_bin), steps=8)
show("bin weights", clf.get_variable_value("linear/linear_model/x/weights"))
show("bin color", clf.get_variable_value("linear/linear_model/color/weights"))
ev = clf.evaluate(eval_in(y_bin))
print(sorted(ev))
for k in sorted(ev):
    show(k, ev[k])
p = list(clf.predict(pred_in))
print(sorted(p[0]))
for q in p[:2]:
    for k in sorted(q):
        show(k, q[k])

multi = tf.estimator.LinearClassifier(cols, model_dir=tempfile.mkdtemp(), n_classes=3,
                                      optimizer=lambda: tf.train.GradientDescentOptimizer(0.2), config=config)
multi.train(train_in(y_multi), steps=8)
print(multi.get_variable_names())
show("multi bias", multi.get_variable_value("linear/linear_model/bias_weights"))
ev = multi.evaluate(eval_in(y_multi))
print(sorted(ev))
for k in sorted(ev):
    show(k, np.round(ev[k], 4))  # the summed softmax loss: float32 sums may differ in the last place
q = next(multi.predict(pred_in))
for k in sorted(q):
    show(k, q[k])
