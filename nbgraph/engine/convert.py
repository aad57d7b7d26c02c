"""Turning Python values into tensors, and building ops from Python arguments.

`convert_to_tensor` follows TF 1.x: Python floats become float32, ints int32 (int64 when
too big), numpy arrays keep their dtype; a value that does not fit the requested dtype is
TF's `TypeError: Expected int32, got 1.5 of type 'float' instead.`; a tensor of the wrong
dtype is TF's `ValueError: Tensor conversion requested dtype ...`.
`apply_op` is what every public op function calls: it converts inputs inside the op's name
scope (so `a + 1` makes `add/y`), checks that inputs sharing a type agree, and creates the op.
"""
from __future__ import annotations

import numbers

import numpy as np

from . import dtypes as _dt
from .graph import get_default_graph, graph_of
from .registry import builders as _ops
from .shapes import TensorShape
from .tensor import Operation, Tensor

__all__ = ["convert_to_tensor", "apply_op", "constant_value", "register_tensor_conversion_function"]

_conversion_functions = []  # (type, fn(value, dtype, name, as_ref) -> Tensor)


def register_tensor_conversion_function(base_type, conversion_func, priority=100):
    _conversion_functions.append((base_type, conversion_func))


def _type_name(v):
    return type(v).__name__


def to_numpy(value, dtype=None):
    """Python/numpy data -> ndarray of the TF-inferred (or requested) dtype, TF's errors."""
    if dtype is not None:
        dtype = _dt.as_dtype(dtype).base_dtype
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        arr = np.asarray(value)
        if arr.dtype.kind in "SU" and (dtype is None or dtype is _dt.string):
            return _as_bytes(arr)
        if dtype is None:
            return arr
        if dtype is _dt.string:
            return _as_bytes(arr.astype(object))
        if arr.dtype.kind == "f" and dtype.is_integer:
            _check_lossless(arr, dtype, value)
        return arr.astype(dtype.as_numpy_dtype, copy=False)
    flat = _flatten(value)
    if dtype is None:
        dtype = _infer(flat, value)
    if dtype is _dt.string:
        arr = np.array(value, dtype=object)
        cells = arr.reshape(-1)
        for i, v in enumerate(cells):
            if isinstance(v, str):
                cells[i] = v.encode()
            elif not isinstance(v, bytes):
                raise TypeError(f"Expected string, got {v!r} of type '{_type_name(v)}' instead.")
        return arr
    for v in flat:
        _check_python_value(v, dtype)
    try:
        return np.array(value, dtype=dtype.as_numpy_dtype)
    except (ValueError, TypeError):
        raise ValueError(f"Argument must be a dense tensor: {value!r} - got shape "
                         f"{_ragged_shape(value)}, but wanted {_dense_dims(value)}.") from None


def _as_bytes(arr):
    """TF's string tensors hold bytes: numpy `str_` items are UTF-8 encoded."""
    out = arr.astype(object)
    cells = out.reshape(-1)
    for i, v in enumerate(cells):
        if isinstance(v, str):
            cells[i] = v.encode()
    return out


def _ragged_shape(value):
    """The shape numpy (< 1.24, TF 1.x's) gave a ragged list: as deep as it is rectangular."""
    shape, level = [], [value]
    while all(isinstance(v, (list, tuple)) for v in level) and len({len(v) for v in level}) == 1:
        shape.append(len(level[0]))
        level = [x for v in level for x in v]
    return shape


def _dense_dims(value):
    """TF's `_GetDenseDimensions`: the shape the first elements promise."""
    dims = []
    while isinstance(value, (list, tuple)):
        dims.append(len(value))
        if not value:
            break
        value = value[0]
    return dims


def _flatten(value):
    if isinstance(value, (list, tuple)):
        out = []
        for v in value:
            out.extend(_flatten(v))
        return out
    return [value]


