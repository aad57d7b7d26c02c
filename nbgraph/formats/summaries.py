"""The serialized `Summary` protos TF's summary kernels produce: scalar, histogram (TF's
exponential buckets, empty runs collapsed), image (PNG), audio (WAV), tensor, merge.

Called by the kernels in `engine/ops/summary_ops.py`; pure numpy + protobuf + zlib.
"""
from __future__ import annotations

import bisect
import functools
import struct
import sys
import zlib

import numpy as np

from .protos import pb
from .tensors import make_tensor_proto

__all__ = ["scalar", "histogram", "histogram_proto", "image", "audio", "tensor", "merge", "png", "wav"]

_DBL_MAX = sys.float_info.max


def _tag(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def scalar(tags, values) -> bytes:
    tags, values = np.asarray(tags, dtype=object), np.asarray(values)
    if tags.shape != values.shape:
        raise ValueError(f"tags and values not the same shape: {_fmt(tags.shape)} != {_fmt(values.shape)}")
    s = pb().Summary()
    for t, v in zip(tags.reshape(-1), values.reshape(-1)):
        s.value.add(tag=_tag(t), simple_value=float(v))
    return s.SerializeToString()


def _fmt(shape) -> str:
    return "[" + ",".join(map(str, shape)) + "]"


@functools.lru_cache(maxsize=1)
def _default_limits() -> tuple:
    """TF's default histogram bucket limits (core/lib/histogram/histogram.cc)."""
    pos, v = [], 1.0e-12
    while v < 1.0e20:
        pos.append(v)
        v *= 1.1
    pos.append(_DBL_MAX)
    return tuple([-x for x in reversed(pos)] + [0.0] + pos)


def histogram_proto(values) -> object:
    """A HistogramProto as TF's Histogram::EncodeToProto writes it (empty runs collapsed)."""
    data = np.asarray(values, dtype=np.float64).reshape(-1)
    limits = _default_limits()
    counts = [0.0] * len(limits)
    for x in data:
        counts[min(bisect.bisect_right(limits, x), len(limits) - 1)] += 1.0
    h = pb().HistogramProto(min=float(data.min()) if data.size else _DBL_MAX,
                            max=float(data.max()) if data.size else -_DBL_MAX, num=float(data.size),
                            sum=float(data.sum()), sum_squares=float((data * data).sum()))
    i = 0
    while i < len(counts):
        end, count = limits[i], counts[i]
        i += 1
        if count <= 0.0:
            while i < len(counts) and counts[i] <= 0.0:
                end, count = limits[i], counts[i]
                i += 1
        h.bucket_limit.append(end)
        h.bucket.append(count)
    if not h.bucket:
        h.bucket_limit.append(_DBL_MAX)
        h.bucket.append(0.0)
    return h


def histogram(tag, values) -> bytes:
    data = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(data)):
        kind = "Nan" if np.isnan(data).any() else "Infinity"
        raise ValueError(f"{kind} in summary histogram for: {_tag(np.asarray(tag).item())}")
    s = pb().Summary()
    s.value.add(tag=_tag(np.asarray(tag).item())).histo.CopyFrom(histogram_proto(data))
    return s.SerializeToString()


def png(pixels: np.ndarray) -> bytes:
    """A PNG of an [h, w, c] uint8 array (c = 1 grey, 3 RGB, 4 RGBA), stdlib zlib only."""
    h, w, c = pixels.shape
    color = {1: 0, 2: 4, 3: 2, 4: 6}[c]
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, color, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _to_uint8(images: np.ndarray) -> np.ndarray:
    """TF's ImageSummary scaling for float images: all >= 0 -> largest is 255; otherwise 0 maps
    to 127 and the larger side reaches the edge."""
    if images.dtype == np.uint8:
        return images
    x = images.astype(np.float64)
    out = np.empty(x.shape, dtype=np.uint8)
    for i, img in enumerate(x):
        lo, hi = float(img.min()) if img.size else 0.0, float(img.max()) if img.size else 0.0
        if lo >= 0:
            scale = 255.0 / hi if hi > 0 else 0.0
            offset = 0.0
        else:
            scale = 127.0 / max(-lo, hi) if max(-lo, hi) > 0 else 0.0
            offset = 128.0
        out[i] = np.clip(img * scale + offset, 0, 255).astype(np.uint8)  # C++ cast truncates
    return out


