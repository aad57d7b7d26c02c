"""Device names in every TF form, parsed into `DeviceSpec`, and merged as `tf.device` merges.

`/cpu:0`, `/CPU:0`, `/device:GPU:1`, `/gpu:*`, `/job:localhost/replica:0/task:0/device:CPU:0`
and partial specs all parse; `to_string()` gives TF's canonical form (`/device:GPU:0`).
"""
from __future__ import annotations

__all__ = ["DeviceSpec", "canonical_name", "merge_device"]

_FULL_PREFIX = "/job:localhost/replica:0/task:0"


class DeviceSpec:
    """A (possibly partial) device specification."""

    __slots__ = ("job", "replica", "task", "device_type", "device_index")

    def __init__(self, job=None, replica=None, task=None, device_type=None, device_index=None):
        self.job = job
        self.replica = None if replica is None else int(replica)
        self.task = None if task is None else int(task)
        self.device_type = None if device_type is None else _canon_type(device_type)
        self.device_index = device_index

    @classmethod
    def from_string(cls, spec: str) -> "DeviceSpec":
        return cls()._parse(spec)

    def _parse(self, spec):
        if spec is None:
            return self
        if isinstance(spec, DeviceSpec):
            return self.merge_from(spec) or self
        if not isinstance(spec, str):
            raise TypeError(f"device spec must be a string, got {type(spec).__name__}: {spec!r}")
        for part in spec.split("/"):
            if not part:
                continue
            bits = part.split(":")
            key = bits[0].lower()
            if len(bits) == 2 and key == "job":
                self.job = bits[1]
            elif len(bits) == 2 and key == "replica":
                self.replica = _int(bits[1], spec)
            elif len(bits) == 2 and key == "task":
                self.task = _int(bits[1], spec)
            elif len(bits) == 2 and key in ("cpu", "gpu"):
                self.device_type = key.upper()
                self.device_index = None if bits[1] == "*" else _int(bits[1], spec)
            elif len(bits) in (2, 3) and key == "device":
                self.device_type = _canon_type(bits[1])
                if len(bits) == 3 and bits[2] != "*":
                    self.device_index = _int(bits[2], spec)
                else:
                    self.device_index = None
            else:
                raise ValueError(f"Unknown attribute: '{part}' in '{spec}'")
        return self

    def merge_from(self, other: "DeviceSpec") -> None:
        """Fields set in `other` override this spec's (as `tf.device` nesting does)."""
        for f in self.__slots__:
            v = getattr(other, f)
            if v is not None:
                setattr(self, f, v)
        if other.device_type is not None:
            self.device_index = other.device_index

    def make_merged_spec(self, other: "DeviceSpec") -> "DeviceSpec":
        out = self.copy()
        out.merge_from(other)
        return out

    def copy(self) -> "DeviceSpec":
        return DeviceSpec(self.job, self.replica, self.task, self.device_type, self.device_index)

    def replace(self, **kw) -> "DeviceSpec":
        out = self.copy()
        for k, v in kw.items():
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

    def __eq__(self, other):
        return isinstance(other, DeviceSpec) and self.to_string() == other.to_string()

    def __hash__(self):
        return hash(self.to_string())

    def __repr__(self):
        return f"<DeviceSpec {self.to_string()!r}>"


def _int(text, spec):
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"Unknown attribute: '{text}' in '{spec}'") from None


def _canon_type(t: str) -> str:
    return t.upper() if t.lower() in ("cpu", "gpu") else t


def canonical_name(spec) -> str:
    """`'/gpu:0'` -> `'/device:GPU:0'`; `''`/None stay `''`."""
    if not spec:
        return ""
    return DeviceSpec.from_string(spec).to_string() if isinstance(spec, str) else spec.to_string()


def merge_device(outer: str, inner) -> str:
    """The device an op gets inside `tf.device(inner)` nested in a block giving `outer`."""
    if inner is None:
        return ""
    spec = DeviceSpec.from_string(outer or "")
    spec.merge_from(inner if isinstance(inner, DeviceSpec) else DeviceSpec.from_string(inner))
    return spec.to_string()


def full_name(device_type: str, index: int) -> str:
    """`('CPU', 0)` -> `/job:localhost/replica:0/task:0/device:CPU:0`, the form the log prints."""
    return f"{_FULL_PREFIX}/device:{device_type}:{index}"
