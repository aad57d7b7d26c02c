"""Every attr TF has for an op, computed from TF's OpDefs (`op_defs.json`, written by
`scripts/dump_op_defs.py`) and the op's own inputs, outputs and stored attrs.

nbgraph ops store only the attrs their kernels read (`transpose_a`, `value`, ...); TF's NodeDef
also has the type attrs (`T`, `Tidx`, `out_type`), counts (`N`) and defaults. This module fills
them in the way TF's op_def_library does: a type attr from the dtype of the input or output
that uses it, a number attr from how many inputs its argument takes, the rest from the stored
value or the OpDef default. No protobuf here: values are Python (DType, TensorShape, ndarray,
bool, int, float, bytes, lists), as the engine's `Operation.get_attr` answers without the
`tensorboard` extra.
"""
from __future__ import annotations

import base64
import functools
import json
import os

import numpy as np

from ..engine import dtypes as _dt
from ..engine.shapes import TensorShape

__all__ = ["op_def", "attr_values", "attr_types", "DT_ENUM", "dtype_from_enum", "enum_of"]

DT_ENUM = {"float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6, "string": 7,
           "int64": 9, "bool": 10, "complex64": 8, "complex128": 18, "float16": 19, "resource": 20, "variant": 21}
_BY_ENUM = {v: k for k, v in DT_ENUM.items()}


def enum_of(dtype) -> int:
    """TF's DataType enum value of a DType (`_ref` types add 100)."""
    base = DT_ENUM[dtype.base_dtype.name]
    return base + 100 if getattr(dtype, "_is_ref", False) else base


def dtype_from_enum(value: int | str):
    """DType of a DataType enum value or name (`1`, `'DT_FLOAT'`); refs give the base dtype."""
    if isinstance(value, str):
        value = _enum_by_name()[value]
    name = _BY_ENUM.get(value % 100)
    if name is None:
        raise TypeError(f"Unsupported DataType {value} (nbgraph has {', '.join(sorted(DT_ENUM))})")
    return _dt.as_dtype(name)


@functools.lru_cache(maxsize=None)
def _enum_by_name() -> dict:
    names = {"float32": "FLOAT", "float64": "DOUBLE", "float16": "HALF"}
    return {f"DT_{names.get(k, k.upper())}": v for k, v in DT_ENUM.items()}


@functools.lru_cache(maxsize=None)
def _defs() -> dict:
    with open(os.path.join(os.path.dirname(__file__), "op_defs.json")) as f:
        return json.load(f)


def op_def(op_type: str) -> dict | None:
    """TF's OpDef of `op_type` as a dict (`inputs`, `outputs`, `attrs`), None if unknown."""
    return _defs().get(op_type)


def attr_types(op_type: str) -> dict:
    """{attr name: TF attr type ('type', 'list(int)', 'shape', ...)} for `op_type`."""
    od = op_def(op_type)
    return {} if od is None else {name: typ for name, typ, _ in od["attrs"]}


def _split_args(args, n_values, fixed_counts):
    """How many of the op's `n_values` inputs (or outputs) each arg of the OpDef takes."""
    variadic = [i for i, a in enumerate(args) if a.get("number_attr") or a.get("type_list_attr")]
    counts = []
    for i, a in enumerate(args):
        if a.get("number_attr") and a["number_attr"] in fixed_counts:
            counts.append(fixed_counts[a["number_attr"]])
        elif i in variadic:
            counts.append(None)
        else:
            counts.append(1)
    unknown = [i for i, c in enumerate(counts) if c is None]
    if unknown:
        rest = n_values - sum(c for c in counts if c is not None)
        for i in unknown:  # one variadic arg takes the rest; several split evenly (TF ops have one)
            counts[i] = max(rest // len(unknown), 0)
    return counts


def _from_args(args, dtypes, stored, out):
    counts = _split_args(args, len(dtypes), {k: v for k, v in stored.items() if isinstance(v, int)})
    pos = 0
    for a, n in zip(args, counts):
        these = [d.base_dtype for d in dtypes[pos:pos + n]]
        pos += n
        if a.get("number_attr"):
            out.setdefault(a["number_attr"], n)
        if a.get("type_attr") and these:
            out.setdefault(a["type_attr"], these[0])
        if a.get("type_list_attr"):
            out.setdefault(a["type_list_attr"], these)


def default_value(typ: str, encoded):
    """An OpDef default (protobuf JSON form) as the Python value `get_attr` returns."""
    if encoded is None:
        return None
    if "list" in encoded:
        inner = typ[5:-1]
        lst = encoded["list"]
        key = {"type": "type", "int": "i", "float": "f", "bool": "b", "string": "s", "shape": "shape"}.get(inner)
        return [default_value(inner, {key: v}) for v in lst.get(key, [])]
    (key, v), = encoded.items()
    if key == "type":
        return dtype_from_enum(v)
    if key == "b":
        return bool(v)
    if key == "i":
        return int(v)
    if key == "f":
        return float(v)
    if key == "s":
        return base64.b64decode(v)
    if key == "shape":
        if v.get("unknownRank"):
            return TensorShape(None)
        return TensorShape([None if int(d.get("size", 0)) == -1 else int(d.get("size", 0)) for d in v.get("dim", [])])
    return None


def _normalise(typ, value):
    """A stored attr as TF types it (`str` -> bytes for string attrs, tuples -> lists)."""
    if typ == "string" and isinstance(value, str):
        return value.encode()
    if typ == "list(string)":
        return [v.encode() if isinstance(v, str) else v for v in value]
    if typ and typ.startswith("list(") and isinstance(value, tuple):
        return list(value)
    if typ == "int" and isinstance(value, (np.integer,)):
        return int(value)
    if typ == "float" and isinstance(value, (int, np.floating)) and not isinstance(value, bool):
        return float(value)
    return value


def attr_values(op) -> dict:
    """Every attr of `op` as TF's NodeDef has it: {name: Python value}, plus `_class` when the
    op is colocated. Ops TF does not know (nbgraph-only) give their stored attrs."""
    stored = dict(op._attrs)
    od = op_def(op._type)
    out: dict = {}
    if od is None:
        out.update(stored)
    else:
        types = {name: typ for name, typ, _ in od["attrs"]}
        for name, value in stored.items():
            if name in types or name.startswith("_"):
                out[name] = _normalise(types.get(name), value)
        _from_args(od["inputs"], [t._dtype for t in op._inputs], out, out)
        _from_args(od["outputs"], [t._dtype for t in op._outputs], out, out)
        for name, typ, default in od["attrs"]:
            if name not in out and default is not None:
                out[name] = default_value(typ, default)
        order = [name for name, _, _ in od["attrs"]]
        out = {k: out[k] for k in sorted(out, key=lambda k: (order.index(k) if k in order else -1, k))}
    if op._colocation:
        out["_class"] = [f"loc:@{n}".encode() for n in op._colocation]
    return out
