"""tf.estimator.Estimator with a model_fn: training lowers the loss and writes checkpoints and
event files, evaluate/predict restore them, a second train resumes, TF's log lines (values
measured with TensorFlow + tensorflow_estimator), and the errors for a bad model_fn."""
from __future__ import annotations

import logging
import os

import numpy as np
import pytest

import nbgraph as tf

X = np.array([[1., 2.], [3., 1.], [-1., .5], [2., 2.]], np.float32)
Y = np.array([[5.], [4.], [-2.], [6.]], np.float32)


def model_fn(features, labels, mode, params):
    w = tf.get_variable("w", [2, 1], initializer=tf.constant_initializer(0.1))
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    pred = tf.matmul(features["x"], w) + b
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions={"y": pred})
    loss = tf.losses.mean_squared_error(labels, pred)
    train_op = tf.train.GradientDescentOptimizer(params["lr"]).minimize(loss, global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op,
                                      eval_metric_ops={"mae": tf.metrics.mean_absolute_error(labels, pred)})


def train_input(epochs=None):
    return tf.estimator.inputs.numpy_input_fn({"x": X}, Y, batch_size=2, num_epochs=epochs, shuffle=False)


def eval_input():
    return tf.estimator.inputs.numpy_input_fn({"x": X}, Y, batch_size=4, num_epochs=1, shuffle=False)


@pytest.fixture
def info_logs(caplog):
    old = tf.logging.get_verbosity()
    tf.logging.set_verbosity(tf.logging.INFO)
    caplog.set_level(logging.INFO, logger="tensorflow")
    yield caplog
    tf.logging.set_verbosity(old)


def _messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "tensorflow"]


def test_train_lowers_loss_and_writes_checkpoints_and_events(tmp_path):
    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": 0.05})
    before = est.train(train_input(), steps=1).evaluate(eval_input())["loss"]
    est.train(train_input(), steps=30)
    after = est.evaluate(eval_input())
    assert after["loss"] < before / 4
    assert after["global_step"] == 31
    assert sorted(after) == ["global_step", "loss", "mae"]
    assert os.path.basename(est.latest_checkpoint()) == "model.ckpt-31"
    files = os.listdir(tmp_path)
    assert "checkpoint" in files and "graph.pbtxt" in files
    events = [f for f in files if f.startswith("events.out.tfevents")]
    assert events
    tags = {v.tag for f in events for e in tf.train.summary_iterator(str(tmp_path / f)) for v in e.summary.value}
    assert "loss" in tags
    eval_events = os.listdir(tmp_path / "eval")
    eval_tags = {v.tag for f in eval_events for e in tf.train.summary_iterator(str(tmp_path / "eval" / f))
                 for v in e.summary.value}
    assert {"loss", "mae"} <= eval_tags


def test_values_equal_tensorflow(tmp_path):
    # TensorFlow 2.21 + tensorflow_estimator 2.15 print these for the same program
    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": 0.05})
    est.train(train_input(), steps=5)
    np.testing.assert_allclose(est.get_variable_value("w").ravel(), [1.1587702, 1.1318862], rtol=1e-6)
    ev = est.evaluate(eval_input())
    np.testing.assert_allclose([ev["loss"], ev["mae"]], [1.6769129, 1.2528787], rtol=1e-6)
    preds = [p["y"][0] for p in est.predict(tf.estimator.inputs.numpy_input_fn({"x": X}, batch_size=3, num_epochs=1,
                                                                               shuffle=False))]
    np.testing.assert_allclose(preds, [3.8234978, 5.0091524, -0.19187179, 4.9822683], rtol=1e-6)


def test_second_train_resumes_from_the_latest_checkpoint(tmp_path, info_logs):
    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": 0.05})
    est.train(train_input(), steps=5)
    w5 = est.get_variable_value("w")
    info_logs.clear()
    est.train(train_input(), steps=3)
    assert est.get_variable_value("global_step") == 8
    assert not np.allclose(est.get_variable_value("w"), w5)
    messages = _messages(info_logs)
    assert f"Restoring parameters from {tmp_path}/model.ckpt-5" in messages
    assert "loss = 1.2012731, step = 6" in messages
    est.train(train_input(), max_steps=8)
    assert _messages(info_logs)[-1] == "Skipping training since max_steps has already saved."


def test_log_lines_follow_tensorflow(tmp_path, info_logs):
    config = tf.estimator.RunConfig(log_step_count_steps=2)
    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), config=config, params={"lr": 0.05})
    est.train(train_input(), steps=5)
    everything = _messages(info_logs)
    # TF's hook order: the step counter (chief hooks first) logs before the loss line of the same run
    rates = [i for i, m in enumerate(everything) if m.startswith("global_step/sec: ")]
    assert [everything[i + 1].split(" (")[0] for i in rates] == ["loss = 1.592313, step = 3", "loss = 1.7413816, step = 5"]
    lines = [m for m in everything if "global_step/sec" not in m]
    assert lines[0].startswith("Using config: {'_model_dir': '%s', '_tf_random_seed': None" % tmp_path)
    assert "'_session_config': allow_soft_placement: true\ngraph_options {" in lines[0]
    steps = [m.split(" (")[0] for m in lines if m.startswith("loss = ")]
    assert steps == ["loss = 17.524998, step = 1", "loss = 1.592313, step = 3", "loss = 1.7413816, step = 5"]
    assert lines[1:7] == ["Calling model_fn.", "Done calling model_fn.", "Create CheckpointSaverHook.",
                          "Graph was finalized.", "Running local_init_op.", "Done running local_init_op."]
    assert f"Saving checkpoints for 0 into {tmp_path}/model.ckpt." in lines
    assert lines[-2:] == [f"Saving checkpoints for 5 into {tmp_path}/model.ckpt.", "Loss for final step: 1.7413816."]
    info_logs.clear()
    est.evaluate(eval_input(), steps=1)
    lines = _messages(info_logs)
    assert lines[2].startswith("Starting evaluation at ")
    assert "Evaluation [1/1]" in lines
    assert "Saving dict for global step 5: global_step = 5, loss = 1.6769129, mae = 1.2528787" in lines
    assert lines[-1] == f"Saving 'checkpoint_path' summary for global step 5: {tmp_path}/model.ckpt-5"


