"""`tf.contrib.learn`, the one part TF's own r1 tutorials still use: `datasets.load_dataset('mnist')`
(the tf.layers CNN tutorial, cnn_mnist.py) and `datasets.mnist.read_data_sets`. The rest of
contrib.learn (its estimators, `SKCompat`, monitors) was deprecated in TF 1.x in favour of
tf.estimator, which nbgraph implements; using one of its names says so."""
from __future__ import annotations

from . import datasets  # noqa: F401

__all__ = ["datasets"]


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"module 'tensorflow.contrib.learn' has no attribute '{name}' (nbgraph implements "
                         f"only tf.contrib.learn.datasets (MNIST); use tf.estimator instead of "
                         f"tf.contrib.learn.{name})")
