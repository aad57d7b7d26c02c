"""The compiled protobuf messages nbgraph writes and reads, imported on first use.

They come from the `tensorboard` package (`tensorboard.compat.proto`: TF's framework protos
compiled under the package name `tensorboard`, byte-compatible with TF's), plus the tensor
bundle protos of TF's checkpoint format in `nbgraph/formats/proto/`. Without the
`tensorboard` extra installed, the first use raises an ImportError that says what to install.
"""
from __future__ import annotations

import importlib
from types import SimpleNamespace

__all__ = ["pb", "INSTALL_HINT"]

INSTALL_HINT = "pip install 'nbgraph[tensorboard]'"

_MODULES = {
    "graph_pb2": ("GraphDef",), "node_def_pb2": ("NodeDef",), "attr_value_pb2": ("AttrValue", "NameAttrList"),
    "meta_graph_pb2": ("MetaGraphDef", "CollectionDef", "SignatureDef", "TensorInfo"),
    "saver_pb2": ("SaverDef",), "summary_pb2": ("Summary", "HistogramProto", "SummaryMetadata"),
    "event_pb2": ("Event", "LogMessage", "SessionLog"), "tensor_pb2": ("TensorProto",),
    "tensor_shape_pb2": ("TensorShapeProto",), "types_pb2": ("DataType",), "versions_pb2": ("VersionDef",),
    "op_def_pb2": ("OpDef", "OpList"), "variable_pb2": ("VariableDef", "SaveSliceInfoDef"),
}

_ns: SimpleNamespace | None = None


def pb() -> SimpleNamespace:
    """A namespace of the message classes (`pb().GraphDef`, `pb().BundleEntryProto`, ...)."""
    global _ns
    if _ns is None:
        try:
            mods = {m: importlib.import_module(f"tensorboard.compat.proto.{m}") for m in _MODULES}
        except ImportError as e:
            raise ImportError(f"nbgraph needs the `tensorboard` and `protobuf` packages for TensorFlow's file "
                              f"formats ({e}). Install them with: {INSTALL_HINT}") from e
        from .proto import tensor_bundle_pb2
        ns = SimpleNamespace(**{n: getattr(mods[m], n) for m, names in _MODULES.items() for n in names})
        ns.BundleHeaderProto = tensor_bundle_pb2.BundleHeaderProto
        ns.BundleEntryProto = tensor_bundle_pb2.BundleEntryProto
        ns.TensorSliceProto = tensor_bundle_pb2.TensorSliceProto
        ns.types_pb2 = mods["types_pb2"]
        _ns = ns
    return _ns
