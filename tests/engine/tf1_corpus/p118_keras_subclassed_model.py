import tensorflow as tf
import numpy as np
# corpus: legacy-keras

# A subclassed tf.keras.Model (layers as attributes, call overridden) in graph mode: its name, its
# layers, weights named under the model, input/output names, and fit with fixed weights.

from corpus_helpers import show  # noqa: E402

class MyModel(tf.keras.Model):
    def __init__(self):
        super(MyModel, self).__init__()
        self.dense1 = tf.keras.layers.Dense(4, activation="relu")
        self.dense2 = tf.keras.layers.Dense(2, activation="softmax")
    def call(self, inputs):
        return self.dense2(self.dense1(inputs))
model = MyModel()
print(model.name, [l.name for l in model.layers])
rng = np.random.RandomState(0)
x = rng.uniform(-1, 1, [12, 3]).astype(np.float32)
y = tf.keras.utils.to_categorical(x.argmax(1) % 2, 2)
model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="categorical_crossentropy", metrics=["accuracy"])
out = model.predict(x[:2])
print(out.shape, [v.name for v in model.weights], model.output_names, model.inputs[0].name)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in model.get_weights()])
hist = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
show("loss", np.array(hist.history["loss"]))
print(sorted(hist.history))
