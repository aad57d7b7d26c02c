"""`tf.estimator.train_and_evaluate` with `TrainSpec` and `EvalSpec`, as TF 1.15 runs it on one
machine (training.py's `run_local`): train to `max_steps`, evaluating after each checkpoint save
(at most every `throttle_secs`, never on the first save) and once more at the end if the last
step was not evaluated; returns `(metrics of the last evaluation, export results)`."""
from __future__ import annotations

import collections

from .. import tf_logging as logging
from ..train.basic_hooks import CheckpointSaverListener, SecondOrStepTimer
from .estimator import Estimator


class TrainSpec(collections.namedtuple("TrainSpec", ["input_fn", "max_steps", "hooks"])):
    """`tf.estimator.TrainSpec(input_fn, max_steps=None, hooks=None)`."""

    def __new__(cls, input_fn, max_steps=None, hooks=None):
        if not callable(input_fn):
            raise TypeError(f"`input_fn` must be callable, given: {input_fn}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        return super().__new__(cls, input_fn, max_steps, tuple(hooks or ()))


class EvalSpec(collections.namedtuple("EvalSpec", ["input_fn", "steps", "name", "hooks", "exporters",
                                                   "start_delay_secs", "throttle_secs"])):
    """`tf.estimator.EvalSpec(input_fn, steps=100, name=None, hooks=None, exporters=None,
    start_delay_secs=120, throttle_secs=600)`."""

    def __new__(cls, input_fn, steps=100, name=None, hooks=None, exporters=None, start_delay_secs=120,
                throttle_secs=600):
        if not callable(input_fn):
            raise TypeError(f"`input_fn` must be callable, given: {input_fn}")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if start_delay_secs < 0:
            raise ValueError(f"Must specify start_delay_secs >= 0, given: {start_delay_secs}")
        if throttle_secs < 0:
            raise ValueError(f"Must specify throttle_secs >= 0, given: {throttle_secs}")
        if exporters:
            raise NotImplementedError("nbgraph's EvalSpec does not run exporters yet")
        return super().__new__(cls, input_fn, steps, name, tuple(hooks or ()), (), start_delay_secs, throttle_secs)


class _EvaluateAfterSaves(CheckpointSaverListener):
    """Evaluates the latest checkpoint after each save (not the first), throttled."""

    def __init__(self, estimator: Estimator, eval_spec: EvalSpec):
        self._estimator, self._spec = estimator, eval_spec
        self._timer = SecondOrStepTimer(every_secs=eval_spec.throttle_secs)
        self._previous_path = None
        self.metrics = None

    def begin(self):
        self._timer.reset()
        self._is_first_run = True

    def after_save(self, session, global_step_value):
        if self._is_first_run:
            self._is_first_run = False
            return False
        if self._timer.should_trigger_for_step(global_step_value):
            self._evaluate(global_step_value)
        else:
            logging.info(f"Skip the current checkpoint eval due to throttle secs ({self._spec.throttle_secs} secs).")
        return False

    def end(self, session, global_step_value):
        if global_step_value != self._timer.last_triggered_step():
            self._evaluate(global_step_value)

    def _evaluate(self, global_step_value):
        self._timer.update_last_triggered_step(global_step_value)
        path = self._estimator.latest_checkpoint()
        if path == self._previous_path:
            logging.warning("No new checkpoint ready for evaluation. Skip the current evaluation pass as evaluation "
                            "results are expected to be same for the same checkpoint.")
            return
        self.metrics = self._estimator.evaluate(self._spec.input_fn, steps=self._spec.steps, name=self._spec.name,
                                                checkpoint_path=path, hooks=self._spec.hooks)
        self._previous_path = path


def train_and_evaluate(estimator: Estimator, train_spec: TrainSpec, eval_spec: EvalSpec):
    """Trains `estimator` on `train_spec` and evaluates it on `eval_spec` after its checkpoints."""
    if not isinstance(eval_spec, EvalSpec):
        raise TypeError(f"`eval_spec` must have type `tf.estimator.EvalSpec`. Got: {type(eval_spec)}")
    if not isinstance(estimator, Estimator):
        raise TypeError(f"`estimator` must have type `tf.estimator.Estimator`. Got: {type(estimator)}")
    if not isinstance(train_spec, TrainSpec):
        raise TypeError(f"`train_spec` must have type `tf.estimator.TrainSpec`. Got: {type(train_spec)}")
    logging.info("Not using Distribute Coordinator.")
    logging.info("Running training and evaluation locally (non-distributed).")
    config = estimator.config
    logging.info("Start train and evaluate loop. The evaluate will happen after every checkpoint. Checkpoint "
                 "frequency is determined based on RunConfig arguments: save_checkpoints_steps "
                 f"{config.save_checkpoints_steps} or save_checkpoints_secs {config.save_checkpoints_secs}.")
    listener = _EvaluateAfterSaves(estimator, eval_spec)
    estimator.train(train_spec.input_fn, max_steps=train_spec.max_steps, hooks=list(train_spec.hooks),
                    saving_listeners=[listener])
    return listener.metrics, []
