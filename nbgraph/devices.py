"""`nbgraph.devices`: the devices sessions see, and where a session placed each node.

    import nbgraph as tf
    tf.devices.use_virtual_gpus(2)       # sessions created from now on see GPU:0 and GPU:1
    sess = tf.Session(config=tf.ConfigProto(log_device_placement=True))
    sess.run(result)                      # prints TF's placement lines
    tf.devices.placed_device(result, sess)   # '/job:localhost/replica:0/task:0/device:GPU:0'

Virtual GPUs run on numpy; they are there so device placement can be taught on any laptop, and
every description of them (`Device mapping:`, `Session.list_devices()`) says they are virtual.
The environment variable `NBGRAPH_VIRTUAL_GPUS=N` asks for them too.
"""
from __future__ import annotations

from .engine.devices import DeviceSpec, canonical_name
from .engine.local_devices import session_devices, use_virtual_gpus, virtual_gpu_count
from .engine.session import get_default_session
from .engine.session_placer import PlacementRecord
from .engine.tensor import Tensor

__all__ = ["DeviceSpec", "PlacementRecord", "use_virtual_gpus", "virtual_gpu_count", "placed_device",
           "canonical_name", "session_devices"]


def placed_device(op_or_tensor, session=None) -> str | None:
    """The device `session` (default: the default session) placed an op or tensor on, or None
    when that session has not placed it yet. (`op.device` is the device the graph *asked* for.)"""
    sess = session or get_default_session()
    if sess is None:
        raise ValueError("placed_device needs a session: pass one, or use it inside `with sess.as_default():`")
    op = op_or_tensor.op if isinstance(op_or_tensor, Tensor) or hasattr(op_or_tensor, "op") else op_or_tensor
    return sess.placed_device(op)
