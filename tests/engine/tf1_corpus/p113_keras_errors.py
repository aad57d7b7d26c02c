import tensorflow as tf
import numpy as np
# corpus: legacy-keras

# tf.keras's errors for bad input, as lessons trip over them: unknown loss/optimizer/activation
# names, arrays of the wrong shape or rank for an input or a target (naming the layer), a layer
# called on a tensor it does not fit, set_weights with the wrong list, fit before compile.

from corpus_helpers import show, show_error  # noqa: E402,F401


def check(label, fn, *words):
    """Where TF 2's wording differs from TF 1.15's (which nbgraph prints): the class and the facts named."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        print(label, "->", type(e).__name__, [w for w in words if w in str(e)])
    else:
        print(label, "-> no error")


model = tf.keras.Sequential([tf.keras.layers.Dense(4, input_shape=(3,)), tf.keras.layers.Dense(2)])
x = np.zeros([5, 3], np.float32)
y = np.zeros([5, 2], np.float32)
show_error("fit before compile", lambda: model.fit(x, y, verbose=0))
check("unknown loss", lambda: model.compile("sgd", loss="mean_sq_error"), "Unknown loss function", "mean_sq_error")
check("unknown optimizer", lambda: model.compile("adamx", loss="mse"), "Unknown optimizer", "adamx")
check("unknown activation", lambda: tf.keras.layers.Dense(3, activation="relux"), "Unknown activation", "relux")
show_error("bad kwarg", lambda: tf.keras.layers.Dense(3, unitz=4))
model.compile("sgd", loss="mse")
show_error("input shape", lambda: model.fit(np.zeros([5, 4], np.float32), y, verbose=0))
show_error("input rank", lambda: model.fit(np.zeros([5], np.float32), y, verbose=0))
show_error("target shape", lambda: model.fit(x, np.zeros([5, 3], np.float32), verbose=0))
model.compile("sgd", loss="categorical_crossentropy")
show_error("integer targets for categorical", lambda: model.fit(x, np.zeros([5], np.float32), verbose=0))
model.compile("sgd", loss="mse")
show_error("sample counts", lambda: model.fit(x, np.zeros([4, 2], np.float32), verbose=0))
show_error("predict shape", lambda: model.predict(np.zeros([2, 5], np.float32)))
show_error("evaluate shape", lambda: model.evaluate(x, np.zeros([5, 1, 2], np.float32), verbose=0))

dense = model.layers[0]
check("dense on wrong width", lambda: dense(tf.placeholder(tf.float32, [None, 5])), "Input 0 of layer", "dense",
      "expected axis -1 of input shape to have value 3")
check("dense on a vector", lambda: tf.keras.layers.Dense(2)(tf.placeholder(tf.float32, [3])), "dense_3",
      "expected min_ndim=2, found ndim=1")
check("conv on a matrix", lambda: tf.keras.layers.Conv2D(2, 3)(tf.placeholder(tf.float32, [None, 3])), "conv2d",
      "ndim=4, found ndim=2")
check("set_weights count", lambda: dense.set_weights([np.zeros([3, 4])]), "on layer \"dense\"", "length 1",
      "expecting 2 weights")
show_error("set_weights shape", lambda: dense.set_weights([np.zeros([4, 4]), np.zeros([4])]))
check("concatenate shapes", lambda: tf.keras.layers.concatenate(
    [tf.keras.Input(shape=(3, 2)), tf.keras.Input(shape=(4, 2))]), "[(None, 3, 2), (None, 4, 2)]")
check("not a layer", lambda: tf.keras.Sequential().add(tf.constant(1.0)), "must be an instance of class Layer")
show_error("graph disconnected", lambda: tf.keras.Model(tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1)(
    tf.keras.Input(shape=(2,)))))
check("Input without shape", lambda: tf.keras.Input(), "Please provide to Input", "`shape` or a `tensor`")
