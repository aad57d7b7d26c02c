"""`tf.train`: optimizers, the global step and learning-rate schedules, as TF 1.15 has them.

The checkpoint side (`Saver`, `latest_checkpoint`...) lives in `saver.py` of this package;
names not defined here are looked up there, so it adds its public names without editing this file.
"""
from __future__ import annotations

import importlib

from .learning_rate import (assert_global_step, create_global_step, exponential_decay,  # noqa: F401
                            get_global_step, get_or_create_global_step, global_step, inverse_time_decay,
                            natural_exp_decay, piecewise_constant, polynomial_decay)
from .optimizer import Optimizer  # noqa: F401
from .optimizers import (AdadeltaOptimizer, AdagradOptimizer, AdamOptimizer,  # noqa: F401
                         GradientDescentOptimizer, MomentumOptimizer, RMSPropOptimizer)


_DISTRIBUTED = ("ClusterSpec", "Server", "replica_device_setter", "ClusterDef", "JobDef")


def __getattr__(name: str):
    """Public names of `saver.py` (the checkpoint module) and of `nbgraph.distributed`
    (ClusterSpec, Server, replica_device_setter), imported on first use."""
    if name in _DISTRIBUTED:
        return getattr(importlib.import_module("nbgraph.distributed"), name)
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
