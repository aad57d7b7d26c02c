"""Reading checkpoints without a graph: `tf.train.load_checkpoint`, `NewCheckpointReader`,
`list_variables`, `load_variable` (TF's texts for missing files and keys)."""
from __future__ import annotations

import os

import numpy as np

from ..engine.errors import NotFoundError
from .checkpoint_management import latest_checkpoint

__all__ = ["CheckpointReader", "NewCheckpointReader", "load_checkpoint", "list_variables", "load_variable"]


class CheckpointReader:
    """`tf.train.NewCheckpointReader(prefix)`: names, shapes, dtypes and values of a checkpoint."""

    def __init__(self, filepattern: str):
        from ..formats.bundle import BundleReader
        self._reader = BundleReader(os.fspath(filepattern))

    def get_variable_to_shape_map(self) -> dict:
        return {name: self._reader.shape(name) for name in self._reader.entries}

    def get_variable_to_dtype_map(self) -> dict:
        return {name: self._reader.dtype(name) for name in self._reader.entries}

    def has_tensor(self, tensor_str) -> bool:
        return tensor_str in self._reader.entries

    def get_tensor(self, tensor_str) -> np.ndarray:
        value = self._reader.get(tensor_str)
        return value[()] if value.ndim == 0 else value  # a scalar comes back as a numpy scalar, as in TF

    def debug_string(self) -> bytes:
        # TF's C++ DebugString: the DataType enum and TensorShape::DebugString, `w (DT_FLOAT) [2,3]`
        lines = [f"{n} (DT_{self._reader.dtype(n)._proto_name.upper()}) "
                 f"[{','.join(str(d) for d in self._reader.shape(n))}]"
                 for n in sorted(self._reader.entries)]
        return ("\n".join(lines) + "\n").encode()


def NewCheckpointReader(filepattern) -> CheckpointReader:  # noqa: N802  (TF's name)
    return CheckpointReader(filepattern)


def _prefix(ckpt_dir_or_file) -> str:
    path = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(path):
        found = latest_checkpoint(path)
        if found is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given directory {path}")
        return found
    return path


def load_checkpoint(ckpt_dir_or_file) -> CheckpointReader:
    """A reader of the checkpoint at a prefix, or of the latest one in a directory."""
    return CheckpointReader(_prefix(ckpt_dir_or_file))


def list_variables(ckpt_dir_or_file) -> list:
    """[(name, shape)] of every tensor in the checkpoint, sorted by name."""
    shapes = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    return [(name, shapes[name]) for name in sorted(shapes)]


def load_variable(ckpt_dir_or_file, name) -> np.ndarray:
    """The value of `name` (a trailing `:0` is ignored) in the checkpoint."""
    if name.endswith(":0"):
        name = name[:-2]
    reader = load_checkpoint(ckpt_dir_or_file)
    if not reader.has_tensor(name):
        raise NotFoundError(None, None, f"Key {name} not found in checkpoint")
    return reader.get_tensor(name)
