"""`tf.data.experimental.CsvDataset` (TF 1.15): the records of CSV files as tuples of scalars,
one per column of `record_defaults` (a dtype: the column is required; a value: its default)."""
from __future__ import annotations

from ..engine import dtypes as _dt
from ..engine.convert import convert_to_tensor
from ..engine.graph import get_default_graph
from ..engine.ops.array_ops import constant
from ..engine.shapes import TensorShape
from .dataset_ops import Dataset

__all__ = ["CsvDataset"]

_ACCEPTABLE = (_dt.float32, _dt.float64, _dt.int32, _dt.int64, _dt.string)
_DEFAULT_BUFFER_SIZE = 4 * 1024 * 1024


class CsvDataset(Dataset):
    """`tf.data.experimental.CsvDataset(filenames, record_defaults, compression_type=None,
    buffer_size=None, header=False, field_delim=",", use_quote_delim=True, na_value="",
    select_cols=None)`."""

    def __init__(self, filenames, record_defaults, compression_type=None, buffer_size=None, header=False,
                 field_delim=",", use_quote_delim=True, na_value="", select_cols=None):
        g = get_default_graph()
        names = convert_to_tensor(filenames, dtype=_dt.string, name="filenames")
        comp = convert_to_tensor(compression_type or "", dtype=_dt.string, name="compression_type")
        defaults = []
        with g.name_scope("record_defaults"):
            for x in record_defaults:
                if isinstance(x, _dt.DType) and x.base_dtype in _ACCEPTABLE:
                    defaults.append(constant([], dtype=x))
                else:  # another dtype fails to convert, as in TF
                    defaults.append(convert_to_tensor(x))
        for t in defaults:
            if t.dtype.base_dtype not in _ACCEPTABLE:
                raise TypeError(f"Value passed to parameter 'record_defaults' has DataType {t.dtype.base_dtype.name} "
                                "not in list of allowed values: float32, float64, int32, int64, string")
        size = convert_to_tensor(_DEFAULT_BUFFER_SIZE if buffer_size is None else buffer_size, dtype=_dt.int64,
                                 name="buffer_size")
        inputs = [names, comp, size,
                  convert_to_tensor(header, dtype=_dt.bool_, name="header"),
                  convert_to_tensor(field_delim, dtype=_dt.string, name="field_delim"),
                  convert_to_tensor(use_quote_delim, dtype=_dt.bool_, name="use_quote_delim"),
                  convert_to_tensor(na_value, dtype=_dt.string, name="na_value"),
                  convert_to_tensor([] if select_cols is None else select_cols, dtype=_dt.int64, name="select_cols")]
        types = [t.dtype.base_dtype for t in defaults]
        shapes = [TensorShape([]) for _ in types]
        v = g.create_op("ExperimentalCSVDataset", inputs + defaults, [_dt.variant], name="ExperimentalCSVDataset",
                        attrs={"output_types": types, "output_shapes": shapes})._outputs[0]
        super().__init__(v, tuple(None for _ in types), types, shapes)
