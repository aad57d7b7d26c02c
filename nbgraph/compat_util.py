"""The helpers of `tf.compat` (TF 1.x `tensorflow/python/util/compat.py` and friends): bytes/text
conversions (`as_bytes`, `as_text`, `as_str`, `as_str_any`, `path_to_str`), the numeric type
tuples, and `dimension_value` / `dimension_at_index` for TensorShape dimensions."""
from __future__ import annotations

import numbers
import os

import numpy as np

__all__ = ["as_bytes", "as_text", "as_str", "as_str_any", "path_to_str", "bytes_or_text_types",
           "integral_types", "real_types", "complex_types", "dimension_value", "dimension_at_index"]

bytes_or_text_types = (bytes, str)
integral_types = (numbers.Integral, np.integer)
real_types = (numbers.Real, np.integer, np.floating)
complex_types = (numbers.Complex, np.number)


def as_bytes(bytes_or_text, encoding: str = "utf-8") -> bytes:
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


def as_text(bytes_or_text, encoding: str = "utf-8") -> str:
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


as_str = as_text


def as_str_any(value) -> str:
    """`value` as text: bytes decoded, anything else through `str`."""
    return as_str(value) if isinstance(value, bytes) else str(value)


def path_to_str(path):
    """A path-like object as its string (`os.fspath`); anything else unchanged."""
    return os.fspath(path) if hasattr(path, "__fspath__") else path


def dimension_value(dimension):
    """The int (or None) of a Dimension; anything else unchanged."""
    from .engine.shapes import Dimension
    return dimension.value if isinstance(dimension, Dimension) else dimension


def dimension_at_index(shape, index):
    """Dimension `index` of `shape`, a Dimension(None) when the rank is unknown."""
    from .engine.shapes import Dimension, TensorShape
    shape = TensorShape(shape)
    if shape.dims is None:
        return Dimension(None)
    return shape.dims[index]
