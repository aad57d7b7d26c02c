"""TFRecord framing, as TF's event files and record files use it: each record is
`uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)`, little
endian. CRC32C comes from `google-crc32c`. A record whose checksum does not match is a
`DataLossError` naming the file, never silently read.
"""
from __future__ import annotations

import struct
from typing import BinaryIO, Iterator

from ..engine.errors import DataLossError

__all__ = ["crc32c", "masked_crc32c", "encode_record", "read_records", "write_record"]

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


def read_records(path: str) -> Iterator[bytes]:
    """The records of the file at `path`; a truncated or corrupted record is DataLossError."""
    with open(path, "rb") as f:
        offset = 0
        while True:
            header = f.read(12)
            if not header:
                return
            if len(header) < 12:
                raise DataLossError(None, None, f"truncated record at {offset} in {path}")
            length, crc = struct.unpack("<QI", header)
            if masked_crc32c(header[:8]) != crc:
                raise DataLossError(None, None, f"corrupted record at {offset} in {path}")
            body = f.read(length + 4)
            if len(body) < length + 4:
                raise DataLossError(None, None, f"truncated record at {offset} in {path}")
            data, (crc,) = body[:length], struct.unpack("<I", body[length:])
            if masked_crc32c(data) != crc:
                raise DataLossError(None, None, f"corrupted record at {offset} in {path}")
            yield data
            offset += 12 + length + 4
