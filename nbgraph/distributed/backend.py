"""The Dask side of a TF cluster: one Dask worker process per TF task, named by its task.

`cluster_for(spec)` starts a `distributed.LocalCluster` whose workers are named
`/job:ps/replica:0/task:0`, ... (one process each, one thread each), or, when
`NBGRAPH_DASK_SCHEDULER=tcp://...` is set or `connect(address)` was called, uses that existing
scheduler: its workers named by task serve those tasks, the others are given to the remaining
tasks in address order. `DaskCluster.worker_of(task)` says which worker serves a task *now*
(a Nanny restarts a killed worker under a new address, with empty state, as a restarted TF
server comes back uninitialised); None while it is down.

Every TF address of the spec (`localhost:2222`) maps to its task, so `grpc://localhost:2222`
(a `Server.target`) finds its cluster and its master task in `resolve_target`.
"""
from __future__ import annotations

import atexit
import logging
import os
import threading
import uuid

from .cluster_spec import ClusterSpec

__all__ = ["DaskCluster", "cluster_for", "connect", "resolve_target", "shutdown", "task_name"]

_lock = threading.RLock()
_clusters: list = []           # every DaskCluster started or connected, oldest first
_scheduler_address = None      # set by connect()


def task_name(job: str, index: int) -> str:
    """The device prefix of a task: `/job:ps/replica:0/task:0`."""
    return f"/job:{job}/replica:0/task:{index}"


def connect(address: str | None) -> None:
    """Use the Dask scheduler at `address` (`tcp://host:8786`) for clusters made from now on
    (None: back to `NBGRAPH_DASK_SCHEDULER`, or a LocalCluster when that is unset)."""
    global _scheduler_address
    _scheduler_address = address


class DaskCluster:
    """A TF `ClusterSpec` served by Dask workers (one per task)."""

    def __init__(self, spec: ClusterSpec, scheduler_address: str | None = None) -> None:
        from distributed import Client
        self.spec = spec
        self.tasks = [task_name(j, i) for j, i, _ in spec.tasks()]
        self.addresses = {f"{addr}": task_name(j, i) for j, i, addr in spec.tasks()}
        self.local = None
        if scheduler_address is None:
            self.local = _task_cluster(self.tasks)
            self.client = Client(self.local, set_as_default=False)
        else:
            self.client = Client(scheduler_address, set_as_default=False)
        self.client.wait_for_workers(len(self.tasks) if self.local is not None else 1, timeout=120)
        self._workers = {}
        self._channels = {}    # Dask worker address -> its channel's (host, port)
        from .channel import Pool
        from .plugin import ChannelPlugin
        self.channel_name = f"nbgraph-channel-{uuid.uuid4().hex[:12]}"
        authkey = os.urandom(32)
        self.pool = Pool(authkey)   # this process's connections to the tasks' channels
        self.client.register_plugin(ChannelPlugin(self.channel_name, authkey))
        self.refresh()
        self.closed = False

    # -- which worker serves which task --------------------------------------------------------
    def refresh(self) -> dict:
        """Asks the scheduler which workers are alive; returns {task: worker address}."""
        info = self.client.sync(self.client.scheduler.identity)
        by_name = {str(w.get("name")): addr for addr, w in info.get("workers", {}).items()}
        out = {t: by_name[t] for t in self.tasks if t in by_name}
        if self.local is None:  # an existing cluster: unnamed workers serve the remaining tasks
            spare = sorted(a for n, a in by_name.items() if n not in self.tasks)
            for t in self.tasks:
                if t not in out and spare:
                    out[t] = spare.pop(0)
        self._workers = out
        return out

    def worker_of(self, task: str, refresh: bool = False) -> str | None:
        if refresh:
            self.refresh()
        return self._workers.get(task)

    def channel_of(self, task: str, refresh: bool = False):
        """(host, port) of the direct channel of the worker serving `task`; None while it is down."""
        addr = self.worker_of(task, refresh)
        if addr is None and not refresh:
            addr = self.worker_of(task, True)
        if addr is None:
            return None
        found = self._channels.get(addr)
        if found is None:
            from .serve import channel_address
            import time
            end = time.monotonic() + 30
            while found is None:  # a worker just (re)started may not have run the plugin yet
                try:
                    found = self.client.run(channel_address, self.channel_name, workers=[addr]).get(addr)
                except Exception:  # noqa: BLE001 - the worker went away again
                    return None
                if found is None:
                    if time.monotonic() > end:
                        return None
                    time.sleep(0.05)
            self._channels[addr] = found = tuple(found)
        return found

    def forget(self, task: str) -> None:
        """Drops what is known of `task`'s worker (after its channel failed)."""
        addr = self._workers.pop(task, None)
        if addr is not None:
            self._channels.pop(addr, None)

    def alive(self, task: str) -> bool:
        return self.refresh().get(task) is not None

    def wait_for_task(self, task: str, timeout: float = 60.0) -> str:
        """Blocks until `task` has a worker again (after a restart); returns its address."""
        import time
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            addr = self.refresh().get(task)
            if addr is not None:
                return addr
            time.sleep(0.1)
        raise TimeoutError(f"task {task} did not come back within {timeout} s")

    def pid_of(self, task: str) -> int:
        """The process id of the worker serving `task` (for teaching and for fault tests)."""
        addr = self.worker_of(task, refresh=True)
        return self.client.run(os.getpid, workers=[addr])[addr]

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self.pool.close()
            if self.local is None:  # someone else's cluster: take our channels out of its workers
                try:
                    self.client.unregister_worker_plugin(self.channel_name)
                except Exception:  # noqa: BLE001 - workers already gone
                    pass
            self.client.close()
        finally:
            if self.local is not None:
                self.local.close()
        with _lock:
            if self in _clusters:
                _clusters.remove(self)


