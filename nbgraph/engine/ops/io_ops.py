"""Input ops: `DecodeCSV`, `ReadFile`/`WriteFile`, and the readers (`TextLineReaderV2`,
`WholeFileReaderV2`) that take file names from a queue and produce (key, value) records.

A reader is a per-session resource (`engine/resources.py`). `ReaderReadV2` keeps reading the
current file; when it is used up it dequeues the next name from the queue (blocking as a
dequeue does), and a closed, empty queue ends it with the queue's `OutOfRangeError`.
"""
from __future__ import annotations

import threading

import numpy as np

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..errors import FailedPreconditionError, NotFoundError, OpError, OutOfRangeError
from ..graph import get_default_graph, graph_of
from ..registry import register
from ..resources import get_or_create, unique_resource_name
from ..shapes import TensorShape
from ..tensor import Operation, Tensor
from .common import KernelError, parse_number
from .script_ops import py_func  # noqa: F401  (tf.py_func, re-exported)

__all__ = ["decode_csv", "read_file", "write_file", "matching_files", "ReaderBase", "TextLineReader", "WholeFileReader",
           "TFRecordReader"]


# -- DecodeCSV -------------------------------------------------------------------------------
def _split_record(rec: bytes, delim: bytes, quotes: bool, row: int):
    if not quotes:
        return rec.split(delim)
    fields, i, n = [], 0, len(rec)
    while True:
        if quotes and i < n and rec[i:i + 1] == b'"':
            j, buf = i + 1, bytearray()
            while True:
                if j >= n:
                    raise KernelError(f"Quoted field has to end with quote followed by delim or end")
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
                raise KernelError(f"Quoted field has to end with quote followed by delim or end")
            fields.append(bytes(buf))
            i = j + 1
            if j >= n:
                return fields
        else:
            j = rec.find(delim, i)
            field = rec[i:] if j < 0 else rec[i:j]
            if quotes and b'"' in field:
                raise KernelError(f"Unquoted fields cannot have quotes/CRLFs inside")
            fields.append(field)
            if j < 0:
                return fields
            i = j + 1


_TYPE_NAMES = {_dt.int32: "int32", _dt.int64: "int64", _dt.float32: "float", _dt.float64: "double"}


def _parse(field: bytes, dt, col, row):
    try:
        return parse_number(field, dt)
    except ValueError:
        text = field.decode("utf-8", "replace")
        raise KernelError(f"Field {col} in record {row} is not a valid {_TYPE_NAMES[dt]}: {text}") from None


def _decode_csv_kernel(op):
    delim = op._attrs["field_delim"].encode()
    quotes = op._attrs["use_quote_delim"]
    na = op._attrs["na_value"].encode()
    dtypes = op._attrs["OUT_TYPE"]
    select = op._attrs.get("select_cols") or None

    def k(ctx, records, *defaults):
        if len(delim) != 1:
            raise KernelError("field_delim should be only 1 char")
        recs = np.asarray(records, dtype=object)
        flat = recs.reshape(-1)
        outs = [np.empty(flat.shape, dtype=dt.as_numpy_dtype) for dt in dtypes]
        for row, rec in enumerate(flat):
            rec = rec.encode() if isinstance(rec, str) else rec
            fields = _split_record(rec, delim, quotes, row)
            if select:
                if len(fields) <= select[-1]:
                    raise KernelError(f"Expect {len(dtypes)} fields but have {len(fields)} in record {row}")
                fields = [fields[c] for c in select]
            if len(fields) != len(dtypes):
                raise KernelError(f"Expect {len(dtypes)} fields but have {len(fields)} in record {row}")
            for col, (field, dt, default) in enumerate(zip(fields, dtypes, defaults)):
                if field == b"" or field == na:
                    if np.size(default) == 0:
                        raise KernelError(f"Field {col} is required but missing in record {row}!")
                    outs[col][row] = np.reshape(default, -1)[0]
                elif dt is _dt.string:
                    outs[col][row] = field
                else:
                    outs[col][row] = _parse(field, dt, col, row)
        result = tuple(o.reshape(recs.shape) for o in outs)
        return result if len(result) != 1 else result[0]
    return k


