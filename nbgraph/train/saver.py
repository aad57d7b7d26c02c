"""`tf.train.Saver`: saves and restores variables through graph ops, as TF 1.15 builds them.

The saver adds a `save/` scope to the graph (`saver_graph.py`: `save/Const` the filename,
`save/SaveV2`, `save/control_dependency`, `save/RestoreV2`, one `save/Assign` per variable,
`save/restore_all`; with `sharded=True` one shard per device, merged into one checkpoint) and
records their names in a SaverDef, so a MetaGraphDef carries a saver real TF can run.
`save` runs the save op, then updates the `checkpoint` state file, deletes checkpoints beyond
`max_to_keep` and writes the `.meta` graph; `restore` runs the restore op.

Nothing is lost: `SaveV2` writes the data and index through temp files renamed into place
(index last) and the state file is replaced atomically after that, so `latest_checkpoint` only
ever names a checkpoint whose files are complete.
"""
from __future__ import annotations

import os
import time

import numpy as np

from ..engine.errors import FailedPreconditionError, InvalidArgumentError, NotFoundError
from ..engine.graph import GraphKeys, get_default_graph
from .. import tf_logging as logging
from . import checkpoint_management as cm

__all__ = ["Saver"]

_NOT_FOUND_HINT = ("Restoring from checkpoint failed. This is most likely due to a Variable name or other graph key "
                   "that is missing from the checkpoint. Please ensure that you have not altered the graph expected "
                   "based on the checkpoint. Original error:\n\n")
_MISMATCH_HINT = ("Restoring from checkpoint failed. This is most likely due to a mismatch between the current graph "
                  "and the graph from the checkpoint. Please ensure that you have not altered the graph expected "
                  "based on the checkpoint. Original error:\n\n")


def _saveables(var_list) -> dict:
    """{checkpoint name: variable tensor} from a list or dict, with TF's errors."""
    from ..engine.tensor import Tensor
    from ..engine.variables import RefVariable
    if var_list is None:
        var_list = get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES) + \
            get_default_graph().get_collection("saveable_objects")
    if isinstance(var_list, dict):
        items = list(var_list.items())
    else:
        if not isinstance(var_list, (list, tuple, set)):
            raise TypeError(f"Variables to save should be passed in a dict or a list: {var_list}")
        items = []
        for v in var_list:
            if isinstance(v, RefVariable):
                items.append((v.op.name, v))
            elif isinstance(v, Tensor) and v.op.type == "VariableV2":
                items.append((v.op.name, v))
            else:
                raise TypeError(f"Variable to save is not a Variable: {v}")
    out = {}
    for name, v in items:
        tensor = v._variable if isinstance(v, RefVariable) else v
        if not isinstance(tensor, Tensor):
            raise TypeError(f"Variable to save is not a Variable: {v}")
        if name in out:
            raise ValueError(f"At least two variables have the same name: {name}")
        out[name] = tensor
    return out


