"""`from tensorflow.examples.tutorials.mnist import input_data` in the nbgraph kernel: the MNIST
reader TF 1.x lessons start with, on small IDX files written by the test (no network)."""
from __future__ import annotations

import gzip
import struct
import sys

import numpy as np
import pytest

from nbgraph import tf_paths


def _write_idx(path, magic, arrays):
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in arrays.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + arrays.astype(np.uint8).tobytes())


@pytest.fixture
def mnist_dir(tmp_path):
    rng = np.random.default_rng(0)
    for prefix, n in (("train", 12), ("t10k", 4)):
        _write_idx(tmp_path / f"{prefix}-images-idx3-ubyte.gz", 2051, rng.integers(0, 256, (n, 28, 28)))
        _write_idx(tmp_path / f"{prefix}-labels-idx1-ubyte.gz", 2049, np.arange(n) % 10)
    return tmp_path


@pytest.fixture
def alias_on(run, monkeypatch):
    for name in ["tensorflow", *tf_paths.modules()]:
        monkeypatch.delitem(sys.modules, name, raising=False)
    run("%nbgraph alias tensorflow on")
    return run


def test_the_lesson_import_reads_the_four_files(alias_on, mnist_dir):
    out = alias_on(f"""\
from tensorflow.examples.tutorials.mnist import input_data
mnist = input_data.read_data_sets({str(mnist_dir)!r}, one_hot=True, validation_size=2)
print(mnist.train.num_examples, mnist.validation.num_examples, mnist.test.num_examples)
print(mnist.train.images.shape, mnist.train.images.dtype, float(mnist.train.images.max()) <= 1.0)
print(mnist.test.labels.shape, mnist.test.labels[3].tolist())
""")
    assert out.stdout.splitlines() == ["10 2 4", "(10, 784) float32 True",
                                       "(4, 10) [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]"]


def test_next_batch_walks_epochs_as_tf_does(mnist_dir):
    from nbgraph.datasets import mnist as input_data
    data = input_data.read_data_sets(str(mnist_dir), validation_size=0, seed=3)
    seen = []
    for _ in range(3):
        xs, ys = data.train.next_batch(5)
        assert xs.shape == (5, 784) and ys.shape == (5,)
        seen.append(ys)
    assert data.train.epochs_completed == 1  # 15 examples asked of 12: the third batch crosses the epoch
    assert sorted(np.concatenate(seen[:2]).tolist() + seen[2][:2].tolist()) == sorted((np.arange(12) % 10).tolist())
    xs, ys = data.train.next_batch(3, shuffle=False)
    assert xs.shape == (3, 784)


def test_missing_files_and_no_network_name_the_folder(tmp_path):
    from nbgraph.datasets import mnist as input_data
    with pytest.raises(FileNotFoundError, match=r"train-images-idx3-ubyte.gz is not in .*nowhere.*Put the four "
                                                r"MNIST files"):
        input_data.read_data_sets(str(tmp_path / "nowhere"), source_url="file:///no/such/place/")


def test_a_wrong_file_is_named(mnist_dir):
    from nbgraph.datasets import mnist as input_data
    _write_idx(mnist_dir / "train-images-idx3-ubyte.gz", 1234, np.zeros((1, 2, 2)))
    with pytest.raises(ValueError, match="Invalid magic number 1234 in MNIST image file: .*train-images"):
        input_data.read_data_sets(str(mnist_dir))
