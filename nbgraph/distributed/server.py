"""`tf.train.Server`: one task of a cluster. In nbgraph every task of the `ClusterSpec` is a Dask
worker process (`backend.py`), started together when the first `Server` of that cluster is made;
a `Server` is the handle of one task: its `target` (`grpc://<its address>`) is what
`tf.Session(server.target)` connects to, and `join()` waits while its process lives."""
from __future__ import annotations

import socket
import time

from .cluster_spec import ClusterDef, ClusterSpec

__all__ = ["Server"]


class Server:
    """`tf.train.Server(server_or_cluster_def, job_name=None, task_index=None, protocol=None,
    config=None, start=True)`."""

    def __init__(self, server_or_cluster_def, job_name: str | None = None, task_index: int | None = None,
                 protocol: str | None = None, config=None, start: bool = True) -> None:
        if isinstance(server_or_cluster_def, (dict, ClusterDef)):
            spec = ClusterSpec(server_or_cluster_def)
        elif isinstance(server_or_cluster_def, ClusterSpec):
            spec = server_or_cluster_def
        else:
            raise TypeError("cluster must be a dictionary mapping one or more job names to lists of network "
                            "addresses, or a `ClusterDef` protocol buffer")
        if job_name is None:
            if len(spec.jobs) == 1:
                job_name = spec.jobs[0]
            else:
                raise ValueError("Must specify an explicit `job_name`.")
        if task_index is None:
            task_indices = spec.task_indices(job_name) if job_name in spec.jobs else []
            if len(task_indices) == 1:
                task_index = task_indices[0]
            else:
                raise ValueError("Must specify an explicit `task_index`.")
        if protocol not in (None, "grpc"):
            raise ValueError(f"Unknown protocol: {protocol!r} (nbgraph serves 'grpc' addresses)")
        self._address = spec.task_address(job_name, task_index)
        self._spec = spec
        self._job_name, self._task_index = job_name, task_index
        self._config = config
        self._cluster = None
        if start:
            self.start()

    def start(self) -> None:
        """Starts the cluster's worker processes (all of them, once per cluster)."""
        if self._cluster is None or self._cluster.closed:
            from .backend import cluster_for
            self._cluster = cluster_for(self._spec)

    @property
    def target(self) -> str:
        """`grpc://host:port`: pass it to `tf.Session`."""
        return f"grpc://{self._address}"

    @property
    def server_def(self):
        return self._spec.as_cluster_def()

    @property
    def task(self) -> str:
        """This task's device prefix, `/job:ps/replica:0/task:0` (nbgraph's addition)."""
        return f"/job:{self._job_name}/replica:0/task:{self._task_index}"

    @property
    def cluster(self):
        """The `backend.DaskCluster` serving this task (its `client` is a `distributed.Client`)."""
        self.start()
        return self._cluster

    def join(self) -> None:
        """Blocks while this task's worker process lives (as TF's `join()` blocks forever)."""
        self.start()
        while not self._cluster.closed and self._cluster.worker_of(self.task, refresh=True) is not None:
            time.sleep(0.5)

    @staticmethod
    def create_local_server(config=None, start: bool = True) -> "Server":
        """A one-task cluster `{"localhost": ["localhost:<free port>"]}`."""
        with socket.socket() as s:
            s.bind(("localhost", 0))
            port = s.getsockname()[1]
        return Server({"localhost": [f"localhost:{port}"]}, job_name="localhost", task_index=0, config=config,
                      start=start)
