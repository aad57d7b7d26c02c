"""TF 1.15's other `tf.data` names: `FixedLengthRecordDataset`, `Options`, and in
`tf.data.experimental` `shuffle_and_repeat`, `map_and_batch` and `TFRecordWriter`.

`shuffle_and_repeat` is TF's fused `ShuffleAndRepeatDataset`; `map_and_batch` builds the unfused
chain `MapDataset`+`BatchDatasetV2` (TF: one `MapAndBatchDataset`), which yields the same elements. `TFRecordWriter.write(dataset)` is a `DatasetToTFRecord` op writing each string
element as one record when run.
"""
from __future__ import annotations

import numpy as np

from ..data.dataset_ops import Dataset
from ..engine import dtypes as _dt
from ..engine.convert import convert_to_tensor
from ..engine.errors import InvalidArgumentError, NotFoundError
from ..engine.grad_registry import NotDifferentiable
from ..engine.graph import get_default_graph
from ..engine.ops.common import KernelError
from ..engine.ops.data_ops import DatasetValue
from ..engine.registry import register
from ..engine.shapes import TensorShape

__all__ = ["FixedLengthRecordDataset", "Options", "shuffle_and_repeat", "map_and_batch", "TFRecordWriter"]


def _names(filenames):
    return [f.decode() if isinstance(f, bytes) else str(f) for f in np.reshape(filenames, -1)]


def _fixed_kernel(op):
    def k(ctx, filenames, header, record, footer, buffer_size, compression):
        names, header, record, footer = _names(filenames), int(header), int(record), int(footer)
        kind = np.asarray(compression).reshape(-1)[0]
        kind = kind.decode() if isinstance(kind, bytes) else str(kind)
        if record <= 0:
            raise KernelError("record_bytes must be > 0", InvalidArgumentError)

        def gen(ctx):
            from ..formats.records import decompress
            for name in names:
                try:
                    with open(name, "rb") as f:
                        data = f.read()
                except FileNotFoundError:
                    raise KernelError(f"{name}; No such file or directory", NotFoundError) from None
                if kind:
                    data = decompress(data, kind, name)
                body = data[header:len(data) - footer if footer else len(data)]
                full = len(body) // record * record  # TF drops a trailing partial record
                for i in range(0, full, record):
                    yield (np.array(body[i:i + record], dtype=object),)
        return DatasetValue(gen)
    return k


register("FixedLengthRecordDatasetV2", "io", lambda op: [TensorShape([])], _fixed_kernel, gpu=False,
         doc="a dataset of the fixed-length records of files")


class FixedLengthRecordDataset(Dataset):
    """`tf.data.FixedLengthRecordDataset(filenames, record_bytes, header_bytes=None, footer_bytes=None, ...)`."""

    def __init__(self, filenames, record_bytes, header_bytes=None, footer_bytes=None, buffer_size=None,
                 compression_type=None, num_parallel_reads=None):
        names = convert_to_tensor(filenames, dtype=_dt.string, name="filenames")
        header = convert_to_tensor(header_bytes or 0, dtype=_dt.int64, name="header_bytes")
        record = convert_to_tensor(record_bytes, dtype=_dt.int64, name="record_bytes")
        footer = convert_to_tensor(footer_bytes or 0, dtype=_dt.int64, name="footer_bytes")
        size = convert_to_tensor(256 * 1024 if buffer_size is None else buffer_size, dtype=_dt.int64,
                                 name="buffer_size")
        comp = convert_to_tensor(compression_type or "", dtype=_dt.string, name="compression_type")
        v = get_default_graph().create_op("FixedLengthRecordDatasetV2", [names, header, record, footer, size, comp],
                                          [_dt.variant], name="FixedLengthRecordDatasetV2", attrs={})._outputs[0]
        super().__init__(v, None, [_dt.string], [TensorShape([])])


class Options:
    """`tf.data.Options()`: the dataset options, accepted and stored (`Dataset.with_options`)."""

    _FIELDS = ("experimental_deterministic", "experimental_distribute", "experimental_optimization",
               "experimental_slack", "experimental_stats", "experimental_threading")

    def __init__(self):
        for f in self._FIELDS:
            object.__setattr__(self, f, None)

    def __setattr__(self, name, value):
        if name not in self._FIELDS:
            raise AttributeError(f"Options object has no attribute '{name}'")
        object.__setattr__(self, name, value)

    def __eq__(self, other):
        return isinstance(other, Options) and all(getattr(self, f) == getattr(other, f) for f in self._FIELDS)

    __hash__ = None

    def merge(self, options: "Options") -> "Options":
        out = Options()
        for f in self._FIELDS:
            mine, theirs = getattr(self, f), getattr(options, f)
            if mine is not None and theirs is not None and mine != theirs:
                raise ValueError(f"Cannot merge incompatible values ({mine!r} and {theirs!r}) of option: {f}")
            object.__setattr__(out, f, mine if mine is not None else theirs)
        return out