class Saver:
    """`tf.train.Saver(var_list=None, reshape=False, sharded=False, max_to_keep=5,
    keep_checkpoint_every_n_hours=10000.0, name=None, ..., saver_def=None, ...)`."""

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False, saver_def=None,
                 builder=None, defer_build=False, allow_empty=False, write_version=2, pad_step_number=False,
                 save_relative_paths=False, filename=None):
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._last_checkpoints: list[tuple[str, float]] = []
        self._to_delete: list[tuple[str, float]] = []
        self._next_keep_time = time.time() + keep_checkpoint_every_n_hours * 3600
        self._is_empty = False
        if saver_def is not None:
            self.saver_def = _with_scope(saver_def, name)
            self._keep_hours = self.saver_def.keep_checkpoint_every_n_hours
            return
        self._keep_hours = keep_checkpoint_every_n_hours
        saveables = _saveables(var_list)
        if not saveables:
            if not allow_empty:
                raise ValueError("No variables to save")
            self._is_empty = True
            self.saver_def = None
            return
        from .saver_graph import build_saver_def
        self.saver_def = build_saver_def(saveables, name, filename or "model", reshape, sharded, max_to_keep,
                                         keep_checkpoint_every_n_hours)

    def as_saver_def(self):
        return self.saver_def

    def to_proto(self, export_scope=None):
        return self.saver_def

    @property
    def last_checkpoints(self) -> list:
        return [p for p, _ in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints):
        self._last_checkpoints = [(p, None) for p in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        self._last_checkpoints = list(last_checkpoints_with_time)

    def recover_last_checkpoints(self, checkpoint_paths):
        times = cm.get_checkpoint_mtimes(checkpoint_paths)
        self.set_last_checkpoints_with_time(list(zip(checkpoint_paths, times)))

    def build(self):
        """A no-op: nbgraph builds the saver's ops at construction."""

    # -- save -------------------------------------------------------------------------------
    def save(self, sess, save_path, global_step=None, latest_filename=None, meta_graph_suffix="meta",
             write_meta_graph=True, write_state=True, strip_default_attrs=False, save_debug_info=False):
        """Writes a checkpoint at `save_path` (`-<global_step>` appended); returns its prefix."""
        from ..engine.session import BaseSession
        latest_filename = latest_filename or "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        save_path = os.fspath(save_path)
        if global_step is not None:
            if not isinstance(global_step, (int, np.integer)):  # TF: training_util.global_step(sess, step)
                global_step = int(sess.run(global_step))
            global_step = int(global_step)
            checkpoint_file = (f"{save_path}-{global_step:08d}" if self._pad_step_number
                               else f"{save_path}-{global_step}")
        else:
            checkpoint_file = save_path
            if os.path.basename(save_path) == latest_filename:
                raise ValueError(f"'latest_filename' collides with 'save_path': '{latest_filename}' and "
                                 f"'{save_path}'")
        if not isinstance(sess, BaseSession):
            raise TypeError(f"'sess' must be a Session; {sess}")
        parent = os.path.dirname(save_path)
        model_checkpoint_path = None
        if not self._is_empty:
            try:
                out = sess.run(self.saver_def.save_tensor_name, {self.saver_def.filename_tensor_name: checkpoint_file})
                model_checkpoint_path = out.decode() if isinstance(out, bytes) else str(out)
            except (FailedPreconditionError, NotFoundError) as e:
                if parent and not os.path.isdir(parent):
                    raise ValueError(f"Parent directory of {save_path} doesn't exist, can't save.") from None
                raise e
            if write_state:
                self._record(model_checkpoint_path)
                cm.update_checkpoint_state(parent, model_checkpoint_path, self.last_checkpoints, latest_filename,
                                           self._save_relative_paths)
                self._delete_old(meta_graph_suffix)
        if write_meta_graph:
            with sess.graph.as_default():
                self.export_meta_graph(cm.meta_graph_filename(checkpoint_file, meta_graph_suffix))
        return model_checkpoint_path

    def _record(self, path):
        """TF's _RecordLastCheckpoint: the list holds at most max_to_keep (none kept when 0)."""
        keep = self.saver_def.max_to_keep
        if not keep:
            return
        self._last_checkpoints = [(p, t) for p, t in self._last_checkpoints if p != path]
        self._last_checkpoints.append((path, time.time()))
        if len(self._last_checkpoints) > keep:
            self._to_delete.append(self._last_checkpoints.pop(0))

    def _delete_old(self, meta_graph_suffix):
        while self._to_delete:
            path, stamp = self._to_delete.pop(0)
            if stamp is not None and stamp > self._next_keep_time:  # keep_checkpoint_every_n_hours
                self._next_keep_time += self._keep_hours * 3600
                continue
            cm.remove_checkpoint(path, meta_graph_suffix=meta_graph_suffix)

    def export_meta_graph(self, filename=None, collection_list=None, as_text=False, export_scope=None,
                          clear_devices=False, clear_extraneous_savers=False, strip_default_attrs=False,
                          save_debug_info=False):
        from ..formats.meta_graph import export_meta_graph
        return export_meta_graph(filename=filename, saver_def=self.saver_def, collection_list=collection_list,
                                 as_text=as_text, export_scope=export_scope, clear_devices=clear_devices)

    # -- restore ----------------------------------------------------------------------------
    def restore(self, sess, save_path):
        """Restores every saved variable from the checkpoint at `save_path`."""
        if self._is_empty:
            return
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        save_path = os.fspath(save_path)
        if not cm.checkpoint_exists(save_path):
            raise ValueError("The passed save_path is not a valid checkpoint: " + save_path)
        logging.info("Restoring parameters from %s", save_path)
        try:
            sess.run(self.saver_def.restore_op_name, {self.saver_def.filename_tensor_name: save_path})
        except NotFoundError as e:
            raise type(e)(e.node_def, e.op, _NOT_FOUND_HINT + e.message) from None
        except InvalidArgumentError as e:
            raise type(e)(e.node_def, e.op, _MISMATCH_HINT + e.message) from None


def _with_scope(saver_def, scope):
    """The SaverDef with its tensor and op names moved under `scope/` (import_meta_graph)."""
    from ..formats.protos import pb
    sd = pb().SaverDef()
    sd.CopyFrom(saver_def)
    if scope:
        for field in ("filename_tensor_name", "save_tensor_name", "restore_op_name"):
            setattr(sd, field, f"{scope}/{getattr(sd, field)}")
    return sd


