"""`tensorflow.examples.tutorials.mnist.input_data` as TF 1.x ships it: `read_data_sets(train_dir,
one_hot=...)` reads the four MNIST `.gz` files (IDX format) from `train_dir`, downloading any that
are missing from `source_url` first, and returns `Datasets(train, validation, test)` whose
`DataSet.next_batch` walks the examples in TF's order (reshuffled each epoch, the last batch of an
epoch completed from the next one).

Without a network and without the files, the error names the folder, the missing files and
where to get them."""
from __future__ import annotations

import collections
import gzip
import os
import urllib.request

import numpy as np

__all__ = ["read_data_sets", "DataSet", "Datasets", "load_mnist", "DEFAULT_SOURCE_URL",
           "extract_images", "extract_labels", "dense_to_one_hot"]

DEFAULT_SOURCE_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"
TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


def _read32(stream) -> int:
    return int(np.frombuffer(stream.read(4), dtype=np.dtype(np.uint32).newbyteorder(">"))[0])


def extract_images(f) -> np.ndarray:
    """The images of an IDX3 file object as a uint8 array [n, rows, cols, 1]."""
    with gzip.GzipFile(fileobj=f) as stream:
        magic = _read32(stream)
        if magic != 2051:
            raise ValueError(f"Invalid magic number {magic} in MNIST image file: {f.name}")
        n, rows, cols = _read32(stream), _read32(stream), _read32(stream)
        data = np.frombuffer(stream.read(rows * cols * n), dtype=np.uint8)
        return data.reshape(n, rows, cols, 1)


def dense_to_one_hot(labels_dense, num_classes) -> np.ndarray:
    n = labels_dense.shape[0]
    one_hot = np.zeros((n, num_classes))
    one_hot.flat[np.arange(n) * num_classes + labels_dense.ravel()] = 1
    return one_hot


def extract_labels(f, one_hot=False, num_classes=10) -> np.ndarray:
    """The labels of an IDX1 file object (uint8), or their one-hot rows."""
    with gzip.GzipFile(fileobj=f) as stream:
        magic = _read32(stream)
        if magic != 2049:
            raise ValueError(f"Invalid magic number {magic} in MNIST label file: {f.name}")
        n = _read32(stream)
        labels = np.frombuffer(stream.read(n), dtype=np.uint8)
        return dense_to_one_hot(labels, num_classes) if one_hot else labels


class DataSet:
    """One split: `images`, `labels`, `num_examples`, `epochs_completed` and `next_batch`."""

    def __init__(self, images, labels, fake_data=False, one_hot=False, dtype=None, reshape=True, seed=None):
        from ..engine import dtypes as _dt
        np.random.seed(seed)  # TF seeds numpy's generator here, from the op-level seed
        dtype = _dt.as_dtype(dtype or _dt.float32).base_dtype
        if dtype not in (_dt.uint8, _dt.float32):
            raise TypeError(f"Invalid image dtype {dtype!r}, expected uint8 or float32")
        if fake_data:
            self._num_examples = 10000
            self.one_hot = one_hot
        else:
            if images.shape[0] != labels.shape[0]:
                raise AssertionError(f"images.shape: {images.shape} labels.shape: {labels.shape}")
            self._num_examples = images.shape[0]
            if reshape:
                assert images.shape[3] == 1
                images = images.reshape(images.shape[0], images.shape[1] * images.shape[2])
            if dtype == _dt.float32:
                images = images.astype(np.float32)
                images = np.multiply(images, 1.0 / 255.0)
        self._images = images
        self._labels = labels
        self._epochs_completed = 0
        self._index_in_epoch = 0

    images = property(lambda self: self._images)
    labels = property(lambda self: self._labels)
    num_examples = property(lambda self: self._num_examples)
    epochs_completed = property(lambda self: self._epochs_completed)

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """The next `batch_size` examples; TF's algorithm, epoch boundaries and reshuffles included."""
        if fake_data:
            fake_image = [1] * 784
            fake_label = [1] + [0] * 9 if self.one_hot else 0
            return [fake_image for _ in range(batch_size)], [fake_label for _ in range(batch_size)]
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            perm0 = np.arange(self._num_examples)
            np.random.shuffle(perm0)
            self._images = self.images[perm0]
            self._labels = self.labels[perm0]
        if start + batch_size > self._num_examples:
            self._epochs_completed += 1
            rest_num_examples = self._num_examples - start
            images_rest_part = self._images[start:self._num_examples]
            labels_rest_part = self._labels[start:self._num_examples]
            if shuffle:
                perm = np.arange(self._num_examples)
                np.random.shuffle(perm)
                self._images = self.images[perm]
                self._labels = self.labels[perm]
            start = 0
            self._index_in_epoch = batch_size - rest_num_examples
            end = self._index_in_epoch
            images_new_part = self._images[start:end]
            labels_new_part = self._labels[start:end]
            return (np.concatenate((images_rest_part, images_new_part), axis=0),
                    np.concatenate((labels_rest_part, labels_new_part), axis=0))
        self._index_in_epoch += batch_size
        end = self._index_in_epoch
        return self._images[start:end], self._labels[start:end]


