"""The `checkpoint` state file and the checkpoint-path helpers of `tf.train`:
`latest_checkpoint`, `get_checkpoint_state`, `update_checkpoint_state`, `checkpoint_exists`,
`get_checkpoint_mtimes`, `remove_checkpoint`, `meta_graph_filename`.

The state file is a CheckpointState in protobuf text format, as TF writes it:
    model_checkpoint_path: "model.ckpt-2"
    all_model_checkpoint_paths: "model.ckpt-1"
It is replaced atomically (written to a temp file, then renamed), so a reader sees the old
state or the new one, never half of one.
"""
from __future__ import annotations

import glob
import os
import re
import uuid

__all__ = ["CheckpointState", "latest_checkpoint", "get_checkpoint_state", "update_checkpoint_state",
           "checkpoint_exists", "get_checkpoint_mtimes", "remove_checkpoint", "meta_graph_filename"]


def _quote(text: str) -> str:
    from ..engine.tensor import _c_escape
    return f'"{_c_escape(text)}"'


def _unquote(text: str) -> str:
    return text[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1").decode()


class CheckpointState:
    """TF's CheckpointState message: `model_checkpoint_path`, `all_model_checkpoint_paths`."""

    def __init__(self, model_checkpoint_path: str = "", all_model_checkpoint_paths=None):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths or [])

    def __str__(self) -> str:
        lines = [f"model_checkpoint_path: {_quote(self.model_checkpoint_path)}"]
        lines += [f"all_model_checkpoint_paths: {_quote(p)}" for p in self.all_model_checkpoint_paths]
        return "\n".join(lines) + "\n"

    __repr__ = __str__

    def __eq__(self, other):
        return isinstance(other, CheckpointState) and str(self) == str(other)

    @classmethod
    def parse(cls, text: str, path: str) -> "CheckpointState":
        state = cls()
        for line in text.splitlines():
            if not line.strip():
                continue
            m = re.fullmatch(r'\s*(\w+)\s*:\s*(".*")\s*', line)
            if m is None or m.group(1) not in ("model_checkpoint_path", "all_model_checkpoint_paths",
                                               "all_model_checkpoint_timestamps", "last_preserved_timestamp"):
                from google.protobuf.text_format import ParseError
                raise ParseError(f"{path}: cannot parse line {line!r} of a CheckpointState")
            if m.group(1) == "model_checkpoint_path":
                state.model_checkpoint_path = _unquote(m.group(2))
            elif m.group(1) == "all_model_checkpoint_paths":
                state.all_model_checkpoint_paths.append(_unquote(m.group(2)))
        return state


def _state_path(checkpoint_dir: str, latest_filename: str | None) -> str:
    return os.path.join(checkpoint_dir, latest_filename or "checkpoint")


def get_checkpoint_state(checkpoint_dir, latest_filename=None) -> CheckpointState | None:
    """The state in `checkpoint_dir` (relative paths joined to it), None when there is none."""
    checkpoint_dir = os.fspath(checkpoint_dir)
    path = _state_path(checkpoint_dir, latest_filename)
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        state = CheckpointState.parse(f.read(), path)
    if not state.model_checkpoint_path:
        raise ValueError(f"Invalid checkpoint state loaded from {checkpoint_dir}")
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [p if os.path.isabs(p) else os.path.join(checkpoint_dir, p)
                                        for p in state.all_model_checkpoint_paths]
    return state


def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                            latest_filename=None, save_relative_paths=False) -> None:
    """Writes the state file (atomically); `model_checkpoint_path` is always listed last."""
    paths = [p for p in (all_model_checkpoint_paths or []) if p != model_checkpoint_path]
    paths.append(model_checkpoint_path)
    if save_relative_paths:
        rel = (lambda p: os.path.relpath(p, save_dir) if os.path.isabs(p) else p)
        model_checkpoint_path, paths = rel(model_checkpoint_path), [rel(p) for p in paths]
    elif not os.path.isabs(save_dir):
        # TF's generate_checkpoint_state_proto: under a relative save_dir, relative paths are written
        # relative to it (`model/model.ckpt-1` in `model/checkpoint` reads `model.ckpt-1`), so
        # get_checkpoint_state(save_dir) joins them back to `model/model.ckpt-1`
        rel = (lambda p: p if os.path.isabs(p) else os.path.relpath(p, save_dir))
        model_checkpoint_path, paths = rel(model_checkpoint_path), [rel(p) for p in paths]
    path = _state_path(save_dir, latest_filename)
    if path == model_checkpoint_path:
        raise RuntimeError(f"Save path '{model_checkpoint_path}' conflicts with path used for checkpoint state.  "
                           "Please use a different save path.")
    tmp = f"{path}.tmp{uuid.uuid4().hex}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(str(CheckpointState(model_checkpoint_path, paths)))
    os.replace(tmp, path)


def checkpoint_exists(checkpoint_prefix) -> bool:
    """True when a V2 checkpoint (`<prefix>.index`) or a V1 file matching `prefix` exists."""
    prefix = os.fspath(checkpoint_prefix)
    return os.path.isfile(prefix + ".index") or bool(glob.glob(prefix))


def latest_checkpoint(checkpoint_dir, latest_filename=None) -> str | None:
    """The newest checkpoint prefix the state file names, if its files exist; else None."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state and state.model_checkpoint_path and checkpoint_exists(state.model_checkpoint_path):
        return state.model_checkpoint_path
    return None


def get_checkpoint_mtimes(checkpoint_prefixes) -> list:
    return [os.path.getmtime(p + ".index") for p in checkpoint_prefixes if os.path.isfile(p + ".index")]


def remove_checkpoint(checkpoint_prefix, checkpoint_format_version=2, meta_graph_suffix="meta") -> None:
    """Deletes the files of one checkpoint (index, data shards, meta graph)."""
    for path in [checkpoint_prefix + ".index", f"{checkpoint_prefix}.{meta_graph_suffix}"] + \
            glob.glob(glob.escape(checkpoint_prefix) + ".data-?????-of-?????"):
        if os.path.exists(path):
            os.remove(path)


def meta_graph_filename(checkpoint_filename, meta_graph_suffix="meta") -> str:
    basename = re.sub(r"-[\d\?]+-of-\d+$", "", checkpoint_filename)
    return ".".join([basename, meta_graph_suffix])
