"""TF's V2 checkpoint ("tensor bundle") format, as tensorflow/core/util/tensor_bundle writes it:

- `<prefix>.data-00000-of-00001`: the tensors' bytes, one after another (little endian; strings
  as varint64 lengths, a CRC32C of the lengths, then the bytes);
- `<prefix>.index`: an SSTable (`table.py`) whose key "" holds a BundleHeaderProto and whose
  other keys, the tensor names in byte order, hold BundleEntryProtos (dtype, shape, shard,
  offset, size, masked CRC32C of the bytes).

Writes go to temporary files renamed into place, data first and index last, so a checkpoint
whose `.index` exists is complete. Reads check every checksum: damage is DataLossError
naming the file.

A sharded checkpoint (`Saver(sharded=True)`) is written as one single-shard bundle per device
under a temporary prefix, then `merge_bundles` merges their tables into one `.index` whose
entries name their shard, renames the parts' data files to `<prefix>.data-0000i-of-0000N` and
removes the parts (TF's MergeBundles).
"""
from __future__ import annotations

import os
import struct
import uuid

import numpy as np

from ..engine.errors import DataLossError, InvalidArgumentError, NotFoundError
from .op_attrs import dtype_from_enum, enum_of
from .protos import pb
from .records import crc32c, masked_crc32c
from .table import read_table, write_table
from .tensors import shape_from_proto, shape_proto

__all__ = ["write_bundle", "merge_bundles", "BundleReader", "data_path", "index_path", "TENSOR_BUNDLE_VERSION"]

TENSOR_BUNDLE_VERSION = 1


def data_path(prefix: str, shard: int = 0, num_shards: int = 1) -> str:
    return f"{prefix}.data-{shard:05d}-of-{num_shards:05d}"


def index_path(prefix: str) -> str:
    return f"{prefix}.index"


def _mask(crc: int) -> int:
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def _unmask(masked: int) -> int:
    rot = (masked - 0xA282EAD8) & 0xFFFFFFFF
    return ((rot >> 17) | (rot << 15)) & 0xFFFFFFFF


def _string_bytes(arr: np.ndarray) -> tuple[bytes, int]:
    """(file bytes, checksum) of a string tensor: varint64 lengths, the masked CRC32C of the
    lengths as fixed-width integers (uint32 when they all fit), the bytes. TF's entry checksum
    covers the fixed-width lengths, not the varints."""
    items = [x if isinstance(x, bytes) else str(x).encode() for x in arr.reshape(-1)]
    lengths = bytearray()
    for item in items:
        n = len(item)
        while n >= 0x80:
            lengths.append((n & 0x7F) | 0x80)
            n >>= 7
        lengths.append(n)
    width = "<I" if all(len(i) < 2**32 for i in items) else "<Q"
    fixed = b"".join(struct.pack(width, len(i)) for i in items)
    check = struct.pack("<I", masked_crc32c(fixed))
    body = b"".join(items)
    return bytes(lengths) + check + body, crc32c(fixed + check + body)


def _tensor_bytes(arr: np.ndarray, dtype) -> tuple[bytes, int]:
    if dtype.name == "string":
        return _string_bytes(arr)
    npdt = np.dtype(dtype.as_numpy_dtype).newbyteorder("<")
    raw = np.ascontiguousarray(arr, dtype=npdt).tobytes()
    return raw, crc32c(raw)


def write_bundle(prefix: str, tensors: dict) -> None:
    """Writes {name: (ndarray, DType)} as a V2 checkpoint at `prefix` (temp files, then renames)."""
    _create_dir(os.path.dirname(prefix))
    tag = f".tempstate{uuid.uuid4().int % 10**19}"
    entries, offset = [], 0
    data_tmp, index_tmp = data_path(prefix) + tag, index_path(prefix) + tag
    try:
        with open(data_tmp, "wb") as f:
            for name in sorted(tensors, key=lambda n: n.encode()):
                arr, dtype = tensors[name]
                raw, crc = _tensor_bytes(np.asarray(arr), dtype)
                f.write(raw)
                e = pb().BundleEntryProto(dtype=enum_of(dtype.base_dtype), shard_id=0, offset=offset, size=len(raw),
                                          crc32c=_mask(crc))
                e.shape.CopyFrom(shape_proto(np.shape(arr)))
                entries.append((name.encode(), e.SerializeToString()))
                offset += len(raw)
        header = pb().BundleHeaderProto(num_shards=1, endianness=0)
        header.version.producer = TENSOR_BUNDLE_VERSION
        with open(index_tmp, "wb") as f:
            f.write(write_table([(b"", header.SerializeToString())] + entries))
        os.replace(data_tmp, data_path(prefix))
        os.replace(index_tmp, index_path(prefix))
    except OSError as e:
        for tmp in (data_tmp, index_tmp):
            if os.path.exists(tmp):
                os.remove(tmp)
        raise NotFoundError(None, None, f"{e.filename or prefix}; {e.strerror}") from None


def _create_dir(directory: str) -> None:
    """TF's BundleWriter: `CreateDir(dirname(prefix))`, one level, an existing folder is fine."""
    if not directory or os.path.isdir(directory):
        return
    try:
        os.mkdir(directory)
    except FileExistsError:
        pass
    except OSError as e:
        raise NotFoundError(None, None, f"{directory}; {e.strerror}") from None


