"""`tf.py_func`: a Python function as an op (`PyFunc`, `PyFuncStateless`).

The function runs on the inputs' numpy values; what it returns is converted to `Tout`. A
Python exception becomes TF's error for it (ValueError/TypeError: InvalidArgumentError,
StopIteration: OutOfRangeError, MemoryError: ResourceExhaustedError, NotImplementedError:
UnimplementedError, anything else: UnknownError) whose message is the exception and its
traceback, as TF 1.15's `py_func.cc` writes them.
"""
from __future__ import annotations

import itertools
import traceback

import numpy as np

from .. import dtypes as _dt
from ..convert import convert_to_tensor
from ..errors import (InvalidArgumentError, OutOfRangeError, ResourceExhaustedError, UnimplementedError,
                      UnknownError)
from ..functions import bind, bound
from ..graph import graph_of
from ..registry import register
from ..shapes import unknown_shape
from .common import KernelError

__all__ = ["py_func"]

_tokens = itertools.count()
_ERRORS = ((ValueError, InvalidArgumentError), (TypeError, InvalidArgumentError), (StopIteration, OutOfRangeError),
           (MemoryError, ResourceExhaustedError), (NotImplementedError, UnimplementedError))


def _python_error(e: BaseException) -> KernelError:
    cls = next((c for t, c in _ERRORS if isinstance(e, t)), UnknownError)
    tb = traceback.format_exception(type(e), e, e.__traceback__.tb_next if e.__traceback__ else None)
    return KernelError(f"{type(e).__name__}: {e}\n" + "\n".join(tb) + "\n", cls)


def _py_func_kernel(op):
    func = bound(op, "func")
    tout = op._attrs["Tout"]
    token = op._attrs["token"]

    def k(ctx, *args):
        try:
            ret = func(*args)
        except Exception as e:  # noqa: BLE001 - every Python error becomes TF's error for it
            raise _python_error(e) from None
        if len(tout) == 1 and not isinstance(ret, (list, tuple)):
            ret = [ret]
        if ret is None:
            ret = []
        if len(ret) != len(tout):
            raise KernelError(f"{token} returns {len(ret)} values, but expects to see {len(tout)} values.")
        out = []
        for i, (v, dt) in enumerate(zip(ret, tout)):
            arr = np.asarray(v)
            if dt is _dt.string:
                arr = np.asarray(v, dtype=object)
                arr = np.vectorize(lambda s: s.encode() if isinstance(s, str) else s, otypes=[object])(arr) \
                    if arr.size else arr
            elif arr.dtype != np.dtype(dt.as_numpy_dtype):
                got = _dt.as_dtype(arr.dtype) if arr.dtype.kind not in "OUS" else _dt.string
                raise KernelError(f"{i}-th value returned by {token} is {got._proto_name}, but expects "
                                  f"{dt._proto_name}")
            out.append(arr)
        return tuple(out) if len(out) != 1 else out[0]
    return k


for _type in ("PyFunc", "PyFuncStateless"):
    register(_type, "io", lambda op: [unknown_shape() for _ in op._outputs], _py_func_kernel, gpu=False,
             stateful=_type == "PyFunc", doc="runs a Python function")


def py_func(func, inp, Tout, stateful=True, name=None) -> "Tensor | list":  # noqa: N803 - TF's argument name
    """`tf.py_func(func, inp, Tout)`: one tensor when `Tout` is a dtype, else a list."""
    single = not isinstance(Tout, (list, tuple))
    tout = [_dt.as_dtype(Tout)] if single else [_dt.as_dtype(t) for t in Tout]
    g = graph_of(list(inp))
    type_ = "PyFunc" if stateful else "PyFuncStateless"
    with g.as_default(), g.name_scope(name or type_) as scope:
        ins = [convert_to_tensor(x) for x in inp]
        op = g.create_op(type_, ins, tout, name=scope,
                         attrs={"token": f"pyfunc_{next(_tokens)}", "Tin": [t.dtype.base_dtype for t in ins],
                                "Tout": tout})
        bind(op, func=func)
    outs = list(op._outputs)
    return outs[0] if single else outs
