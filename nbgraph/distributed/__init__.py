"""Distributed TF 1.x on Dask: `tf.train.ClusterSpec`, `tf.train.Server`,
`tf.train.replica_device_setter` and sessions on `grpc://` targets.

Every TF task is a real process: a Dask worker named by its task (`/job:ps/replica:0/task:0`),
in a `distributed.LocalCluster` nbgraph starts, or in an existing Dask cluster
(`NBGRAPH_DASK_SCHEDULER=tcp://host:8786` or `connect(address)`). A session on a server's
target places over every task's devices, runs each op on the worker that owns its device, moves
tensors between workers only where an edge crosses tasks (`_Send`/`_Recv` steps), keeps
variables on their task (shared by every session on the cluster), runs `tf.cond` and
`tf.while_loop` (a loop's iterations on one task), and raises TF's `UnavailableError` naming a
task whose process is gone. Dask runs the processes; a step's requests and tensors go straight
between them on authenticated sockets (`channel.py`), one request per task per step; each task
serves its sockets on one loop thread (`taskloop.py`), where a step waiting for a tensor is
resumed by the push that brings it.

Importing this package does not import Dask: `backend.py` does, when a Server is started.

    cluster = tf.train.ClusterSpec({"ps": ["localhost:2222"], "worker": ["localhost:2223"]})
    ps = tf.train.Server(cluster, job_name="ps", task_index=0)
    worker = tf.train.Server(cluster, job_name="worker", task_index=0)
    with tf.device("/job:ps/task:0"):
        v = tf.Variable(1.0)
    with tf.Session(worker.target) as sess: ...
    nbgraph.distributed.shutdown()   # stops the worker processes
"""
from __future__ import annotations

from .cluster_spec import ClusterDef, ClusterSpec, JobDef  # noqa: F401
from .device_setter import STANDARD_PS_OPS, replica_device_setter  # noqa: F401
from .server import Server  # noqa: F401

__all__ = ["ClusterSpec", "ClusterDef", "JobDef", "Server", "replica_device_setter", "connect", "shutdown", "transfers",
           "clusters", "attach"]


def connect(address: str | None) -> None:
    """Run clusters made from now on on the Dask scheduler at `address` (`tcp://host:8786`)."""
    from .backend import connect as _connect
    _connect(address)


def shutdown() -> None:
    """Stops every cluster this process started (their worker processes exit)."""
    import sys
    backend = sys.modules.get(f"{__name__}.backend")
    if backend is not None:
        backend.shutdown()


def clusters() -> list:
    """The running clusters (`backend.DaskCluster`), oldest first."""
    import sys
    backend = sys.modules.get(f"{__name__}.backend")
    return list(backend._clusters) if backend is not None else []


def attach(session, target: str):
    """`Session(target)` for `grpc://` targets (registered with the engine by nbgraph/__init__)."""
    from .runtime import attach as _attach
    return _attach(session, target)


def transfers(session) -> list:
    """The `_Send`/`_Recv` steps of `session`'s latest run on a cluster (`partition.Transfer`:
    `type`, `tensor`, `send_device`, `recv_device`, `bytes`); [] for a local session."""
    remote = getattr(session, "_remote", None)
    return list(remote.transfers) if remote is not None else []
