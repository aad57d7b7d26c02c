"""Elementwise math: unary and binary ops, comparisons and logic, with TF 1.x's op types,
default names and dtype rules (no silent promotion; int `/` casts to float as TF does)."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, convert_to_tensor
from ..graph import graph_of
from ..registry import register
from .common import FLOATS, NUMERIC, KernelError, broadcast, same_shape

_BOOL = (_dt.bool_,)
_COMPLEX = (_dt.complex64, _dt.complex128)
_ALL = NUMERIC + _BOOL + (_dt.string,) + _COMPLEX


def _broadcasting(fn):
    """TF's text when run-time shapes do not broadcast (numpy's ValueError otherwise)."""
    def f(x, y):
        try:
            return fn(x, y)
        except ValueError:
            if _broadcasts(np.shape(x), np.shape(y)):
                raise
            raise KernelError(f"Incompatible shapes: [{','.join(map(str, np.shape(x)))}] vs. "
                              f"[{','.join(map(str, np.shape(y)))}]") from None
    return f


def _broadcasts(a, b):
    try:
        np.broadcast_shapes(a, b)
        return True
    except ValueError:
        return False


def _binary_kernel(fn):
    checked = _broadcasting(fn)

    def make(op):
        kernel = lambda ctx, x, y: checked(x, y)  # noqa: E731
        # the executor may call the numpy function itself, without ctx (compiled plans reuse its
        # buffers); it maps that call's failures to TF's texts itself, and runs with numpy's
        # floating-point errors ignored (so a `_quiet` ufunc is called bare there)
        kernel.direct = getattr(fn, "bare", fn)
        return kernel
    return make


def _unary_kernel(fn):
    def make(op):
        kernel = lambda ctx, x: fn(x)  # noqa: E731
        kernel.direct = getattr(fn, "bare", fn)
        return kernel
    return make


def _quiet(fn):
    """numpy warns on x/0, log(0)...; TF silently gives inf/nan."""
    def f(*a):
        with np.errstate(all="ignore"):
            return fn(*a)
    f.bare = fn  # for callers that ignore numpy's errors already (the executor)
    return f


def int_zero_divisor(x, y) -> bool:
    """TF's integer division checks the divisors it uses: a zero in `y` fails only when the
    broadcast result has elements (`reduce_sum`'s gradient takes `% 0` of an empty range for a
    scalar input, and TF gives an empty result)."""
    if x.dtype.kind not in "iu":
        return False
    y = np.asarray(y)
    return bool((y == 0).any()) and 0 not in np.broadcast_shapes(np.shape(x), y.shape)


def _int_checked(fn):
    def bare(x, y):
        if int_zero_divisor(x, y):
            raise KernelError("Integer division by zero")
        return fn(x, y)

    def f(x, y):
        with np.errstate(all="ignore"):
            return bare(x, y)
    f.bare = bare  # for callers that ignore numpy's errors already (the executor)
    return f


def _floor_divide(x, y):
    """TF's FloorDiv: floor(x / y) for floats (numpy's `//` gives 9.0 for 1.0 // 0.1)."""
    return np.floor(np.true_divide(x, y)).astype(x.dtype) if x.dtype.kind == "f" else np.floor_divide(x, y)


def _sigmoid(x):
    with np.errstate(over="ignore"):
        return np.asarray(1 / (1 + np.exp(-x)), dtype=x.dtype)


