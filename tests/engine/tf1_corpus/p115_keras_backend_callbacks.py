import tensorflow as tf
import numpy as np
import os
import tempfile
# corpus: legacy-keras

# tf.keras.backend, utils, losses/metrics functions and callbacks as lessons call them: the session
# Keras trains in, clear_session (names counted from zero again), floatx/epsilon/image_data_format,
# to_categorical, EarlyStopping/LambdaCallback/custom callbacks, a tf.train optimizer in compile,
# train_on_batch/test_on_batch, and save_weights/load_weights in TF's checkpoint format.

from corpus_helpers import show, show_error  # noqa: E402,F401

K = tf.keras.backend
print(K.floatx(), K.epsilon(), K.image_data_format())
show("to_categorical", tf.keras.utils.to_categorical([0, 2, 1, 2]))
show("to_categorical 2d", tf.keras.utils.to_categorical(np.array([[1], [0]]), num_classes=3))
yt = tf.constant([[0.0, 1.0], [1.0, 0.0]])
yp = tf.constant([[0.3, 0.7], [0.6, 0.4]])
sess = K.get_session()
show("mse", sess.run(tf.keras.losses.mean_squared_error(yt, yp)))
show("cce", sess.run(tf.keras.losses.categorical_crossentropy(yt, yp)))
show("bce", sess.run(tf.keras.losses.binary_crossentropy(yt, yp)))
show("cat acc", sess.run(tf.keras.metrics.categorical_accuracy(yt, yp)))
show("relu", sess.run(tf.keras.activations.relu(tf.constant([-1.0, 2.0]))))
show("K.sum", K.eval(K.sum(yp, axis=1)) if hasattr(K, "eval") else None)

K.clear_session()
model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="relu", input_shape=(2,)),
                             tf.keras.layers.Dense(1)])
print([l.name for l in model.layers], model.input.name)
print(K.get_session().graph is tf.get_default_graph())
rng = np.random.RandomState(5)
start = [rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in model.get_weights()]
model.set_weights(start)
x = rng.uniform(-1, 1, [12, 2]).astype(np.float32)
y = (x[:, :1] - x[:, 1:]).astype(np.float32)
model.compile(optimizer=tf.train.GradientDescentOptimizer(0.1), loss="mse")
print(model.metrics_names)
show("train_on_batch", np.array(model.train_on_batch(x[:4], y[:4])))
show("test_on_batch", np.array(model.test_on_batch(x[:4], y[:4])))

seen = []


class Recorder(tf.keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        seen.append((epoch, sorted(logs)))


stop = tf.keras.callbacks.EarlyStopping(monitor="loss", patience=1, min_delta=10.0)
lam = tf.keras.callbacks.LambdaCallback(on_epoch_begin=lambda epoch, logs: seen.append(("begin", epoch)))
hist = model.fit(x, y, batch_size=4, epochs=10, verbose=0, shuffle=False, callbacks=[Recorder(), stop, lam])
print(seen)
print(hist.epoch, stop.stopped_epoch, model.stop_training)
show("loss", np.array(hist.history["loss"]))

path = os.path.join(tempfile.mkdtemp(), "weights")
model.save_weights(path)
before = model.predict(x[:2])
model.set_weights([np.zeros_like(w) for w in model.get_weights()])
show("zeroed", model.predict(x[:2]))
model.load_weights(path)
print(np.allclose(model.predict(x[:2]), before))
show("restored", model.predict(x[:2]))