def _task_cluster(names):
    """A LocalCluster of processes (one thread each) whose workers are named by their TF task."""
    import copy

    import dask
    from distributed import LocalCluster
    cluster = LocalCluster(n_workers=0, processes=True, threads_per_worker=1, host="127.0.0.1",
                           dashboard_address=":0", worker_dashboard_address=None, silence_logs=logging.CRITICAL,
                           memory_limit=0)
    template = next(iter(cluster.new_worker_spec().values()))
    # the Nanny hands this to the worker process (merged into its own config one level deep)
    template["options"]["config"] = {"distributed": dask.config.merge(dask.config.get("distributed"),
                                                                      QUIET["distributed"])}
    for name in names:
        cluster.worker_spec[name] = copy.deepcopy(template)
    cluster.scale(len(names))
    return cluster


# A task process's own housekeeping, which otherwise takes ~3 % of a core per idle task:
# Dask's statistical profiler samples every thread's stack every 10 ms, and each server checks
# its event loop every 20 ms. nbgraph's tasks run their steps on their own threads, not as Dask
# tasks, so neither says anything useful about them.
QUIET = {"distributed": {"worker": {"profile": {"enabled": False}}, "admin": {"tick": {"interval": "500ms"}}}}


def cluster_for(spec: ClusterSpec) -> DaskCluster:
    """The running DaskCluster for `spec`, started on first use."""
    with _lock:
        for c in _clusters:
            if c.spec == spec and not c.closed:
                return c
        address = _scheduler_address or os.environ.get("NBGRAPH_DASK_SCHEDULER") or None
        c = DaskCluster(spec, address)
        _clusters.append(c)
        return c


def resolve_target(target: str):
    """(DaskCluster, master task) for `grpc://host:port`, or None when no cluster has that address."""
    address = target[len("grpc://"):] if target.startswith("grpc://") else target
    with _lock:
        for c in _clusters:
            if not c.closed and address in c.addresses:
                return c, c.addresses[address]
    return None


def shutdown() -> None:
    """Closes every cluster this process started (their worker processes exit)."""
    with _lock:
        clusters = list(_clusters)
    for c in clusters:
        c.close()


atexit.register(shutdown)
