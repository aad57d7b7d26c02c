import tensorflow as tf
import numpy as np
# corpus: legacy-keras

# A small tf.keras CNN as MNIST lessons build it: Conv2D/MaxPooling2D/Flatten/Dense, a
# Reshape front, BatchNormalization, AveragePooling2D; names, output shapes, parameter counts,
# outputs with fixed weights, one epoch of Adam and the BN moving statistics after it.

from corpus_helpers import show, show_error  # noqa: E402,F401

model = tf.keras.models.Sequential([
    tf.keras.layers.Reshape((6, 6, 1), input_shape=(36,)),
    tf.keras.layers.Conv2D(4, (3, 3), padding="same", activation="relu"),
    tf.keras.layers.MaxPooling2D(pool_size=(2, 2)),
    tf.keras.layers.Conv2D(3, 2, strides=1),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.Activation("relu"),
    tf.keras.layers.AveragePooling2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(2, activation="softmax"),
])
for layer in model.layers:
    print(layer.name, type(layer).__name__, layer.output_shape, layer.count_params())
print(model.input, model.output)
print([v.name for v in model.weights])
print([v.name for v in model.trainable_weights])
print([v.name for v in model.non_trainable_weights])

rng = np.random.RandomState(3)
model.set_weights([rng.uniform(0.1, 0.9, w.shape).astype(np.float32) if "moving_variance" in v.name
                   else rng.uniform(-0.5, 0.5, w.shape).astype(np.float32)
                   for v, w in zip(model.weights, model.get_weights())])
x = rng.uniform(0, 1, [10, 36]).astype(np.float32)
y = (x[:, :18].sum(axis=1) > x[:, 18:].sum(axis=1)).astype(np.int32)
show("predict", model.predict(x[:3]))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])
hist = model.fit(x, y, batch_size=5, epochs=2, shuffle=False, verbose=0)
show("loss", np.array(hist.history["loss"]))
show("acc", np.array(hist.history["acc"]))
bn = model.layers[4]
show("moving mean", tf.keras.backend.get_value(bn.moving_mean))
show("moving variance", tf.keras.backend.get_value(bn.moving_variance))
show("gamma", bn.get_weights()[0])
show("predict after", model.predict(x[:3]))