def test_temporary_model_dir_is_logged(caplog):
    est = tf.estimator.Estimator(model_fn, params={"lr": 0.1})
    assert os.path.isdir(est.model_dir)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert f"Using temporary folder as model directory: {est.model_dir}" in warnings


def test_predict_yields_single_examples_or_batches(tmp_path):
    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": 0.05})
    inp = tf.estimator.inputs.numpy_input_fn({"x": X}, batch_size=3, num_epochs=1, shuffle=False)
    singles = list(est.predict(inp))
    assert len(singles) == 4 and set(singles[0]) == {"y"} and singles[0]["y"].shape == (1,)
    np.testing.assert_allclose(singles[0]["y"], [0.3], rtol=1e-6)  # untrained: 0.1 * (1 + 2)
    batches = list(est.predict(inp, yield_single_examples=False))
    assert [b["y"].shape for b in batches] == [(3, 1), (1, 1)]


def test_dataset_input_fn_with_params_and_config(tmp_path):
    seen = {}

    def input_fn(params, config, mode):
        seen.update(params=params, model_dir=config.model_dir, mode=mode)
        return tf.data.Dataset.from_tensor_slices(({"x": X}, Y)).repeat(2).batch(2)

    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": 0.1})
    est.train(input_fn)
    assert est.get_variable_value("global_step") == 4  # 8 examples in batches of 2: the input's end stops it
    assert seen == {"params": {"lr": 0.1}, "model_dir": str(tmp_path), "mode": "train"}


def test_model_fn_missing_loss_in_train_mode(tmp_path):
    def bad_fn(features, labels, mode):
        w = tf.get_variable("w", [2, 1])
        pred = tf.matmul(features["x"], w)
        return tf.estimator.EstimatorSpec(mode, predictions=pred, train_op=tf.no_op())

    est = tf.estimator.Estimator(bad_fn, model_dir=str(tmp_path))
    with pytest.raises(ValueError, match=r"^Missing loss\.$"):
        est.train(train_input(), steps=1)
    with pytest.raises(ValueError, match=r"^Missing loss\.$"):
        est.evaluate(eval_input())
    assert len(list(est.predict(tf.estimator.inputs.numpy_input_fn({"x": X}, num_epochs=1, shuffle=False)))) == 4


def test_model_fn_errors():
    with pytest.raises(ValueError, match="must include features argument"):
        tf.estimator.Estimator(lambda inputs, labels: None)
    with pytest.raises(ValueError, match=r"has following not expected args: \['extra'\]"):
        tf.estimator.Estimator(lambda features, extra: None)
    est = tf.estimator.Estimator(lambda features, labels, mode: {"loss": 1})
    with pytest.raises(ValueError, match="^model_fn should return an EstimatorSpec.$"):
        est.train(train_input(), steps=1)
    with pytest.raises(ValueError, match="^Can not provide both steps and max_steps.$"):
        est.train(train_input(), steps=1, max_steps=1)


def test_run_config_defaults_and_replace():
    c = tf.estimator.RunConfig()
    assert (c.save_checkpoints_secs, c.save_checkpoints_steps, c.save_summary_steps, c.keep_checkpoint_max,
            c.log_step_count_steps, c.model_dir) == (600, None, 100, 5, 100, None)
    c2 = c.replace(save_checkpoints_steps=10)
    assert (c2.save_checkpoints_steps, c2.save_checkpoints_secs) == (10, None)
    with pytest.raises(ValueError, match="cannot be both set"):
        tf.estimator.RunConfig(save_checkpoints_steps=1, save_checkpoints_secs=1)


def test_train_and_evaluate_evaluates_after_each_checkpoint(tmp_path, info_logs):
    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), params={"lr": 0.05},
                                 config=tf.estimator.RunConfig(save_checkpoints_steps=3))
    train_spec = tf.estimator.TrainSpec(train_input(), max_steps=7)
    eval_spec = tf.estimator.EvalSpec(eval_input(), steps=None, throttle_secs=0)
    metrics, exports = tf.estimator.train_and_evaluate(est, train_spec, eval_spec)
    assert exports == [] and metrics["global_step"] == 7 and sorted(metrics) == ["global_step", "loss", "mae"]
    evaluated = [m.split(":")[0] for m in _messages(info_logs) if m.startswith("Saving dict for global step")]
    # not after the first save (step 0); after the saves at 3 and 6 and the final one at 7
    assert evaluated == ["Saving dict for global step 3", "Saving dict for global step 6",
                         "Saving dict for global step 7"]
    assert "Running training and evaluation locally (non-distributed)." in _messages(info_logs)
    with pytest.raises(TypeError, match="^`eval_spec` must have type `tf.estimator.EvalSpec`"):
        tf.estimator.train_and_evaluate(est, train_spec, None)
    with pytest.raises(ValueError, match="^There should be a CheckpointSaverHook to use saving_listeners"):
        tf.estimator.Estimator(model_fn, model_dir=str(tmp_path / "n"), params={"lr": 0.1},
                               config=tf.estimator.RunConfig(save_checkpoints_secs=None)).train(
            train_input(), steps=1, saving_listeners=[tf.estimator.CheckpointSaverListener()])
