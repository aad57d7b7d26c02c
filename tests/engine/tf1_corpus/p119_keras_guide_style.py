import tensorflow as tf
import numpy as np
# corpus: legacy-keras

# The TF 1.x "Keras overview" guide's style: tf.keras.layers.Input + functional layers, a tf.train
# optimizer object, loss and metric given as functions (their history names), validation_data,
# evaluate, predict, and get_layer/get_weights after training with fixed starting weights.

from corpus_helpers import show  # noqa: E402

inputs = tf.keras.layers.Input(shape=(6,))
x = tf.keras.layers.Dense(5, activation="relu")(inputs)
x = tf.keras.layers.Dense(4, activation="relu", kernel_regularizer=tf.keras.regularizers.l2(0.01))(x)
predictions = tf.keras.layers.Dense(3, activation="softmax")(x)
model = tf.keras.Model(inputs=inputs, outputs=predictions)
print([l.name for l in model.layers], model.get_layer("dense_1").output_shape)
print(len(model.losses), model.losses[0].dtype)

rng = np.random.RandomState(4)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in model.get_weights()])
data = rng.uniform(-1, 1, (30, 6)).astype(np.float32)
labels = tf.keras.utils.to_categorical((data[:, 0] > 0).astype(int) + (data[:, 1] > 0).astype(int), 3)
val_data = rng.uniform(-1, 1, (9, 6)).astype(np.float32)
val_labels = tf.keras.utils.to_categorical((val_data[:, 0] > 0).astype(int) + (val_data[:, 1] > 0).astype(int), 3)

model.compile(optimizer=tf.train.AdamOptimizer(0.01), loss=tf.keras.losses.categorical_crossentropy,
              metrics=[tf.keras.metrics.categorical_accuracy, "mse"])
print(model.metrics_names)
hist = model.fit(data, labels, epochs=3, batch_size=10, validation_data=(val_data, val_labels), shuffle=False,
                 verbose=0)
print(sorted(hist.history))
for k in sorted(hist.history):
    show(k, np.array(hist.history[k]))
show("evaluate", np.array(model.evaluate(val_data, val_labels, batch_size=4, verbose=0)))
show("predict", model.predict(val_data[:2], batch_size=1))
show("dense_2 bias", model.get_layer("dense_2").get_weights()[1])
show("regularisation", tf.keras.backend.get_value(model.losses[0]))
