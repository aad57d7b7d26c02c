"""`tf.assert_*` (also `tf.debugging.*`): run-time checks built from `tf.Assert`, with TF's
default messages ("Condition x < y did not hold element-wise: ..."), and the static checks TF
makes when both sides are known at build time (an InvalidArgumentError at once)."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import constant_value, convert_to_tensor
from ..errors import InvalidArgumentError
from ..graph import get_default_graph
from . import math_ops as M
from .control_ops import Assert, no_op, with_dependencies
from .reduce_ops import reduce_all

__all__ = ["assert_equal", "assert_none_equal", "assert_less", "assert_less_equal", "assert_greater",
           "assert_greater_equal", "assert_negative", "assert_positive", "assert_non_negative",
           "assert_non_positive", "assert_rank", "assert_rank_at_least", "assert_integer", "assert_type",
           "assert_scalar", "is_numeric_tensor"]


def _message_prefix(message) -> str:
    return f"{message}.  " if message else ""


def _static_text(x) -> str:
    value = constant_value(x) if hasattr(x, "_op") else None
    return str(x) if not hasattr(x, "_op") else (str(value) if value is not None else str(x))


def _binary_assert(sym, opname, op_func, static_func, x, y, data, summarize, message, name):
    g = get_default_graph()
    with g.name_scope(name or opname):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y")
        if data is None:
            data = [f"Condition x {sym} y did not hold element-wise:", f"x ({x.name}) = ", x,
                    f"y ({y.name}) = ", y]
        if message is not None:
            data = [message] + list(data)
        condition = reduce_all(op_func(x, y))
        xs, ys = constant_value(x), constant_value(y)
        if xs is not None and ys is not None and not np.all(static_func(xs, ys)):
            raise InvalidArgumentError(None, None, "\n".join(_static_text(d) for d in data))
        return Assert(condition, data, summarize=summarize)


def assert_equal(x, y, data=None, summarize=None, message=None, name=None):
    with get_default_graph().name_scope(name or "assert_equal"):  # TF opens its scope twice: assert_equal_1/
        if x is y:
            return no_op()
    return _binary_assert("==", "assert_equal", M.equal, np.equal, x, y, data, summarize, message, name)


def assert_none_equal(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("!=", "assert_none_equal", M.not_equal, np.not_equal, x, y, data, summarize, message, name)


def assert_less(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("<", "assert_less", M.less, np.less, x, y, data, summarize, message, name)


def assert_less_equal(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("<=", "assert_less_equal", M.less_equal, np.less_equal, x, y, data, summarize, message,
                          name)


def assert_greater(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert(">", "assert_greater", M.greater, np.greater, x, y, data, summarize, message, name)


def assert_greater_equal(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert(">=", "assert_greater_equal", M.greater_equal, np.greater_equal, x, y, data, summarize,
                          message, name)


def _sign_assert(opname, sym, zero_first, compare, x, data, summarize, message, name):
    message = _message_prefix(message)
    with get_default_graph().name_scope(name or opname):
        x = convert_to_tensor(x, name="x")
        if data is None:
            data = [message, f"Condition x {sym} 0 did not hold element-wise:", f"x ({x.name}) = ", x]
        zero = convert_to_tensor(0, dtype=x.dtype.base_dtype)
        return compare(zero, x, data=data, summarize=summarize) if zero_first else \
            compare(x, zero, data=data, summarize=summarize)


def assert_negative(x, data=None, summarize=None, message=None, name=None):
    return _sign_assert("assert_negative", "<", False, assert_less, x, data, summarize, message, name)


def assert_positive(x, data=None, summarize=None, message=None, name=None):
    return _sign_assert("assert_positive", ">", True, assert_less, x, data, summarize, message, name)


def assert_non_negative(x, data=None, summarize=None, message=None, name=None):
    return _sign_assert("assert_non_negative", ">=", True, assert_less_equal, x, data, summarize, message, name)


def assert_non_positive(x, data=None, summarize=None, message=None, name=None):
    return _sign_assert("assert_non_positive", "<=", False, assert_less_equal, x, data, summarize, message, name)


def _assert_rank(opname, static_ok, dynamic_ok, x, rank, data, summarize, message, name, what):
    from .array_ops import rank as rank_of, shape as shape_of
    with get_default_graph().name_scope(name or opname):
        x = convert_to_tensor(x, name="x")
        rank = convert_to_tensor(rank, name="rank")
        message = _message_prefix(message)
        if data is None:
            data = [message, f"Tensor {x.name} must have rank{what}", rank, "Received shape: ", shape_of(x)]
        assert_type(rank, _dt.int32)
        known = constant_value(rank)
        if known is not None:
            if np.ndim(known) != 0:
                raise ValueError("Rank must be a scalar.")
            actual = x.get_shape().ndims
            if actual is not None:
                if not static_ok(actual, int(known)):
                    raise ValueError(f"{message}Tensor {x.name} must have rank{what} {int(known)}.  Received rank "
                                     f"{actual}, shape {x.get_shape()}")
                return no_op(name="static_checks_determined_all_ok")
        condition = dynamic_ok(rank_of(x), rank)
        if known is None:
            check = assert_rank(rank, 0, data=["Rank must be a scalar. Received rank: ", rank])
            condition = with_dependencies([check], condition)
        return Assert(condition, data, summarize=summarize)


def assert_rank(x, rank, data=None, summarize=None, message=None, name=None):
    return _assert_rank("assert_rank", lambda a, r: a == r, M.equal, x, rank, data, summarize, message, name, "")


def assert_rank_at_least(x, rank, data=None, summarize=None, message=None, name=None):
    return _assert_rank("assert_rank_at_least", lambda a, r: a >= r, M.greater_equal, x, rank, data, summarize,
                        message, name, " at least")


def assert_integer(x, message=None, name=None):
    with get_default_graph().name_scope(name or "assert_integer"):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.base_dtype.is_integer:
            raise TypeError(f'{_message_prefix(message)}Expected "x" to be integer type.  Found: {x.name} of dtype '
                            f"{x.dtype}")
        return no_op("statically_determined_was_integer")


def assert_type(tensor, tf_type, message=None, name=None):
    tf_type = _dt.as_dtype(tf_type)
    with get_default_graph().name_scope(name or "assert_type"):
        tensor = convert_to_tensor(tensor, name="tensor")
        if tensor.dtype.base_dtype != tf_type:
            raise TypeError(f"{_message_prefix(message)}{tensor.name} must be of type {tf_type!r}; got "
                            f"{tensor.dtype!r}")
        return no_op("statically_determined_correct_type")


def assert_scalar(tensor, name=None, message=None):
    g = get_default_graph()
    with g.name_scope(name or "assert_scalar") as scope:
        tensor = convert_to_tensor(tensor, name=scope)
        if tensor.get_shape().ndims != 0:
            raise ValueError(f"{_message_prefix(message)}Expected scalar shape for {tensor.name}, saw shape: "
                             f"{tensor.get_shape()}.")
        return tensor


def is_numeric_tensor(tensor) -> bool:
    return hasattr(tensor, "_op") and tensor.dtype.base_dtype in (
        _dt.float16, _dt.float32, _dt.float64, _dt.int8, _dt.int16, _dt.int32, _dt.int64, _dt.uint8)
