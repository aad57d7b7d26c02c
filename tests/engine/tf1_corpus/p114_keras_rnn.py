import tensorflow as tf
import numpy as np
# corpus: legacy-keras

# tf.keras's recurrent layers as text/sequence lessons use them: Embedding -> SimpleRNN/LSTM/GRU,
# return_sequences/return_state/go_backwards, weight names and shapes, outputs with fixed weights,
# and a short training run of an Embedding + LSTM classifier.

from corpus_helpers import show, show_error  # noqa: E402,F401

rng = np.random.RandomState(7)


def fix(layer_or_model):
    layer_or_model.set_weights([rng.uniform(-0.6, 0.6, w.shape).astype(np.float32)
                                for w in layer_or_model.get_weights()])


x = tf.keras.Input(shape=(4, 3))
layers = [tf.keras.layers.SimpleRNN(2, return_sequences=True), tf.keras.layers.LSTM(3),
          tf.keras.layers.GRU(2, go_backwards=True), tf.keras.layers.LSTM(2, return_state=True)]
outs = [layer(x) for layer in layers]
for layer in layers:
    print(layer.name, [(v.name, v.shape.as_list()) for v in layer.weights])
    fix(layer)
print([o.shape.as_list() for o in outs[:3] + list(outs[3])])
feed = rng.uniform(-1, 1, [2, 4, 3]).astype(np.float32)
sess = tf.keras.backend.get_session()
for name, o in zip(["simple_rnn", "lstm", "gru"], outs[:3]):
    show(name, sess.run(o, {x: feed}))
seq, h, c = outs[3]
show("lstm_1 output", sess.run(seq, {x: feed}))
show("lstm_1 h", sess.run(h, {x: feed}))
show("lstm_1 c", sess.run(c, {x: feed}))

model = tf.keras.Sequential([tf.keras.layers.Embedding(12, 4, input_length=5), tf.keras.layers.LSTM(3),
                             tf.keras.layers.Dense(1, activation="sigmoid")])
print([l.output_shape for l in model.layers], model.count_params())
fix(model)
words = rng.randint(0, 12, [8, 5])
labels = (words.sum(axis=1) > 27).astype(np.float32)
model.compile(optimizer=tf.keras.optimizers.RMSprop(0.01), loss="binary_crossentropy", metrics=["accuracy"])
hist = model.fit(words, labels, batch_size=4, epochs=3, shuffle=False, verbose=0)
show("loss", np.array(hist.history["loss"]))
show("acc", np.array(hist.history["acc"]))
show("predict", model.predict(words[:3]))