# (op type, numpy function, allowed dtypes, plain-language verb, symbol)
BINARY = {
    "Add": (np.add, NUMERIC + (_dt.string,) + _COMPLEX, "adds", "+"),
    "AddV2": (np.add, NUMERIC + _COMPLEX, "adds", "+"),
    "Sub": (np.subtract, NUMERIC + _COMPLEX, "subtracts", "-"),
    "Mul": (np.multiply, NUMERIC + _COMPLEX, "multiplies", "*"),
    "RealDiv": (_quiet(np.true_divide), FLOATS + _COMPLEX, "divides", "/"),
    "FloorDiv": (_int_checked(_floor_divide), NUMERIC, "floor-divides", "//"),
    "FloorMod": (_int_checked(np.mod), NUMERIC, "takes the remainder of", "%"),
    "Pow": (_quiet(np.power), NUMERIC, "raises", "**"),
    "Maximum": (np.maximum, NUMERIC, "takes the larger of", "max"),
    "Minimum": (np.minimum, NUMERIC, "takes the smaller of", "min"),
    "SquaredDifference": (lambda x, y: np.square(x - y), NUMERIC, "squares the difference of", "sqdiff"),
}
COMPARE = {
    "Equal": (np.equal, _ALL, "tests equality of", "=="),
    "NotEqual": (np.not_equal, _ALL, "tests inequality of", "!="),
    "Less": (np.less, NUMERIC, "compares", "<"),
    "LessEqual": (np.less_equal, NUMERIC, "compares", "<="),
    "Greater": (np.greater, NUMERIC, "compares", ">"),
    "GreaterEqual": (np.greater_equal, NUMERIC, "compares", ">="),
    "LogicalAnd": (np.logical_and, _BOOL, "ANDs", "and"),
    "LogicalOr": (np.logical_or, _BOOL, "ORs", "or"),
}
UNARY = {
    "Neg": (np.negative, NUMERIC + _COMPLEX, "negates"),
    "Abs": (np.abs, NUMERIC, "takes the absolute value of"),
    "Square": (np.square, NUMERIC + _COMPLEX, "squares"),
    "Sqrt": (_quiet(np.sqrt), FLOATS + _COMPLEX, "takes the square root of"),
    "Rsqrt": (_quiet(lambda x: (1 / np.sqrt(x)).astype(x.dtype)), FLOATS, "takes 1/sqrt of"),
    "Exp": (_quiet(np.exp), FLOATS + _COMPLEX, "exponentiates"),
    "Log": (_quiet(np.log), FLOATS, "takes the natural log of"),
    "Log1p": (_quiet(np.log1p), FLOATS, "takes log(1 + x) of"),
    "Sigmoid": (_sigmoid, FLOATS, "applies the sigmoid 1/(1+e^-x) to"),
    "Tanh": (np.tanh, FLOATS, "applies tanh to"),
    "Relu": (lambda x: np.maximum(x, np.zeros((), x.dtype)), NUMERIC, "keeps the positive part (ReLU) of"),
    "Relu6": (lambda x: np.clip(x, np.zeros((), x.dtype), np.asarray(6, x.dtype)), NUMERIC, "clips to [0, 6]"),
    "Softplus": (_quiet(lambda x: np.logaddexp(np.zeros((), x.dtype), x)), FLOATS, "applies softplus to"),
    "Sign": (np.sign, NUMERIC, "takes the sign of"),
    "Floor": (np.floor, FLOATS, "rounds down"),
    "Ceil": (np.ceil, FLOATS, "rounds up"),
    "Round": (np.round, NUMERIC, "rounds"),
    "Reciprocal": (_quiet(lambda x: np.asarray(1 / x, x.dtype)), NUMERIC, "takes 1/x of"),
    "Sin": (np.sin, FLOATS, "takes the sine of"),
    "Cos": (np.cos, FLOATS, "takes the cosine of"),
    "LogicalNot": (np.logical_not, _BOOL, "negates (NOT)"),
}

for _t, (_fn, _ok, _verb, _sym) in BINARY.items():
    register(_t, "elementwise", broadcast, _binary_kernel(_fn), doc=f"{_verb}|{_sym}")
for _t, (_fn, _ok, _verb, _sym) in COMPARE.items():
    register(_t, "elementwise", broadcast, _binary_kernel(_fn), doc=f"{_verb}|{_sym}")
