"""`tf.estimator` as TF 1.15 offers it: `Estimator` with `EstimatorSpec`/`ModeKeys`/`RunConfig`,
`tf.estimator.inputs` (numpy and pandas input functions) and the canned `DNNClassifier`,
`DNNRegressor`, `LinearClassifier` and `LinearRegressor`."""
from __future__ import annotations

import types as _types

from . import inputs as _inputs
from .estimator import Estimator  # noqa: F401
from .model_fn import EstimatorSpec, ModeKeys  # noqa: F401
from .run_config import RunConfig  # noqa: F401

inputs = _types.ModuleType("nbgraph.estimator.inputs", "tf.estimator.inputs")
inputs.numpy_input_fn = _inputs.numpy_input_fn
inputs.pandas_input_fn = _inputs.pandas_input_fn
from .canned import DNNClassifier, DNNRegressor, LinearClassifier, LinearRegressor  # noqa: F401,E402
from .training import EvalSpec, TrainSpec, train_and_evaluate  # noqa: F401,E402
from ..train.session_run_hook import SessionRunArgs, SessionRunContext, SessionRunHook, SessionRunValues  # noqa: F401,E402
from ..train.basic_hooks import (CheckpointSaverHook, CheckpointSaverListener, FeedFnHook,  # noqa: F401,E402
                                 FinalOpsHook, LoggingTensorHook, NanLossDuringTrainingError, NanTensorHook,
                                 StepCounterHook, StopAtStepHook, SummarySaverHook)