def _decode_csv_shape(op):
    return [op._inputs[0]._shape for _ in op._outputs]


register("DecodeCSV", "io", _decode_csv_shape, _decode_csv_kernel, gpu=False,
         doc="splits CSV records into typed columns")


def decode_csv(records, record_defaults, field_delim=",", use_quote_delim=True, name=None, na_value="",
               select_cols=None) -> list:
    """`tf.decode_csv`: one output tensor per column, typed by `record_defaults`."""
    if select_cols is not None and any(select_cols[i] >= select_cols[i + 1] for i in range(len(select_cols) - 1)):
        raise ValueError("select_cols is not strictly increasing.")
    if select_cols is not None and len(select_cols) != len(record_defaults):
        raise ValueError("Length of select_cols and record_defaults do not match.")
    g = graph_of([records] + [d for d in record_defaults])
    with g.as_default(), g.name_scope(name or "DecodeCSV") as scope:
        recs = convert_to_tensor(records, dtype=_dt.string, name="records")
        defaults = []
        for i, d in enumerate(record_defaults):
            t = convert_to_tensor(d, name=f"record_defaults_{i}")
            if t.dtype.base_dtype not in (_dt.int32, _dt.int64, _dt.float32, _dt.float64, _dt.string):
                raise TypeError(f"Value passed to parameter 'record_defaults' has DataType "
                                f"{t.dtype.base_dtype.name} not in list of allowed values: float32, float64, "
                                f"int32, int64, string")
            defaults.append(t)
        types = [t.dtype.base_dtype for t in defaults]
        op = g.create_op("DecodeCSV", [recs] + defaults, types, name=scope,
                         attrs={"OUT_TYPE": types, "field_delim": field_delim, "use_quote_delim": bool(use_quote_delim),
                                "na_value": na_value, "select_cols": list(select_cols or [])})
    return list(op._outputs)


