"""`tf.data` (TF 1.15): `Dataset`, `TextLineDataset`, `Iterator` and the iterator makers.

A dataset is a chain of dataset ops in the graph; an iterator is a per-session resource that
an `IteratorGetNext` op advances once per run (see `engine/ops/data_ops.py`).
"""
from __future__ import annotations

import types as _types

from .dataset_ops import Dataset, TextLineDataset, TFRecordDataset
from .iterator_ops import Iterator, make_initializable_iterator, make_one_shot_iterator

__all__ = ["Dataset", "TextLineDataset", "TFRecordDataset", "Iterator", "make_one_shot_iterator", "make_initializable_iterator",
           "get_output_types", "get_output_shapes", "get_output_classes", "experimental"]


def get_output_types(dataset_or_iterator):
    return dataset_or_iterator.output_types


def get_output_shapes(dataset_or_iterator):
    return dataset_or_iterator.output_shapes


def get_output_classes(dataset_or_iterator):
    return dataset_or_iterator.output_classes


experimental = _types.ModuleType("nbgraph.data.experimental", "tf.data.experimental")
experimental.AUTOTUNE = -1


def _unbatch():
    """`tf.data.experimental.unbatch()`: a transformation for `Dataset.apply`."""
    return lambda dataset: dataset.unbatch()


experimental.unbatch = _unbatch
from .readers import CsvDataset  # noqa: E402
experimental.CsvDataset = CsvDataset
