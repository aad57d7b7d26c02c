"""Complex numbers, as TF 1.x builds them: `tf.complex(real, imag)` (`Complex`), `tf.real`,
`tf.imag` (`Real`, `Imag`), `tf.conj` (`Conj`) and `tf.abs` of a complex tensor (`ComplexAbs`), with their gradients (math_grad.py of TF r1.15).

`complex64` pairs with `float32` parts and `complex128` with `float64`; `tf.real`/`tf.imag`/`tf.conj`
of a real tensor give the tensor itself (no op), as TF's Python functions do."""
from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..convert import apply_op, convert_to_tensor
from ..grad_registry import RegisterGradient
from ..graph import get_default_graph
from ..registry import register
from .common import KernelError, broadcast, same_shape

__all__ = ["complex", "real", "imag", "conj", "complex_abs"]

_COMPLEX = (_dt.complex64, _dt.complex128)
_PARTS = (_dt.float32, _dt.float64)
_PART_OF = {_dt.complex64: _dt.float32, _dt.complex128: _dt.float64}


def _unary(fn):
    def make(op):
        kernel = lambda ctx, x: fn(x)  # noqa: E731
        kernel.direct = fn
        return kernel
    return make


def _complex_kernel(op):
    out = op._outputs[0]._dtype.as_numpy_dtype

    def kernel(ctx, re, im):
        try:
            return np.asarray(re + 1j * np.asarray(im), dtype=out)
        except ValueError:
            raise KernelError(f"Incompatible shapes: [{','.join(map(str, np.shape(re)))}] vs. "
                              f"[{','.join(map(str, np.shape(im)))}]") from None
    return kernel


def _part(fn):
    return lambda x: np.array(fn(x))  # an own, contiguous copy (np.real gives a strided view)


register("Complex", "elementwise", broadcast, _complex_kernel, doc="builds complex numbers from real and imaginary parts|complex")
register("Real", "elementwise", same_shape, _unary(_part(np.real)), doc="takes the real part of")
register("Imag", "elementwise", same_shape, _unary(_part(np.imag)), doc="takes the imaginary part of")
register("Conj", "elementwise", same_shape, _unary(np.conj), doc="takes the complex conjugate of")
register("ComplexAbs", "elementwise", same_shape, _unary(_part(np.abs)), doc="takes the modulus of")


def complex(real, imag, name=None):  # noqa: A001 - TF's name
    """`tf.complex`: float32 parts give complex64, float64 parts complex128."""
    g = get_default_graph()
    with g.name_scope(name or "Complex") as scope:
        real = convert_to_tensor(real, name="real")
        imag = convert_to_tensor(imag, name="imag")
        if real.dtype.base_dtype is _dt.float32 and imag.dtype.base_dtype is _dt.float32:
            out = _dt.complex64
        elif real.dtype.base_dtype is _dt.float64 and imag.dtype.base_dtype is _dt.float64:
            out = _dt.complex128
        else:
            raise TypeError(f"real and imag have incorrect types: {real.dtype.base_dtype.name} "
                            f"{imag.dtype.base_dtype.name}")
        return apply_op("Complex", scope, [("real", real), ("imag", imag)], allowed=_PARTS,
                        attrs={"Tout": out}, out_dtypes=[out])._outputs[0]


def _to_part(op_type, default, x, name):
    g = get_default_graph()
    with g.name_scope(name or default) as scope:
        x = convert_to_tensor(x, name="input")
        dt = x.dtype.base_dtype
        if not dt.is_complex:
            return x
        return apply_op(op_type, scope, [("input", x)], allowed=_COMPLEX,
                        attrs={"Tout": _PART_OF[dt]}, out_dtypes=[_PART_OF[dt]])._outputs[0]


def real(input, name=None):  # noqa: A002 - TF's argument name
    """`tf.real` / `tf.math.real`: the real part (a real tensor comes back unchanged)."""
    return _to_part("Real", "Real", input, name)


def imag(input, name=None):  # noqa: A002
    """`tf.imag` / `tf.math.imag`: the imaginary part (zeros for a real tensor, as TF)."""
    g = get_default_graph()
    with g.name_scope(name or "Imag") as scope:
        x = convert_to_tensor(input, name="input")
        if not x.dtype.base_dtype.is_complex:
            from .array_ops import zeros_like
            return zeros_like(x)
        return apply_op("Imag", scope, [("input", x)], allowed=_COMPLEX,
                        attrs={"Tout": _PART_OF[x.dtype.base_dtype]},
                        out_dtypes=[_PART_OF[x.dtype.base_dtype]])._outputs[0]


def complex_abs(x, name=None):
    """`tf.abs` of a complex tensor: `ComplexAbs`, of the part dtype."""
    return _to_part("ComplexAbs", "ComplexAbs", x, name)


def conj(x, name=None):
    """`tf.conj`: the complex conjugate (a real tensor comes back unchanged)."""
    g = get_default_graph()
    with g.name_scope(name or "Conj") as scope:
        x = convert_to_tensor(x, name="input")
        if not x.dtype.base_dtype.is_complex:
            return x
        return apply_op("Conj", scope, [("input", x)], allowed=_COMPLEX)._outputs[0]


# -- gradients (TF r1.15 math_grad.py) -------------------------------------------------------
@RegisterGradient("Complex")
def _ComplexGrad(op, grad):  # noqa: N802 - TF's names
    from .math_grad import _reduce_to, smart_broadcast_gradient_args
    x, y = op.inputs
    (sx, rx, mx), (sy, ry, my) = smart_broadcast_gradient_args(x, y, grad)
    gr, gi = real(grad), imag(grad)
    return (_reduce_to(gr, rx, sx) if mx else gr), (_reduce_to(gi, ry, sy) if my else gi)


@RegisterGradient("Real")
def _RealGrad(op, grad):  # noqa: N802
    return complex(grad, np.zeros((), grad.dtype.base_dtype.as_numpy_dtype))


@RegisterGradient("Imag")
def _ImagGrad(op, grad):  # noqa: N802
    return complex(np.zeros((), grad.dtype.base_dtype.as_numpy_dtype), grad)


@RegisterGradient("Conj")
def _ConjGrad(op, grad):  # noqa: N802
    return conj(grad)


@RegisterGradient("ComplexAbs")
def _ComplexAbsGrad(op, grad):  # noqa: N802
    from . import math_ops as M
    zeros = np.zeros((), grad.dtype.base_dtype.as_numpy_dtype)
    return M.realdiv(M.multiply(complex(grad, zeros), op.inputs[0]), complex(op.outputs[0], zeros))