def _infer(flat, value):
    if not flat:
        return _dt.float32
    kinds = set()
    for v in flat:
        if isinstance(v, Tensor):
            raise TypeError("List of Tensors when single Tensor expected")
        if isinstance(v, (bool, np.bool_)):
            kinds.add("b")
        elif isinstance(v, numbers.Integral):
            kinds.add("i")
        elif isinstance(v, numbers.Real):
            kinds.add("f")
        elif isinstance(v, numbers.Complex):
            kinds.add("c")
        elif isinstance(v, (str, bytes)):
            kinds.add("s")
        elif v is None:
            raise ValueError("None values not supported.")
        else:
            raise TypeError(f"Failed to convert object of type {type(value)} to Tensor. Contents: "
                            f"{value!r}. Consider casting elements to a supported type.")
    if "s" in kinds:
        if len(kinds) > 1:
            raise TypeError(f"Failed to convert object of type {type(value)} to Tensor. Contents: "
                            f"{value!r}. Consider casting elements to a supported type.")
        return _dt.string
    if "c" in kinds:
        return _dt.complex128  # TF: a Python complex is complex128
    if "f" in kinds:
        return _dt.float32
    if "i" in kinds:
        if any(not (-2**31 <= int(v) < 2**31) for v in flat if not isinstance(v, (bool, np.bool_))):
            return _dt.int64
        return _dt.int32
    return _dt.bool_


def _check_python_value(v, dtype):
    bad = False
    if isinstance(v, (str, bytes)) or v is Ellipsis:  # `...`: an exercise's blank, as TF words it
        bad = True
    elif dtype.is_integer and isinstance(v, numbers.Real) and not isinstance(v, numbers.Integral):
        bad = True
    elif dtype.is_bool and not isinstance(v, (bool, np.bool_)):
        bad = True
    elif not dtype.is_complex and isinstance(v, numbers.Complex) and not isinstance(v, numbers.Real):
        bad = True
    elif dtype.is_integer and isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_)):
        info = np.iinfo(dtype.as_numpy_dtype)
        if not info.min <= int(v) <= info.max:
            raise ValueError(f"Can't convert Python int {v} to {dtype.name}: out of range")
    if bad:
        raise TypeError(f"Expected {dtype.name}, got {v!r} of type '{_type_name(v)}' instead.")


def _check_lossless(arr, dtype, value):
    if not np.all(np.mod(arr, 1) == 0):
        raise TypeError(f"Expected {dtype.name}, got {value!r} of type '{_type_name(value)}' instead.")


def constant_value(t):
    """The value of `t` if it is a Const (or a shape known statically), else None."""
    if not isinstance(t, Tensor):
        return None
    op = t._op
    if op._type == "Const":
        return op._attrs["value"]
    if op._type == "Shape" and op._inputs[0]._shape.is_fully_defined():
        return np.array(op._inputs[0]._shape.as_list(), dtype=t._dtype.as_numpy_dtype)
    if op._type in ("Identity", "StopGradient"):
        return constant_value(op._inputs[0])
    return _folded_value(op, t)


def _folded_value(op, t):
    """What TF's `tensor_util.constant_value` (and the C++ shape inference's small-graph evaluation)
    also folds: Size/Rank of a known shape, Cast, and Pack/ConcatV2 of known values."""
    if op._type == "Size" and op._inputs[0]._shape.is_fully_defined():
        return np.array(op._inputs[0]._shape.num_elements(), dtype=t._dtype.as_numpy_dtype)
    if op._type == "Rank" and op._inputs[0]._shape.ndims is not None:
        return np.array(op._inputs[0]._shape.ndims, dtype=np.int32)
    if op._type == "Cast":
        v = constant_value(op._inputs[0])
        return None if v is None else np.asarray(v).astype(t._dtype.as_numpy_dtype)
    if op._type == "Pack":
        values = [constant_value(x) for x in op._inputs]
        if any(v is None for v in values):
            return None
        return np.stack([np.asarray(v) for v in values], axis=op._attrs.get("axis", 0)).astype(
            t._dtype.as_numpy_dtype)
    if op._type == "ConcatV2":
        values = [constant_value(x) for x in op._inputs]
        if any(v is None for v in values):
            return None
        return np.concatenate([np.asarray(v) for v in values[:-1]], axis=int(values[-1]))
    return None


