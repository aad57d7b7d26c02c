"""MetaGraphDef export/import (`tf.train.export_meta_graph`, `import_meta_graph`) and
`tf.train.write_graph`, in TF 1.15's layout: the GraphDef, the stripped op list, the
collections (variables as serialized VariableDefs, tensors/ops as node lists, numbers and
strings as value lists) and the saver's SaverDef.
"""
from __future__ import annotations

import os

from ..engine.graph import get_default_graph
from ..engine.tensor import Operation, Tensor
from .graph_def import as_graph_def
from .op_attrs import op_def
from .protos import pb

__all__ = ["export_meta_graph", "import_meta_graph", "write_graph", "read_graph_file", "TF_VERSION"]

TF_VERSION = "1.15.0"
_TYPE_NAMES = {"float32": "DT_FLOAT", "float64": "DT_DOUBLE", "float16": "DT_HALF"}


def _op_def_proto(name: str, od: dict):
    from google.protobuf import json_format
    p = pb().OpDef(name=name, is_stateful=bool(od.get("stateful")))
    for field, args in (("input_arg", od["inputs"]), ("output_arg", od["outputs"])):
        for a in args:
            arg = getattr(p, field).add(name=a["name"], type_attr=a.get("type_attr", ""),
                                        number_attr=a.get("number_attr", ""),
                                        type_list_attr=a.get("type_list_attr", ""), is_ref=bool(a.get("is_ref")))
            if a.get("type"):
                arg.type = pb().types_pb2.DataType.Value(_TYPE_NAMES.get(a["type"], "DT_" + a["type"].upper()))
    for attr_name, typ, default in od["attrs"]:
        at = p.attr.add(name=attr_name, type=typ)
        if default is not None:
            json_format.ParseDict(default, at.default_value)
    return p


def _variable_def(var, export_scope=None):
    strip = (lambda n: n[len(export_scope) + 1:] if export_scope and n.startswith(export_scope + "/") else n)
    return pb().VariableDef(variable_name=strip(var.name), initializer_name=strip(var.initializer.name),
                            snapshot_name=strip(var.value().name),
                            initial_value_name=strip(var.initial_value.name), trainable=var.trainable)


def _collection_def(items, export_scope=None):
    """A CollectionDef of a graph collection, or None for kinds TF does not serialize."""
    from ..engine.variables import RefVariable
    cd = pb().CollectionDef()
    if not items:
        return None
    if all(isinstance(i, RefVariable) for i in items):
        cd.bytes_list.value.extend(_variable_def(v, export_scope).SerializeToString() for v in items)
    elif all(isinstance(i, (Tensor, Operation)) for i in items):
        cd.node_list.value.extend(i.name for i in items)
    elif all(isinstance(i, (str, bytes)) for i in items):
        cd.bytes_list.value.extend(i.encode() if isinstance(i, str) else i for i in items)
    elif all(isinstance(i, int) and not isinstance(i, bool) for i in items):
        cd.int64_list.value.extend(items)
    elif all(isinstance(i, (int, float)) and not isinstance(i, bool) for i in items):
        cd.float_list.value.extend(float(i) for i in items)
    else:
        return None
    return cd


def export_meta_graph(filename=None, meta_info_def=None, graph_def=None, saver_def=None, collection_list=None,
                      as_text=False, graph=None, export_scope=None, clear_devices=False,
                      clear_extraneous_savers=False, strip_default_attrs=False, save_debug_info=False, **kwargs):
    """The MetaGraphDef of `graph` (default: the default graph), written to `filename` if given."""
    graph = graph or get_default_graph()
    m = pb().MetaGraphDef()
    if meta_info_def is not None:
        m.meta_info_def.CopyFrom(meta_info_def)
    gd = graph_def if graph_def is not None else as_graph_def(graph)
    m.graph_def.CopyFrom(gd)
    if clear_devices:
        for nd in m.graph_def.node:
            nd.device = ""
    for name in sorted({nd.op for nd in m.graph_def.node}):
        od = op_def(name)
        if od is not None:
            m.meta_info_def.stripped_op_list.op.add().CopyFrom(_op_def_proto(name, od))
    m.meta_info_def.tensorflow_version = TF_VERSION
    m.meta_info_def.tensorflow_git_version = "nbgraph"
    if saver_def is not None:
        m.saver_def.CopyFrom(saver_def)
    keys = collection_list if collection_list is not None else graph.get_all_collection_keys()
    for key in keys:
        cd = _collection_def(graph.get_collection(key), export_scope)
        if cd is not None:
            m.collection_def[key].CopyFrom(cd)
    if filename:
        _write(m, os.path.dirname(filename) or ".", os.path.basename(filename), as_text)
    return m


