"""Python operators on tensors and variables, built as TF 1.x builds them.

`a + b` opens a name scope `add` (so the op is `add`, of type `AddV2` as in TF 1.15, and a
Python right operand becomes the constant `add/y`). A Python right operand takes the left one's
dtype when it fits (a dtype *hint*: `int32_tensor + 1.5` is then TF's "Input 'y' of 'AddV2' Op
has type float32 ..." error); a left one must fit the right one's dtype exactly. Two tensors
of different dtypes are TF's TypeError, never a silent cast.
"""
from __future__ import annotations

from ..convert import convert_to_tensor
from ..graph import graph_of
from ..tensor import Tensor
from ..variables import RefVariable
from . import math_ops as m
from .slice_ops import slice_helper
from .reduce_ops import matmul


# operators whose function builds exactly one op (no inner ops that need the name scope)
_ONE_OP = frozenset({"add", "sub", "mul", "floordiv", "mod", "pow", "and", "or"})


def _binary(func, op_name):
    single_op = op_name in _ONE_OP

    def forward(x, y):
        x = _as_tensor(x)
        if single_op and type(y) is Tensor and type(x) is Tensor:
            # one op, nothing to convert: the scope's unique name is all `name_scope` would add
            return func(x, y, name=x._op._graph.unique_name(op_name) + "/")
        g = x.graph
        if g.executing_eagerly:  # an eager value: captured by a function graph, refused by a graph block
            g = graph_of([x])
        with g.as_default(), g.name_scope(op_name) as name:
            if not isinstance(y, Tensor):
                y = convert_to_tensor(y, preferred_dtype=x.dtype.base_dtype, name="y")
            return func(x, y, name=name)

    def reverse(y, x):
        y = _as_tensor(y)
        g = y.graph
        if g.executing_eagerly:
            g = graph_of([y])
        with g.as_default(), g.name_scope(op_name) as name:
            x = convert_to_tensor(x, dtype=y.dtype.base_dtype, name="x")
            return func(x, y, name=name)
    return forward, reverse


def _as_tensor(v):
    return v._snapshot if isinstance(v, RefVariable) else v


_BINARY = {
    "add": (m.add_v2, "add"), "sub": (m.subtract, "sub"), "mul": (m.multiply, "mul"),
    "truediv": (m.truediv, "truediv"), "floordiv": (m.floor_div, "floordiv"), "mod": (m.floormod, "mod"),
    "pow": (lambda x, y, name=None: m.binary("Pow", x, y, name), "pow"),
    "matmul": (matmul, "matmul"),
    "and": (m.logical_and, "and"), "or": (m.logical_or, "or"), "xor": (m.logical_xor, "xor"),
}


def _install(cls):
    for py, (fn, op_name) in _BINARY.items():
        fwd, rev = _binary(fn, op_name)
        setattr(cls, f"__{py}__", fwd)
        setattr(cls, f"__r{py}__", rev)
    cls.__div__ = cls.__truediv__
    cls.__rdiv__ = cls.__rtruediv__
    cls.__neg__ = lambda x: m.negative(_as_tensor(x))
    cls.__abs__ = lambda x: m.abs(_as_tensor(x))
    cls.__invert__ = lambda x: m.logical_not(_as_tensor(x))
    cls.__lt__ = lambda x, y: m.less(_as_tensor(x), y)
    cls.__le__ = lambda x, y: m.less_equal(_as_tensor(x), y)
    cls.__gt__ = lambda x, y: m.greater(_as_tensor(x), y)
    cls.__ge__ = lambda x, y: m.greater_equal(_as_tensor(x), y)
    cls.__getitem__ = lambda x, spec: slice_helper(_as_tensor(x), spec)


_install(Tensor)
_install(RefVariable)
Tensor.OVERLOADABLE_OPERATORS = frozenset(
    [f"__{p}__" for p in _BINARY] + [f"__r{p}__" for p in _BINARY] +
    ["__neg__", "__abs__", "__invert__", "__lt__", "__le__", "__gt__", "__ge__", "__getitem__"])
