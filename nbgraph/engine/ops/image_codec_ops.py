"""Image files to tensors and back: `tf.image.decode_jpeg`, `decode_png`, `decode_gif`,
`decode_bmp`, `decode_image`, `encode_jpeg`, `encode_png` (TF 1.15's op types, attrs, shapes and
error texts).

The codecs are Pillow's (a well-kept library, loaded when such an op first runs). PNG, GIF and
BMP decode to exactly TF's pixels; JPEG is lossy and Pillow's decoder may differ from TF's
libjpeg-turbo by a grey level here and there."""
from __future__ import annotations

import io

import numpy as np

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..graph import graph_of
from ..grad_registry import NotDifferentiable
from ..registry import register
from ..shapes import TensorShape, unknown_shape
from .common import KernelError

__all__ = ["decode_jpeg", "decode_png", "decode_gif", "decode_bmp", "decode_image", "encode_jpeg", "encode_png"]


def _pil():
    try:
        from PIL import Image
    except ImportError as e:  # pragma: no cover - pillow is a dependency
        raise KernelError(f"decoding images needs Pillow ({e}): pip install pillow") from None
    return Image


def _bytes(v) -> bytes:
    v = v.item() if isinstance(v, np.ndarray) else v
    return v if isinstance(v, bytes) else str(v).encode()


def _kind(data: bytes) -> str | None:
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:3] == b"GIF":
        return "GIF"
    if data[:2] == b"BM":
        return "BMP"
    return None


def _gray(img) -> np.ndarray:
    """libpng's RGB to grey as TF asks for it (0.299, 0.587, 0.114 in 15-bit fixed point, truncated)."""
    rgb = np.asarray(img.convert("RGB")).astype(np.int64)
    return ((9798 * rgb[..., 0] + 19235 * rgb[..., 1] + 3735 * rgb[..., 2]) >> 15).astype(np.uint8)


def _to_array(img, channels: int, dtype=np.uint8) -> np.ndarray:
    if channels == 1 and img.mode not in ("L", "I;16", "LA"):
        return np.ascontiguousarray(_gray(img)[..., None].astype(dtype))
    if channels == 1:
        img = img.convert("L") if img.mode not in ("L", "I;16") else img
    elif channels == 3:
        img = img.convert("RGB")
    elif channels == 4:
        img = img.convert("RGBA")
    elif img.mode not in ("L", "RGB", "RGBA", "I;16", "LA"):
        img = img.convert("RGBA" if "A" in img.mode or "transparency" in img.info else "RGB")
    if img.mode == "LA":
        img = img.convert("RGBA") if channels in (0, 4) else img
    arr = np.asarray(img)
    if arr.ndim == 2:
        arr = arr[..., None]
    if dtype == np.uint16 and arr.dtype == np.uint8:
        arr = arr.astype(np.uint16) * 257  # TF widens 8-bit PNGs this way
    return np.ascontiguousarray(arr.astype(dtype, copy=False))


def _decoder(kind: str):
    def make(op):
        channels = op._attrs.get("channels", 0)
        out = op._outputs[0]._dtype.as_numpy_dtype

        def k(ctx, contents):
            data = _bytes(contents)
            found = _kind(data)
            if kind != "any" and found != kind and not (kind == "JPEG" and found is None):
                if kind == "PNG":
                    raise KernelError(f"Invalid PNG data, size {len(data)}")
                if kind == "GIF":
                    raise KernelError(f"Invalid GIF data (size {len(data)}), "
                                      f"{'empty input' if not data else 'unexpected file format'}")
                if kind == "BMP":
                    raise KernelError("Malformed BMP: invalid magic number" if data else "Malformed BMP: input is empty")
            if kind == "any" and found is None:
                raise KernelError("Unknown image file format. One of JPEG, PNG, GIF, BMP required.")
            try:
                img = _pil().open(io.BytesIO(data))
                if channels == 1 and img.format == "JPEG":
                    img.draft("L", img.size)  # libjpeg's own grey: the luma plane, as TF decodes it
                img.load()
            except KernelError:
                raise
            except Exception:  # noqa: BLE001 - Pillow's many decode errors: TF says which format failed
                if (found or kind) == "JPEG":
                    raise KernelError(f"Invalid JPEG data or crop window, data size {len(data)}") from None
                raise KernelError(f"Invalid {found or kind} data, size {len(data)}") from None
            if (kind == "GIF") or (kind == "any" and found == "GIF"):
                frames = []
                for i in range(getattr(img, "n_frames", 1)):
                    img.seek(i)
                    frames.append(_to_array(img, 3))
                arr = np.stack(frames)
                return arr if kind == "GIF" or op._attrs.get("expand_animations", True) else arr[0]
            return _to_array(img, channels, out)
        return k
    return make


def _image_shape(op):
    c = op._attrs.get("channels", 0)
    return [TensorShape([None, None, c or None])]


register("DecodeJpeg", "io", _image_shape, _decoder("JPEG"), gpu=False, doc="decodes a JPEG file into pixels")
register("DecodePng", "io", _image_shape, _decoder("PNG"), gpu=False, doc="decodes a PNG file into pixels")
register("DecodeBmp", "io", _image_shape, _decoder("BMP"), gpu=False, doc="decodes a BMP file into pixels")
register("DecodeGif", "io", lambda op: [TensorShape([None, None, None, 3])], _decoder("GIF"), gpu=False,
         doc="decodes a GIF file into frames")
