"""`tf.contrib.learn.datasets`: `load_dataset(name)` as TF 1.15 has it, for MNIST (read from, or
downloaded into, `MNIST-data` as nbgraph's `input_data.read_data_sets` does); `mnist` is that
reader's module. TF's other names here (iris, boston, dbpedia) load data files TF shipped inside
its package, which nbgraph does not carry: asking for one says so."""
from __future__ import annotations

from ...datasets import mnist

__all__ = ["load_dataset", "mnist", "DATASETS"]

DATASETS = {"mnist": mnist.load_mnist}
_NOT_CARRIED = ("iris", "boston", "dbpedia")


def load_dataset(name, size="small", test_with_fake_data=False):
    """`load_dataset('mnist')`: `Datasets(train, validation, test)` with integer labels."""
    if name in _NOT_CARRIED:
        raise NotImplementedError(f"tf.contrib.learn.datasets.load_dataset({name!r}) reads a data file TensorFlow "
                                  "ships inside its package; nbgraph does not carry it (load the data with "
                                  "numpy or pandas instead)")
    if name not in DATASETS:
        raise ValueError("Name of dataset is not found: %s" % name)
    return DATASETS[name]()
