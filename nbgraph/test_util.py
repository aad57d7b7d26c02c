"""`tf.test`'s device questions lessons ask in their first cell (`tf.test.is_gpu_available()`,
`tf.test.gpu_device_name()`) and `tensorflow.python.client.device_lib.list_local_devices()`.

nbgraph computes on the CPU with numpy; its GPUs are the virtual ones a teacher turns on
(`nbgraph.devices.use_virtual_gpus(n)` or `NBGRAPH_VIRTUAL_GPUS`), so these answers follow them:
a lesson written for a GPU machine takes its GPU branch when the teacher asks for GPUs."""
from __future__ import annotations

__all__ = ["is_gpu_available", "gpu_device_name", "is_built_with_cuda", "is_built_with_gpu_support",
           "list_local_devices"]


class _Device:
    def __init__(self, kind, index, desc):
        import random
        self.name, self.device_type, self.physical_device_desc = f"/device:{kind}:{index}", kind, desc
        self.memory_limit_bytes = 268435456 if kind == "CPU" else 1 << 30
        self.incarnation = random.getrandbits(63)


def _devices(config=None):
    from .engine.config import ConfigProto
    from .engine.local_devices import session_devices
    return [_Device(*d) for d in session_devices(config or ConfigProto())]


def list_local_devices(session_config=None) -> list:
    """One TF `DeviceAttributes` message per device a new session sees (printed as TF prints them)."""
    from .formats.proto import device_attributes_pb2 as pb
    out = []
    for d in _devices(session_config):
        msg = pb.DeviceAttributes(name=d.name,
                                  device_type=d.device_type, memory_limit=d.memory_limit_bytes,
                                  incarnation=d.incarnation, physical_device_desc=d.physical_device_desc)
        msg.locality.SetInParent()
        if d.device_type == "GPU":
            msg.locality.bus_id = 1
            msg.locality.links.SetInParent()
        out.append(msg)
    return out


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None) -> bool:
    """True when a session would see a GPU: nbgraph's virtual GPUs (never CUDA ones)."""
    if cuda_only:
        return False
    return any(d.device_type == "GPU" for d in _devices())


def gpu_device_name() -> str:
    """`/device:GPU:0` when a GPU is there, else the empty string (as TF)."""
    for d in _devices():
        if d.device_type == "GPU":
            return d.name
    return ""


def is_built_with_cuda() -> bool:
    return False


def is_built_with_gpu_support() -> bool:
    return False
