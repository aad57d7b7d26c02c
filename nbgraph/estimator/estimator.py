"""`tf.estimator.Estimator`: a `model_fn` trained, evaluated and used for prediction in a fresh
graph each call, with checkpoints and event files in `model_dir`, as TF 1.15's estimator.py does
it: `train` resumes from the latest checkpoint and logs `loss = ..., step = ...` every
`log_step_count_steps`; `evaluate` restores it, runs the metrics' update ops until the input ends
(or `steps`) and returns their values with `loss` and `global_step`; `predict` yields one dict
per example."""
from __future__ import annotations

import inspect
import os
import time
from typing import Any, Callable, Iterator

import numpy as np

from .. import tf_logging as logging
from ..engine.graph import Graph, GraphKeys, get_default_graph
from ..engine.ops.random_ops import set_random_seed
from ..train import basic_hooks as hooks_lib
from ..train.checkpoint_management import latest_checkpoint
from ..train.learning_rate import create_global_step, get_global_step
from ..train.monitored_session import ChiefSessionCreator, MonitoredSession, MonitoredTrainingSession
from ..train.session_run_hook import SessionRunHook
from . import run_config as run_config_lib
from .eval_hooks import DatasetInitializerHook, StopAfterNEvalsHook, get_or_create_eval_step
from .model_fn import LOSS_METRIC_KEY, EstimatorSpec, ModeKeys

_VALID_MODEL_FN_ARGS = {"features", "labels", "mode", "params", "self", "config"}


def _fn_args(fn) -> tuple:
    if hasattr(fn, "func") and hasattr(fn, "keywords"):  # functools.partial
        return tuple(a for a in _fn_args(fn.func) if a not in (fn.keywords or {}))
    return tuple(inspect.signature(fn).parameters)


def _check_hooks_type(hooks) -> list:
    hooks = list(hooks or [])
    for h in hooks:
        if not isinstance(h, SessionRunHook):
            raise TypeError(f"Hooks must be a SessionRunHook, given: {h}")
    return hooks


def _load_global_step_from_checkpoint_dir(checkpoint_dir) -> int:
    from ..train.checkpoint_utils import load_checkpoint
    path = latest_checkpoint(checkpoint_dir)
    if path is None:
        return 0
    try:
        return int(load_checkpoint(path).get_tensor(GraphKeys.GLOBAL_STEP))
    except Exception:  # noqa: BLE001 - no global step saved: TF counts it as 0
        return 0


