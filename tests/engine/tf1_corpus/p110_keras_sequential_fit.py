import tensorflow as tf
import numpy as np
# corpus: legacy-keras

# tf.keras Sequential in graph mode, as TF 1.10-1.15 lessons use it: layer and variable names,
# output shapes, compile/fit with fixed starting weights (so loss values are TF's), the history
# keys, evaluate, predict and the weights after training.

from corpus_helpers import show, show_error  # noqa: E402,F401

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Dense(4, activation="relu", input_shape=(3,)))
model.add(tf.keras.layers.Dense(3, activation="softmax"))
print([l.name for l in model.layers])
print(model.input, model.output)
print([l.output_shape for l in model.layers], model.layers[0].input_shape)
print([v.name for v in model.weights], [w.shape for w in model.get_weights()])
print(model.count_params(), [l.count_params() for l in model.layers])

rng = np.random.RandomState(0)
start = [rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in model.get_weights()]
model.set_weights(start)
x = rng.uniform(-1, 1, [24, 3]).astype(np.float32)
y = tf.keras.utils.to_categorical(np.argmax(x, axis=1), 3)
print(y[:3], y.dtype)

model.compile(optimizer=tf.keras.optimizers.SGD(lr=0.3), loss="categorical_crossentropy", metrics=["accuracy"])
hist = model.fit(x, y, batch_size=8, epochs=4, verbose=0, shuffle=False)
print(sorted(hist.history), hist.epoch, hist.params["samples"], hist.params["epochs"])
show("loss", np.array(hist.history["loss"]))
show("acc", np.array(hist.history["acc"]))
print(hist.history["loss"][-1] < hist.history["loss"][0])
show("evaluate", np.array(model.evaluate(x, y, verbose=0)))
show("predict", model.predict(x[:4]))
for w in model.get_weights():
    show("weight", w)

# validation_split keeps the last fraction aside; Adam by name; mse loss
reg = tf.keras.Sequential([tf.keras.layers.Dense(2, input_dim=3), tf.keras.layers.Dense(1)])
print([l.name for l in reg.layers], reg.input.name)
reg.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in reg.get_weights()])
reg.compile(optimizer="adam", loss="mse", metrics=["mae"])
target = x.sum(axis=1, keepdims=True)
h = reg.fit(x, target, batch_size=6, epochs=3, validation_split=0.25, shuffle=False, verbose=0)
print(sorted(h.history))
show("reg loss", np.array(h.history["loss"]))
show("reg val_loss", np.array(h.history["val_loss"]))
show("reg predict", reg.predict(x[:3]))
