"""`tf.train.ClusterSpec`: the jobs of a cluster and the address of each task, as TF 1.15 has it
(`python/training/server_lib.py`), with `as_cluster_def()` giving a `ClusterDef` that prints
as TF's text-format proto. Pure Python: no Dask here."""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ClusterSpec", "ClusterDef", "JobDef"]

_TYPE_ERROR = ("`cluster` must be a dictionary mapping one or more job names to lists of network addresses, "
               "or a `ClusterDef` protocol buffer")


@dataclass
class JobDef:
    """One job of a `ClusterDef`: its name and {task index: address}."""

    name: str
    tasks: dict = field(default_factory=dict)


@dataclass
class ClusterDef:
    """The `ClusterDef` message (`job` is a list of `JobDef`); `str()` is TF's text format."""

    job: list = field(default_factory=list)

    def __str__(self) -> str:
        out = []
        for j in self.job:
            out.append("job {\n" + f'  name: "{j.name}"\n')
            for k in sorted(j.tasks):
                out.append(f'  tasks {{\n    key: {k}\n    value: "{j.tasks[k]}"\n  }}\n')
            out.append("}\n")
        return "".join(out)


class ClusterSpec:
    """`tf.train.ClusterSpec({"ps": ["host:2222"], "worker": {0: "a:2222", 1: "b:2222"}})`."""

    def __init__(self, cluster) -> None:
        if isinstance(cluster, dict):
            self._cluster_spec = {}
            for job_name, tasks in cluster.items():
                if isinstance(tasks, (list, tuple)):
                    job_tasks = {i: t for i, t in enumerate(tasks)}
                elif isinstance(tasks, dict):
                    job_tasks = {i: t for i, t in tasks.items()}
                else:
                    raise TypeError(f"The tasks for job {job_name!r} must be a list or a dictionary from integers "
                                    "to strings.")
                self._cluster_spec[job_name] = job_tasks
            self._make_cluster_def()
        elif isinstance(cluster, ClusterDef):
            self._cluster_def = ClusterDef([JobDef(j.name, dict(j.tasks)) for j in cluster.job])
            self._cluster_spec = {j.name: dict(j.tasks) for j in self._cluster_def.job}
        elif isinstance(cluster, ClusterSpec):
            self._cluster_def = ClusterDef([JobDef(j.name, dict(j.tasks)) for j in cluster.as_cluster_def().job])
            self._cluster_spec = {j.name: dict(j.tasks) for j in self._cluster_def.job}
        else:
            raise TypeError(_TYPE_ERROR)

    def _make_cluster_def(self) -> None:
        self._cluster_def = ClusterDef()
        for job_name, tasks in sorted(self._cluster_spec.items()):
            if not isinstance(job_name, str):
                raise TypeError(f"Job name {job_name!r} must be bytes or unicode")
            job = JobDef(job_name)
            for i, address in sorted(tasks.items()):
                if not isinstance(i, int):
                    raise TypeError(f"Task index {i!r} must be an integer")
                if not isinstance(address, str):
                    raise TypeError(f"Task address {address!r} must be bytes or unicode")
                job.tasks[i] = address
            self._cluster_def.job.append(job)

    def __bool__(self) -> bool:
        return bool(self._cluster_spec)

    __nonzero__ = __bool__

    def __eq__(self, other) -> bool:
        return isinstance(other, ClusterSpec) and self._cluster_spec == other._cluster_spec

    def __ne__(self, other) -> bool:
        return not self == other

    def __hash__(self):
        return hash(str(self.as_dict()))

    def __str__(self) -> str:
        key_values = self.as_dict()
        string_items = [repr(k) + ": " + repr(key_values[k]) for k in sorted(key_values)]
        return "ClusterSpec({" + ", ".join(string_items) + "})"

    __repr__ = __str__

    def as_dict(self) -> dict:
        """{job: [addresses]} (a dict {index: address} for a job with gaps in its indices)."""
        ret = {}
        for job in self.jobs:
            task_indices = self.task_indices(job)
            if len(task_indices) == 0:
                ret[job] = {}
                continue
            if max(task_indices) + 1 == len(task_indices):
                ret[job] = self.job_tasks(job)
            else:
                ret[job] = {i: self.task_address(job, i) for i in task_indices}
        return ret

    def as_cluster_def(self) -> ClusterDef:
        return self._cluster_def

    @property
    def jobs(self) -> list:
        return list(self._cluster_spec.keys())

    def num_tasks(self, job_name: str) -> int:
        try:
            job = self._cluster_spec[job_name]
        except KeyError:
            raise ValueError(f"No such job in cluster: {job_name!r}") from None
        return len(job)

    def task_indices(self, job_name: str) -> list:
        try:
            job = self._cluster_spec[job_name]
        except KeyError:
            raise ValueError(f"No such job in cluster: {job_name!r}") from None
        return list(sorted(job.keys()))

    def task_address(self, job_name: str, task_index: int) -> str:
        try:
            job = self._cluster_spec[job_name]
        except KeyError:
            raise ValueError(f"No such job in cluster: {job_name!r}") from None
        try:
            return job[task_index]
        except KeyError:
            raise ValueError(f"No task with index {task_index!r} in job {job_name!r}") from None

    def job_tasks(self, job_name: str) -> list:
        try:
            job = self._cluster_spec[job_name]
        except KeyError:
            raise ValueError(f"No such job in cluster: {job_name!r}") from None
        ret = [None for _ in range(max(job.keys()) + 1)]
        for i, task in job.items():
            ret[i] = task
        return ret

    def tasks(self) -> list:
        """Every (job, task index, address) in job-name then index order (nbgraph's helper)."""
        return [(j.name, i, j.tasks[i]) for j in self._cluster_def.job for i in sorted(j.tasks)]
