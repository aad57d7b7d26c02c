"""The Dask worker plugin that opens a task's direct channel (`channel.py`, `worker.py`).

Registered once per cluster by the client (`backend.DaskCluster`); Dask installs it on every
worker, and again on a worker its Nanny restarts, so a restarted task listens again."""
from __future__ import annotations

from distributed.comm import get_address_host
from distributed.diagnostics.plugin import WorkerPlugin

from .serve import start_channel, stop_channel

__all__ = ["ChannelPlugin"]


class ChannelPlugin(WorkerPlugin):
    """Starts the worker's channel (authenticated with `authkey`) and stops it with the worker."""

    def __init__(self, name: str, authkey: bytes) -> None:
        self.name = name
        self.authkey = authkey

    def setup(self, worker) -> None:
        start_channel(self.name, get_address_host(worker.address), self.authkey)

    def teardown(self, worker) -> None:
        stop_channel(self.name)