def _write(message, logdir: str, name: str, as_text: bool) -> str:
    from google.protobuf import text_format
    path = os.path.join(logdir, name)
    try:
        os.makedirs(logdir, exist_ok=True)
    except OSError as e:
        from ..engine.errors import PermissionDeniedError
        raise PermissionDeniedError(None, None, f"{logdir}; {e.strerror}") from None
    data = text_format.MessageToString(message).encode() if as_text else message.SerializeToString()
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as e:
        from ..engine.errors import PermissionDeniedError
        raise PermissionDeniedError(None, None, f"{path}; {e.strerror}") from None
    return path


def write_graph(graph_or_graph_def, logdir: str, name: str, as_text: bool = True) -> str:
    """`tf.train.write_graph`: writes the GraphDef as text (`.pbtxt`) or binary; returns the path."""
    gd = graph_or_graph_def.as_graph_def() if hasattr(graph_or_graph_def, "as_graph_def") else graph_or_graph_def
    return _write(gd, logdir, name, as_text)


def read_graph_file(path: str, message: str = "GraphDef"):
    """A GraphDef or MetaGraphDef from a binary or text file (`.pb`, `.pbtxt`, `.meta`)."""
    from google.protobuf import message as _message
    from google.protobuf import text_format
    from ..engine.errors import NotFoundError
    cls = getattr(pb(), message)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        raise NotFoundError(None, None, f"{path}; No such file or directory") from None
    out = cls()
    try:
        out.ParseFromString(data)
        if message == "MetaGraphDef" and not out.HasField("graph_def") and data:
            raise _message.DecodeError("no graph_def")
        return out
    except _message.DecodeError:
        out = cls()
    try:
        text_format.Merge(data.decode("utf-8"), out)
    except (text_format.ParseError, UnicodeDecodeError) as e:
        from ..engine.errors import DataLossError
        raise DataLossError(None, None, f"Unable to parse {message} from {path}: {e}") from None
    return out


def _variable_from_def(graph, vdef, scope: str):
    """A `tf.Variable` object over imported ops (TF's `Variable(variable_def=...)`)."""
    from ..engine.variables import RefVariable
    v = RefVariable.__new__(RefVariable)
    v._variable = graph.as_graph_element(scope + vdef.variable_name)
    v._initializer_op = graph.as_graph_element(scope + vdef.initializer_name)
    v._snapshot = graph.as_graph_element(scope + vdef.snapshot_name)
    v._initial_value = (graph.as_graph_element(scope + vdef.initial_value_name)
                        if vdef.initial_value_name else None)
    v._trainable = vdef.trainable
    v._graph = graph
    v._defined_at = None
    return v


def import_meta_graph(meta_graph_or_file, clear_devices=False, import_scope=None, **kwargs):
    """`tf.train.import_meta_graph`: imports the graph and collections into the default graph;
    returns a Saver built from the saved SaverDef (None when there is nothing to restore)."""
    from .importer import import_graph_def
    m = meta_graph_or_file
    if isinstance(m, str):
        if not os.path.exists(m):
            raise OSError(f"File {m} does not exist.")
        m = read_graph_file(m, "MetaGraphDef")
    gd = pb().GraphDef()
    gd.CopyFrom(m.graph_def)
    if clear_devices:
        for nd in gd.node:
            nd.device = ""
    graph = get_default_graph()
    import_graph_def(gd, name=import_scope or "")
    scope = import_scope + "/" if import_scope else ""
    variables = {}
    for key in sorted(m.collection_def):
        cd = m.collection_def[key]
        kind = cd.WhichOneof("kind")
        values = list(getattr(cd, kind).value) if kind else []
        for value in values:
            if kind == "bytes_list" and key in _VARIABLE_COLLECTIONS:
                vdef = pb().VariableDef.FromString(value)
                if vdef.variable_name not in variables:
                    variables[vdef.variable_name] = _variable_from_def(graph, vdef, scope)
                graph.add_to_collection(key, variables[vdef.variable_name])
            elif kind == "node_list":
                graph.add_to_collection(key, graph.as_graph_element(scope + value))
            elif kind == "bytes_list":
                graph.add_to_collection(key, value)
            else:
                graph.add_to_collection(key, value)
    from ..train.saver import Saver
    if m.HasField("saver_def"):
        return Saver(saver_def=m.saver_def, name=import_scope)
    if variables:
        return Saver()
    return None


_VARIABLE_COLLECTIONS = ("variables", "trainable_variables", "local_variables", "model_variables",
                         "global_step", "moving_average_variables")
