"""TFRecord framing, as TF's event files and record files use it: each record is
`uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)`, little
endian. CRC32C comes from `google-crc32c`. A record whose checksum does not match is a
`DataLossError` naming the file, never silently read.
"""
from __future__ import annotations

import struct
from typing import BinaryIO, Iterator

from ..engine.errors import DataLossError

__all__ = ["crc32c", "masked_crc32c", "encode_record", "read_records", "iter_records", "write_record",
           "compress", "decompress"]

_MASK_DELTA = 0xA282EAD8


def crc32c(data: bytes) -> int:
    import google_crc32c
    return google_crc32c.value(bytes(data))


def masked_crc32c(data: bytes) -> int:
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def encode_record(data: bytes) -> bytes:
    header = struct.pack("<Q", len(data))
    return header + struct.pack("<I", masked_crc32c(header)) + data + struct.pack("<I", masked_crc32c(data))


def write_record(f: BinaryIO, data: bytes) -> None:
    f.write(encode_record(data))


def read_records(path: str, compression: str = "") -> Iterator[bytes]:
    """The records of the file at `path`; a truncated or corrupted record is DataLossError."""
    if compression:
        with open(path, "rb") as f:
            for _, record in iter_records(decompress(f.read(), compression, path), path):
                yield record
        return
    with open(path, "rb") as f:
        offset = 0
        while True:
            header = f.read(12)
            if not header:
                return
            length = _check_header(header, offset, path)
            body = f.read(length + 4)
            yield _check_body(body, length, offset, path)
            offset += 12 + length + 4


def iter_records(data: bytes, path: str) -> Iterator[tuple[int, bytes]]:
    """(offset, record) for each record of a whole file's bytes (already decompressed)."""
    offset = 0
    while offset < len(data):
        length = _check_header(data[offset:offset + 12], offset, path)
        body = data[offset + 12:offset + 12 + length + 4]
        yield offset, _check_body(body, length, offset, path)
        offset += 12 + length + 4


def decompress(data: bytes, compression: str, path: str) -> bytes:
    """A TFRecord file's bytes under TF's `compression_type` ("", "ZLIB" or "GZIP")."""
    import gzip
    import zlib
    try:
        if compression == "GZIP":
            return gzip.decompress(data)
        if compression == "ZLIB":
            return zlib.decompress(data)
    except (OSError, EOFError, zlib.error) as e:
        raise DataLossError(None, None, f"corrupted {compression} data in {path}: {e}") from None
    if compression:
        from ..engine.errors import InvalidArgumentError
        raise InvalidArgumentError(None, None, f"Unsupported compression_type: {compression}. Supported "
                                               f"compression types: ZLIB, GZIP, and \"\" (no compression).")
    return data


def compress(data: bytes, compression: str) -> bytes:
    import gzip
    import zlib
    if compression == "GZIP":
        return gzip.compress(data)
    if compression == "ZLIB":
        return zlib.compress(data)
    return data


def _check_header(header: bytes, offset: int, path: str) -> int:
    if len(header) < 12:
        raise DataLossError(None, None, f"truncated record at {offset} in {path}")
    length, crc = struct.unpack("<QI", header)
    if masked_crc32c(header[:8]) != crc:
        raise DataLossError(None, None, f"corrupted record at {offset} in {path}")
    return length


def _check_body(body: bytes, length: int, offset: int, path: str) -> bytes:
    if len(body) < length + 4:
        raise DataLossError(None, None, f"truncated record at {offset} in {path}")
    data, (crc,) = body[:length], struct.unpack("<I", body[length:])
    if masked_crc32c(data) != crc:
        raise DataLossError(None, None, f"corrupted record at {offset} in {path}")
    return data
