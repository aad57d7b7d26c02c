"""`tf.saved_model` as TF 1.x writes and reads it: `SavedModelBuilder` (`add_meta_graph_and_variables`,
`add_meta_graph`, `save`), `simple_save`, `loader.load`, signature building (`build_tensor_info`,
`predict_signature_def`, `build_signature_def`) and the tag/signature constants.

A SavedModel folder holds `saved_model.pb` (a `SavedModel` message: one `MetaGraphDef` per tag
set, each with its signatures) and `variables/variables.index` + `.data-*` (a V2 checkpoint
written by a sharded `tf.train.Saver`, whose SaverDef the meta graphs carry)."""
from __future__ import annotations

import os
import types

from ..engine.errors import NotFoundError

__all__ = ["SavedModelBuilder", "simple_save", "load", "build_tensor_info", "build_signature_def",
           "predict_signature_def", "classification_signature_def", "regression_signature_def",
           "maybe_saved_model_directory", "tag_constants", "signature_constants"]

SAVED_MODEL_FILENAME_PB = "saved_model.pb"
SAVED_MODEL_FILENAME_PBTXT = "saved_model.pbtxt"
VARIABLES_DIRECTORY = "variables"
VARIABLES_FILENAME = "variables"
LEGACY_INIT_OP_KEY = "legacy_init_op"
MAIN_OP_KEY = "saved_model_main_op"

tag_constants = types.SimpleNamespace(SERVING="serve", TRAINING="train", EVAL="eval", GPU="gpu", TPU="tpu")
signature_constants = types.SimpleNamespace(
    DEFAULT_SERVING_SIGNATURE_DEF_KEY="serving_default", PREDICT_METHOD_NAME="tensorflow/serving/predict",
    PREDICT_INPUTS="inputs", PREDICT_OUTPUTS="outputs", CLASSIFY_METHOD_NAME="tensorflow/serving/classify",
    CLASSIFY_INPUTS="inputs", CLASSIFY_OUTPUT_CLASSES="classes", CLASSIFY_OUTPUT_SCORES="scores",
    REGRESS_METHOD_NAME="tensorflow/serving/regress", REGRESS_INPUTS="inputs", REGRESS_OUTPUTS="outputs")


def _pb():
    from .protos import pb
    return pb()


def build_tensor_info(tensor):
    """The TensorInfo of `tensor`: its name, dtype and shape (for a signature)."""
    from .tensors import shape_proto
    info = _pb().TensorInfo()
    info.name = tensor.name
    from .op_attrs import enum_of
    info.dtype = enum_of(tensor.dtype.base_dtype)
    info.tensor_shape.CopyFrom(shape_proto(tensor.get_shape()))
    return info


def build_signature_def(inputs=None, outputs=None, method_name=None):
    sig = _pb().SignatureDef()
    for key, info in (inputs or {}).items():
        sig.inputs[key].CopyFrom(info)
    for key, info in (outputs or {}).items():
        sig.outputs[key].CopyFrom(info)
    if method_name is not None:
        sig.method_name = method_name
    return sig


def predict_signature_def(inputs, outputs):
    if inputs is None or not inputs:
        raise ValueError("Prediction inputs cannot be None or empty.")
    if outputs is None or not outputs:
        raise ValueError("Prediction outputs cannot be None or empty.")
    return build_signature_def({k: build_tensor_info(t) for k, t in inputs.items()},
                               {k: build_tensor_info(t) for k, t in outputs.items()},
                               signature_constants.PREDICT_METHOD_NAME)


def classification_signature_def(examples, classes, scores):
    outputs = {}
    if classes is not None:
        outputs[signature_constants.CLASSIFY_OUTPUT_CLASSES] = build_tensor_info(classes)
    if scores is not None:
        outputs[signature_constants.CLASSIFY_OUTPUT_SCORES] = build_tensor_info(scores)
    return build_signature_def({signature_constants.CLASSIFY_INPUTS: build_tensor_info(examples)}, outputs,
                               signature_constants.CLASSIFY_METHOD_NAME)