def make_constant(value, dtype=None, shape=None, name="Const", verify_shape=False, graph=None):
    """Adds a `Const` op holding `value` (broadcast to `shape` when given)."""
    arr = to_numpy(value, dtype)
    if shape is not None:
        shape = [int(d) for d in (shape if isinstance(shape, (list, tuple)) else TensorShape(shape).as_list())]
        n = int(np.prod(shape)) if shape else 1
        if arr.shape != tuple(shape):
            if verify_shape:
                raise TypeError(f"Expected Tensor's shape: {tuple(shape)}, got {arr.shape}.")
            if arr.size == 1:
                arr = np.broadcast_to(arr.reshape(()).copy(), shape)  # a view: the GraphDef writes one value, as TF
            elif arr.size == n:
                arr = arr.reshape(shape)
            elif arr.size < n and arr.ndim <= 1:
                arr = np.concatenate([arr.reshape(-1), np.full(n - arr.size, arr.reshape(-1)[-1], arr.dtype)]).reshape(shape)
            else:
                raise ValueError(f"Too many elements provided. Needed at most {n}, but received {arr.size}")
    if isinstance(value, np.ndarray) and np.may_share_memory(arr, value):
        arr = arr.copy()  # freeze our own copy, never the caller's array
    arr.setflags(write=False)
    g = graph or get_default_graph()
    dt = _dt.as_dtype(arr.dtype) if dtype is None else _dt.as_dtype(dtype).base_dtype
    op = g.create_op("Const", [], [dt], name=name, attrs={"value": arr, "dtype": dt})
    return op._outputs[0]


def convert_to_tensor(value, dtype=None, name=None, preferred_dtype=None, as_ref=False, dtype_hint=None):
    """A Tensor for `value`: tensors pass through, Python/numpy values become `Const` ops."""
    preferred_dtype = preferred_dtype or dtype_hint
    if isinstance(value, Tensor):
        if dtype is not None and not _dt.as_dtype(dtype).base_dtype == value._dtype.base_dtype:
            raise ValueError(f"Tensor conversion requested dtype {_dt.as_dtype(dtype).name} for "
                             f"Tensor with dtype {value._dtype.name}: {str(value)!r}")
        return value
    for base, fn in _conversion_functions:
        if isinstance(value, base):
            t = fn(value, dtype=dtype, name=name, as_ref=as_ref)
            return convert_to_tensor(t, dtype=dtype)
    if isinstance(value, Operation):
        raise TypeError(f"Can't convert Operation '{value.name}' to Tensor (target dtype={dtype}, "
                        f"name={name!r}, as_ref={as_ref})")
    if isinstance(value, (list, tuple)) and any(isinstance(v, Tensor) or _convertible(v) for v in _flatten(value)):
        return _ops.auto_pack(value, dtype, name)
    if dtype is None and preferred_dtype is not None:
        try:
            return make_constant(value, preferred_dtype, name=name or "Const")
        except (TypeError, ValueError):
            pass
    return make_constant(value, dtype, name=name or "Const")


def _convertible(v):
    return any(isinstance(v, base) for base, _ in _conversion_functions)


