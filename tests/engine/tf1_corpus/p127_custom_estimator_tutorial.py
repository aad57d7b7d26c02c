import tensorflow as tf
import numpy as np
# corpus: estimator  (tf.estimator from tensorflow_estimator 2.15: see tf_estimator_shim.py)
import tempfile

# The "custom estimator" tutorial shape (TF 1.x iris guide): feature_column.input_layer inside the
# model_fn, tf.layers.dense hidden layers (here with fixed initial weights, so values are TF's),
# params for the architecture, accuracy metric + summary, predictions with class ids and
# probabilities, and a Dataset input_fn with shuffle-free batches.

from corpus_helpers import show, show_error  # noqa: E402,F401

rng = np.random.RandomState(3)
features = {"SepalLength": rng.uniform(4, 8, 30).astype(np.float32), "SepalWidth": rng.uniform(2, 4.5, 30).astype(np.float32),
            "PetalLength": rng.uniform(1, 7, 30).astype(np.float32), "PetalWidth": rng.uniform(0.1, 2.5, 30).astype(np.float32)}
labels = (features["PetalLength"] > 2.5).astype(np.int64) + (features["PetalLength"] > 5).astype(np.int64)
columns = [tf.feature_column.numeric_column(k) for k in sorted(features)]


def train_input_fn(features, labels, batch_size):
    dataset = tf.data.Dataset.from_tensor_slices((dict(features), labels))
    return dataset.repeat().batch(batch_size)


def eval_input_fn(features, labels, batch_size):
    inputs = dict(features) if labels is None else (dict(features), labels)
    return tf.data.Dataset.from_tensor_slices(inputs).batch(batch_size)


def my_model(features, labels, mode, params):
    net = tf.feature_column.input_layer(features, params["feature_columns"])
    for i, units in enumerate(params["hidden_units"]):
        init = tf.constant_initializer(np.linspace(-0.3, 0.3, 4 * units if i == 0 else units * params["hidden_units"][i - 1]))
        net = tf.layers.dense(net, units=units, activation=tf.nn.relu, kernel_initializer=init)
    logits = tf.layers.dense(net, params["n_classes"], activation=None,
                             kernel_initializer=tf.constant_initializer(np.linspace(0.2, -0.2, params["hidden_units"][-1] * params["n_classes"])))
    predicted_classes = tf.argmax(logits, 1)
    if mode == tf.estimator.ModeKeys.PREDICT:
        predictions = {"class_ids": predicted_classes[:, tf.newaxis], "probabilities": tf.nn.softmax(logits), "logits": logits}
        return tf.estimator.EstimatorSpec(mode, predictions=predictions)
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    accuracy = tf.metrics.accuracy(labels=labels, predictions=predicted_classes, name="acc_op")
    metrics = {"accuracy": accuracy}
    tf.summary.scalar("accuracy", accuracy[1])
    if mode == tf.estimator.ModeKeys.EVAL:
        return tf.estimator.EstimatorSpec(mode, loss=loss, eval_metric_ops=metrics)
    optimizer = tf.train.AdagradOptimizer(learning_rate=0.1)
    train_op = optimizer.minimize(loss, global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)


classifier = tf.estimator.Estimator(model_fn=my_model, model_dir=tempfile.mkdtemp(),
                                    params={"feature_columns": columns, "hidden_units": [6, 5], "n_classes": 3})
classifier.train(input_fn=lambda: train_input_fn(features, labels, 10), steps=40)
print(classifier.get_variable_names())
show("dense_2 kernel", classifier.get_variable_value("dense_2/kernel"))
eval_result = classifier.evaluate(input_fn=lambda: eval_input_fn(features, labels, 12))
print("\nTest set accuracy: {accuracy:0.3f}\n".format(**eval_result))
show("eval loss", eval_result["loss"])
predict_x = {k: v[:3] for k, v in features.items()}
predictions = classifier.predict(input_fn=lambda: eval_input_fn(predict_x, labels=None, batch_size=2))
for pred_dict, expec in zip(predictions, labels[:3]):
    class_id = pred_dict["class_ids"][0]
    probability = pred_dict["probabilities"][class_id]
    print('Prediction is "{}" ({:.1f}%), expected "{}"'.format(class_id, 100 * probability, expec))
    show("logits", pred_dict["logits"])