register("DecodeImage", "io", lambda op: [unknown_shape()], _decoder("any"), gpu=False,
         doc="decodes a JPEG, PNG, GIF or BMP file")


def _encoder(fmt: str):
    def make(op):
        quality = op._attrs.get("quality", 95)
        level = op._attrs.get("compression", -1)

        def k(ctx, image):
            arr = np.asarray(image)
            if arr.ndim != 3:
                raise KernelError(f"image must be 3-dimensional[{','.join(map(str, arr.shape))}]")
            c = arr.shape[-1]
            if c not in ((1, 3) if fmt == "JPEG" else (1, 2, 3, 4)):
                raise KernelError(f"image must have 1{', 2' if fmt == 'PNG' else ''}, 3{' or 4' if fmt == 'PNG' else ''} "
                                  f"channels, got {c}" if fmt == "PNG" else f"image must have 1 or 3 channels, got {c}")
            mode = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}[c]
            pixels = arr[..., 0] if c == 1 else arr
            if arr.dtype == np.uint16:
                img = _pil().fromarray(pixels.astype(np.uint16), mode="I;16") if c == 1 else \
                    _pil().fromarray((pixels // 257).astype(np.uint8), mode=mode)
            else:
                img = _pil().fromarray(pixels.astype(np.uint8), mode=mode)
            out = io.BytesIO()
            if fmt == "JPEG":
                img.save(out, format="JPEG", quality=int(quality))
            else:
                img.save(out, format="PNG", compress_level=6 if level < 0 else int(level))
            return np.array(out.getvalue(), dtype=object)
        return k
    return make


register("EncodeJpeg", "io", lambda op: [TensorShape([])], _encoder("JPEG"), gpu=False, doc="encodes pixels as JPEG")
register("EncodePng", "io", lambda op: [TensorShape([])], _encoder("PNG"), gpu=False, doc="encodes pixels as PNG")

for _t in ("DecodeJpeg", "DecodePng", "DecodeBmp", "DecodeGif", "DecodeImage", "EncodeJpeg", "EncodePng"):
    NotDifferentiable(_t)


def _decode(op_type, contents, name, out_dtype=_dt.uint8, **attrs):
    g = graph_of([contents])
    with g.as_default(), g.name_scope(name or op_type) as scope:
        t = convert_to_tensor(contents, dtype=_dt.string, name="contents")
        return g.create_op(op_type, [t], [out_dtype], name=scope, attrs=attrs)._outputs[0]


def _channels(channels, allowed=(0, 1, 3, 4)):
    channels = int(channels or 0)
    if channels not in allowed:
        raise ValueError(f"channels must be one of {', '.join(map(str, allowed))}, got {channels}")
    return channels


def decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling=True, try_recover_truncated=False,
                acceptable_fraction=1, dct_method="", name=None):
    return _decode("DecodeJpeg", contents, name, channels=_channels(channels, (0, 1, 3)), ratio=ratio,
                   fancy_upscaling=fancy_upscaling, try_recover_truncated=try_recover_truncated,
                   acceptable_fraction=acceptable_fraction, dct_method=dct_method)


def decode_png(contents, channels=0, dtype=_dt.uint8, name=None):
    dtype = _dt.as_dtype(dtype)
    if dtype not in (_dt.uint8, getattr(_dt, "uint16", _dt.uint8)):
        raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of allowed "
                        f"values: uint8, uint16")
    return _decode("DecodePng", contents, name, out_dtype=dtype, channels=_channels(channels), dtype=dtype)


def decode_bmp(contents, channels=0, name=None):
    return _decode("DecodeBmp", contents, name, channels=_channels(channels, (0, 3, 4)))


def decode_gif(contents, name=None):
    return _decode("DecodeGif", contents, name)


def decode_image(contents, channels=None, dtype=_dt.uint8, name=None, expand_animations=True):
    """Any of JPEG, PNG, GIF or BMP by its first bytes (one op, where TF 1.15 builds a chain of
    conds on the file's magic bytes; the pixels are the same)."""
    dtype = _dt.as_dtype(dtype)
    g = graph_of([contents])
    with g.as_default(), g.name_scope(name or "decode_image"):
        image = _decode("DecodeImage", contents, None, channels=_channels(channels),
                        expand_animations=bool(expand_animations))
    if dtype != _dt.uint8:
        from .image_ops import convert_image_dtype
        return convert_image_dtype(image, dtype)
    return image


def _encode(op_type, image, name, **attrs):
    g = graph_of([image])
    with g.as_default(), g.name_scope(name or op_type) as scope:
        t = convert_to_tensor(image, name="image")
        if t.dtype.base_dtype not in (_dt.uint8, getattr(_dt, "uint16", _dt.uint8)):
            raise TypeError(f"Value passed to parameter 'image' has DataType {t.dtype.base_dtype.name} not in list "
                            f"of allowed values: uint8{', uint16' if op_type == 'EncodePng' else ''}")
        return g.create_op(op_type, [t], [_dt.string], name=scope, attrs=attrs)._outputs[0]


def encode_jpeg(image, format="", quality=95, progressive=False, optimize_size=False,  # noqa: A002
                chroma_downsampling=True, density_unit="in", x_density=300, y_density=300, xmp_metadata="",
                name=None):
    return _encode("EncodeJpeg", image, name, format=format, quality=int(quality))


def encode_png(image, compression=-1, name=None):
    return _encode("EncodePng", image, name, compression=int(compression))
