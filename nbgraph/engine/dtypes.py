"""TensorFlow-1 data types: `DType` objects with TF's names, reprs and predicates.

Each dtype knows its numpy twin; string tensors are numpy object arrays of `bytes`.
Reference-typed dtypes (`float32_ref`) are what TF1 reference variables output.
"""
from __future__ import annotations

import numpy as np

__all__ = ["DType", "as_dtype"]


class DType:
    """A tensor element type (`tf.float32`, ...); compare with `==`, print as TF does."""

    __slots__ = ("_name", "_np", "_is_ref", "_base", "_proto_name")

    def __init__(self, name: str, np_type, proto_name: str, is_ref: bool = False, base=None):
        self._name = name
        self._np = np_type
        self._proto_name = proto_name
        self._is_ref = is_ref
        self._base = base if base is not None else self

    name = property(lambda self: self._name)
    as_numpy_dtype = property(lambda self: self._np)
    base_dtype = property(lambda self: self._base)
    is_ref_dtype = property(lambda self: self._is_ref)

    @property
    def _as_ref(self) -> "DType":
        return self if self._is_ref else _REF[self]

    @property
    def is_floating(self) -> bool:
        return self._base in (float16, float32, float64)

    @property
    def is_integer(self) -> bool:
        return self._base in (int8, int16, int32, int64, uint8)

    @property
    def as_datatype_enum(self) -> int:
        """TF's DataType enum value (`1` for float32; a `_ref` type adds 100)."""
        return _ENUM[self._base._name] + (100 if self._is_ref else 0)

    @property
    def is_complex(self) -> bool:
        return self._base in (complex64, complex128)

    @property
    def real_dtype(self) -> "DType":
        """The dtype of the real and imaginary parts (`float32` for `complex64`), else itself."""
        return {complex64: float32, complex128: float64}.get(self._base, self._base)

    @property
    def is_unsigned(self) -> bool:
        return self._base is uint8

    @property
    def is_bool(self) -> bool:
        return self._base is bool_

    @property
    def is_numpy_compatible(self) -> bool:
        return True

    @property
    def min(self):
        b = self._base
        if b.is_floating:
            return np.finfo(b._np).min
        if b.is_integer:
            return np.iinfo(b._np).min
        raise TypeError(f"Cannot find minimum value of {self}.")

    @property
    def max(self):
        b = self._base
        if b.is_floating:
            return np.finfo(b._np).max
        if b.is_integer:
            return np.iinfo(b._np).max
        raise TypeError(f"Cannot find maximum value of {self}.")

    @property
    def size(self) -> int:
        return np.dtype(self._np).itemsize if self._base is not string else 1

    def is_compatible_with(self, other) -> bool:
        other = as_dtype(other)
        return self is other or self is other._base  # a ref converts to its base, not back

    def __eq__(self, other):
        if other is None:
            return False
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self._name)

    def __repr__(self):
        return f"tf.{self._name}"

    def __str__(self):
        return f"<dtype: '{self._name}'>"

    def __reduce__(self):
        return as_dtype, (self._name,)


float16 = DType("float16", np.float16, "half")
float32 = DType("float32", np.float32, "float")
float64 = DType("float64", np.float64, "double")
int8 = DType("int8", np.int8, "int8")
int16 = DType("int16", np.int16, "int16")
int32 = DType("int32", np.int32, "int32")
int64 = DType("int64", np.int64, "int64")
uint8 = DType("uint8", np.uint8, "uint8")
bool_ = DType("bool", np.bool_, "bool")
string = DType("string", object, "string")
complex64 = DType("complex64", np.complex64, "complex64")
complex128 = DType("complex128", np.complex128, "complex128")
half, double = float16, float64
# handle types: an iterator/queue/reader handle (`resource`) and a dataset value (`variant`)
resource = DType("resource", object, "resource")
variant = DType("variant", object, "variant")

_BASE = (float16, float32, float64, int8, int16, int32, int64, uint8, bool_, string, complex64, complex128)
_REF = {d: DType(d._name + "_ref", d._np, d._proto_name, True, d) for d in _BASE}
_BY_NAME = {d._name: d for d in _BASE}
_BY_NAME.update({d._name: d for d in _REF.values()})
_BY_NAME.update({"half": float16, "double": float64, "float": float32})
_BY_NAME.update({"resource": resource, "variant": variant})
_BY_NP = {np.dtype(d._np): d for d in _BASE if d is not string}
# TF's DataType enum (types.proto): `tf.as_dtype(1)` is float32, `_ref` types add 100
_ENUM = {"float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6, "string": 7,
         "complex64": 8, "int64": 9, "bool": 10, "complex128": 18, "float16": 19, "resource": 20,
         "variant": 21}
_BY_ENUM = {v: _BY_NAME[k] for k, v in _ENUM.items()}
_BY_ENUM.update({v + 100: _REF[_BY_NAME[k]] for k, v in _ENUM.items() if _BY_NAME[k] in _REF})
_BY_PY = {float: float32, int: int32, bool: bool_, str: string, bytes: string, complex: complex128}


def as_dtype(type_value) -> DType:
    """Converts `tf.float32`, `'float32'`, `np.float32`, `np.dtype(...)` or `float` to a DType."""
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, str):
        try:
            return _BY_NAME[type_value]
        except KeyError:
            raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.") from None
    if isinstance(type_value, (int, np.integer)) and not isinstance(type_value, (bool, np.bool_)):
        try:
            return _BY_ENUM[int(type_value)]  # a DataType enum value, as TF accepts
        except KeyError:
            raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.") from None
    if type_value in _BY_PY:
        return _BY_PY[type_value]
    try:
        npd = np.dtype(type_value)
    except TypeError:
        raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.") from None
    if npd.kind in "OSU":
        return string
    try:
        return _BY_NP[npd]
    except KeyError:
        raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.") from None


def infer_dtype(np_value: np.ndarray) -> DType:
    """The DType TF infers for a numpy array built from Python data (float64 -> float32 etc.
    is decided by the caller; this maps the array's own dtype)."""
    return as_dtype(np_value.dtype)