def _options(self) -> Options:
    return getattr(self, "_nbgraph_options", None) or Options()


def _with_options(self, options: Options) -> Dataset:
    out = Dataset(self._variant_tensor, self._structure, self._types, self._shapes)
    out._nbgraph_options = _options(self).merge(options)
    return out


Dataset.options = _options
Dataset.with_options = _with_options


def _shuffle_and_repeat_kernel(op):
    from ..engine.ops.dataset_transform_ops import _repeat, _shuffle
    shuffle, repeat = _shuffle(op), _repeat(op)  # reshuffled each epoch, as TF's fused op

    def k(ctx, ds, buffer_size, seed, seed2, count):
        return repeat(ctx, shuffle(ctx, ds, buffer_size, seed, seed2), count)
    return k


register("ShuffleAndRepeatDataset", "io", lambda op: [TensorShape([])], _shuffle_and_repeat_kernel, gpu=False,
         doc="a dataset shuffled afresh each time it repeats")
NotDifferentiable("ShuffleAndRepeatDataset")


def shuffle_and_repeat(buffer_size, count=None, seed=None):
    """`tf.data.experimental.shuffle_and_repeat(buffer_size, count=None, seed=None)`: for `Dataset.apply`,
    one `ShuffleAndRepeatDataset` op that reshuffles each epoch."""
    def apply(dataset):
        from ..engine.ops.random_ops import get_seed
        s1, s2 = get_seed(seed)
        if s1 is None:
            s1, s2 = 0, 0
        return dataset._derive("ShuffleAndRepeatDataset",
                               [("buffer_size", buffer_size, _dt.int64), ("seed", s1, _dt.int64),
                                ("seed2", s2, _dt.int64), ("count", -1 if count is None else count, _dt.int64)])
    return apply


def map_and_batch(map_func, batch_size, num_parallel_batches=None, drop_remainder=False, num_parallel_calls=None):
    """`tf.data.experimental.map_and_batch(map_func, batch_size, ...)`: for `Dataset.apply`."""
    if num_parallel_batches is not None and num_parallel_calls is not None:
        raise ValueError("The `num_parallel_batches` and `num_parallel_calls` arguments are mutually exclusive.")
    return lambda dataset: dataset.map(map_func).batch(batch_size, drop_remainder=drop_remainder)


def _to_tfrecord_kernel(op):
    def k(ctx, dataset, filename, compression):
        from ..python_io import TFRecordWriter as _Writer
        name = _names(filename)[0]
        kind = np.asarray(compression).reshape(-1)[0]
        kind = kind.decode() if isinstance(kind, bytes) else str(kind)
        try:
            w = _Writer(name, kind)
        except NotFoundError as e:
            raise KernelError(e.message, NotFoundError) from None
        with w:
            for element in dataset.elements(ctx):
                w.write(np.asarray(element[0]).reshape(-1)[0])
    return k


register("DatasetToTFRecord", "io", lambda op: [], _to_tfrecord_kernel, gpu=False, stateful=True,
         doc="writes a dataset of strings to a TFRecord file")
for _t in ("FixedLengthRecordDatasetV2", "DatasetToTFRecord"):
    NotDifferentiable(_t)


class TFRecordWriter:
    """`tf.data.experimental.TFRecordWriter(filename, compression_type=None)`."""

    def __init__(self, filename, compression_type=None):
        self._filename = convert_to_tensor(filename, dtype=_dt.string, name="filename")
        self._compression_type = convert_to_tensor(compression_type or "", dtype=_dt.string,
                                                   name="compression_type")

    def write(self, dataset: Dataset):
        """The op that writes `dataset` (scalar strings) when run."""
        if not isinstance(dataset, Dataset):
            raise TypeError("`dataset` must be a `tf.data.Dataset` object.")
        if list(dataset.output_types if isinstance(dataset.output_types, (list, tuple))
                else [dataset.output_types]) != [_dt.string] or \
                not dataset._shapes[0].is_compatible_with(TensorShape([])):
            raise TypeError(f"`dataset` must produce scalar `DT_STRING` tensors whereas it produces shape "
                            f"{dataset.output_shapes} and types {dataset.output_types}")
        g = get_default_graph()
        return g.create_op("DatasetToTFRecord", [dataset._variant_tensor, self._filename, self._compression_type],
                           [], name="DatasetToTFRecord")
