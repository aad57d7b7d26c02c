"""tf.keras models in graph mode: names, variables in the default graph, summary() in TF 1.15's text,
and values that equal a numpy computation for fixed weights."""
from __future__ import annotations

import numpy as np
import pytest

import nbgraph as tf

K = tf.keras.backend


def _mlp():
    model = tf.keras.models.Sequential()
    model.add(tf.keras.layers.Dense(4, activation="relu", input_shape=(3,)))
    model.add(tf.keras.layers.Dense(2, activation="softmax"))
    return model


def test_names_and_graph_variables():
    model = _mlp()
    assert [layer.name for layer in model.layers] == ["dense", "dense_1"]
    assert model.input.name == "dense_input:0" and model.output.name == "dense_1/Softmax:0"
    assert str(model.output.shape) == "(?, 2)"
    assert [v.name for v in tf.global_variables()] == ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0",
                                                       "dense_1/bias:0"]
    assert [v.op.type for v in model.weights] == ["VariableV2"] * 4
    assert model.layers[0].output_shape == (None, 4) and model.layers[0].input_shape == (None, 3)
    other = tf.keras.layers.Dense(1)
    assert other.name == "dense_2"
    K.clear_session()
    assert tf.keras.layers.Dense(1).name == "dense"


def test_summary_sequential_text(capsys):
    model = _mlp()
    model.summary()
    assert capsys.readouterr().out == (
        'Model: "sequential"\n'
        "_________________________________________________________________\n"
        "Layer (type)                 Output Shape              Param #   \n"
        "=================================================================\n"
        "dense (Dense)                (None, 4)                 16        \n"
        "_________________________________________________________________\n"
        "dense_1 (Dense)              (None, 2)                 10        \n"
        "=================================================================\n"
        "Total params: 26\n"
        "Trainable params: 26\n"
        "Non-trainable params: 0\n"
        "_________________________________________________________________\n")


def test_summary_functional_with_connections():
    a = tf.keras.Input(shape=(3,))
    b = tf.keras.Input(shape=(2,))
    merged = tf.keras.layers.concatenate([tf.keras.layers.Dense(2)(a), b])
    model = tf.keras.Model([a, b], tf.keras.layers.Dense(1)(merged))
    lines = []
    model.summary(print_fn=lines.append)
    assert lines[0] == 'Model: "model"'
    assert lines[2].rstrip() == "Layer (type)                    Output Shape         Param #     Connected to"
    assert len(lines[1]) == 98
    rows = [line.rstrip() for line in lines if "(" in line and "Layer (type)" not in line and "Model" not in line]
    assert rows[0] == "input_1 (InputLayer)            [(None, 3)]          0"
    assert any(r.startswith("concatenate (Concatenate)       (None, 4)            0           dense[0][0]")
               for r in rows)
    assert "                                                                 input_2[0][0]" in \
        [line.rstrip() for line in lines]
    assert lines[-4:-1] == ["Total params: 13", "Trainable params: 13", "Non-trainable params: 0"]


def test_summary_counts_batch_norm_as_non_trainable(capsys):
    model = tf.keras.Sequential([tf.keras.layers.Dense(10, input_shape=(5,)),
                                 tf.keras.layers.BatchNormalization()])
    model.summary()
    out = capsys.readouterr().out
    assert "batch_normalization (BatchNo (None, 10)                40        \n" in out
    assert "Total params: 100\nTrainable params: 80\nNon-trainable params: 20\n" in out


def test_summary_of_unbuilt_model_is_an_error():
    model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="This model has not yet been built"):
        model.summary()


def test_predict_equals_numpy_for_fixed_weights():
    model = _mlp()
    rng = np.random.RandomState(0)
    weights = [rng.uniform(-1, 1, w.shape).astype(np.float32) for w in model.get_weights()]
    model.set_weights(weights)
    x = rng.uniform(-1, 1, [5, 3]).astype(np.float32)
    h = np.maximum(x @ weights[0] + weights[1], 0)
    logits = h @ weights[2] + weights[3]
    expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(model.predict(x), expected, rtol=1e-5)
    np.testing.assert_allclose(model.layers[0].get_weights()[0], weights[0])


def test_one_sgd_step_equals_numpy_gradient():
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
    w, b = np.array([[0.5], [-0.25]], np.float32), np.array([0.1], np.float32)
    model.set_weights([w, b])
    x = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]], np.float32)
    y = np.array([[1.0], [0.0], [2.0]], np.float32)
    model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    loss = model.train_on_batch(x, y)
    err = x @ w + b - y
    assert loss == pytest.approx(float(np.mean(err ** 2)), rel=1e-6)
    grad_w = 2 * x.T @ err / len(x)
    grad_b = 2 * err.mean(axis=0)
    new_w, new_b = model.get_weights()
    np.testing.assert_allclose(new_w, w - 0.1 * grad_w, rtol=1e-5)
    np.testing.assert_allclose(new_b, b - 0.1 * grad_b, rtol=1e-5)


def test_fit_makes_the_loss_fall_and_the_session_is_keras_own():
    np.random.seed(0)
    tf.set_random_seed(0)
    x = np.random.uniform(-1, 1, [64, 3]).astype(np.float32)
    y = tf.keras.utils.to_categorical((x[:, 0] > x[:, 1]).astype(int), 2)
    model = _mlp()
    model.compile(optimizer=tf.keras.optimizers.Adam(0.05), loss="categorical_crossentropy", metrics=["accuracy"])
    hist = model.fit(x, y, batch_size=16, epochs=30, verbose=0)
    assert sorted(hist.history) == ["acc", "loss"]
    assert hist.history["loss"][-1] < 0.7 * hist.history["loss"][0]
    assert hist.history["acc"][-1] > 0.8
    sess = K.get_session()
    assert sess.graph is tf.get_default_graph()
    np.testing.assert_allclose(sess.run(model.weights[0]), model.get_weights()[0])
    ops = {op.name for op in tf.get_default_graph().get_operations()}
    assert "dense_1_target" in ops and "keras_learning_phase" in ops
    assert any(name.startswith("training/Adam/") for name in ops)
    assert any(name.startswith("loss/dense_1_loss/") for name in ops)


def test_functional_model_shares_layers_and_nests():
    shared = tf.keras.layers.Dense(2, name="shared")
    a, b = tf.keras.Input(shape=(3,)), tf.keras.Input(shape=(3,))
    out = tf.keras.layers.Add()([shared(a), shared(b)])
    model = tf.keras.Model(inputs=[a, b], outputs=out)
    assert [layer.name for layer in model.layers] == ["input_1", "input_2", "shared", "add"]
    assert len(model.trainable_weights) == 2
    x = np.ones([2, 3], np.float32)
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(model.predict([x, 2 * x]), 3 * x @ kernel + 2 * bias, rtol=1e-5)


def test_model_layer_errors_name_the_layer():
    model = _mlp()
    with pytest.raises(ValueError, match=r"^Input 0 of layer dense is incompatible with the layer: expected axis -1 "
                                         r"of input shape to have value 3 but received input with shape \[None, 5\]$"):
        model.layers[0](tf.placeholder(tf.float32, [None, 5]))
    with pytest.raises(ValueError, match=r"^Input 0 of layer conv2d is incompatible with the layer: expected ndim=4, "
                                         r"found ndim=2\. Full shape received: \[None, 3\]$"):
        tf.keras.layers.Conv2D(2, 3)(model.input)
    with pytest.raises(ValueError, match='on layer "dense" with a  weight list of length 1, but the layer was '
                                         "expecting 2 weights"):
        model.layers[0].set_weights([np.zeros([3, 4])])
