"""`tf.keras.utils`: `to_categorical` and `normalize` as TF 1.15 computes them, `get_file` for files
already in the Keras cache (nbgraph never downloads), and the `Progbar`."""
from __future__ import annotations

import os

import numpy as np

from .callbacks import Progbar  # noqa: F401


def to_categorical(y, num_classes=None, dtype="float32") -> np.ndarray:
    """One-hot rows for integer class labels (a trailing axis of size 1 is dropped first)."""
    y = np.array(y, dtype="int")
    input_shape = y.shape
    if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
        input_shape = tuple(input_shape[:-1])
    y = y.ravel()
    if not num_classes:
        num_classes = np.max(y) + 1
    n = y.shape[0]
    categorical = np.zeros((n, num_classes), dtype=dtype)
    categorical[np.arange(n), y] = 1
    return np.reshape(categorical, input_shape + (num_classes,))


def normalize(x, axis=-1, order=2) -> np.ndarray:
    l2 = np.atleast_1d(np.linalg.norm(x, order, axis))
    l2[l2 == 0] = 1
    return x / np.expand_dims(l2, axis)


def keras_cache_dir(cache_subdir: str = "datasets", cache_dir: str | None = None) -> str:
    base = cache_dir or os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return os.path.join(base, cache_subdir)


def get_file(fname, origin, untar=False, md5_hash=None, file_hash=None, cache_subdir="datasets",
             hash_algorithm="auto", extract=False, archive_format="auto", cache_dir=None) -> str:
    """The path of `fname` in the Keras cache (`~/.keras/datasets/`). TF would download it from
    `origin` when missing; nbgraph has no network, so a missing file is an error saying where to put it."""
    folder = keras_cache_dir(cache_subdir, cache_dir)
    path = os.path.join(folder, fname)
    if untar:
        if os.path.exists(path):
            return path
        archive = path + ".tar.gz"
        if os.path.exists(archive):
            import tarfile
            with tarfile.open(archive) as tar:
                tar.extractall(folder)  # noqa: S202 - the user's own cached Keras archive
            return path
        raise FileNotFoundError(f"{path} not found. nbgraph does not download data sets: TensorFlow would fetch "
                                f"{origin} and unpack it there. Download that file, save it as {archive} (or unpack "
                                f"it into {folder}) and run again.")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} not found. nbgraph does not download data sets: TensorFlow would fetch "
                                f"{origin}. Download that file, save it as {path} and run again.")
    return path


def plot_model(model, to_file="model.png", **kwargs):
    raise ImportError("Failed to import pydot. You must install pydot and graphviz for `pydotprint` to work. "
                      "(nbgraph draws the graph itself: display the graph in a notebook instead.)")