def _maybe_download(filename, work_directory, source_url) -> str:
    path = os.path.join(work_directory, filename)
    if os.path.exists(path):
        return path
    plain = path[:-3] if path.endswith(".gz") else path
    if os.path.exists(plain):  # an unpacked copy: packed again in memory by the reader
        return plain
    os.makedirs(work_directory, exist_ok=True)
    try:
        urllib.request.urlretrieve(source_url + filename, path + ".part")
    except Exception as e:  # noqa: BLE001 - no network, a proxy, a 404: one clear message
        raise FileNotFoundError(
            f"MNIST file {filename} is not in {os.path.abspath(work_directory)} and could not be downloaded "
            f"from {source_url + filename} ({e}). Put the four MNIST files ({TRAIN_IMAGES}, {TRAIN_LABELS}, "
            f"{TEST_IMAGES}, {TEST_LABELS}) in that folder.") from None
    os.replace(path + ".part", path)
    return path


def _open(path):
    if path.endswith(".gz"):
        return open(path, "rb")
    import io
    with open(path, "rb") as f:
        packed = io.BytesIO(gzip.compress(f.read()))
    packed.name = path
    return packed


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype=None, reshape=True, validation_size=5000,
                   seed=None, source_url=DEFAULT_SOURCE_URL) -> Datasets:
    """`input_data.read_data_sets("MNIST_data/", one_hot=True)`: train (55,000 by default),
    validation (the first `validation_size` training examples) and test splits."""
    if fake_data:
        def fake():
            return DataSet([], [], fake_data=True, one_hot=one_hot, dtype=dtype, seed=seed)
        return Datasets(train=fake(), validation=fake(), test=fake())
    source_url = source_url or DEFAULT_SOURCE_URL
    with _open(_maybe_download(TRAIN_IMAGES, train_dir, source_url)) as f:
        train_images = extract_images(f)
    with _open(_maybe_download(TRAIN_LABELS, train_dir, source_url)) as f:
        train_labels = extract_labels(f, one_hot=one_hot)
    with _open(_maybe_download(TEST_IMAGES, train_dir, source_url)) as f:
        test_images = extract_images(f)
    with _open(_maybe_download(TEST_LABELS, train_dir, source_url)) as f:
        test_labels = extract_labels(f, one_hot=one_hot)
    if not 0 <= validation_size <= len(train_images):
        raise ValueError(f"Validation size should be between 0 and {len(train_images)}. Received: "
                         f"{validation_size}.")
    validation_images, validation_labels = train_images[:validation_size], train_labels[:validation_size]
    train_images, train_labels = train_images[validation_size:], train_labels[validation_size:]
    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    return Datasets(train=DataSet(train_images, train_labels, **options),
                    validation=DataSet(validation_images, validation_labels, **options),
                    test=DataSet(test_images, test_labels, **options))


def load_mnist(train_dir="MNIST-data"):
    return read_data_sets(train_dir)
