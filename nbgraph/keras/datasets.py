"""`tf.keras.datasets`: `mnist`, `fashion_mnist`, `cifar10`, `boston_housing` `.load_data()` reading
the files TF caches in `~/.keras/datasets/`, in TF 1.15's shapes and order. Without network access a
missing file is an error naming where to put it and the URL TF would download."""
from __future__ import annotations

import gzip
import os
import pickle
import types

import numpy as np

from . import backend as K
from .utils import get_file

_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def _mnist_load_data(path="mnist.npz"):
    """((x_train, y_train), (x_test, y_test)): uint8 images [60000, 28, 28] and labels."""
    path = get_file(path, origin=_BASE + "mnist.npz",
                    file_hash="8a61469f7ea1b51cbae51d4f78837e45")
    with np.load(path, allow_pickle=True) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])


def _fashion_load_data():
    dirname = os.path.join("datasets", "fashion-mnist")
    files = ["train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
             "t10k-images-idx3-ubyte.gz"]
    paths = [get_file(f, origin=_BASE + f, cache_subdir=dirname) for f in files]
    with gzip.open(paths[0], "rb") as lbpath:
        y_train = np.frombuffer(lbpath.read(), np.uint8, offset=8)
    with gzip.open(paths[1], "rb") as imgpath:
        x_train = np.frombuffer(imgpath.read(), np.uint8, offset=16).reshape(len(y_train), 28, 28)
    with gzip.open(paths[2], "rb") as lbpath:
        y_test = np.frombuffer(lbpath.read(), np.uint8, offset=8)
    with gzip.open(paths[3], "rb") as imgpath:
        x_test = np.frombuffer(imgpath.read(), np.uint8, offset=16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)


def _cifar_batch(fpath, label_key="labels"):
    with open(fpath, "rb") as f:
        d = pickle.load(f, encoding="bytes")  # noqa: S301 - the CIFAR archive's own format
    d = {k.decode("utf8") if isinstance(k, bytes) else k: v for k, v in d.items()}
    return d["data"].reshape(d["data"].shape[0], 3, 32, 32), d[label_key]


def _cifar10_load_data():
    """((x_train, y_train), (x_test, y_test)): uint8 [50000, 32, 32, 3] and labels [50000, 1]."""
    path = get_file("cifar-10-batches-py", origin="https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
                    untar=True)
    batches = [_cifar_batch(os.path.join(path, "data_batch_" + str(i))) for i in range(1, 6)]
    x_train = np.concatenate([b[0] for b in batches]).astype("uint8")
    y_train = np.concatenate([np.asarray(b[1]) for b in batches]).astype("uint8")
    x_test, y_test = _cifar_batch(os.path.join(path, "test_batch"))
    x_test = x_test.astype("uint8")
    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(np.asarray(y_test, dtype="uint8"), (len(y_test), 1))
    if K.image_data_format() == "channels_last":
        x_train, x_test = x_train.transpose(0, 2, 3, 1), x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test, y_test)


def _boston_load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """((x_train, y_train), (x_test, y_test)): 404/102 rows of 13 features, shuffled with `seed`."""
    assert 0 <= test_split < 1
    path = get_file(path, origin=_BASE + "boston_housing.npz")
    with np.load(path, allow_pickle=True) as f:
        x, y = f["x"], f["y"]
    np.random.seed(seed)
    indices = np.arange(len(x))
    np.random.shuffle(indices)
    x, y = x[indices], y[indices]
    cut = int(len(x) * (1 - test_split))
    return (np.array(x[:cut]), np.array(y[:cut])), (np.array(x[cut:]), np.array(y[cut:]))


def _module(name, fn):
    return types.ModuleType(f"nbgraph.keras.datasets.{name}", fn.__doc__)


mnist = _module("mnist", _mnist_load_data)
mnist.load_data = _mnist_load_data
fashion_mnist = _module("fashion_mnist", _fashion_load_data)
fashion_mnist.load_data = _fashion_load_data
cifar10 = _module("cifar10", _cifar10_load_data)
cifar10.load_data = _cifar10_load_data
boston_housing = _module("boston_housing", _boston_load_data)
boston_housing.load_data = _boston_load_data
