import tensorflow as tf
import numpy as np
# corpus: legacy-keras

# More tf.keras layers of GAN, autoencoder and text lessons: LeakyReLU, Conv2DTranspose, UpSampling2D,
# ZeroPadding2D, ReLU, Conv1D, MaxPooling1D, GlobalAveragePooling1D, RepeatVector, Permute, Softmax:
# names, output shapes, weights, outputs with fixed weights, and two Adam steps through all of them.

from corpus_helpers import show  # noqa: E402
rng = np.random.RandomState(2)
m = tf.keras.Sequential([tf.keras.layers.Dense(2 * 2 * 3, input_shape=(4,)), tf.keras.layers.LeakyReLU(0.2),
    tf.keras.layers.Reshape((2, 2, 3)), tf.keras.layers.Conv2DTranspose(2, 3, strides=2, padding="same"),
    tf.keras.layers.UpSampling2D(), tf.keras.layers.ZeroPadding2D(1), tf.keras.layers.Conv2DTranspose(1, 2, strides=2),
    tf.keras.layers.ReLU(), tf.keras.layers.Reshape((-1, 5)), tf.keras.layers.Conv1D(3, 3, activation="tanh"),
    tf.keras.layers.MaxPooling1D(2), tf.keras.layers.GlobalAveragePooling1D(), tf.keras.layers.RepeatVector(2),
    tf.keras.layers.Permute((2, 1)), tf.keras.layers.Flatten(), tf.keras.layers.Softmax()])
for l in m.layers: print(l.name, l.output_shape, [v.name for v in l.weights])
m.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in m.get_weights()])
show("out", m.predict(rng.uniform(-1, 1, [2, 4]).astype(np.float32)))
m.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse")
xs = rng.uniform(-1, 1, [6, 4]).astype(np.float32)
ys = rng.uniform(0, 0.2, [6, 6]).astype(np.float32)
hist = m.fit(xs, ys, batch_size=3, epochs=2, shuffle=False, verbose=0)
show("loss", np.array(hist.history["loss"]))
show("kernel after", m.layers[3].get_weights()[0][:, :, 0, 0])
