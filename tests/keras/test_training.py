"""fit/evaluate in TF 1.15's words: progress lines, history keys, validation, callbacks, and the
errors for arrays that do not fit the model (naming the layer)."""
from __future__ import annotations

import re

import numpy as np
import pytest

import nbgraph as tf


def _data(n=20):
    rng = np.random.RandomState(1)
    x = rng.uniform(-1, 1, [n, 3]).astype(np.float32)
    y = tf.keras.utils.to_categorical((x.sum(axis=1) > 0).astype(int), 2)
    return x, y


def _model(metrics=("accuracy",)):
    tf.set_random_seed(0)
    model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation="relu", input_shape=(3,)),
                                 tf.keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=list(metrics))
    return model


NUM = r"\d+\.\d{4}(?:e[+-]\d\d)?"  # TF prints values under 1e-3 as 0.0000e+00


def test_verbose_1_progress_bar(capsys):
    x, y = _data()
    _model().fit(x, y, batch_size=8, epochs=2, validation_split=0.25)
    out = capsys.readouterr().out
    assert out.startswith("Train on 15 samples, validate on 5 samples\nEpoch 1/2\n")
    final = [part for line in out.split("\n") for part in [line.split("\r")[-1]] if part.startswith("15/15")]
    assert len(final) == 2
    pattern = (rf"^15/15 \[==============================\] - \d+s \d+(us|ms|s)/sample - loss: {NUM} - acc: {NUM} "
               rf"- val_loss: {NUM} - val_acc: {NUM}$")
    assert all(re.match(pattern, line) for line in final), final
    assert re.search(r" 8/15 \[===============>\.\.\.\.\.\.\.\.\.\.\.\.\.\.\] - ETA: \d+s - loss: ", out)