def apply_op(op_type, name, inputs, *, attrs=None, out_dtypes=None, same_type=True, allowed=None,
             graph=None, allowed_names=None):
    """Builds op `op_type` from `inputs` = [(arg_name, value), ...].

    The inputs named in `same_type` (True: all of them) share one type attr: Python values take
    the dtype of an earlier such tensor, and a mismatch is TF's
    `TypeError: Input 'y' of 'Add' Op has type ...`. `allowed` limits that shared type
    (`allowed_names`: TF's own list for the message, which names types nbgraph lacks); `(bool,)`
    means inputs of the fixed type bool, as TF's logical ops have.
    `out_dtypes`: the output dtypes, or None for one output of the shared type.
    Returns the Operation.
    """
    shared_args = {a for a, _ in inputs} if same_type is True else set(same_type or ())
    values = [v for _, v in inputs]
    if all(type(v) is Tensor for v in values):
        g = graph or (values[0]._op._graph if values else get_default_graph())
        if graph is None and any(v._op._graph is not g for v in values):
            g = graph_of(values)  # a function graph capturing an outer tensor (or TF's error)
        tensors = values
    else:
        g = graph or graph_of(values)
        with g.as_default(), g.name_scope(name or op_type) as scope:
            tensors = _convert_inputs(op_type, inputs, shared_args)
            name = scope
    typed = [(a, t) for (a, _), t in zip(inputs, tensors) if a in shared_args]
    try:
        _check_input_types(op_type, typed, allowed, allowed_names)
    except TypeError:
        if g.executing_eagerly:
            names = [a for a, _ in inputs]
            first = typed[0][1]._dtype.base_dtype
            for arg, t in typed[1:]:
                if t._dtype.base_dtype is not first:
                    _raise_eager_type_mismatch(op_type, names.index(arg), first, t._dtype.base_dtype)
        if name is None or name[-1:] != "/":  # TF built the op inside name_scope(name): the name is used
            g.unique_name(name or op_type)
        raise
    if out_dtypes is None:
        out_dtypes = [(typed[0][1] if typed else tensors[0])._dtype.base_dtype]
    return g.create_op(op_type, tensors, out_dtypes, name=name, attrs=attrs)


_C_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "half"}  # TF's DataTypeString


def _raise_eager_type_mismatch(op_type: str, index: int, want, have):
    """Eager TF checks input types in the kernel: InvalidArgumentError naming the input's index."""
    from .errors import InvalidArgumentError
    want, have = (_C_TYPE_NAMES.get(d.name, d.name) for d in (want, have))
    raise InvalidArgumentError(None, None, f"cannot compute {op_type} as input #{index}(zero-based) was expected "
                                           f"to be a {want} tensor but is a {have} tensor [Op:{op_type}]")


def _check_input_types(op_type, typed, allowed, allowed_names):
    if typed and allowed is not None and tuple(allowed) == (_dt.bool_,):
        for arg, t in typed:
            if t._dtype.base_dtype is not _dt.bool_:
                raise TypeError(f"Input '{arg}' of '{op_type}' Op has type {t._dtype.base_dtype.name} that does "
                                "not match expected type of bool.")
    elif typed:
        _check_same_type(op_type, typed)
        if allowed is not None:
            _check_allowed(op_type, typed[0][0], typed[0][1]._dtype, allowed, allowed_names)


def _convert_inputs(op_type, inputs, shared_args):
    tensors = []
    shared = first_arg = None
    for arg, v in inputs:
        if arg in shared_args and shared is not None:
            try:
                t = convert_to_tensor(v, dtype=shared, name=arg)
            except ValueError:
                if not (isinstance(v, Tensor) or _convertible(v)):
                    raise
                got = convert_to_tensor(v)._dtype.base_dtype
                if isinstance(v, Tensor) and get_default_graph().executing_eagerly:
                    _raise_eager_type_mismatch(op_type, [a for a, _ in inputs].index(arg), shared, got)
                raise TypeError(f"Input '{arg}' of '{op_type}' Op has type {got.name} that does not match "
                                f"type {shared.name} of argument '{first_arg}'.") from None
        else:
            t = convert_to_tensor(v, name=arg)
            if arg in shared_args:
                shared, first_arg = t._dtype.base_dtype, arg
        tensors.append(t)
    return tensors


def _check_same_type(op_type, typed):
    first_arg, first = typed[0][0], typed[0][1]._dtype.base_dtype
    for arg, t in typed[1:]:
        if t._dtype.base_dtype is not first:
            raise TypeError(f"Input '{arg}' of '{op_type}' Op has type {t._dtype.base_dtype.name} that "
                            f"does not match type {first.name} of argument '{first_arg}'.")


def _check_allowed(op_type, arg, dtype, allowed, allowed_names=None):
    if dtype.base_dtype not in allowed:
        names = allowed_names or ", ".join(d.name for d in allowed)
        raise TypeError(f"Value passed to parameter '{arg}' has DataType {dtype.base_dtype.name} not in "
                        f"list of allowed values: {names}")
