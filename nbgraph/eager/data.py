"""Walking a `tf.data.Dataset` eagerly: `for x in dataset`, `make_one_shot_iterator()` and
`tfe.Iterator(dataset)` with eager execution on.

An eager dataset op has already run, so the dataset's variant tensor holds its `DatasetValue`
(engine/ops/data_ops.py); an iterator walks a fresh pass over it and hands out each element as
EagerTensors in the dataset's structure. The end of the data is `StopIteration` for a Python
loop and TF's `OutOfRangeError: End of sequence` for `get_next()`.
"""
from __future__ import annotations

from typing import Any

from ..engine import errors as _errors
from ..engine.convert import convert_to_tensor
from ..engine.errors import KernelError
from ..engine.nest import pack

__all__ = ["Iterator"]


class Iterator:
    """`tfe.Iterator(dataset)` (TF 1.15's eager `IteratorV2`): a Python iterator over elements."""

    def __init__(self, dataset):
        variant = dataset._variant_tensor
        g = variant._op._graph
        if not g.executing_eagerly:
            raise RuntimeError("tf.data.Iterator can only be used when eager execution is enabled.")
        self._dataset = dataset
        self._elements = g.read_value(variant).elements(g._ctx)

    output_types = property(lambda self: self._dataset.output_types)
    output_shapes = property(lambda self: self._dataset.output_shapes)
    output_classes = property(lambda self: self._dataset.output_classes)
    element_spec = property(lambda self: self._dataset.output_shapes)

    def __iter__(self) -> "Iterator":
        return self

    def _next_flat(self) -> list:
        try:
            flat = next(self._elements)
        except KernelError as e:
            raise e.cls(None, None, f"{e.message} [Op:IteratorGetNextSync]") from None
        return [convert_to_tensor(v) for v in flat]

    def __next__(self) -> Any:
        return pack(self._dataset._structure, self._next_flat())

    def next(self) -> Any:
        return self.__next__()

    def get_next(self, name=None) -> Any:
        """The next element; TF's `OutOfRangeError` at the end."""
        try:
            return self.__next__()
        except StopIteration:
            raise _errors.OutOfRangeError(None, None, "End of sequence [Op:IteratorGetNextSync]") from None