def regression_signature_def(examples, predictions):
    return build_signature_def({signature_constants.REGRESS_INPUTS: build_tensor_info(examples)},
                               {signature_constants.REGRESS_OUTPUTS: build_tensor_info(predictions)},
                               signature_constants.REGRESS_METHOD_NAME)


def _variables_prefix(export_dir: str) -> str:
    return os.path.join(export_dir, VARIABLES_DIRECTORY, VARIABLES_FILENAME)


class SavedModelBuilder:
    """`tf.saved_model.builder.SavedModelBuilder(export_dir)`: one model, several tag sets."""

    def __init__(self, export_dir):
        export_dir = os.fspath(export_dir)
        if os.path.exists(export_dir):
            if os.listdir(export_dir):
                raise AssertionError(f"Export directory already exists, and isn't empty. Please choose a different "
                                     f"export directory, or delete all the contents of the specified directory: "
                                     f"{export_dir}")
        else:
            os.makedirs(export_dir)
        self._export_dir = export_dir
        self._saved_model = None
        self._has_saved_variables = False

    def _model(self):
        if self._saved_model is None:
            from .proto import saved_model_pb2
            self._saved_model = saved_model_pb2.SavedModel(saved_model_schema_version=1)
        return self._saved_model

    def _add_meta_graph(self, tags, signature_def_map, saver, main_op, clear_devices, strip_default_attrs):
        from ..engine.graph import get_default_graph
        from .meta_graph import export_meta_graph
        if isinstance(tags, str):
            raise TypeError("tags must be a list of strings, got a string: " + tags)
        for key, sig in (signature_def_map or {}).items():
            if not hasattr(sig, "inputs"):
                raise TypeError(f"signature_def_map['{key}'] must be a SignatureDef")
        graph = get_default_graph()
        if main_op is not None:
            graph.add_to_collection(MAIN_OP_KEY, main_op)
        meta = export_meta_graph(saver_def=saver.saver_def if saver is not None else None,
                                 clear_devices=clear_devices, strip_default_attrs=strip_default_attrs)
        meta.meta_info_def.tags.extend(tags)
        for key, sig in (signature_def_map or {}).items():
            meta.signature_def[key].CopyFrom(sig)
        self._model().meta_graphs.append(meta.SerializeToString())

    def add_meta_graph_and_variables(self, sess, tags, signature_def_map=None, assets_collection=None,
                                     legacy_init_op=None, clear_devices=False, main_op=None,
                                     strip_default_attrs=False, saver=None):
        """Saves the session's variables under `variables/` and adds this graph for `tags`."""
        from ..train.saver import Saver
        if self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has already been saved. Please "
                                 "invoke `add_meta_graph()` instead.")
        saver = saver or Saver(sharded=True, allow_empty=True)
        os.makedirs(os.path.join(self._export_dir, VARIABLES_DIRECTORY), exist_ok=True)
        saver.save(sess, _variables_prefix(self._export_dir), write_meta_graph=False, write_state=False)
        self._add_meta_graph(tags, signature_def_map, saver, main_op or legacy_init_op, clear_devices,
                             strip_default_attrs)
        self._has_saved_variables = True

    def add_meta_graph(self, tags, signature_def_map=None, assets_collection=None, legacy_init_op=None,
                       clear_devices=False, main_op=None, strip_default_attrs=False, saver=None):
        """Adds the default graph for another set of `tags` (its variables were saved already)."""
        from ..train.saver import Saver
        if not self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has not been saved yet. Please "
                                 "invoke `add_meta_graph_and_variables()` first.")
        saver = saver or Saver(sharded=True, allow_empty=True)
        self._add_meta_graph(tags, signature_def_map, saver, main_op or legacy_init_op, clear_devices,
                             strip_default_attrs)

    def save(self, as_text=False) -> bytes:
        """Writes `saved_model.pb` (or `.pbtxt`); returns its path, as bytes as TF does."""
        from google.protobuf import text_format
        model = self._model()
        if as_text:
            path = os.path.join(self._export_dir, SAVED_MODEL_FILENAME_PBTXT)
            text = "saved_model_schema_version: 1\n" + "".join(
                "meta_graphs {\n" + text_format.MessageToString(_pb().MetaGraphDef.FromString(m), indent=2) + "}\n"
                for m in model.meta_graphs)
            data = text.encode()
        else:
            path = os.path.join(self._export_dir, SAVED_MODEL_FILENAME_PB)
            data = model.SerializeToString()
        with open(path, "wb") as f:
            f.write(data)
        return path.encode()