def _write_index(prefix: str, num_shards: int, entries: list) -> None:
    header = pb().BundleHeaderProto(num_shards=num_shards, endianness=0)
    header.version.producer = TENSOR_BUNDLE_VERSION
    tmp = index_path(prefix) + f".tempstate{uuid.uuid4().int % 10**19}"
    with open(tmp, "wb") as f:
        f.write(write_table([(b"", header.SerializeToString())] + sorted(entries)))
    os.replace(tmp, index_path(prefix))


def merge_bundles(prefixes: list, merged_prefix: str, delete_old_dirs: bool = True) -> None:
    """Merges the checkpoints at `prefixes` into one at `merged_prefix` (TF's MergeV2Checkpoints):
    data files renamed in order, entries re-numbered by shard, the parts' indexes deleted and,
    with `delete_old_dirs`, their (then empty) folders."""
    _create_dir(os.path.dirname(merged_prefix))
    entries, renames, seen = [], [], set()
    for prefix in prefixes:
        reader = BundleReader(prefix)
        offset = len(renames)
        for name, entry in reader.entries.items():
            if name in seen:
                raise InvalidArgumentError(None, None, f"Duplicate tensor keyed by {name} encountered, when "
                                                       "merging prefix: " + prefix)
            seen.add(name)
            e = pb().BundleEntryProto()
            e.CopyFrom(entry)
            e.shard_id = entry.shard_id + offset
            entries.append((name.encode(), e.SerializeToString()))
        renames += [data_path(prefix, i, reader.num_shards) for i in range(reader.num_shards)]
    try:
        for i, path in enumerate(renames):
            os.replace(path, data_path(merged_prefix, i, len(renames)))
        _write_index(merged_prefix, len(renames), entries)
    except OSError as e:
        raise NotFoundError(None, None, f"{e.filename or merged_prefix}; {e.strerror}") from None
    for prefix in prefixes:   # best effort, as TF: errors here are ignored
        try:
            os.remove(index_path(prefix))
        except OSError:
            pass
    if delete_old_dirs:
        for directory in dict.fromkeys(os.path.dirname(p) for p in prefixes):
            try:
                os.rmdir(directory)
            except OSError:
                pass


class BundleReader:
    """Reads a V2 checkpoint: `entries` (name -> BundleEntryProto), `get(name)`."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        path = index_path(prefix)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            raise NotFoundError(None, None, "Unsuccessful TensorSliceReader constructor: Failed to find any "
                                            f"matching files for {prefix}") from None
        self.entries = {}
        header = None
        for key, value in read_table(data, path):
            try:
                if key == b"":
                    header = pb().BundleHeaderProto.FromString(value)
                else:
                    self.entries[key.decode()] = pb().BundleEntryProto.FromString(value)
            except Exception:
                raise DataLossError(None, None, f"corrupted entry {key!r} in {path}") from None
        if header is None:
            raise DataLossError(None, None, f"no bundle header in {path}")
        if header.endianness != 0:
            raise DataLossError(None, None, f"big-endian checkpoints are not supported: {path}")
        self.num_shards = header.num_shards
        self._data = {}

    def shape(self, name: str) -> list:
        return shape_from_proto(self.entries[name].shape).as_list()

    def dtype(self, name: str):
        return dtype_from_enum(self.entries[name].dtype)

    def _shard(self, shard_id: int) -> bytes:
        if shard_id not in self._data:
            path = data_path(self.prefix, shard_id, self.num_shards)
            try:
                with open(path, "rb") as f:
                    self._data[shard_id] = f.read()
            except OSError:
                raise NotFoundError(None, None, f"{path}; No such file or directory") from None
        return self._data[shard_id]

    def get(self, name: str) -> np.ndarray:
        """The tensor `name`; NotFoundError when absent, DataLossError when damaged."""
        e = self.entries.get(name)
        if e is None:
            raise NotFoundError(None, None, f"Key {name} not found in checkpoint")
        if e.slices:
            raise DataLossError(None, None, f"partitioned tensor {name} in {self.prefix}: nbgraph reads whole tensors")
        data = self._shard(e.shard_id)
        path = data_path(self.prefix, e.shard_id, self.num_shards)
        raw = data[e.offset:e.offset + e.size]
        if len(raw) != e.size:
            raise DataLossError(None, None, f"truncated data for tensor {name} in {path}")
        dtype, shape = dtype_from_enum(e.dtype), self.shape(name)
        try:
            value = _parse_strings(raw, shape) if dtype.name == "string" else None
        except IndexError:
            value = None
        got = _tensor_bytes(value, dtype)[1] if dtype.name == "string" and value is not None else crc32c(raw)
        if got != _unmask(e.crc32c):
            raise DataLossError(None, None, f"Checksum does not match: stored {_unmask(e.crc32c)} vs. calculated on "
                                            f"the restored bytes {got} (tensor {name} in {path})")
        if value is not None:
            return value
        npdt = np.dtype(dtype.as_numpy_dtype)
        return np.frombuffer(raw, dtype=npdt.newbyteorder("<")).astype(npdt).reshape(shape)


def _parse_strings(raw: bytes, shape) -> np.ndarray:
    n = int(np.prod(shape)) if shape else 1
    lengths, pos = [], 0
    for _ in range(n):
        value = shift = 0
        while True:
            b = raw[pos]
            pos += 1
            value |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        lengths.append(value)
    pos += 4
    out = np.empty(n, dtype=object)
    for i, length in enumerate(lengths):
        out[i] = raw[pos:pos + length]
        pos += length
    return out.reshape(shape)