def image(tag, images, max_images: int = 3) -> bytes:
    arr = np.asarray(images)
    if arr.ndim != 4 or arr.shape[-1] not in (1, 3, 4):
        raise ValueError(f"Tensor must be 4-D with last dim 1, 3, or 4, not {_fmt(arr.shape)}")
    base = _tag(np.asarray(tag).item())
    pixels = _to_uint8(arr[:max_images])
    s = pb().Summary()
    for i, img in enumerate(pixels):
        v = s.value.add(tag=f"{base}/image/{i}" if max_images > 1 else f"{base}/image")
        v.image.height, v.image.width, v.image.colorspace = img.shape[0], img.shape[1], img.shape[2]
        v.image.encoded_image_string = png(img)
    return s.SerializeToString()


def wav(samples: np.ndarray, sample_rate: int) -> bytes:
    """16-bit PCM WAV of [frames, channels] floats in [-1, 1] (TF's wav_io encoding)."""
    frames, channels = samples.shape
    pcm = np.round(np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
    header = (b"RIFF" + struct.pack("<I", 36 + len(pcm)) + b"WAVEfmt " +
              struct.pack("<IHHIIHH", 16, 1, channels, sample_rate, sample_rate * channels * 2, channels * 2, 16)
              + b"data" + struct.pack("<I", len(pcm)))
    return header + pcm


def audio(tag, tensor, sample_rate, max_outputs: int = 3) -> bytes:
    arr = np.asarray(tensor, dtype=np.float64)
    if arr.ndim == 2:
        arr = arr[:, :, None]
    if arr.ndim != 3:
        raise ValueError(f"wav must be rank 2 or 3, got shape {_fmt(arr.shape)}")
    rate = float(np.asarray(sample_rate))
    base = _tag(np.asarray(tag).item())
    s = pb().Summary()
    for i, clip in enumerate(arr[:max_outputs]):
        v = s.value.add(tag=f"{base}/audio/{i}" if max_outputs > 1 else f"{base}/audio")
        v.audio.sample_rate, v.audio.num_channels, v.audio.length_frames = rate, clip.shape[1], clip.shape[0]
        v.audio.encoded_audio_string = wav(clip, int(rate))
        v.audio.content_type = "audio/wav"
    return s.SerializeToString()


def tensor(tag, value, serialized_metadata) -> bytes:
    s = pb().Summary()
    v = s.value.add(tag=_tag(np.asarray(tag).item()))
    arr = np.asarray(value)
    v.tensor.CopyFrom(make_tensor_proto(arr) if arr.dtype != object else make_tensor_proto(arr, _string()))
    v.metadata.ParseFromString(bytes(np.asarray(serialized_metadata).item() or b""))
    return s.SerializeToString()


def _string():
    from ..engine import dtypes
    return dtypes.string


def metadata(plugin_name: str = "", content: bytes = b"") -> bytes:
    m = pb().SummaryMetadata()
    if plugin_name:
        m.plugin_data.plugin_name = plugin_name
        if content:
            m.plugin_data.content = content
    return m.SerializeToString()


def merge(*serialized) -> bytes:
    """MergeSummary: one Summary with every value; a tag seen twice is TF's error."""
    out, seen = pb().Summary(), set()
    for blob in serialized:
        for part in np.asarray(blob, dtype=object).reshape(-1):
            s = pb().Summary.FromString(bytes(part))
            for v in s.value:
                if v.tag and v.tag in seen:
                    raise ValueError(f"Duplicate tag {v.tag} found in summary inputs ")
                seen.add(v.tag)
                out.value.add().CopyFrom(v)
    return out.SerializeToString()
