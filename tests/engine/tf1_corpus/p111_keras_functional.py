import tensorflow as tf
import numpy as np
# corpus: legacy-keras

# The functional tf.keras API in graph mode: Input placeholders (input_1, input_2), layers called on
# tensors, concatenate/Add merges, Model(inputs, outputs) with two inputs, layer order, output
# shapes, and training with fixed weights through a dict of losses on two outputs.

from corpus_helpers import show, show_error  # noqa: E402,F401

a = tf.keras.Input(shape=(4,))
b = tf.keras.Input(shape=(2,), name="side")
print(a, b)
h = tf.keras.layers.Dense(5, activation="tanh")(a)
g = tf.keras.layers.Dense(5, activation="sigmoid")(b)
s = tf.keras.layers.Add()([h, g])
c = tf.keras.layers.concatenate([s, b])
print(s, c)
out1 = tf.keras.layers.Dense(1, name="value")(c)
out2 = tf.keras.layers.Dense(3, activation="softmax", name="label")(c)
model = tf.keras.Model(inputs=[a, b], outputs=[out1, out2])
print([l.name for l in model.layers])
print([type(l).__name__ for l in model.layers])
print(model.output_shape, model.input_shape)
print([l.output_shape for l in model.layers[2:]])
print(model.output_names, model.input_names)
print([v.name for v in model.trainable_weights])

rng = np.random.RandomState(1)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in model.get_weights()])
xa = rng.uniform(-1, 1, [16, 4]).astype(np.float32)
xb = rng.uniform(-1, 1, [16, 2]).astype(np.float32)
yv = (xa.sum(axis=1, keepdims=True) * 0.5).astype(np.float32)
yl = (xb[:, 0] > 0).astype(np.int64) + (xb[:, 1] > 0).astype(np.int64)
model.compile(optimizer=tf.keras.optimizers.SGD(0.1),
              loss={"value": "mse", "label": "sparse_categorical_crossentropy"},
              loss_weights={"value": 1.0, "label": 0.5}, metrics={"label": ["accuracy"]})
print(model.metrics_names)
hist = model.fit([xa, xb], {"value": yv, "label": yl}, batch_size=4, epochs=3, shuffle=False, verbose=0)
print(sorted(hist.history))
for k in sorted(hist.history):
    show(k, np.array(hist.history[k]))
res = model.evaluate([xa, xb], [yv, yl], verbose=0)
show("evaluate", np.array(res))
pv, pl = model.predict([xa[:3], xb[:3]])
show("pred value", pv)
show("pred label", pl)

# a model used as a layer on a new input; a Sequential with an explicit InputLayer
inner = tf.keras.Sequential([tf.keras.layers.InputLayer(input_shape=(4,)), tf.keras.layers.Dense(2)])
print([l.name for l in inner.layers], inner.input.name, inner.output_shape)
z = tf.keras.Input(shape=(4,))
outer = tf.keras.Model(z, tf.keras.layers.Activation("relu")(inner(z)))
print([l.name for l in outer.layers], outer.output)
print(len(outer.weights), outer.count_params())
