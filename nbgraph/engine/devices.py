"""Device names in every TF form, parsed into `DeviceSpec`, and merged as `tf.device` merges.

`/cpu:0`, `/CPU:0`, `cpu`, `/device:GPU:1`, `/gpu:*`, `/job:localhost/replica:0/task:0/device:CPU:0`
and partial specs all parse (TF 1.15's `DeviceSpec._string_to_components`, with its errors);
`to_string()` gives TF's canonical form (`/device:GPU:0`). Merging is field by field: a field
the inner spec sets wins, a field it leaves unset keeps the outer value (so `/gpu:1` around
`/cpu:*` gives `/device:CPU:1`, as TF's `make_merged_spec` does).
"""
from __future__ import annotations

__all__ = ["DeviceSpec", "canonical_name", "merge_device", "full_name", "LOCAL_PREFIX"]

LOCAL_PREFIX = "/job:localhost/replica:0/task:0"
_FULL_PREFIX = LOCAL_PREFIX
# The short forms `/cpu:0`, `/gpu:1`, `/tpu:0` (TF's valid device types for `/<type>:<n>`).
_SHORT_TYPES = ("CPU", "GPU", "TPU")
_FIELDS = ("job", "replica", "task", "device_type", "device_index")


class DeviceSpec:
    """A (possibly partial) device specification: job, replica, task, device type and index.

    `DeviceSpec.from_string("/gpu:1")` or `DeviceSpec(device_type="GPU", device_index=1)`;
    `to_string()` -> `'/device:GPU:1'`; `merge_from(other)` updates this spec with the fields
    `other` sets; `make_merged_spec(other)` returns the merged copy."""

    __slots__ = ("_job", "_replica", "_task", "_device_type", "_device_index")

    def __init__(self, job=None, replica=None, task=None, device_type=None, device_index=None):
        self._job = None
        self._replica = self._task = self._device_type = self._device_index = None
        self.job = job
        self.replica = replica
        self.task = task
        self.device_type = device_type
        self.device_index = device_index

    # -- fields (settable, as TF 1.x's DeviceSpec) -------------------------------------------
    @property
    def job(self):
        return self._job

    @job.setter
    def job(self, value):
        self._job = None if value is None else str(value)

    @property
    def replica(self):
        return self._replica

    @replica.setter
    def replica(self, value):
        self._replica = None if value is None else int(value)

    @property
    def task(self):
        return self._task

    @task.setter
    def task(self, value):
        self._task = None if value is None else int(value)

    @property
    def device_type(self):
        return self._device_type

    @device_type.setter
    def device_type(self, value):
        self._device_type = None if value is None else _canon_type(str(value))

    @property
    def device_index(self):
        return self._device_index

    @device_index.setter
    def device_index(self, value):
        self._device_index = None if value is None else int(value)

    # -- parsing -----------------------------------------------------------------------------
    @classmethod
    def from_string(cls, spec) -> "DeviceSpec":
        return cls().parse_from_string(spec)

    def parse_from_string(self, spec) -> "DeviceSpec":
        """Sets the fields `spec` names (TF 1.x's in-place parse); returns self."""
        if spec is None:
            return self
        if isinstance(spec, DeviceSpec):
            self.merge_from(spec)
            return self
        if isinstance(spec, bytes):
            spec = spec.decode()
        if not isinstance(spec, str):
            raise TypeError(f"Expected binary or unicode string, got {spec!r}")
        parsed = _string_to_components(spec)
        for name, value in zip(_FIELDS, parsed):
            if value is not None:
                setattr(self, name, value)
        return self

    # -- merging -----------------------------------------------------------------------------
    def merge_from(self, other: "DeviceSpec") -> None:
        """Fields set in `other` override this spec's, one by one (as `tf.device` nesting does)."""
        for name in _FIELDS:
            value = getattr(other, name)
            if value is not None:
                setattr(self, name, value)

    def make_merged_spec(self, other: "DeviceSpec") -> "DeviceSpec":
        out = self.copy()
        out.merge_from(other)
        return out

    def copy(self) -> "DeviceSpec":
        return DeviceSpec(self.job, self.replica, self.task, self.device_type, self.device_index)

    def replace(self, **kw) -> "DeviceSpec":
        out = self.copy()
        for k, v in kw.items():
            if k not in _FIELDS:
                raise TypeError(f"replace() got an unexpected keyword argument '{k}'")
            setattr(out, k, v)
        return out

    def to_string(self) -> str:
        s = ""
        if self.job is not None:
            s += f"/job:{self.job}"
        if self.replica is not None:
            s += f"/replica:{self.replica}"
        if self.task is not None:
            s += f"/task:{self.task}"
        if self.device_type is not None:
            idx = "*" if self.device_index is None else self.device_index
            s += f"/device:{self.device_type}:{idx}"
        return s

    def has_details(self) -> bool:
        return not (self._job is None and self._replica is None and self._task is None
                    and self._device_type is None and self._device_index is None)

    def __eq__(self, other):
        return isinstance(other, DeviceSpec) and self.to_string() == other.to_string()

    def __hash__(self):
        return hash(self.to_string())

    def __repr__(self):
        return (f"<DeviceSpec(job={self.job}, replica={self.replica}, task={self.task}, "
                f"device_type={self.device_type}, device_index={self.device_index})>")


