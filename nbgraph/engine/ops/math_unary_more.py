"""Elementwise ops TF 1.15 has and the catalogue lacked: IsNan/IsInf/IsFinite (bool, not
differentiable), Expm1, Tan, Sinh, Cosh, Asin, Acos, Atan with TF's gradients (math_grad.py)."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..grad_registry import NotDifferentiable, RegisterGradient
from ..registry import register
from .common import FLOATS, same_shape
from ..convert import apply_op
from .math_ops import _quiet, _unary_kernel

_FLOAT_NAMES = "bfloat16, float16, float32, float64"
_FLOAT_OR_COMPLEX = "bfloat16, float16, float32, float64, complex64, complex128"

PREDICATES = {"IsNan": (np.isnan, "tests for NaN in"), "IsInf": (np.isinf, "tests for +-inf in"),
              "IsFinite": (np.isfinite, "tests for finite values in")}
FUNCS = {"Expm1": (np.expm1, "takes exp(x) - 1 of"), "Tan": (np.tan, "takes the tangent of"),
         "Sinh": (np.sinh, "takes the hyperbolic sine of"), "Cosh": (np.cosh, "takes the hyperbolic cosine of"),
         "Asin": (np.arcsin, "takes the arcsine of"), "Acos": (np.arccos, "takes the arccosine of"),
         "Atan": (np.arctan, "takes the arctangent of")}

for _t, (_fn, _verb) in PREDICATES.items():
    register(_t, "elementwise", same_shape, _unary_kernel(_fn), doc=_verb)
    NotDifferentiable(_t)
for _t, (_fn, _verb) in FUNCS.items():
    register(_t, "elementwise", same_shape, _unary_kernel(_quiet(lambda x, f=_fn: np.asarray(f(x), x.dtype))),
             doc=_verb)


def _pred(op_type, x, name):
    return apply_op(op_type, name, [("x", x)], allowed=FLOATS, allowed_names=_FLOAT_NAMES,
                    out_dtypes=[_dt.bool_])._outputs[0]


def _func(op_type, x, name):
    return apply_op(op_type, name, [("x", x)], allowed=FLOATS, allowed_names=_FLOAT_OR_COMPLEX)._outputs[0]


def is_nan(x, name=None): return _pred("IsNan", x, name)
def is_inf(x, name=None): return _pred("IsInf", x, name)
def is_finite(x, name=None): return _pred("IsFinite", x, name)
def expm1(x, name=None): return _func("Expm1", x, name)
def tan(x, name=None): return _func("Tan", x, name)
def sinh(x, name=None): return _func("Sinh", x, name)
def cosh(x, name=None): return _func("Cosh", x, name)
def asin(x, name=None): return _func("Asin", x, name)
def acos(x, name=None): return _func("Acos", x, name)
def atan(x, name=None): return _func("Atan", x, name)


@RegisterGradient("Expm1")
def _Expm1Grad(op, grad):  # noqa: N802
    from .math_ops import exp
    with op.graph.control_dependencies([grad]):
        return grad * exp(op.inputs[0])


@RegisterGradient("Tan")
def _TanGrad(op, grad):  # noqa: N802
    from .math_ops import cos, reciprocal, square
    with op.graph.control_dependencies([grad]):
        return grad * square(reciprocal(cos(op.inputs[0])))


@RegisterGradient("Sinh")
def _SinhGrad(op, grad):  # noqa: N802
    with op.graph.control_dependencies([grad]):
        return grad * cosh(op.inputs[0])


@RegisterGradient("Cosh")
def _CoshGrad(op, grad):  # noqa: N802
    with op.graph.control_dependencies([grad]):
        return grad * sinh(op.inputs[0])


def _inv_sqrt_one_minus_square(x, grad):
    from ..convert import make_constant
    from .math_ops import reciprocal, sqrt, square
    x2 = square(x)
    one = make_constant(np.asarray(1, grad.dtype.base_dtype.as_numpy_dtype))
    return reciprocal(sqrt(one - x2))


@RegisterGradient("Asin")
def _AsinGrad(op, grad):  # noqa: N802
    with op.graph.control_dependencies([grad]):
        return grad * _inv_sqrt_one_minus_square(op.inputs[0], grad)


@RegisterGradient("Acos")
def _AcosGrad(op, grad):  # noqa: N802
    with op.graph.control_dependencies([grad]):
        return -grad * _inv_sqrt_one_minus_square(op.inputs[0], grad)


@RegisterGradient("Atan")
def _AtanGrad(op, grad):  # noqa: N802
    from ..convert import make_constant
    from .math_ops import reciprocal, square
    x = op.inputs[0]
    with op.graph.control_dependencies([grad]):
        x2 = square(x)
        one = make_constant(np.asarray(1, grad.dtype.base_dtype.as_numpy_dtype))
        return grad * reciprocal(one + x2)


__all__ = ["is_nan", "is_inf", "is_finite", "expm1", "tan", "sinh", "cosh", "asin", "acos", "atan"]