# -- files -----------------------------------------------------------------------------------
def _read(name):
    name = name.decode() if isinstance(name, bytes) else str(name)
    try:
        with open(name, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise KernelError(f"{name}; No such file or directory", NotFoundError) from None
    except IsADirectoryError:
        raise KernelError(f"{name}; Is a directory", FailedPreconditionError) from None


def _write_kernel(op):
    def k(ctx, filename, contents):
        name = filename.decode() if isinstance(filename, bytes) else str(filename)
        with open(name, "wb") as f:
            f.write(contents if isinstance(contents, bytes) else str(contents).encode())
    return k


def _matching_files_kernel(op):
    def k(ctx, pattern):
        import glob
        names = set()
        for p in np.reshape(pattern, -1):
            names.update(glob.glob(p.decode() if isinstance(p, bytes) else str(p)))
        out = np.empty(len(names), dtype=object)
        for i, n in enumerate(sorted(names)):
            out[i] = n.encode()
        return out
    return k


register("MatchingFiles", "io", lambda op: [TensorShape([None])], _matching_files_kernel, gpu=False,
         stateful=True, doc="lists the files a glob pattern matches")


def matching_files(pattern, name=None) -> Tensor:
    """`tf.matching_files(pattern)`: the sorted names of the files matching a glob."""
    g = graph_of([pattern])
    with g.as_default(), g.name_scope(name or "MatchingFiles") as scope:
        t = convert_to_tensor(pattern, dtype=_dt.string, name="pattern")
        return g.create_op("MatchingFiles", [t], [_dt.string], name=scope)._outputs[0]


register("ReadFile", "io", lambda op: [TensorShape([])],
         lambda op: (lambda ctx, filename: np.array(_read(np.asarray(filename).item()), dtype=object)),
         gpu=False, stateful=False, doc="reads a whole file into a string")
register("WriteFile", "io", lambda op: [], _write_kernel, gpu=False, stateful=True, doc="writes a string to a file")


def read_file(filename, name=None) -> Tensor:
    g = graph_of([filename])
    with g.as_default(), g.name_scope(name or "ReadFile") as scope:
        t = convert_to_tensor(filename, dtype=_dt.string, name="filename")
        return g.create_op("ReadFile", [t], [_dt.string], name=scope)._outputs[0]


def write_file(filename, contents, name=None) -> Operation:
    g = graph_of([filename, contents])
    with g.as_default(), g.name_scope(name or "WriteFile") as scope:
        f = convert_to_tensor(filename, dtype=_dt.string, name="filename")
        c = convert_to_tensor(contents, dtype=_dt.string, name="contents")
        return g.create_op("WriteFile", [f, c], [], name=scope)


# -- readers ---------------------------------------------------------------------------------
class _ReaderState:
    """One session's reader: the records left of the current file, and counters."""

    def __init__(self, op):
        self.name = unique_resource_name(op)  # TF numbers readers with queues (`_1_TextLineReaderV2`)
        self.whole = op._type == "WholeFileReaderV2"
        self.kind = op._type
        self.compression = op._attrs.get("compression_type", "")
        self.skip = op._attrs.get("skip_header_lines", 0)
        self.lock = threading.Lock()
        self.pending = []
        self.records = 0
        self.files = 0

    def __repr__(self):
        return f"<{self.kind[:-2]}: {self.records} records>"

    def _next_file(self, ctx, queue):
        name = queue.dequeue(ctx, None)[0]
        name = name.item() if isinstance(name, np.ndarray) else name
        data = _read(name)
        text = name.decode() if isinstance(name, bytes) else str(name)
        self.files += 1
        if self.whole:
            return [(text.encode(), data)]
        if self.kind == "TFRecordReaderV2":  # keyed `file:offset`, as TF keys records
            from ...formats.records import decompress, iter_records
            try:
                return [(f"{text}:{offset}".encode(), rec)
                        for offset, rec in iter_records(decompress(data, self.compression, text), text)]
            except OpError as e:
                raise KernelError(e.message, type(e)) from None
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        lines = [ln[:-1] if ln.endswith(b"\r") else ln for ln in lines]
        return [(f"{text}:{i + 1}".encode(), ln) for i, ln in enumerate(lines) if i >= self.skip]

    def read(self, ctx, queue, n=1):
        with self.lock:
            out = []
            while len(out) < n:
                if not self.pending:
                    try:
                        self.pending = self._next_file(ctx, queue)[::-1]
                    except KernelError as e:
                        if e.cls is OutOfRangeError and out:
                            break
                        raise
                    continue
                out.append(self.pending.pop())
            self.records += len(out)
            return out


def _reader_kernel(op):
    return lambda ctx: get_or_create(ctx, op, lambda: _ReaderState(op))


def _read_kernel(op):
    def k(ctx, reader, queue):
        key, value = reader.read(ctx, queue)[0]
        return np.array(key, dtype=object), np.array(value, dtype=object)
    return k


def _read_up_to_kernel(op):
    def k(ctx, reader, queue, n):
        rows = reader.read(ctx, queue, int(n))
        keys = np.empty(len(rows), dtype=object)
        values = np.empty(len(rows), dtype=object)
        for i, (key, value) in enumerate(rows):
            keys[i], values[i] = key, value
        return keys, values
    return k


def _reset_kernel(op):
    def k(ctx, reader):
        with reader.lock:
            reader.pending, reader.records, reader.files = [], 0, 0
    return k


for _type in ("TextLineReaderV2", "WholeFileReaderV2", "TFRecordReaderV2"):
    register(_type, "io", lambda op: [TensorShape([])], _reader_kernel, gpu=False, stateful=True,
             doc="holds a reader that lives in the session")
register("ReaderReadV2", "io", lambda op: [TensorShape([]), TensorShape([])], _read_kernel, gpu=False,
         stateful=True, doc="reads the next record, taking a new file name from the queue when needed")
register("ReaderReadUpToV2", "io", lambda op: [TensorShape([None]), TensorShape([None])], _read_up_to_kernel,
         gpu=False, stateful=True, doc="reads up to n records")
register("ReaderNumRecordsProducedV2", "io", lambda op: [TensorShape([])],
         lambda op: (lambda ctx, r: np.int64(r.records)), gpu=False, stateful=True,
         doc="counts the records a reader produced")
register("ReaderNumWorkUnitsCompletedV2", "io", lambda op: [TensorShape([])],
         lambda op: (lambda ctx, r: np.int64(r.files)), gpu=False, stateful=True,
         doc="counts the files a reader took from its queue")
register("ReaderResetV2", "io", lambda op: [], _reset_kernel, gpu=False, stateful=True, doc="restarts a reader")


def _queue_ref(queue):
    return queue.queue_ref if hasattr(queue, "queue_ref") else convert_to_tensor(queue)


class ReaderBase:
    """What every reader shares: `read`, `read_up_to`, counters and `reset`."""

    def __init__(self, reader_ref):
        self._reader_ref = reader_ref

    reader_ref = property(lambda self: self._reader_ref)
    supports_serialize = False

    def _op(self, type_, name, inputs, dtypes):
        g = self._reader_ref.graph
        return g.create_op(type_, [self._reader_ref] + inputs, dtypes, name=name or type_)

    def read(self, queue, name=None) -> tuple:
        op = self._op("ReaderReadV2", name, [_queue_ref(queue)], [_dt.string, _dt.string])
        return op._outputs[0], op._outputs[1]

    def read_up_to(self, queue, num_records, name=None) -> tuple:
        g = self._reader_ref.graph
        with g.as_default(), g.name_scope(name or "ReaderReadUpToV2") as scope:
            n = convert_to_tensor(num_records, dtype=_dt.int64, name="num_records")
            op = g.create_op("ReaderReadUpToV2", [self._reader_ref, _queue_ref(queue), n],
                             [_dt.string, _dt.string], name=scope)
        return op._outputs[0], op._outputs[1]

    def num_records_produced(self, name=None) -> Tensor:
        return self._op("ReaderNumRecordsProducedV2", name, [], [_dt.int64])._outputs[0]

    def num_work_units_completed(self, name=None) -> Tensor:
        return self._op("ReaderNumWorkUnitsCompletedV2", name, [], [_dt.int64])._outputs[0]

    def reset(self, name=None) -> Operation:
        return self._op("ReaderResetV2", name, [], [])


class TextLineReader(ReaderBase):
    """`tf.TextLineReader(skip_header_lines=None)`: one record per line, keyed `file:line`."""

    def __init__(self, skip_header_lines=None, name=None):
        ref = get_default_graph().create_op(
            "TextLineReaderV2", [], [_dt.resource], name=name or "TextLineReaderV2",
            attrs={"skip_header_lines": int(skip_header_lines or 0), "container": "", "shared_name": ""})
        super().__init__(ref._outputs[0])


class TFRecordReader(ReaderBase):
    """`tf.TFRecordReader(options=None)`: one record per TFRecord, keyed `file:offset`."""

    def __init__(self, name=None, options=None):
        compression = _compression_name(options)
        ref = get_default_graph().create_op("TFRecordReaderV2", [], [_dt.resource], name=name or "TFRecordReaderV2",
                                            attrs={"container": "", "shared_name": "",
                                                   "compression_type": compression})
        super().__init__(ref._outputs[0])


def _compression_name(options) -> str:
    if options is None:
        return ""
    kind = getattr(options, "compression_type", options)
    return {None: "", 0: "", 1: "ZLIB", 2: "GZIP"}.get(kind, kind) or ""


class WholeFileReader(ReaderBase):
    """`tf.WholeFileReader()`: one record per file, keyed by its name."""

    def __init__(self, name=None):
        ref = get_default_graph().create_op("WholeFileReaderV2", [], [_dt.resource], name=name or "WholeFileReaderV2",
                                            attrs={"container": "", "shared_name": ""})
        super().__init__(ref._outputs[0])