def _string_to_components(spec):
    """TF 1.15's parser: `/`-separated `job:x`, `replica:n`, `task:n`, `<type>[:n|*]`,
    `device:<type>:<n|*>`; anything else is `Unknown attribute: 'x' in 'spec'`."""
    job = replica = task = device_type = device_index = None
    for part in spec.split("/"):
        y = part.split(":")
        ly = len(y)
        if ly == 2 and y[0] == "job":
            job = y[1]
        elif ly == 2 and y[0] == "replica":
            replica = int(y[1])
        elif ly == 2 and y[0] == "task":
            task = int(y[1])
        elif ly in (1, 2) and y[0].upper() in _SHORT_TYPES:
            if device_type is not None:
                raise ValueError(f"Cannot specify multiple device types: {spec}")
            device_type = y[0].upper()
            if ly == 2 and y[1] != "*":
                device_index = int(y[1])
        elif ly == 3 and y[0] == "device":
            if device_type is not None:
                raise ValueError(f"Cannot specify multiple device types: {spec}")
            device_type = y[1]
            if y[2] != "*":
                device_index = int(y[2])
        elif ly and y[0] != "":
            raise ValueError(f"Unknown attribute: '{y[0]}' in '{spec}'")
    return job, replica, task, device_type, device_index


def _canon_type(t: str) -> str:
    """`cpu`/`gpu` become `CPU`/`GPU` (TF keeps other types as written)."""
    return t.upper() if t in ("cpu", "gpu") else t


def canonical_name(spec) -> str:
    """`'/gpu:0'` -> `'/device:GPU:0'`; `''`/None stay `''`."""
    if not spec:
        return ""
    return DeviceSpec.from_string(spec).to_string() if isinstance(spec, str) else spec.to_string()


def merge_device(outer: str, inner) -> str:
    """The device an op gets from `tf.device(outer)` around an op whose device is `inner`
    (TF's `MergeDevice`: the inner fields win, unset ones come from `outer`)."""
    spec = DeviceSpec.from_string(outer or "")
    spec.merge_from(inner if isinstance(inner, DeviceSpec) else DeviceSpec.from_string(inner or ""))
    return spec.to_string()


def full_name(device_type: str, index: int) -> str:
    """`('CPU', 0)` -> `/job:localhost/replica:0/task:0/device:CPU:0`, the form the log prints."""
    return f"{_FULL_PREFIX}/device:{device_type}:{index}"