for _t, (_fn, _ok, _verb) in UNARY.items():
    register(_t, "elementwise", same_shape, _unary_kernel(_fn), doc=_verb)


def _softmax(x, log=False):
    with np.errstate(all="ignore"):
        z = x - np.max(x, axis=-1, keepdims=True)
        if log:
            return (z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))).astype(x.dtype)
        e = np.exp(z)
        return (e / np.sum(e, axis=-1, keepdims=True)).astype(x.dtype)


register("Softmax", "elementwise", same_shape, _unary_kernel(_softmax),
         doc="normalises the last axis to probabilities (softmax) of")
register("LogSoftmax", "elementwise", same_shape, _unary_kernel(lambda x: _softmax(x, True)),
         doc="takes log-softmax of")


def binary(op_type, x, y, name=None):
    allowed = (BINARY.get(op_type) or COMPARE[op_type])[1]
    out = [_dt.bool_] if op_type in COMPARE else None
    return apply_op(op_type, name, [("x", x), ("y", y)], allowed=allowed, out_dtypes=out)._outputs[0]


# TF's type lists for the float-only ops, named in its "not in list of allowed values" error
_TF_FLOAT_OR_COMPLEX = "bfloat16, float16, float32, float64, complex64, complex128"
_TF_ALLOWED_NAMES = {**{t: _TF_FLOAT_OR_COMPLEX for t in ("Sqrt", "Rsqrt", "Exp", "Log", "Log1p", "Sigmoid",
                                                          "Tanh", "Sin", "Cos")},
                     "Floor": "bfloat16, float16, float32, float64", "Ceil": "bfloat16, float16, float32, float64",
                     **{t: "float16, bfloat16, float32, float64" for t in ("Softplus", "Softmax", "LogSoftmax")}}


def unary(op_type, x, name=None, arg="x"):
    return apply_op(op_type, name, [(arg, x)], allowed=UNARY.get(op_type, (0, FLOATS))[1],
                    allowed_names=_TF_ALLOWED_NAMES.get(op_type))._outputs[0]


# -- public functions (TF 1.x names and default op names) -----------------------------------
def add(x, y, name=None): return binary("Add", x, y, name)


def add_v2(x, y, name=None):
    """What `x + y` builds in TF 1.15: `AddV2`, except for strings (`Add`)."""
    x = convert_to_tensor(x, name="x")
    return binary("Add" if x.dtype.base_dtype is _dt.string else "AddV2", x, y, name)


def subtract(x, y, name=None): return binary("Sub", x, y, name)
def multiply(x, y, name=None): return binary("Mul", x, y, name)
def realdiv(x, y, name=None): return binary("RealDiv", x, y, name)
def floor_div(x, y, name=None): return binary("FloorDiv", x, y, name)
def floormod(x, y, name=None): return binary("FloorMod", x, y, name)
def maximum(x, y, name=None): return binary("Maximum", x, y, name)
def minimum(x, y, name=None): return binary("Minimum", x, y, name)
def squared_difference(x, y, name=None): return binary("SquaredDifference", x, y, name)
def equal(x, y, name=None): return binary("Equal", x, y, name)
def not_equal(x, y, name=None): return binary("NotEqual", x, y, name)
def less(x, y, name=None): return binary("Less", x, y, name)
def less_equal(x, y, name=None): return binary("LessEqual", x, y, name)
def greater(x, y, name=None): return binary("Greater", x, y, name)
def greater_equal(x, y, name=None): return binary("GreaterEqual", x, y, name)
def logical_and(x, y, name=None): return binary("LogicalAnd", x, y, name)
def logical_or(x, y, name=None): return binary("LogicalOr", x, y, name)
def negative(x, name=None): return unary("Neg", x, name)
def abs(x, name=None):  # noqa: A001 - TF's name
    """`Abs`, or for a complex `x` TF's `ComplexAbs` (the modulus, of the real dtype)."""
    x = convert_to_tensor(x, name="x")
    if x.dtype.base_dtype.is_complex:
        from .complex_ops import complex_abs
        return complex_abs(x, name=name or "Abs")  # TF's op name stays "Abs"
    return unary("Abs", x, name)