class Estimator:
    """`tf.estimator.Estimator(model_fn, model_dir=None, config=None, params=None, warm_start_from=None)`."""

    def __init__(self, model_fn: Callable, model_dir: str | None = None, config=None, params: dict | None = None,
                 warm_start_from=None):
        self._config = run_config_lib.with_defaults(config, model_dir)
        logging.info("Using config: %s", str(vars(self._config)))
        if model_fn is None:
            raise ValueError("model_fn must be provided to Estimator.")
        args = set(_fn_args(model_fn))
        if "features" not in args:
            raise ValueError(f"model_fn ({model_fn}) must include features argument.")
        if params is not None and "params" not in args:
            raise ValueError(f"model_fn ({model_fn}) does not include params argument, but params ({params}) "
                             "is passed to Estimator.")
        if params is None and "params" in args:
            logging.warning("Estimator's model_fn (%s) includes params argument, but params are not passed to "
                            "Estimator.", model_fn)
        unexpected = sorted(args - _VALID_MODEL_FN_ARGS)
        if unexpected:
            raise ValueError(f"model_fn ({model_fn}) has following not expected args: {unexpected}")
        if warm_start_from is not None:
            raise NotImplementedError("nbgraph's Estimator does not warm-start yet (warm_start_from)")
        self._model_fn = model_fn
        self._params = dict(params or {})

    model_dir = property(lambda self: self._config.model_dir)
    config = property(lambda self: self._config)
    params = property(lambda self: dict(self._params))
    model_fn = property(lambda self: self._model_fn)

    # -- checkpoints --------------------------------------------------------------------------
    def latest_checkpoint(self) -> str | None:
        return latest_checkpoint(self.model_dir)

    def _reader(self):
        from ..train.checkpoint_utils import load_checkpoint
        path = self.latest_checkpoint()
        if path is None:
            raise ValueError(f"Could not find trained model in model_dir: {self.model_dir}.")
        return load_checkpoint(path)

    def get_variable_names(self) -> list:
        return sorted(self._reader().get_variable_to_shape_map())

    def get_variable_value(self, name: str) -> np.ndarray:
        return self._reader().get_tensor(name)

    def eval_dir(self, name: str | None = None) -> str:
        return os.path.join(self.model_dir, "eval" if not name else "eval_" + name)

    # -- calling the user's functions ----------------------------------------------------------
    def _call_input_fn(self, input_fn, mode):
        args = _fn_args(input_fn)
        kwargs = {}
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self.params
        if "config" in args:
            kwargs["config"] = self.config
        with get_default_graph().device("/cpu:0"):
            return input_fn(**kwargs)

    def _features_and_labels(self, input_fn, mode):
        from ..data.dataset_ops import Dataset
        result = self._call_input_fn(input_fn, mode)
        input_hooks = []
        if isinstance(result, Dataset):
            iterator = result.make_initializable_iterator()
            input_hooks.append(DatasetInitializerHook(iterator))
            result = iterator.get_next()
        if isinstance(result, (list, tuple)):
            if len(result) != 2:
                raise ValueError("input_fn should return (features, labels) as a len 2 tuple.")
            return result[0], result[1], input_hooks
        return result, None, input_hooks

    def _call_model_fn(self, features, labels, mode, config) -> EstimatorSpec:
        args = _fn_args(self._model_fn)
        kwargs = {}
        if "labels" in args:
            kwargs["labels"] = labels
        elif labels is not None:
            raise ValueError("model_fn does not take labels, but input_fn returns labels.")
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self.params
        if "config" in args:
            kwargs["config"] = config
        logging.info("Calling model_fn.")
        spec = self._model_fn(features=features, **kwargs)
        logging.info("Done calling model_fn.")
        if not isinstance(spec, EstimatorSpec):
            raise ValueError("model_fn should return an EstimatorSpec.")
        return spec

    def _new_graph(self) -> Graph:
        g = Graph()
        return g

    def _session_config(self):
        return self._config.session_config

    # -- train ----------------------------------------------------------------------------------
    def train(self, input_fn, hooks=None, steps=None, max_steps=None, saving_listeners=None) -> "Estimator":
        """Trains from the latest checkpoint (or fresh variables) until the input ends, `steps`
        more steps or the global step reaches `max_steps`; logs and returns `self`."""
        if steps is not None and max_steps is not None:
            raise ValueError("Can not provide both steps and max_steps.")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        if max_steps is not None and max_steps <= _load_global_step_from_checkpoint_dir(self.model_dir):
            logging.info("Skipping training since max_steps has already saved.")
            return self
        hooks = _check_hooks_type(hooks)
        if steps is not None or max_steps is not None:
            hooks.append(hooks_lib.StopAtStepHook(steps, max_steps))
        loss = self._train_model(input_fn, hooks, list(saving_listeners or []))
        logging.info("Loss for final step: %s.", loss)
        return self

    def _train_model(self, input_fn, hooks, saving_listeners):
        from ..summary import scalar
        from ..train.saver import Saver
        with self._new_graph().as_default() as g, g.device(self._config.device_fn):
            set_random_seed(self._config.tf_random_seed)
            create_global_step(g)
            features, labels, input_hooks = self._features_and_labels(input_fn, ModeKeys.TRAIN)
            spec = self._call_model_fn(features, labels, ModeKeys.TRAIN, self.config)
            global_step = get_global_step(g)
            if not any(s.op.name == "loss" for s in g.get_collection(GraphKeys.SUMMARIES)):
                scalar("loss", spec.loss)
            g.add_to_collection(GraphKeys.LOSSES, spec.loss)
            worker_hooks = list(input_hooks) + list(hooks)
            worker_hooks.append(hooks_lib.NanTensorHook(spec.loss))
            if self._config.log_step_count_steps is not None:
                worker_hooks.append(hooks_lib.LoggingTensorHook({"loss": spec.loss, "step": global_step},
                                                                every_n_iter=self._config.log_step_count_steps))
            worker_hooks.extend(spec.training_hooks)
            if not (spec.scaffold.saver or g.get_collection(GraphKeys.SAVERS)):
                g.add_to_collection(GraphKeys.SAVERS, Saver(sharded=True, max_to_keep=self._config.keep_checkpoint_max,
                                                             keep_checkpoint_every_n_hours=(
                                                                 self._config.keep_checkpoint_every_n_hours),
                                                             save_relative_paths=True))
            chief_hooks = []
            all_hooks = worker_hooks + list(spec.training_chief_hooks)
            saver_hooks = [h for h in all_hooks if isinstance(h, hooks_lib.CheckpointSaverHook)]
            if (self._config.save_checkpoints_secs or self._config.save_checkpoints_steps) and not saver_hooks:
                chief_hooks = saver_hooks = [hooks_lib.CheckpointSaverHook(
                    self.model_dir, save_secs=self._config.save_checkpoints_secs,
                    save_steps=self._config.save_checkpoints_steps, scaffold=spec.scaffold)]
            if saving_listeners:
                if not saver_hooks:
                    raise ValueError("There should be a CheckpointSaverHook to use saving_listeners. Please set one "
                                     "of the RunConfig.save_checkpoints_steps or RunConfig.save_checkpoints_secs.")
                for listener in saving_listeners:  # TF adds them to the first saver hook
                    if listener not in saver_hooks[0]._listeners:
                        saver_hooks[0]._listeners.append(listener)
            with MonitoredTrainingSession(checkpoint_dir=self.model_dir, scaffold=spec.scaffold, hooks=worker_hooks,
                                          chief_only_hooks=tuple(chief_hooks) + tuple(spec.training_chief_hooks),
                                          save_checkpoint_secs=0, save_summaries_steps=self._config.save_summary_steps,
                                          config=self._session_config(),
                                          log_step_count_steps=self._config.log_step_count_steps) as mon_sess:
                loss, any_step_done = None, False
                while not mon_sess.should_stop():
                    _, loss = mon_sess.run([spec.train_op, spec.loss])
                    any_step_done = True
            if not any_step_done:
                logging.warning("Training with estimator made no steps. Perhaps input is empty or misspecified.")
            return loss

    # -- evaluate -------------------------------------------------------------------------------
    def evaluate(self, input_fn, steps=None, hooks=None, checkpoint_path=None, name=None) -> dict:
        """Runs the `eval_metric_ops` over the input (or `steps` batches) with the latest
        checkpoint; returns their values with `loss` and `global_step`, as TF logs them."""
        from ..metrics import mean
        hooks = _check_hooks_type(hooks)
        if steps is not None:
            if steps <= 0:
                raise ValueError(f"Must specify steps > 0, given: {steps}")
            hooks.append(StopAfterNEvalsHook(num_evals=steps))
        if not checkpoint_path:
            checkpoint_path = self.latest_checkpoint()
            if not checkpoint_path:
                logging.info(f"Could not find trained model in model_dir: {self.model_dir}, running initialization "
                             "to evaluate.")
        with self._new_graph().as_default() as g:
            set_random_seed(self._config.tf_random_seed)
            create_global_step(g)
            features, labels, input_hooks = self._features_and_labels(input_fn, ModeKeys.EVAL)
            spec = self._call_model_fn(features, labels, ModeKeys.EVAL, self.config)
            metric_ops = dict(spec.eval_metric_ops)
            if LOSS_METRIC_KEY in metric_ops:
                raise ValueError(f'Metric with name "{LOSS_METRIC_KEY}" is not allowed, because Estimator already '
                                 "defines a default metric with the same name.")
            metric_ops[LOSS_METRIC_KEY] = mean(spec.loss)
            update_ops = {k: v[1] for k, v in sorted(metric_ops.items())}
            eval_dict = {k: v[0] for k, v in sorted(metric_ops.items())}
            if GraphKeys.GLOBAL_STEP in eval_dict:
                raise ValueError("Metric with name `global_step` is not allowed, because Estimator already defines "
                                 "a default metric with the same name.")
            eval_dict[GraphKeys.GLOBAL_STEP] = get_global_step(g)
            all_hooks = list(input_hooks) + hooks + list(spec.evaluation_hooks)
            results = self._evaluate_once(checkpoint_path, spec.scaffold, update_ops, eval_dict, all_hooks)
        step = int(results[GraphKeys.GLOBAL_STEP])
        self._write_eval_summary(self.eval_dir(name), results, step, checkpoint_path)
        return results

    def _evaluate_once(self, checkpoint_path, scaffold, update_ops, eval_dict, hooks):
        from ..engine.ops.state_ops import assign_add
        eval_step = get_or_create_eval_step()
        update_ops = dict(update_ops, update_eval_step=assign_add(eval_step, 1, use_locking=True))
        for h in hooks:
            if isinstance(h, StopAfterNEvalsHook):
                h.set_evals_completed_tensor(update_ops["update_eval_step"])
        logging.info("Starting evaluation at " + time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        final = hooks_lib.FinalOpsHook(eval_dict)
        creator = ChiefSessionCreator(scaffold=scaffold, checkpoint_filename_with_path=checkpoint_path,
                                      config=self._session_config())
        with MonitoredSession(session_creator=creator, hooks=list(hooks) + [final]) as session:
            while not session.should_stop():
                session.run(update_ops)
        logging.info("Finished evaluation at " + time.strftime("%Y-%m-%d-%H:%M:%S"))
        return final.final_ops_values

    @staticmethod
    def _write_eval_summary(output_dir, results, step, checkpoint_path):
        from ..formats.events import FileWriterCache
        from ..formats.protos import pb
        text = ", ".join(f"{k} = {str(v)}" for k, v in sorted(results.items()) if not isinstance(v, bytes))
        logging.info("Saving dict for global step %d: %s", step, text)
        summary = pb().Summary()
        for key, value in sorted(results.items()):
            if key == GraphKeys.GLOBAL_STEP or np.ndim(value) != 0:
                continue
            summary.value.add(tag=key, simple_value=float(value))
        writer = FileWriterCache.get(output_dir)
        writer.add_summary(summary, step)
        if checkpoint_path:
            logging.info("Saving 'checkpoint_path' summary for global step %d: %s", step, checkpoint_path)
        writer.flush()

    # -- predict --------------------------------------------------------------------------------
    def predict(self, input_fn, predict_keys=None, hooks=None, checkpoint_path=None,
                yield_single_examples=True) -> Iterator[Any]:
        """Yields predictions (one dict per example, or per batch) until the input ends."""
        hooks = _check_hooks_type(hooks)
        if not checkpoint_path:
            checkpoint_path = self.latest_checkpoint()
        if not checkpoint_path:
            logging.info(f"Could not find trained model in model_dir: {self.model_dir}, running initialization "
                         "to predict.")
        with self._new_graph().as_default() as g:
            set_random_seed(self._config.tf_random_seed)
            create_global_step(g)
            features, _labels, input_hooks = self._features_and_labels(input_fn, ModeKeys.PREDICT)
            if not input_hooks and not g.get_collection(GraphKeys.QUEUE_RUNNERS) and not _uses_iterator(g):
                logging.warning("Input graph does not use tf.data.Dataset or contain a QueueRunner. That means "
                                "predict yields forever. This is probably a mistake.")
            spec = self._call_model_fn(features, None, ModeKeys.PREDICT, self.config)
            predictions = _extract_keys(spec.predictions, predict_keys)
            creator = ChiefSessionCreator(checkpoint_filename_with_path=checkpoint_path, scaffold=spec.scaffold,
                                          config=self._session_config())
            with MonitoredSession(session_creator=creator,
                                  hooks=list(input_hooks) + hooks + list(spec.prediction_hooks)) as mon_sess:
                while not mon_sess.should_stop():
                    values = mon_sess.run(predictions)
                    if not yield_single_examples:
                        yield values
                    elif not isinstance(predictions, dict):
                        yield from values
                    else:
                        for i in range(_batch_length(values)):
                            yield {key: value[i] for key, value in values.items()}


def _uses_iterator(g) -> bool:
    return any(op.type in ("IteratorGetNext", "IteratorV2", "Iterator", "OneShotIterator")
               for op in g.get_operations())


def _extract_keys(predictions, predict_keys):
    if predict_keys is None:
        return predictions
    if not isinstance(predictions, dict):
        raise ValueError("predict_keys argument is not valid in case of non-dict predictions.")
    existing = predictions.keys()
    chosen = {k: v for k, v in predictions.items() if k in predict_keys}
    if not chosen:
        raise ValueError(f"Expected to run at least one output from {existing}, provided {predict_keys}.")
    return chosen


def _batch_length(values: dict) -> int:
    length = None
    for key, value in values.items():
        n = value.shape[0]
        if length is None:
            length = n
        elif n != length:
            raise ValueError(f"Batch length of predictions should be same. {key} has different batch length "
                             "than others.")
    return length or 0
