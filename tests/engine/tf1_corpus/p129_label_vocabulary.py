import tensorflow as tf
import numpy as np
# corpus: estimator  (tf.estimator from tensorflow_estimator 2.15: see tf_estimator_shim.py)
import tempfile

# label_vocabulary: string labels for binary and 3-class LinearClassifier (SGD from zero weights, so
# values are TF's): evaluate's metrics, predict's classes and all_classes; the argument errors.
x = np.array([[1., 2.], [3., 1.], [-1., .5], [2., 2.], [0., 1.], [1., -1.]], np.float32)
yb = np.array(["no", "yes", "no", "yes", "no", "yes"])
ym = np.array(["cat", "dog", "eel", "dog", "cat", "eel"])
cols = [tf.feature_column.numeric_column("x", shape=[2])]
clf = tf.estimator.LinearClassifier(cols, model_dir=tempfile.mkdtemp(), optimizer="SGD", label_vocabulary=["no", "yes"])
clf.train(tf.estimator.inputs.numpy_input_fn({"x": x}, yb, batch_size=3, num_epochs=None, shuffle=False), steps=4)
ev = clf.evaluate(tf.estimator.inputs.numpy_input_fn({"x": x}, yb, batch_size=6, num_epochs=1, shuffle=False))
print({k: round(float(v), 5) for k, v in sorted(ev.items())})
p = next(clf.predict(tf.estimator.inputs.numpy_input_fn({"x": x}, batch_size=6, num_epochs=1, shuffle=False)))
print(p["classes"], p["all_classes"], p["class_ids"], np.round(p["probabilities"], 5))
m = tf.estimator.LinearClassifier(cols, n_classes=3, model_dir=tempfile.mkdtemp(), optimizer="SGD", label_vocabulary=("cat", "dog", "eel"))
m.train(tf.estimator.inputs.numpy_input_fn({"x": x}, ym, batch_size=3, num_epochs=None, shuffle=False), steps=4)
ev = m.evaluate(tf.estimator.inputs.numpy_input_fn({"x": x}, ym, batch_size=6, num_epochs=1, shuffle=False))
print({k: round(float(v), 4) for k, v in sorted(ev.items())})
for p in m.predict(tf.estimator.inputs.numpy_input_fn({"x": x[:2]}, batch_size=6, num_epochs=1, shuffle=False)):
    print(p["classes"], p["all_classes"], np.round(p["logits"], 5))
for bad in (lambda: tf.estimator.LinearClassifier(cols, label_vocabulary="ab"), lambda: tf.estimator.DNNClassifier([2], cols, n_classes=3, label_vocabulary="abc")):
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
try:
    m.train(tf.estimator.inputs.numpy_input_fn({"x": x}, np.array([0, 1, 0, 1, 0, 1]), batch_size=3, num_epochs=1, shuffle=False))
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