def test_verbose_2_one_line_per_epoch(capsys):
    x, y = _data()
    hist = _model().fit(x, y, batch_size=8, epochs=3, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Train on 20 samples"
    assert lines[1::2] == ["Epoch 1/3", "Epoch 2/3", "Epoch 3/3"]
    for line, loss, acc in zip(lines[2::2], hist.history["loss"], hist.history["acc"]):
        assert re.match(rf"^20/20 - \d+s - loss: {NUM} - acc: {NUM}$", line), line
        assert line.endswith(f" - acc: {acc:.4f}")  # a stateful metric shows the epoch's value


def test_progress_loss_is_tf_1_15_running_average(capsys):
    """TF 1.15's bar averages the batch losses by size, then adds the last batch's loss and the epoch
    loss once more with the last batch's size."""
    x, y = _data()
    batches = []

    class Batches(tf.keras.callbacks.Callback):
        def on_batch_end(self, batch, logs=None):
            batches.append(logs["loss"])

    hist = _model().fit(x, y, batch_size=8, epochs=1, verbose=2, callbacks=[Batches()], shuffle=False)
    line = capsys.readouterr().out.splitlines()[-1]
    l1, l2, l3 = batches
    shown = (8 * l1 + 8 * l2 + 4 * l3 + 4 * hist.history["loss"][0]) / 24
    assert f"loss: {shown:.4f} -" in line
    assert hist.history["loss"][0] == pytest.approx((8 * l1 + 8 * l2 + 4 * l3) / 20)


def test_single_epoch_prints_no_epoch_header_and_silent_fit(capsys):
    x, y = _data()
    model = _model()
    model.fit(x, y, epochs=1, verbose=2)
    assert "Epoch" not in capsys.readouterr().out
    model.fit(x, y, epochs=2, verbose=0)
    assert capsys.readouterr().out == ""


def test_history_keys_as_tf_1_15_names_them():
    x, y = _data()
    hist = _model(metrics=["acc", "mae"]).fit(x, y, epochs=2, verbose=0, validation_data=(x[:4], y[:4]))
    assert sorted(hist.history) == ["acc", "loss", "mean_absolute_error", "val_acc", "val_loss",
                                    "val_mean_absolute_error"]
    assert hist.epoch == [0, 1]
    assert hist.params["samples"] == 20 and hist.params["metrics"][:3] == ["loss", "acc", "mean_absolute_error"]


def test_evaluate_matches_epoch_average_and_predict_shape():
    x, y = _data()
    model = _model()
    loss, acc = model.evaluate(x, y, batch_size=7, verbose=0)
    probs = model.predict(x, batch_size=7)
    assert probs.shape == (20, 2)
    expected = -np.mean(np.sum(y * np.log(probs), axis=1))
    assert loss == pytest.approx(expected, rel=1e-5)
    assert acc == pytest.approx(np.mean(probs.argmax(1) == y.argmax(1)))


def test_sparse_targets_and_binary_accuracy():
    x, y = _data()
    model = _model()
    model.compile("sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    labels = y.argmax(1)
    hist = model.fit(x, labels, epochs=1, verbose=0)
    assert set(hist.history) == {"loss", "acc"}
    binary = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid", input_shape=(3,))])
    binary.compile("adam", loss="binary_crossentropy", metrics=["acc"])
    _, acc = binary.evaluate(x, labels.astype(np.float32), verbose=0)
    probs = binary.predict(x)[:, 0]
    assert acc == pytest.approx(np.mean((probs > 0.5) == labels))


def test_early_stopping_and_custom_callback():
    x, y = _data()
    events = []

    class Recorder(tf.keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            events.append((epoch, sorted(logs)))

    stop = tf.keras.callbacks.EarlyStopping(monitor="loss", patience=2, min_delta=100.0)
    hist = _model().fit(x, y, epochs=20, verbose=0, callbacks=[Recorder(), stop])
    assert hist.epoch == [0, 1, 2] and stop.stopped_epoch == 2
    assert events == [(0, ["acc", "loss"]), (1, ["acc", "loss"]), (2, ["acc", "loss"])]


@pytest.mark.parametrize("call, message", [
    (lambda m, x, y: m.fit(np.zeros([5, 4], np.float32), y[:5], verbose=0),
     "Error when checking input: expected dense_input to have shape (3,) but got array with shape (4,)"),
    (lambda m, x, y: m.fit(np.zeros([5, 3, 1], np.float32), y[:5], verbose=0),
     "Error when checking input: expected dense_input to have 2 dimensions, but got array with shape (5, 3, 1)"),
    (lambda m, x, y: m.fit(x, y[:4], verbose=0),
     "Input arrays should have the same number of samples as target arrays. Found 20 input samples and 4 target "
     "samples."),
    (lambda m, x, y: m.fit(x, np.zeros([20, 3], np.float32), verbose=0),
     "A target array with shape (20, 3) was passed for an output of shape (None, 2) while using as loss "
     "`categorical_crossentropy`. This loss expects targets to have the same shape as the output."),
    (lambda m, x, y: m.fit(x, np.zeros([20], np.float32), verbose=0),
     "You are passing a target array of shape (20, 1) while using as loss `categorical_crossentropy`."),
])
def test_array_errors_name_the_layer(call, message):
    x, y = _data()
    with pytest.raises(ValueError) as err:
        call(_model(), x, y)
    assert str(err.value).startswith(message)


def test_compile_errors():
    model = _model()
    with pytest.raises(ValueError, match="^Unknown loss function:mean_sq_error$"):
        model.compile("sgd", loss="mean_sq_error")
    with pytest.raises(ValueError, match="^Unknown optimizer: adamx$"):
        model.compile("adamx", loss="mse")
    with pytest.raises(ValueError, match="^Unknown activation function:relux$"):
        tf.keras.layers.Dense(2, activation="relux")
    fresh = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
    with pytest.raises(RuntimeError, match="You must compile your model before training/testing"):
        fresh.fit(np.zeros([2, 2]), np.zeros([2, 1]))


def test_deferred_sequential_builds_on_fit():
    model = tf.keras.Sequential([tf.keras.layers.Dense(3), tf.keras.layers.Dense(1)])
    model.compile("sgd", loss="mse")
    model.fit(np.ones([4, 5], np.float32), np.ones([4, 1], np.float32), verbose=0)
    assert model.input.name == "dense_input:0"
    assert model.layers[0].get_weights()[0].shape == (5, 3)


def test_save_and_load_weights_in_checkpoint_format(tmp_path):
    model = _model()
    path = str(tmp_path / "ckpt")
    model.save_weights(path)
    before = model.get_weights()
    model.set_weights([w + 1 for w in before])
    model.load_weights(path)
    for a, b in zip(model.get_weights(), before):
        np.testing.assert_array_equal(a, b)
    assert (tmp_path / "ckpt.index").exists()
    with pytest.raises(ImportError, match="h5py"):
        model.save_weights(str(tmp_path / "w.h5"))


def test_fit_evaluate_predict_on_a_dataset(capsys):
    x, y = _data(24)
    train = tf.data.Dataset.from_tensor_slices((x, y)).batch(8).repeat()
    model = _model()
    hist = model.fit(train, epochs=2, steps_per_epoch=3, verbose=2, validation_data=train, validation_steps=1)
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["Train on 3 steps, validate on 1 steps", "Epoch 1/2"]
    assert re.match(rf"^3/3 - \d+s - loss: {NUM} - acc: {NUM} - val_loss: {NUM} - val_acc: {NUM}$", lines[2])
    assert sorted(hist.history) == ["acc", "loss", "val_acc", "val_loss"]
    once = tf.data.Dataset.from_tensor_slices((x, y)).batch(10)
    loss, acc = model.evaluate(once, verbose=0)
    # over a dataset TF 1.15 averages the loss over steps, not samples
    per_step = [model.test_on_batch(x[i:i + 10], y[i:i + 10])[0] for i in (0, 10, 20)]
    assert loss == pytest.approx(np.mean(per_step), rel=1e-5)
    np.testing.assert_allclose(model.predict(once), model.predict(x), rtol=1e-6)


def test_tensorboard_callback_writes_graph_and_epoch_scalars(tmp_path):
    x, y = _data()
    _model().fit(x, y, epochs=2, verbose=0, callbacks=[tf.keras.callbacks.TensorBoard(log_dir=str(tmp_path))])
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    events = EventAccumulator(str(tmp_path))
    events.Reload()
    assert sorted(events.Tags()["scalars"]) == ["acc", "loss"]
    assert [e.step for e in events.Scalars("loss")] == [0, 1]
    assert events.Tags()["graph"]


def test_progbar_prints_tiny_values_in_exponent_form(capsys):
    bar = tf.keras.utils.Progbar(4, verbose=2)
    bar.update(4, [("loss", 0.0), ("acc", 0.5)])
    assert capsys.readouterr().out.endswith(" - loss: 0.0000e+00 - acc: 0.5000\n")
