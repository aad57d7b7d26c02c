"""`tf.data.Iterator` (TF 1.x): the iterator op (`IteratorV2` or `OneShotIterator`), its
initializer (`MakeIterator`) and `get_next` (`IteratorGetNext`). The iterator itself lives in
the session (two sessions iterate separately); each run of `get_next` advances it once."""
from __future__ import annotations

from typing import Any

from ..engine import dtypes as _dt
from ..engine.functions import ValueFunction, bind, bound
from ..engine.graph import get_default_graph
from ..engine.nest import flatten, pack
from ..engine.shapes import TensorShape, as_shape
from ..engine.tensor import Operation, Tensor
from .dataset_ops import Dataset

__all__ = ["Iterator", "make_one_shot_iterator", "make_initializable_iterator"]


class Iterator:
    """The state of iterating through a Dataset."""

    def __init__(self, iterator_resource: Tensor, initializer, output_types, output_shapes, output_classes=None):
        self._iterator_resource = iterator_resource
        self._initializer = initializer
        self._structure_types = output_types
        self._structure_shapes = output_shapes
        self._types = [_dt.as_dtype(t) for t in flatten(output_types)]
        self._shapes = [as_shape(s) for s in flatten(output_shapes)]

    @staticmethod
    def from_structure(output_types, output_shapes=None, shared_name=None, output_classes=None) -> "Iterator":
        types = [_dt.as_dtype(t) for t in flatten(output_types)]
        if output_shapes is None:
            output_shapes = pack(output_types, [TensorShape(None)] * len(types))
        shapes = [as_shape(s) for s in flatten(output_shapes)]
        if len(shapes) != len(types):
            raise ValueError("The two structures don't have the same number of elements.")
        res = _iterator_op(types, shapes, shared_name)
        return Iterator(res, None, output_types, output_shapes, output_classes)

    @property
    def initializer(self):
        if self._initializer is not None:
            return self._initializer
        raise ValueError("Iterator does not have an initializer.")

    @property
    def output_types(self):
        return self._structure_types

    @property
    def output_shapes(self):
        return self._structure_shapes

    @property
    def output_classes(self):
        return pack(self._structure_types, [Tensor] * len(self._types))

    def make_initializer(self, dataset: Dataset, name=None) -> Operation:
        if self._types != dataset._types:
            raise TypeError(f"Expected output types {self.output_types!r} but got dataset with output types "
                            f"{dataset.output_types!r}.")
        if not all(a.is_compatible_with(b) for a, b in zip(self._shapes, dataset._shapes)):
            raise TypeError(f"Expected output shapes compatible with {self.output_shapes!r} but got dataset with "
                            f"output shapes {dataset.output_shapes!r}.")
        g = self._iterator_resource.graph
        with g.as_default(), g.name_scope(name or "make_initializer") as scope:
            return g.create_op("MakeIterator", [dataset._variant_tensor, self._iterator_resource], [], name=scope)

    def get_next(self, name=None) -> Any:
        g = self._iterator_resource.graph
        op = g.create_op("IteratorGetNext", [self._iterator_resource], list(self._types),
                         name=name or "IteratorGetNext",
                         attrs={"output_types": list(self._types), "output_shapes": list(self._shapes)})
        return pack(self._structure_types, list(op._outputs))

    def string_handle(self, name=None) -> Tensor:
        """A string tensor naming this iterator in the session (feed it to `from_string_handle`)."""
        if name is None and getattr(self, "_string_handle", None) is not None:
            return self._string_handle
        g = self._iterator_resource.graph
        t = g.create_op("IteratorToStringHandle", [self._iterator_resource], [_dt.string],
                        name=name or "IteratorToStringHandle")._outputs[0]
        if name is None:
            self._string_handle = t
        return t

    @staticmethod
    def from_string_handle(string_handle, output_types, output_shapes=None, output_classes=None) -> "Iterator":
        """A feedable iterator: which iterator it reads is chosen by the handle fed at run time."""
        from ..engine.convert import convert_to_tensor
        types = [_dt.as_dtype(t) for t in flatten(output_types)]
        if output_shapes is None:
            output_shapes = pack(output_types, [TensorShape(None)] * len(types))
        shapes = [as_shape(s) for s in flatten(output_shapes)]
        handle = convert_to_tensor(string_handle, dtype=_dt.string)
        res = handle.graph.create_op("IteratorFromStringHandleV2", [handle], [_dt.resource],
                                     name="IteratorFromStringHandleV2",
                                     attrs={"output_types": types, "output_shapes": shapes})._outputs[0]
        return Iterator(res, None, output_types, output_shapes, output_classes)


def _iterator_op(types, shapes, shared_name):
    return get_default_graph().create_op(
        "IteratorV2", [], [_dt.resource], name="IteratorV2",
        attrs={"shared_name": shared_name or "", "container": "", "output_types": types,
               "output_shapes": shapes})._outputs[0]


def _check_no_placeholders(dataset: Dataset):
    """TF's one-shot iterator captures its dataset by value: a placeholder cannot be captured."""
    seen, stack = set(), [dataset._variant_tensor.op]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type == "Placeholder":
            raise ValueError(f"Cannot capture a placeholder (name:{op.name}, type:Placeholder) by value.")
        if op.type == "VariableV2":
            raise ValueError(f"Cannot capture a stateful node (name:{op.name}, type:VariableV2) by value.")
        stack.extend(t.op for t in op._inputs)
        for key in ("f", "predicate"):
            fn = bound(op, key)
            if fn is not None:
                stack.extend(t.op for t in fn.captured)


def make_one_shot_iterator(dataset: Dataset) -> Iterator:
    """`tf.data.make_one_shot_iterator(dataset)`: starts itself on first use; no re-initializing."""
    if dataset._variant_tensor._op._graph.executing_eagerly:
        from ..eager.data import Iterator as EagerIterator  # TF 1.15: an eager iterator
        return EagerIterator(dataset)
    _check_no_placeholders(dataset)
    g = get_default_graph()
    factory = ValueFunction(dataset._variant_tensor)
    op = g.create_op("OneShotIterator", [], [_dt.resource], name="OneShotIterator",
                     attrs={"dataset_factory": f"_make_dataset_{factory.name.replace('/', '_')}",
                            "output_types": list(dataset._types), "output_shapes": list(dataset._shapes),
                            "container": "", "shared_name": ""})
    bind(op, dataset_factory=factory)
    res = op._outputs[0]
    return Iterator(res, None, dataset.output_types, dataset.output_shapes)


def make_initializable_iterator(dataset: Dataset, shared_name=None) -> Iterator:
    """`tf.data.make_initializable_iterator(dataset)`: run `.initializer` (again) to (re)start it."""
    res = _iterator_op(list(dataset._types), list(dataset._shapes), shared_name)
    g = res.graph
    with g.colocate_with(res):
        init = g.create_op("MakeIterator", [dataset._variant_tensor, res], [], name="MakeIterator")
    return Iterator(res, init, dataset.output_types, dataset.output_shapes)
