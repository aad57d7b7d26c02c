"""One real cluster (2 ps + 2 worker tasks, each a Dask worker process) for the module that asks
for it; its teardown stops every process it started and checks with psutil that they are gone."""
from __future__ import annotations

import time

import psutil
import pytest

import nbgraph as tf
import nbgraph.distributed as dist

SPEC = {"ps": ["localhost:2222", "localhost:2223"], "worker": ["localhost:2224", "localhost:2225"]}


@pytest.fixture(scope="session")
def servers():
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    cluster = tf.train.ClusterSpec(SPEC)
    made = {f"{j}{i}": tf.train.Server(cluster, job_name=j, task_index=i) for j in SPEC for i in range(2)}
    # multiprocessing's resource tracker is a helper of this interpreter (it exits with it), not a task
    started = [p for p in me.children(recursive=True)
               if p.pid not in before and "resource_tracker" not in " ".join(p.cmdline())]
    assert len([p for p in started if p.is_running()]) >= 4  # a process per task (and its nanny)
    yield made
    dist.shutdown()
    gone, alive = psutil.wait_procs(started, timeout=20)
    for p in alive:  # never leave a process behind, even when the test has failed
        p.kill()
    assert not alive, f"processes left running: {[p.pid for p in alive]}"
    assert not dist.clusters()


def wait_for(predicate, timeout=30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False
