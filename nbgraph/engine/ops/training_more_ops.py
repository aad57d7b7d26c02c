"""More `Apply*` training ops (TF 1.15's training_ops.cc formulas, input names and order):
`ApplyFtrl`, `ApplyFtrlV2` (with l2 shrinkage), `ApplyProximalGradientDescent`,
`ApplyProximalAdagrad`, `ApplyAdagradDA`. As training_ops.py's: the variable and its slots are
ref inputs updated in place (under the variable's lock when `use_locking`), the output is the
variable's ref, the hyper-parameters must be scalars."""
from __future__ import annotations

import numpy as np

from ..convert import apply_op
from ..errors import FailedPreconditionError
from ..grad_registry import NotDifferentiable
from ..registry import register
from .common import NUMERIC, KernelError, merge_shapes, shape_error
from .locking import variable_lock
from .training_ops import _variable_op

# op type -> (input names, number of ref inputs, name of the gradient input)
SPECS = {
    "ApplyFtrl": (("var", "accum", "linear", "grad", "lr", "l1", "l2", "lr_power"), 3, "grad"),
    "ApplyFtrlV2": (("var", "accum", "linear", "grad", "lr", "l1", "l2", "l2_shrinkage", "lr_power"), 3, "grad"),
    "ApplyProximalGradientDescent": (("var", "alpha", "l1", "l2", "delta"), 1, "delta"),
    "ApplyProximalAdagrad": (("var", "accum", "lr", "l1", "l2", "grad"), 2, "grad"),
    "ApplyAdagradDA": (("var", "gradient_accumulator", "gradient_squared_accumulator", "grad", "lr", "l1", "l2",
                        "global_step"), 3, "grad"),
}


def _ftrl(var, accum, linear, grad, lr, l1, l2, lr_power, shrinkage=None):
    new_accum = accum + np.square(grad)
    g = grad if shrinkage is None else grad + 2 * shrinkage * var
    if lr_power == -0.5:
        linear += g - (np.sqrt(new_accum) - np.sqrt(accum)) / lr * var
        y = np.sqrt(new_accum) / lr + 2 * l2
    else:
        linear += g - (new_accum ** -lr_power - accum ** -lr_power) / lr * var
        y = new_accum ** -lr_power / lr + 2 * l2
    x = l1 * np.sign(linear) - linear
    var[...] = np.where(np.abs(linear) > l1, x / y, 0)
    accum += np.square(grad)


def _ftrl_v2(var, accum, linear, grad, lr, l1, l2, shrinkage, lr_power):
    _ftrl(var, accum, linear, grad, lr, l1, l2, lr_power, shrinkage)


def _prox(var, prox, lr, l1, l2):
    """sign(v) max(|v| - lr l1, 0) / (1 + lr l2), or v / (1 + lr l2) without l1."""
    if l1 > 0:
        var[...] = np.sign(prox) * np.maximum(np.abs(prox) - lr * l1, 0) / (1 + l2 * lr)
    else:
        var[...] = prox / (1 + l2 * lr)


def _proximal_gd(var, alpha, l1, l2, delta):
    _prox(var, var - delta * alpha, alpha, l1, l2)


def _proximal_adagrad(var, accum, lr, l1, l2, grad):
    accum += np.square(grad)
    rate = lr / np.sqrt(accum)
    _prox(var, var - grad * rate, rate, l1, l2)


def _adagrad_da(var, g_acc, gg_acc, grad, lr, l1, l2, global_step):
    g_acc += grad
    gg_acc += np.square(grad)
    step = var.dtype.type(global_step)
    tmp = np.sign(g_acc) * np.maximum(np.abs(g_acc) - l1 * step, 0) if l1 > 0 else g_acc
    var[...] = -lr * tmp / (l2 * step * lr + np.sqrt(gg_acc))


_FORMULAS = {"ApplyFtrl": _ftrl, "ApplyFtrlV2": _ftrl_v2, "ApplyProximalGradientDescent": _proximal_gd,
             "ApplyProximalAdagrad": _proximal_adagrad, "ApplyAdagradDA": _adagrad_da}
_DOCS = {"ApplyFtrl": "updates its variable in place by FTRL-proximal (accum, linear) from",
         "ApplyFtrlV2": "updates its variable in place by FTRL-proximal with l2 shrinkage from",
         "ApplyProximalGradientDescent": "updates its variable in place by a proximal gradient step from",
         "ApplyProximalAdagrad": "updates its variable in place by a proximal Adagrad step from",
         "ApplyAdagradDA": "updates its variable in place by Adagrad dual averaging from"}


