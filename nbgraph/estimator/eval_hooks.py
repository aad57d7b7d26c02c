"""The hooks an Estimator adds on its own: the dataset initializer (an `input_fn` that returns a
`tf.data.Dataset`), the evaluation step counter `eval_step` and the hook that stops evaluation
after `steps` batches, logging `Evaluation [k/N]` as TF 1.15's evaluation.py does."""
from __future__ import annotations

import math

from .. import tf_logging as logging
from ..engine import dtypes
from ..engine.graph import GraphKeys, get_default_graph
from ..train.session_run_hook import SessionRunArgs, SessionRunHook

EVAL_STEP = "eval_step"


class DatasetInitializerHook(SessionRunHook):
    """Runs the iterator's initializer once the session exists."""

    def __init__(self, iterator):
        self._iterator = iterator

    def begin(self):
        self._initializer = self._iterator.initializer

    def after_create_session(self, session, coord):
        session.run(self._initializer)


def get_or_create_eval_step():
    """The local int64 variable `eval_step` (collection `eval_step`) counting evaluation batches."""
    from ..engine import initializers
    from ..engine.variables import get_variable
    g = get_default_graph()
    found = g.get_collection(EVAL_STEP)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ValueError("Multiple tensors added to tf.GraphKeys.EVAL_STEP")
    step = get_variable(EVAL_STEP, shape=[], dtype=dtypes.int64, initializer=initializers.zeros_initializer(),
                        trainable=False, collections=[GraphKeys.LOCAL_VARIABLES, EVAL_STEP])
    return step


class StopAfterNEvalsHook(SessionRunHook):
    """Stops evaluation after `num_evals` batches, logging its progress."""

    def __init__(self, num_evals, log_progress=True):
        self._num_evals = num_evals
        self._evals_completed = None
        self._log_progress = log_progress
        self._log_frequency = (1 if (num_evals is None or num_evals < 20) else math.floor(num_evals / 10.0))

    def set_evals_completed_tensor(self, updated_eval_step):
        self._evals_completed = updated_eval_step

    def before_run(self, run_context):
        return SessionRunArgs({"evals_completed": self._evals_completed})

    def after_run(self, run_context, run_values):
        evals_completed = run_values.results["evals_completed"]
        if self._log_progress:
            if self._num_evals is None:
                logging.info("Evaluation [%d]", evals_completed)
            elif evals_completed % self._log_frequency == 0 or self._num_evals == evals_completed:
                logging.info("Evaluation [%d/%d]", evals_completed, self._num_evals)
        if self._num_evals is not None and evals_completed >= self._num_evals:
            run_context.request_stop()
