"""The devices a session gets: `CPU:0` (more with `device_count={'CPU': n}`) plus *virtual*
GPUs a teacher asks for (`NBGRAPH_VIRTUAL_GPUS=N` or `use_virtual_gpus(N)`), restricted by
`ConfigProto(device_count={'GPU': k})` and `gpu_options.visible_device_list`. Virtual GPUs
execute with numpy and are always described as virtual."""
from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import InvalidArgumentError

__all__ = ["use_virtual_gpus", "virtual_gpu_count", "DeviceAttributes", "session_devices"]

_virtual_gpus = None
_VIRTUAL_DESC = "device: {phys}, name: nbgraph virtual GPU (numpy), pci bus id: virtual, compute capability: virtual"


def use_virtual_gpus(n: int) -> None:
    """Makes sessions created from now on see `n` virtual GPUs (0 turns them off; `None` goes
    back to the `NBGRAPH_VIRTUAL_GPUS` environment variable)."""
    global _virtual_gpus
    if n is not None and (not isinstance(n, int) or isinstance(n, bool) or n < 0):
        raise ValueError(f"number of virtual GPUs must be a non-negative int, got {n!r}")
    _virtual_gpus = n


def virtual_gpu_count() -> int:
    if _virtual_gpus is not None:
        return _virtual_gpus
    raw = os.environ.get("NBGRAPH_VIRTUAL_GPUS", "0").strip() or "0"
    try:
        n = int(raw)
    except ValueError:
        raise ValueError(f"NBGRAPH_VIRTUAL_GPUS must be a non-negative integer, got {raw!r}") from None
    if n < 0:
        raise ValueError(f"NBGRAPH_VIRTUAL_GPUS must be a non-negative integer, got {raw!r}")
    return n


@dataclass(frozen=True)
class DeviceAttributes:
    """What `Session.list_devices()` returns for one device (TF's `_DeviceAttributes`)."""

    name: str
    device_type: str
    memory_limit_bytes: int
    incarnation: int
    physical_device_desc: str = ""
    virtual: bool = False

    def __repr__(self):
        return f"_DeviceAttributes({self.name}, {self.device_type}, {self.memory_limit_bytes}, {self.incarnation})"


# -- the session's devices ----------------------------------------------------------------------
def session_devices(config):
    """The (type, index, description) triples a session with `config` gets, in TF's order:
    the CPUs, then the GPUs (virtual ones, numbered after `visible_device_list`)."""
    counts = dict(config.device_count) if config.device_count else {}
    out = [("CPU", i, "") for i in range(max(1, counts.get("CPU", 1)))]
    n = virtual_gpu_count()
    ids = list(range(n))
    visible = config.gpu_options.visible_device_list.strip()
    if visible and n:
        wanted = []
        for entry in visible.split(","):
            try:
                wanted.append(int(entry))
            except ValueError:
                raise InvalidArgumentError(None, None, f"Could not parse entry in 'visible_device_list': "
                                                       f"'{entry}'. visible_device_list = {visible}") from None
        for w in wanted:
            if not 0 <= w < n:
                raise InvalidArgumentError(None, None, f"'visible_device_list' listed an invalid GPU id '{w}' "
                                                       f"but visible device count is {n}")
        if len(set(wanted)) != len(wanted):
            raise InvalidArgumentError(None, None, f"visible_device_list contained a duplicate entry: {visible}")
        ids = wanted
    limit = counts.get("GPU")
    if limit is not None:
        ids = ids[:max(0, limit)]
    out += [("GPU", i, _VIRTUAL_DESC.format(phys=phys)) for i, phys in enumerate(ids)]
    return out
