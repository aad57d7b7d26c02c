"""`ExperimentalCSVDataset`, the op behind `tf.data.experimental.CsvDataset` (TF 1.15): the
records of CSV files, each a tuple of scalars typed by `record_defaults`.

A record ends at a newline outside quotes (a quoted field may span lines, `""` is a quote
inside one); `header` skips each file's first record; `select_cols` (strictly increasing) keeps
those columns; an empty field or one equal to `na_value` takes its column's default, and a
column whose default is empty (`record_defaults` gave a dtype) must be present."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..grad_registry import NotDifferentiable
from .common import KernelError, parse_number
from .data_ops import DatasetValue, _dataset
from .io_ops import _TYPE_NAMES, _read

__all__ = ["csv_records"]


def csv_records(data: bytes, quotes: bool) -> list[bytes]:
    """The records of a CSV file's bytes: split at newlines outside quotes, `\\r\\n` as `\\n`."""
    if not quotes or b'"' not in data:
        lines = data.split(b"\n")
    else:
        lines, start, inside = [], 0, False
        for i, c in enumerate(data):
            if c == 0x22:  # '"'
                inside = not inside
            elif c == 0x0A and not inside:
                lines.append(data[start:i])
                start = i + 1
        lines.append(data[start:])
    if lines and lines[-1] == b"":
        lines.pop()
    return [ln[:-1] if ln.endswith(b"\r") else ln for ln in lines]


def _fields(rec: bytes, delim: bytes, quotes: bool) -> list[bytes]:
    if not quotes:
        return rec.split(delim)
    fields, i, n = [], 0, len(rec)
    while True:
        if i < n and rec[i:i + 1] == b'"':
            j, buf = i + 1, bytearray()
            while True:
                if j >= n:
                    raise KernelError("Reached end of file without closing quoted field in record")
                c = rec[j:j + 1]
                if c == b'"':
                    if rec[j + 1:j + 2] == b'"':
                        buf += b'"'
                        j += 2
                        continue
                    j += 1
                    break
                buf += c
                j += 1
            if j < n and rec[j:j + 1] != delim:
                raise KernelError("Quote inside a string has to be escaped by another quote")
            fields.append(bytes(buf))
            if j >= n:
                return fields
            i = j + 1
        else:
            j = rec.find(delim, i)
            fields.append(rec[i:] if j < 0 else rec[i:j])
            if j < 0:
                return fields
            i = j + 1


def _csv_dataset(op):
    dtypes = op._attrs["output_types"]

    def k(ctx, filenames, compression, buffer_size, header, field_delim, use_quote_delim, na_value, select_cols,
          *defaults):
        names = [f.decode() if isinstance(f, bytes) else str(f) for f in np.reshape(filenames, -1)]
        delim = field_delim.item() if isinstance(field_delim, np.ndarray) else field_delim
        delim = delim if isinstance(delim, bytes) else str(delim).encode()
        if len(delim) != 1:
            raise KernelError("field_delim should be only 1 char")
        na = na_value.item() if isinstance(na_value, np.ndarray) else na_value
        na = na if isinstance(na, bytes) else str(na).encode()
        quotes, skip_header = bool(use_quote_delim), bool(header)
        select = [int(c) for c in np.reshape(select_cols, -1)]
        if select and len(select) != len(dtypes):
            raise KernelError("select_cols should match output size")
        if any(a >= b for a, b in zip(select, select[1:])):
            raise KernelError("select_cols should be strictly increasing")
        for d, dt in zip(defaults, dtypes):
            if np.size(d) > 1:
                raise KernelError("Each record default should be at most rank 1")

        def parse(field, col, dt, default):
            if field == b"" or field == na:
                if np.size(default) == 0:
                    raise KernelError(f"Field {col} is required but missing in record!")
                return np.reshape(default, -1)[0]
            if dt is _dt.string:
                return np.array(field, dtype=object)
            try:
                return dt.as_numpy_dtype(parse_number(field, dt))
            except ValueError:
                raise KernelError(f"Field {col} in record is not a valid {_TYPE_NAMES[dt]}: "
                                  f"{field.decode('utf-8', 'replace')}") from None

        def gen(ctx):
            for name in names:
                records = csv_records(_read(name), quotes)
                for rec in records[1:] if skip_header else records:
                    fields = _fields(rec, delim, quotes)
                    if select:
                        if len(fields) <= select[-1]:
                            raise KernelError(f"Expect {len(dtypes)} fields but have {len(fields)} in record")
                        fields = [fields[c] for c in select]
                    elif len(fields) > len(dtypes):
                        raise KernelError(f"Expect {len(dtypes)} fields but have more in record")
                    elif len(fields) < len(dtypes):
                        raise KernelError(f"Expect {len(dtypes)} fields but have {len(fields)} in record")
                    yield tuple(parse(f, col, dt, d) for col, (f, dt, d) in enumerate(zip(fields, dtypes, defaults)))
        return DatasetValue(gen)
    return k


_dataset("ExperimentalCSVDataset", _csv_dataset, "a dataset of the typed records of CSV files")
NotDifferentiable("ExperimentalCSVDataset")
