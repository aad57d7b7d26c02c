"""The format names of nbgraph's TF surface: `tf.GraphDef`, `tf.Summary`, `tf.make_tensor_proto`...

Protobuf classes load on first use (module `__getattr__` of the package face), so
`import nbgraph` works without the `tensorboard` extra.
"""
from __future__ import annotations

from .protos import pb

__all__ = ["PROTO_NAMES", "lazy_attr", "make_tensor_proto", "make_ndarray"]

PROTO_NAMES = ("GraphDef", "NodeDef", "AttrValue", "NameAttrList", "MetaGraphDef", "CollectionDef", "SaverDef",
               "Summary", "SummaryMetadata", "HistogramProto", "Event", "LogMessage", "SessionLog", "TensorProto",
               "TensorShapeProto", "VersionDef", "OpDef", "VariableDef", "SignatureDef", "TensorInfo")


def lazy_attr(name: str):
    if name in PROTO_NAMES:
        return getattr(pb(), name)
    raise AttributeError(f"module 'nbgraph' has no attribute '{name}'")


def make_tensor_proto(values, dtype=None, shape=None, verify_shape=False, allow_broadcast=False):
    """`tf.make_tensor_proto`."""
    import numpy as np
    from ..engine.dtypes import as_dtype
    from .tensors import make_tensor_proto as _make
    dt = as_dtype(dtype) if dtype is not None else None
    arr = np.asarray(values, dtype=dt.as_numpy_dtype if dt is not None and dt.name != "string" else None)
    if dt is None and not isinstance(values, (np.ndarray, np.generic)):  # Python numbers: TF's defaults
        arr = arr.astype({"float64": np.float32, "int64": np.int32}.get(arr.dtype.name, arr.dtype))
    if shape is not None:
        arr = np.broadcast_to(arr, shape) if arr.size == 1 else arr.reshape(shape)
    return _make(arr, dt)


def make_ndarray(tensor):
    """`tf.make_ndarray`: the numpy value of a TensorProto."""
    from .tensors import make_ndarray as _make
    return _make(tensor)
