"""`tf.data.Dataset` (TF 1.15's `DatasetV1`): each method adds the dataset op TF adds
(`TensorSliceDataset`, `MapDataset`, `BatchDatasetV2`, ...) whose value is a recipe for
elements (see `engine/ops/data_ops.py`), and keeps the element structure, types and shapes.

`map`/`filter`/`flat_map` trace the Python function once into a private function graph
(`engine/functions.py`); the dataset op holds it and runs it per element.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..engine import dtypes as _dt
from ..engine.convert import convert_to_tensor
from ..engine.functions import bind, trace
from ..engine.graph import get_default_graph
from ..engine.nest import flatten, pack
from ..engine.ops import data_ops  # noqa: F401  (registers the dataset ops)
from ..engine.ops.random_ops import get_seed
from ..engine.shapes import TensorShape, as_shape
from ..engine.tensor import Tensor

if TYPE_CHECKING:
    from .iterator_ops import Iterator

__all__ = ["Dataset", "TextLineDataset", "TFRecordDataset"]


def _shape_text(s: TensorShape) -> str:
    if s.ndims is None:
        return "<unknown>"
    dims = ["?" if d.value is None else str(d.value) for d in s]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def _structure_text(structure, flat, fmt):
    def text(s, it):
        if isinstance(s, dict):
            return "{" + ", ".join(f"{k!r}: {text(s[k], it)}" for k in s) + "}"
        if isinstance(s, tuple):
            parts = [text(x, it) for x in s]
            return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
        return fmt(next(it))
    ordered = dict(zip(range(len(flat)), flat))
    return text(structure, iter([ordered[i] for i in range(len(flat))]))


class Dataset:
    """A sequence of elements, each a (nested) structure of tensors."""

    def __init__(self, variant: Tensor, structure, types, shapes):
        self._variant_tensor = variant
        self._structure = structure
        self._types = list(types)
        self._shapes = [TensorShape(s) if not isinstance(s, TensorShape) else s for s in shapes]

    # -- structure -------------------------------------------------------------------------
    @property
    def output_types(self):
        return pack(self._structure, self._types)

    @property
    def output_shapes(self):
        return pack(self._structure, self._shapes)

    @property
    def output_classes(self):
        return pack(self._structure, [Tensor] * len(self._types))

    def __repr__(self):
        shapes = _structure_text(self._structure, self._shapes, _shape_text)
        types = _structure_text(self._structure, self._types, repr)
        return f"<DatasetV1Adapter shapes: {shapes}, types: {types}>"

    def _graph(self):
        return self._variant_tensor.graph

    def _op(self, type_, inputs, attrs=None, name=None):
        g = get_default_graph()
        return g.create_op(type_, inputs, [_dt.variant], name=name or type_, attrs=attrs or {})._outputs[0]

    def _derive(self, type_, consts, attrs=None, structure=None, types=None, shapes=None, extra=(), functions=None):
        inputs = [self._variant_tensor] + [convert_to_tensor(v, dtype=dt, name=n) for n, v, dt in consts]
        inputs += list(extra)
        attrs = dict(attrs or {}, output_types=list(types or self._types),
                     output_shapes=list(shapes or self._shapes))
        v = self._op(type_, inputs, attrs)
        if functions:  # the traced functions the op runs; its attrs name them, as a GraphDef does
            bind(v.op, **functions)
            v.op._attrs.update({k: f.name for k, f in functions.items()})
        return Dataset(v, self._structure if structure is None else structure,
                       self._types if types is None else types, self._shapes if shapes is None else shapes)

    # -- sources -----------------------------------------------------------------------------
    @staticmethod
    def _from(type_, tensors, slices):
        with get_default_graph().name_scope("normalize_element"):
            structure = tensors
            flat = [convert_to_tensor(c, name=f"component_{i}") for i, c in enumerate(flatten(tensors))]
        if slices:
            for t in flat:
                if t.shape.ndims == 0:
                    raise ValueError("Unbatching a tensor is only supported for rank >= 1")
            shapes = [t.shape[1:] if t.shape.ndims is not None else TensorShape(None) for t in flat]
        else:
            shapes = [t.shape for t in flat]
        types = [t.dtype.base_dtype for t in flat]
        g = get_default_graph()
        v = g.create_op(type_, flat, [_dt.variant], name=type_,
                        attrs={"Toutput_types": types, "output_shapes": shapes})._outputs[0]
        return Dataset(v, pack(structure, [None] * len(flat)), types, shapes)

    @staticmethod
    def from_tensor_slices(tensors) -> "Dataset":
        return Dataset._from("TensorSliceDataset", tensors, True)

    @staticmethod
    def from_tensors(tensors) -> "Dataset":
        return Dataset._from("TensorDataset", tensors, False)

    @staticmethod
    def range(*args) -> "Dataset":  # noqa: A003 - TF's name
        if len(args) == 1:
            start, stop, step = 0, args[0], 1
        elif len(args) == 2:
            (start, stop), step = args, 1
        elif len(args) == 3:
            start, stop, step = args
        else:
            raise ValueError(f"Invalid arguments to RangeDataset: {args}")
        ins = [convert_to_tensor(v, dtype=_dt.int64, name=n) for n, v in
               (("start", start), ("stop", stop), ("step", step))]
        v = get_default_graph().create_op("RangeDataset", ins, [_dt.variant], name="RangeDataset",
                                          attrs={"output_types": [_dt.int64], "output_shapes": [TensorShape([])]})
        return Dataset(v._outputs[0], None, [_dt.int64], [TensorShape([])])

    @staticmethod
    def from_generator(generator, output_types, output_shapes=None, args=None) -> "Dataset":
        """The elements a Python generator yields (one fresh generator per pass), converted to
        `output_types` (and checked against `output_shapes`)."""
        if not callable(generator):
            raise TypeError("`generator` must be callable.")
        types = [_dt.as_dtype(t) for t in flatten(output_types)]
        if output_shapes is None:
            shapes = [TensorShape(None)] * len(types)
        else:
            shapes = [as_shape(s) for s in flatten(output_shapes)] if isinstance(output_shapes, (tuple, dict)) \
                else [as_shape(output_shapes)]
            if len(shapes) != len(types):
                raise TypeError("`output_shapes` must have the same structure as `output_types`.")
        structure = pack(output_types, [None] * len(types))
        ins = [convert_to_tensor(a, name=f"args_{i}") for i, a in enumerate(args or ())]

        def flat(item):
            return flatten(tuple(item) if isinstance(item, list) and isinstance(structure, tuple) else item)
        op = get_default_graph().create_op("GeneratorDataset", ins, [_dt.variant], name="GeneratorDataset",
                                           attrs={"output_types": types, "output_shapes": shapes})
        bind(op, generator=generator, flatten=flat, types_text=repr(output_types))
        v = op._outputs[0]
        return Dataset(v, structure, types, shapes)

    @staticmethod
    def zip(datasets) -> "Dataset":  # noqa: A003 - TF's name
        parts = flatten(datasets)
        for d in parts:
            if not isinstance(d, Dataset):
                raise TypeError(f"The argument to `Dataset.zip()` must be a (nested) structure of `Dataset` "
                                f"objects.")
        structure = pack(datasets, [d._structure for d in parts])
        types = [t for d in parts for t in d._types]
        shapes = [s for d in parts for s in d._shapes]
        v = get_default_graph().create_op("ZipDataset", [d._variant_tensor for d in parts], [_dt.variant],
                                          name="ZipDataset", attrs={"N": len(parts), "output_types": types,
                                                                    "output_shapes": shapes})
        return Dataset(v._outputs[0], structure, types, shapes)

    # -- transformations ---------------------------------------------------------------------
    def concatenate(self, dataset: "Dataset") -> "Dataset":
        if self._types != dataset._types:
            raise TypeError(f"Two datasets to concatenate have different types {self.output_types} and "
                            f"{dataset.output_types}")
        shapes = [_most_specific_compatible(a, b) for a, b in zip(self._shapes, dataset._shapes)]
        return self._derive("ConcatenateDataset", [], shapes=shapes, extra=[dataset._variant_tensor])

    def batch(self, batch_size, drop_remainder=False) -> "Dataset":
        from ..engine.convert import constant_value
        size = convert_to_tensor(batch_size, dtype=_dt.int64, name="batch_size")
        drop = convert_to_tensor(drop_remainder, dtype=_dt.bool_, name="drop_remainder")
        known = constant_value(size) if drop_remainder is True else None
        dim = int(known) if known is not None else None
        shapes = [TensorShape([dim]).concatenate(s) for s in self._shapes]
        return self._derive("BatchDatasetV2", [], {"parallel_copy": False}, shapes=shapes, extra=[size, drop])

    def padded_batch(self, batch_size, padded_shapes, padding_values=None, drop_remainder=False) -> "Dataset":
        flat_shapes = flatten(padded_shapes) if isinstance(padded_shapes, (tuple, dict)) else [padded_shapes]
        if len(flat_shapes) != len(self._types):
            raise ValueError("The two structures don't have the same number of elements.")
        size = convert_to_tensor(batch_size, dtype=_dt.int64, name="batch_size")
        shape_ts, value_ts, out_shapes = [], [], []
        pads = flatten(padding_values) if padding_values is not None else [None] * len(self._types)
        for i, (ps, dt) in enumerate(zip(flat_shapes, self._types)):
            ps = as_shape(ps)
            dims = [-1 if d.value is None else d.value for d in ps] if ps.ndims is not None else []
            shape_ts.append(convert_to_tensor(np.array(dims, dtype=np.int64), name="padded_shapes"))
            pad = pads[i]
            if pad is None:
                pad = b"" if dt is _dt.string else 0
            value_ts.append(convert_to_tensor(pad, dtype=dt, name="padding_value"))
            out_shapes.append(TensorShape([None]).concatenate(ps))
        drop = convert_to_tensor(drop_remainder, dtype=_dt.bool_, name="drop_remainder")
        return self._derive("PaddedBatchDatasetV2", [], {"N": len(self._types), "Toutput_types": self._types},
                            shapes=out_shapes, extra=[size] + shape_ts + value_ts + [drop])

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None) -> "Dataset":
        s1, s2 = get_seed(seed)
        if s1 is None:
            s1, s2 = 0, 0
        return self._derive("ShuffleDataset", [("buffer_size", buffer_size, _dt.int64), ("seed", s1, _dt.int64),
                                               ("seed2", s2, _dt.int64)],
                            {"reshuffle_each_iteration": reshuffle_each_iteration is not False})

    def repeat(self, count=None) -> "Dataset":
        return self._derive("RepeatDataset", [("count", -1 if count is None else count, _dt.int64)])

    def take(self, count) -> "Dataset":
        return self._derive("TakeDataset", [("count", count, _dt.int64)])

    def skip(self, count) -> "Dataset":
        return self._derive("SkipDataset", [("count", count, _dt.int64)])

    def prefetch(self, buffer_size) -> "Dataset":
        return self._derive("PrefetchDataset", [("buffer_size", buffer_size, _dt.int64)])

    def cache(self, filename="") -> "Dataset":
        return self._derive("CacheDataset", [("filename", filename, _dt.string)])

    def _trace(self, fn, what):
        return trace(fn, f"{what}_{id(fn):x}", get_default_graph(), self._structure, self._types, self._shapes,
                     convert_outputs=_convert_outputs)

    def map(self, map_func, num_parallel_calls=None) -> "Dataset":  # noqa: A003 - TF's name
        f = self._trace(map_func, "tf_data_map")
        types, shapes = f.output_dtypes, f.output_shapes
        return self._derive("MapDataset", [], {"Targuments": [t.dtype for t in f.captured]},
                            structure=f.structure, types=types, shapes=shapes, extra=f.captured, functions={"f": f})

    def filter(self, predicate) -> "Dataset":  # noqa: A003 - TF's name
        f = self._trace(predicate, "tf_data_filter")
        if len(f.outputs) != 1 or f.output_dtypes[0] is not _dt.bool_ or \
                not f.output_shapes[0].is_compatible_with(TensorShape([])):
            raise ValueError(f"`predicate` return type must be convertible to a scalar boolean tensor. Was "
                             f"{f.output_dtypes[0] if len(f.outputs) == 1 else f.structure}.")
        return self._derive("FilterDataset", [], {"Targuments": [t.dtype for t in f.captured]},
                            extra=f.captured, functions={"predicate": f})

    def flat_map(self, map_func) -> "Dataset":
        f = self._trace(map_func, "tf_data_flat_map")
        inner = f.structure
        if not isinstance(inner, Dataset):
            raise TypeError("`map_func` must return a `Dataset` object.")
        return self._derive("FlatMapDataset", [], {"Targuments": [t.dtype for t in f.captured]},
                            structure=inner._structure, types=inner._types, shapes=inner._shapes, extra=f.captured,
                            functions={"f": f})

    def interleave(self, map_func, cycle_length, block_length=1, num_parallel_calls=None) -> "Dataset":
        """The datasets `map_func` makes of `cycle_length` elements at a time, `block_length`
        elements from each in turn (TF's InterleaveDataset order)."""
        f = self._trace(map_func, "tf_data_interleave")
        inner = f.structure
        if not isinstance(inner, Dataset):
            raise TypeError("`map_func` must return a `Dataset` object.")
        cycle = convert_to_tensor(cycle_length, dtype=_dt.int64, name="cycle_length")
        block = convert_to_tensor(block_length, dtype=_dt.int64, name="block_length")
        return self._derive("InterleaveDataset", [], {"Targuments": [t.dtype for t in f.captured]},
                            structure=inner._structure, types=inner._types, shapes=inner._shapes,
                            extra=list(f.captured) + [cycle, block], functions={"f": f})

    def unbatch(self) -> "Dataset":
        """Each element's rows as elements (the inverse of `batch`)."""
        shapes = [s[1:] if s.ndims else TensorShape(None) for s in self._shapes]
        return self._derive("UnbatchDataset", [], shapes=shapes)

    @staticmethod
    def list_files(file_pattern, shuffle=None, seed=None) -> "Dataset":
        """The files matching `file_pattern` (a glob), shuffled unless `shuffle=False`."""
        from ..engine.ops.array_ops import identity, shape
        from ..engine.ops.control_ops import Assert
        from ..engine.ops.io_ops import matching_files
        from ..engine.ops.math_ops import greater, maximum
        g = get_default_graph()
        with g.name_scope("list_files"):
            files = matching_files(file_pattern)
            condition = greater(shape(files)[0], 0, name="match_not_empty")
            patterns = file_pattern if isinstance(file_pattern, (list, tuple)) else [file_pattern]
            text = ", ".join(p.decode() if isinstance(p, bytes) else str(p) for p in patterns) \
                if all(isinstance(p, (str, bytes)) for p in patterns) else "<computed>"
            check = Assert(condition, [f"No files matched pattern: {text}"], summarize=1, name="assert_not_empty")
            with g.control_dependencies([check]):
                files = identity(files)
            ds = Dataset.from_tensor_slices(files)
            if shuffle is not False:
                size = maximum(shape(files, out_type=_dt.int64)[0], 1)
                ds = ds.shuffle(size, seed=seed)
        return ds

    def apply(self, transformation_func) -> "Dataset":
        """`transformation_func(self)`, which must return a Dataset."""
        ds = transformation_func(self)
        if not isinstance(ds, Dataset):
            raise TypeError("`transformation_func` must return a Dataset. Got {}.".format(ds))
        return ds

    # -- iterators ---------------------------------------------------------------------------
    def make_one_shot_iterator(self) -> "Iterator":
        from .iterator_ops import make_one_shot_iterator
        return make_one_shot_iterator(self)

    def make_initializable_iterator(self, shared_name=None) -> "Iterator":
        from .iterator_ops import make_initializable_iterator
        return make_initializable_iterator(self, shared_name)

    def __iter__(self):
        if self._variant_tensor._op._graph.executing_eagerly:
            from ..eager.data import Iterator  # eager execution: a Python iterator over the elements
            return Iterator(self)
        raise RuntimeError("__iter__() is only supported inside of tf.function or when eager execution is enabled.")


def _most_specific_compatible(a: TensorShape, b: TensorShape) -> TensorShape:
    """The shape both can be seen as: dims they agree on kept, the rest unknown."""
    if a.ndims is None or b.ndims is None or a.ndims != b.ndims:
        return TensorShape(None)
    return TensorShape([x if x == y else None for x, y in zip(a.as_list(), b.as_list())])


def _convert_outputs(graph, result):
    """What a traced dataset function returned, as (structure, flat tensors): lists become tuples
    (as TF 1.15 does), Python values constants, a Dataset its variant."""
    if isinstance(result, Dataset):
        return result, [result._variant_tensor]
    if isinstance(result, list):
        result = tuple(result)
    flat = [convert_to_tensor(c) for c in flatten(result)]
    return pack(result, [None] * len(flat)), flat


class TextLineDataset(Dataset):
    """`tf.data.TextLineDataset(filenames, compression_type=None, buffer_size=None)`: the lines."""

    def __init__(self, filenames, compression_type=None, buffer_size=None):
        names = convert_to_tensor(filenames, dtype=_dt.string, name="filenames")
        comp = convert_to_tensor(compression_type or "", dtype=_dt.string, name="compression_type")
        size = convert_to_tensor(256 * 1024 if buffer_size is None else buffer_size, dtype=_dt.int64,
                                 name="buffer_size")
        v = get_default_graph().create_op("TextLineDataset", [names, comp, size], [_dt.variant],
                                          name="TextLineDataset", attrs={})._outputs[0]
        super().__init__(v, None, [_dt.string], [TensorShape([])])


class TFRecordDataset(Dataset):
    """`tf.data.TFRecordDataset(filenames, compression_type=None, buffer_size=None)`: the records."""

    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None):
        names = convert_to_tensor(filenames, dtype=_dt.string, name="filenames")
        comp = convert_to_tensor(compression_type or "", dtype=_dt.string, name="compression_type")
        size = convert_to_tensor(256 * 1024 if buffer_size is None else buffer_size, dtype=_dt.int64,
                                 name="buffer_size")
        v = get_default_graph().create_op("TFRecordDataset", [names, comp, size], [_dt.variant],
                                          name="TFRecordDataset", attrs={})._outputs[0]
        super().__init__(v, None, [_dt.string], [TensorShape([])])
