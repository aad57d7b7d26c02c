"""`tf.python_io` (also under `tf.io`): writing and reading TFRecord files from Python —
`TFRecordWriter`, `tf_record_iterator`, `TFRecordOptions` and `TFRecordCompressionType`.

Records are framed as TF frames them (`nbgraph/formats/records.py`), optionally inside a GZIP
or ZLIB stream, so TF reads what nbgraph writes and the other way round."""
from __future__ import annotations

import gzip
import zlib
from typing import Iterator

from .engine.errors import NotFoundError

__all__ = ["TFRecordWriter", "tf_record_iterator", "TFRecordOptions", "TFRecordCompressionType"]


class TFRecordCompressionType:
    NONE = 0
    ZLIB = 1
    GZIP = 2


_NAMES = {TFRecordCompressionType.NONE: "", TFRecordCompressionType.ZLIB: "ZLIB",
          TFRecordCompressionType.GZIP: "GZIP", None: "", "": "", "ZLIB": "ZLIB", "GZIP": "GZIP"}


class TFRecordOptions:
    """`tf.python_io.TFRecordOptions(compression_type)`: "", "ZLIB", "GZIP" or a TFRecordCompressionType."""

    compression_type_map = {TFRecordCompressionType.ZLIB: "ZLIB", TFRecordCompressionType.GZIP: "GZIP",
                            TFRecordCompressionType.NONE: ""}

    def __init__(self, compression_type=None, flush_mode=None, input_buffer_size=None, output_buffer_size=None,
                 window_bits=None, compression_level=None, compression_method=None, mem_level=None,
                 compression_strategy=None):
        if compression_type not in _NAMES:
            raise ValueError(f'Unsupported compression type: {compression_type!r}: must be one of "", "ZLIB" or '
                             f'"GZIP" (or a TFRecordCompressionType)')
        self.compression_type = compression_type
        self.compression_level = compression_level

    @classmethod
    def get_compression_type_string(cls, options) -> str:
        if not options:
            return ""
        if isinstance(options, TFRecordOptions):
            return _NAMES[options.compression_type]
        return _NAMES[options]


class TFRecordWriter:
    """`tf.python_io.TFRecordWriter(path, options=None)`: appends records to a new TFRecord file."""

    def __init__(self, path, options=None):
        from .formats.records import encode_record
        self._encode = encode_record
        self._path = str(path)
        self._kind = TFRecordOptions.get_compression_type_string(options)
        try:
            raw = open(self._path, "wb")
        except FileNotFoundError:
            raise NotFoundError(None, None, f"Failed to create a NewWriteableFile: {self._path} : No such file or "
                                            f"directory") from None
        except IsADirectoryError:
            raise NotFoundError(None, None, f"Failed to create a NewWriteableFile: {self._path} : Is a "
                                            f"directory") from None
        self._raw = raw
        self._gzip = gzip.GzipFile(fileobj=raw, mode="wb") if self._kind == "GZIP" else None
        self._zlib = zlib.compressobj() if self._kind == "ZLIB" else None
        self._closed = False

    def write(self, record) -> None:
        if self._closed:
            raise RuntimeError(f"TFRecordWriter for {self._path} is closed.")
        data = self._encode(record.encode() if isinstance(record, str) else bytes(record))
        if self._gzip is not None:
            self._gzip.write(data)
        elif self._zlib is not None:
            self._raw.write(self._zlib.compress(data))
        else:
            self._raw.write(data)

    def flush(self) -> None:
        if self._closed:
            return
        if self._gzip is not None:
            self._gzip.flush()
        elif self._zlib is not None:
            self._raw.write(self._zlib.flush(zlib.Z_SYNC_FLUSH))
        self._raw.flush()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._gzip is not None:
            self._gzip.close()
        elif self._zlib is not None:
            self._raw.write(self._zlib.flush())
        self._raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def tf_record_iterator(path, options=None) -> Iterator[bytes]:
    """The records of a TFRecord file, one `bytes` each; a corrupted record is DataLossError."""
    from .formats.records import read_records
    kind = TFRecordOptions.get_compression_type_string(options)
    path = str(path)
    try:
        open(path, "rb").close()
    except FileNotFoundError:
        raise NotFoundError(None, None, f"{path}; No such file or directory") from None
    return read_records(path, kind)
