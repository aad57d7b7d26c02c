"""`tf.train`: optimizers, the global step and learning-rate schedules, queue runners and input
producers, as TF 1.15 has them.

The checkpoint side (`Saver`, `latest_checkpoint`...) lives in `saver.py`, `checkpoint_management.py`
and `checkpoint_utils.py` of this package.
"""
from __future__ import annotations

import importlib

from .learning_rate import (assert_global_step, create_global_step, exponential_decay,  # noqa: F401
                            get_global_step, get_or_create_global_step, global_step, inverse_time_decay,
                            natural_exp_decay, piecewise_constant, polynomial_decay)
from .optimizer import Optimizer  # noqa: F401
from .optimizers import (AdadeltaOptimizer, AdagradOptimizer, AdamOptimizer,  # noqa: F401
                         GradientDescentOptimizer, MomentumOptimizer, RMSPropOptimizer)
# the input pipeline: queue runners, the coordinator and input producers
from .coordinator import Coordinator, LooperThread  # noqa: F401,E402
from .input import (batch, input_producer, limit_epochs, match_filenames_once, range_input_producer,  # noqa: F401,E402
                    shuffle_batch, slice_input_producer, string_input_producer)
from .queue_runner import QueueRunner, add_queue_runner, start_queue_runners  # noqa: F401,E402
# checkpoints and graph files: Saver, the `checkpoint` state file, checkpoint readers
from ..formats.events import summary_iterator  # noqa: F401,E402
from ..formats.meta_graph import export_meta_graph, import_meta_graph, write_graph  # noqa: F401,E402
from .checkpoint_management import (CheckpointState, checkpoint_exists, get_checkpoint_mtimes,  # noqa: F401,E402
                                    get_checkpoint_state, latest_checkpoint, meta_graph_filename,
                                    remove_checkpoint, update_checkpoint_state)
from .checkpoint_utils import (CheckpointReader, NewCheckpointReader, list_variables, load_checkpoint,  # noqa: F401,E402
                               load_variable)
from .saver import Saver  # noqa: F401,E402


_DISTRIBUTED = ("ClusterSpec", "Server", "replica_device_setter", "ClusterDef", "JobDef")
_EXAMPLE = ("Example", "SequenceExample", "Features", "Feature", "FeatureList", "FeatureLists", "BytesList",
            "FloatList", "Int64List")


def __getattr__(name: str):
    """Public names of `saver.py` (the checkpoint module), of `nbgraph.distributed`
    (ClusterSpec, Server, replica_device_setter) and the `tf.train.Example` messages, imported on
    first use."""
    if name in _DISTRIBUTED:
        return getattr(importlib.import_module("nbgraph.distributed"), name)
    if name in _EXAMPLE:  # tf.train.Example and its parts: TF's messages (needs protobuf)
        return getattr(importlib.import_module("nbgraph.formats.proto.example_pb2"), name)
    if not name.startswith("_"):
        try:
            saver = importlib.import_module(f"{__name__}.saver")
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.saver":
                raise
        else:
            if hasattr(saver, name):
                return getattr(saver, name)
    raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
# hooks and monitored sessions (session_run_hook.py, basic_hooks.py, monitored_session.py)
from .session_run_hook import SessionRunArgs, SessionRunContext, SessionRunHook, SessionRunValues  # noqa: F401,E402
from .basic_hooks import (CheckpointSaverHook, CheckpointSaverListener, FeedFnHook, FinalOpsHook,  # noqa: F401,E402
                          LoggingTensorHook, NanLossDuringTrainingError, NanTensorHook, SecondOrStepTimer,
                          StepCounterHook, StopAtStepHook, SummarySaverHook)
from .monitored_session import (ChiefSessionCreator, MonitoredSession, MonitoredTrainingSession,  # noqa: F401,E402
                                Scaffold, SingularMonitoredSession, WorkerSessionCreator)
from .moving_averages import ExponentialMovingAverage, assign_moving_average  # noqa: F401,E402
