"""`tf.contrib.learn.datasets.load_dataset('mnist')` as TF's r1 tf.layers tutorial (cnn_mnist.py)
calls it: MNIST from `MNIST-data` in the working directory, integer labels; the data sets TF
shipped inside its package say they are not carried; other contrib.learn names point to
tf.estimator."""
from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest

import nbgraph as tf


def _write(folder, n, prefix, rng):
    images = rng.randint(0, 256, (n, 28, 28)).astype(np.uint8)
    labels = rng.randint(0, 10, n).astype(np.uint8)
    with gzip.open(folder / f"{prefix}-images-idx3-ubyte.gz", "wb") as f:
        f.write(struct.pack(">IIII", 2051, n, 28, 28) + images.tobytes())
    with gzip.open(folder / f"{prefix}-labels-idx1-ubyte.gz", "wb") as f:
        f.write(struct.pack(">II", 2049, n) + labels.tobytes())
    return labels


def test_load_dataset_mnist_reads_mnist_data_in_the_working_directory(tmp_path, monkeypatch):
    rng = np.random.RandomState(0)
    (tmp_path / "MNIST-data").mkdir()
    train_labels = _write(tmp_path / "MNIST-data", 5010, "train", rng)
    test_labels = _write(tmp_path / "MNIST-data", 7, "t10k", rng)
    monkeypatch.chdir(tmp_path)
    mnist = tf.contrib.learn.datasets.load_dataset("mnist")
    assert mnist.train.images.shape == (10, 784) and mnist.validation.num_examples == 5000
    assert mnist.train.labels.dtype == np.uint8
    np.testing.assert_array_equal(mnist.train.labels, train_labels[5000:])
    np.testing.assert_array_equal(mnist.test.labels, test_labels)
    assert tf.contrib.learn.datasets.mnist.read_data_sets is not None


def test_unknown_and_uncarried_data_sets_and_other_learn_names():
    with pytest.raises(ValueError, match=r"^Name of dataset is not found: cifar$"):
        tf.contrib.learn.datasets.load_dataset("cifar")
    with pytest.raises(NotImplementedError, match=r"load_dataset\('iris'\) reads a data file"):
        tf.contrib.learn.datasets.load_dataset("iris")
    with pytest.raises(AttributeError, match=r"use tf\.estimator instead of tf\.contrib\.learn\.DNNClassifier"):
        tf.contrib.learn.DNNClassifier  # noqa: B018
