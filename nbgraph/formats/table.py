"""The leveldb-style SSTable TF's checkpoint `.index` files are (tensorflow/core/lib/io/table*):
sorted key/value entries in prefix-compressed blocks with restart points, each block followed
by a compression byte (0: none, as TF's BundleWriter writes) and a masked CRC32C; then a
metaindex block, an index block of block handles, and a 48-byte footer with the magic number.

`write_table` builds one from sorted (key, value) pairs; `read_table` yields them back and
reports a checksum mismatch or a truncated file as DataLossError naming the file.
"""
from __future__ import annotations

import struct
from typing import Iterable, Iterator

from ..engine.errors import DataLossError
from .records import masked_crc32c

__all__ = ["write_table", "read_table", "TABLE_MAGIC"]

TABLE_MAGIC = 0xDB4775248B80FB57
_BLOCK_SIZE = 262144          # TF's table::Options defaults
_RESTART_INTERVAL = 16
_FOOTER_LEN = 48              # two BlockHandles padded to 40 bytes + 8 bytes of magic


def _varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        if pos >= len(buf):
            raise IndexError("varint runs past the end of the block")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


class _BlockBuilder:
    def __init__(self):
        self.buf = bytearray()
        self.restarts = [0]
        self.counter = 0
        self.last_key = b""

    def add(self, key: bytes, value: bytes) -> None:
        shared = 0
        if self.counter < _RESTART_INTERVAL:
            limit = min(len(self.last_key), len(key))
            while shared < limit and self.last_key[shared] == key[shared]:
                shared += 1
        else:
            self.restarts.append(len(self.buf))
            self.counter = 0
        self.buf += _varint(shared) + _varint(len(key) - shared) + _varint(len(value)) + key[shared:] + value
        self.last_key = key
        self.counter += 1

    def finish(self) -> bytes:
        return bytes(self.buf) + b"".join(struct.pack("<I", r) for r in self.restarts) + \
            struct.pack("<I", len(self.restarts))

    def size(self) -> int:
        return len(self.buf) + 4 * len(self.restarts) + 4

    def empty(self) -> bool:
        return not self.buf


def write_table(entries: Iterable[tuple[bytes, bytes]]) -> bytes:
    """The bytes of an SSTable holding `entries` (keys strictly increasing)."""
    out = bytearray()
    index = _BlockBuilder()

    def emit(contents: bytes) -> bytes:
        handle = _varint(len(out)) + _varint(len(contents))
        out.extend(contents + b"\x00" + struct.pack("<I", masked_crc32c(contents + b"\x00")))
        return handle

    block, last = _BlockBuilder(), None
    for key, value in entries:
        if last is not None and key <= last:
            raise ValueError(f"table keys must be strictly increasing: {key!r} after {last!r}")
        block.add(key, value)
        last = key
        if block.size() >= _BLOCK_SIZE:
            index.add(key, emit(block.finish()))
            block = _BlockBuilder()
    if not block.empty():
        index.add(last, emit(block.finish()))
    meta_handle = emit(_BlockBuilder().finish())
    index_handle = emit(index.finish())
    footer = (meta_handle + index_handle).ljust(40, b"\x00") + struct.pack("<II", TABLE_MAGIC & 0xFFFFFFFF,
                                                                           TABLE_MAGIC >> 32)
    return bytes(out) + footer


def _block_entries(block: bytes) -> Iterator[tuple[bytes, bytes]]:
    (num_restarts,) = struct.unpack_from("<I", block, len(block) - 4)
    end = len(block) - 4 - 4 * num_restarts
    pos, key = 0, b""
    while pos < end:
        shared, pos = _read_varint(block, pos)
        non_shared, pos = _read_varint(block, pos)
        value_len, pos = _read_varint(block, pos)
        key = key[:shared] + block[pos:pos + non_shared]
        pos += non_shared
        yield key, block[pos:pos + value_len]
        pos += value_len


def _read_block(data: bytes, handle: bytes, pos: int, path: str) -> tuple[bytes, int]:
    offset, pos = _read_varint(handle, pos)
    size, pos = _read_varint(handle, pos)
    if offset + size + 5 > len(data):
        raise DataLossError(None, None, f"truncated block read in {path}")
    contents = data[offset:offset + size]
    kind = data[offset + size:offset + size + 1]
    (crc,) = struct.unpack_from("<I", data, offset + size + 1)
    if masked_crc32c(contents + kind) != crc:
        raise DataLossError(None, None, f"block checksum mismatch in {path}")
    if kind != b"\x00":
        raise DataLossError(None, None, f"bad block type {kind[0]} (nbgraph reads uncompressed tables) in {path}")
    return contents, pos


def read_table(data: bytes, path: str) -> Iterator[tuple[bytes, bytes]]:
    """The (key, value) entries of the SSTable `data` read from `path`, in key order."""
    if len(data) < _FOOTER_LEN:
        raise DataLossError(None, None, f"file is too short to be an sstable: {path}")
    footer = data[-_FOOTER_LEN:]
    lo, hi = struct.unpack_from("<II", footer, 40)
    if (hi << 32 | lo) != TABLE_MAGIC:
        raise DataLossError(None, None, f"not an sstable (bad magic number): {path}")
    try:
        pos = _read_varint(footer, _read_varint(footer, 0)[1])[1]  # skip the metaindex handle
        index, _ = _read_block(data, footer, pos, path)
        for _, handle in _block_entries(index):
            block, _ = _read_block(data, handle, 0, path)
            yield from _block_entries(block)
    except (IndexError, struct.error):
        raise DataLossError(None, None, f"corrupted sstable: {path}") from None