def _shape(op):
    names, n_refs, grad = SPECS[op.type]
    grad_i = names.index(grad)
    s = op._inputs[0]._shape
    for i in list(range(1, n_refs)) + [grad_i]:
        try:
            s = merge_shapes(s, op._inputs[i]._shape)
        except ValueError as e:
            raise shape_error(op, str(e)) from None
    for i in range(n_refs, len(names)):
        r = op._inputs[i]._shape.ndims
        if i != grad_i and r is not None and r != 0:
            raise shape_error(op, f"Shape must be rank 0 but is rank {r}")
    return [s]


def _make_kernel(op):
    names, n_refs, grad = SPECS[op.type]
    variables = [_variable_op(op._inputs[i]) for i in range(n_refs)]
    fn, locking = _FORMULAS[op.type], bool(op._attrs.get("use_locking", False))
    npdt = np.dtype(op._outputs[0]._dtype.base_dtype.as_numpy_dtype)
    grad_i = names.index(grad) - n_refs

    def k(ctx, *values):
        try:
            bufs = [ctx.variables[v] for v in variables]
        except KeyError:
            missing = next(v for v in variables if v not in ctx.variables)
            raise KernelError(f"Attempting to use uninitialized value {missing.name}",
                              FailedPreconditionError) from None
        for b in bufs[1:]:
            if b.shape != bufs[0].shape:
                raise KernelError(f"var and accum do not have the same shape{list(bufs[0].shape)} {list(b.shape)}")
        if np.shape(values[grad_i]) != bufs[0].shape:
            raise KernelError(f"var and grad do not have the same shape{list(bufs[0].shape)} "
                              f"{list(np.shape(values[grad_i]))}")
        values = [np.asarray(v) if names[n_refs + i] == "global_step" else np.asarray(v, dtype=npdt)
                  for i, v in enumerate(values)]
        with variable_lock(ctx, variables[0], locking), np.errstate(all="ignore"):
            fn(*bufs, *values)
        return bufs[0]
    return k


for _type in SPECS:
    register(_type, "state", _shape, _make_kernel, ref_inputs=tuple(range(SPECS[_type][1])), stateful=True,
             doc=_DOCS[_type])
    NotDifferentiable(_type)


def _apply(op_type, values, use_locking, name):
    from .state_ops import _ref_tensor
    names, n_refs, _ = SPECS[op_type]
    inputs = [(a, _ref_tensor(v, op_type) if i < n_refs else v) for i, (a, v) in enumerate(zip(names, values))]
    typed = tuple(a for a in names if a != "global_step")
    return apply_op(op_type, name, inputs, same_type=typed, allowed=NUMERIC, out_dtypes=[inputs[0][1].dtype],
                    attrs={"T": inputs[0][1].dtype.base_dtype, "use_locking": bool(use_locking)})._outputs[0]


def apply_ftrl(var, accum, linear, grad, lr, l1, l2, lr_power, use_locking=False, name=None):
    return _apply("ApplyFtrl", (var, accum, linear, grad, lr, l1, l2, lr_power), use_locking, name)


def apply_ftrl_v2(var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power, use_locking=False, name=None):
    return _apply("ApplyFtrlV2", (var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power), use_locking, name)


def apply_proximal_gradient_descent(var, alpha, l1, l2, delta, use_locking=False, name=None):
    return _apply("ApplyProximalGradientDescent", (var, alpha, l1, l2, delta), use_locking, name)


def apply_proximal_adagrad(var, accum, lr, l1, l2, grad, use_locking=False, name=None):
    return _apply("ApplyProximalAdagrad", (var, accum, lr, l1, l2, grad), use_locking, name)


def apply_adagrad_da(var, gradient_accumulator, gradient_squared_accumulator, grad, lr, l1, l2, global_step,
                     use_locking=False, name=None):
    return _apply("ApplyAdagradDA", (var, gradient_accumulator, gradient_squared_accumulator, grad, lr, l1, l2,
                                     global_step), use_locking, name)


__all__ = ["apply_ftrl", "apply_ftrl_v2", "apply_proximal_gradient_descent", "apply_proximal_adagrad",
           "apply_adagrad_da"]