def square(x, name=None): return unary("Square", x, name)
def sqrt(x, name=None): return unary("Sqrt", x, name)
def rsqrt(x, name=None): return unary("Rsqrt", x, name)
def exp(x, name=None): return unary("Exp", x, name)
def log(x, name=None): return unary("Log", x, name)
def log1p(x, name=None): return unary("Log1p", x, name)
def sigmoid(x, name=None): return unary("Sigmoid", x, name)
def tanh(x, name=None): return unary("Tanh", x, name)
def relu(features, name=None): return unary("Relu", features, name, "features")
def relu6(features, name=None): return unary("Relu6", features, name, "features")
def softplus(features, name=None): return unary("Softplus", features, name, "features")
def sign(x, name=None): return unary("Sign", x, name)
def floor(x, name=None): return unary("Floor", x, name)
def ceil(x, name=None): return unary("Ceil", x, name)
def round(x, name=None): return unary("Round", x, name)  # noqa: A001
def reciprocal(x, name=None): return unary("Reciprocal", x, name)
def sin(x, name=None): return unary("Sin", x, name)
def cos(x, name=None): return unary("Cos", x, name)
def logical_not(x, name=None): return unary("LogicalNot", x, name)


def pow(x, y, name=None):  # noqa: A001
    g = graph_of([x, y])
    with g.as_default(), g.name_scope(name or "Pow") as scope:
        return binary("Pow", x, y, scope)


def softmax(logits, axis=None, name=None, dim=None):
    return unary("Softmax", logits, name, "logits")


def log_softmax(logits, axis=None, name=None, dim=None):
    return unary("LogSoftmax", logits, name, "logits")


def logical_xor(x, y, name="LogicalXor"):
    """TF 1.x builds the parts beside the result (`LogicalOr`, ..., `LogicalXor`), not under it."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)


_TRUEDIV_TABLE = {_dt.uint8: _dt.float32, _dt.int8: _dt.float32, _dt.int16: _dt.float32,
                  _dt.int32: _dt.float64, _dt.int64: _dt.float64}


def truediv(x, y, name=None):
    """`x / y`: integers are cast to float first (`truediv/Cast`), as TF 1.x does."""
    from .array_ops import cast
    g = graph_of([x, y])
    with g.as_default(), g.name_scope(name or "truediv") as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype=x.dtype.base_dtype, name="y")
        xd, yd = x.dtype.base_dtype, y.dtype.base_dtype
        if xd != yd:
            raise TypeError(f"x and y must have the same dtype, got {xd!r} != {yd!r}")
        if xd not in FLOATS and xd not in _TRUEDIV_TABLE:
            raise TypeError(f"Invalid dtype {xd!r} in __truediv__")
        if xd in _TRUEDIV_TABLE:
            x, y = cast(x, _TRUEDIV_TABLE[xd]), cast(y, _TRUEDIV_TABLE[xd])
        return realdiv(x, y, name=scope)


def divide(x, y, name=None):
    if name is not None:
        return truediv(x, y, name=name)
    return truediv(x, y)


def floordiv(x, y, name=None):
    g = graph_of([x, y])
    with g.as_default(), g.name_scope(name or "floordiv") as scope:
        return floor_div(x, y, name=scope)


def div(x, y, name=None):
    """TF 1.x `tf.div`: Python-2 division (floor for integers)."""
    g = graph_of([x, y])
    with g.as_default(), g.name_scope(name or "div") as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype=x.dtype.base_dtype, name="y")
        return (realdiv if x.dtype.base_dtype in FLOATS else floor_div)(x, y, name=scope)


mod = floormod