def simple_save(session, export_dir, inputs, outputs, legacy_init_op=None):
    """One call: the session's graph and variables for serving, with a predict signature of
    `inputs`/`outputs` under `serving_default`."""
    sig = {signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY: predict_signature_def(inputs, outputs)}
    builder = SavedModelBuilder(export_dir)
    builder.add_meta_graph_and_variables(session, [tag_constants.SERVING], signature_def_map=sig,
                                         main_op=legacy_init_op)
    builder.save()


def maybe_saved_model_directory(export_dir) -> bool:
    export_dir = os.fspath(export_dir)
    return any(os.path.exists(os.path.join(export_dir, f))
               for f in (SAVED_MODEL_FILENAME_PB, SAVED_MODEL_FILENAME_PBTXT))


def _read_meta_graphs(export_dir) -> list:
    from google.protobuf import text_format
    from .proto import saved_model_pb2
    pb_path = os.path.join(export_dir, SAVED_MODEL_FILENAME_PB)
    txt_path = os.path.join(export_dir, SAVED_MODEL_FILENAME_PBTXT)
    if os.path.exists(pb_path):
        with open(pb_path, "rb") as f:
            model = saved_model_pb2.SavedModel.FromString(f.read())
        return [_pb().MetaGraphDef.FromString(m) for m in model.meta_graphs]
    if os.path.exists(txt_path):  # a text SavedModel: one `meta_graphs { ... }` block per graph
        with open(txt_path, encoding="utf-8") as f:
            text = f.read()
        blocks = text.split("meta_graphs {\n")[1:]
        return [text_format.Parse(b.rstrip().rstrip("}"), _pb().MetaGraphDef()) for b in blocks]
    raise OSError(f"SavedModel file does not exist at: {export_dir}/{{{SAVED_MODEL_FILENAME_PBTXT}|"
                  f"{SAVED_MODEL_FILENAME_PB}}}")


def load(sess, tags, export_dir, import_scope=None, **saver_kwargs):
    """`tf.saved_model.loader.load`: imports the meta graph saved for exactly `tags` into the
    session's graph, restores its variables and runs its main/legacy init op; returns the
    MetaGraphDef (its `signature_def` names the tensors to feed and fetch)."""
    from .meta_graph import import_meta_graph
    export_dir = os.fspath(export_dir)
    metas = _read_meta_graphs(export_dir)
    wanted = set(tags)
    found = next((m for m in metas if set(m.meta_info_def.tags) == wanted), None)
    if found is None:
        available = [list(m.meta_info_def.tags) for m in metas]
        raise RuntimeError(f"MetaGraphDef associated with tags {', '.join(repr(t) for t in tags)} could not be found "
                           f"in SavedModel. To inspect available tag-sets in the SavedModel, please use the "
                           f"SavedModel CLI: `saved_model_cli`\navailable_tags: {available}")
    with sess.graph.as_default():
        saver = import_meta_graph(found, import_scope=import_scope)
        prefix = _variables_prefix(export_dir)
        if saver is not None:
            if not os.path.exists(prefix + ".index"):
                raise NotFoundError(None, None, f"Failed to find any matching files for {prefix}")
            saver.restore(sess, prefix)
        graph = sess.graph
        for key in (MAIN_OP_KEY, LEGACY_INIT_OP_KEY):
            ops = graph.get_collection(key)
            if ops:
                sess.run(ops[0])
                break
    return found
