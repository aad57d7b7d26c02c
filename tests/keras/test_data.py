"""tf.keras.utils and tf.keras.datasets: to_categorical as TF computes it, and the data sets read
from the Keras cache (KERAS_HOME or ~/.keras/datasets), with a clear error when a file is missing."""
from __future__ import annotations

import gzip
import pickle

import numpy as np
import pytest

import nbgraph as tf


def test_to_categorical():
    out = tf.keras.utils.to_categorical([0, 2, 1])
    np.testing.assert_array_equal(out, np.eye(3, dtype=np.float32)[[0, 2, 1]])
    assert out.dtype == np.float32
    assert tf.keras.utils.to_categorical(np.array([[1], [0]]), num_classes=4).shape == (2, 4)
    assert tf.keras.utils.to_categorical(np.zeros([2, 3], int), 5).shape == (2, 3, 5)


def test_missing_file_names_where_to_put_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with pytest.raises(FileNotFoundError) as err:
        tf.keras.datasets.mnist.load_data()
    text = str(err.value)
    assert str(tmp_path / "datasets" / "mnist.npz") in text
    assert "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz" in text
    with pytest.raises(FileNotFoundError, match="cifar-10-python.tar.gz"):
        tf.keras.datasets.cifar10.load_data()


def test_mnist_and_boston_from_cached_npz(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    folder = tmp_path / "datasets"
    folder.mkdir()
    images = np.arange(3 * 28 * 28, dtype=np.uint8).reshape(3, 28, 28)
    np.savez(folder / "mnist.npz", x_train=images, y_train=np.array([1, 2, 3], np.uint8), x_test=images[:1],
             y_test=np.array([7], np.uint8))
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
    np.testing.assert_array_equal(x_train, images)
    assert list(y_train) == [1, 2, 3] and x_test.shape == (1, 28, 28) and list(y_test) == [7]

    x = np.arange(10 * 13, dtype=np.float64).reshape(10, 13)
    np.savez(folder / "boston_housing.npz", x=x, y=np.arange(10.0))
    (bx, by), (tx, ty) = tf.keras.datasets.boston_housing.load_data()
    order = np.arange(10)
    np.random.RandomState(113).shuffle(order)  # TF seeds numpy's global generator with 113
    np.testing.assert_array_equal(by, order[:8])
    np.testing.assert_array_equal(ty, order[8:])
    assert bx.shape == (8, 13) and tx.shape == (2, 13)


def test_fashion_mnist_from_cached_gz(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    folder = tmp_path / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    labels = np.array([3, 1], np.uint8)
    images = np.arange(2 * 784, dtype=np.uint32).astype(np.uint8)
    for prefix in ("train", "t10k"):
        with gzip.open(folder / f"{prefix}-labels-idx1-ubyte.gz", "wb") as f:
            f.write(b"\0" * 8 + labels.tobytes())
        with gzip.open(folder / f"{prefix}-images-idx3-ubyte.gz", "wb") as f:
            f.write(b"\0" * 16 + images.tobytes())
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
    assert x_train.shape == (2, 28, 28) and list(y_test) == [3, 1]
    np.testing.assert_array_equal(x_test.ravel(), images)


def test_cifar10_from_cached_batches(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    folder = tmp_path / "datasets" / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    rng = np.random.RandomState(0)
    for name, n in [(f"data_batch_{i}", 4) for i in range(1, 6)] + [("test_batch", 3)]:
        data = {b"data": rng.randint(0, 255, [n, 3072]).astype(np.uint8), b"labels": list(rng.randint(0, 10, n))}
        with open(folder / name, "wb") as f:
            pickle.dump(data, f)
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
    assert x_train.shape == (20, 32, 32, 3) and y_train.shape == (20, 1) and x_train.dtype == np.uint8
    assert x_test.shape == (3, 32, 32, 3) and y_test.shape == (3, 1)
    with open(folder / "test_batch", "rb") as f:
        raw = pickle.load(f)[b"data"]
    np.testing.assert_array_equal(x_test[0, :, :, 0].ravel(), raw[0, :1024])
