"""Training ops: the `Apply*` updates an optimizer runs on a variable and its slots
(`ApplyGradientDescent`, `ApplyMomentum`, `ApplyAdam`, `ApplyAdagrad`, `ApplyRMSProp`,
`ApplyCenteredRMSProp`, `ApplyAdadelta`), with TF 1.15's input names, attrs and formulas.

Like `Assign`, the variable and its slots are ref inputs: the kernel updates their buffers in
place (in the order TF's Eigen kernels do, in the variable's dtype) and outputs the variable's
ref. Scalars (learning rate, decay factors) must be rank 0, as TF's shape functions demand.
"""
from __future__ import annotations

import numpy as np

from ..convert import apply_op
from ..errors import FailedPreconditionError
from ..registry import register
from .common import NUMERIC, KernelError, merge_shapes, shape_error
from .locking import variable_lock

# op type -> (ref input names, scalar input names, has grad, bool attrs)
SPECS = {
    "ApplyGradientDescent": (("var",), ("alpha",), "delta", ()),
    "ApplyMomentum": (("var", "accum"), ("lr",), "grad", ("use_nesterov",)),
    "ApplyAdam": (("var", "m", "v"), ("beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon"), "grad",
                  ("use_nesterov",)),
    "ApplyAdagrad": (("var", "accum"), ("lr",), "grad", ("update_slots",)),
    "ApplyRMSProp": (("var", "ms", "mom"), ("lr", "rho", "momentum", "epsilon"), "grad", ()),
    "ApplyCenteredRMSProp": (("var", "mg", "ms", "mom"), ("lr", "rho", "momentum", "epsilon"), "grad", ()),
    "ApplyAdadelta": (("var", "accum", "accum_update"), ("lr", "rho", "epsilon"), "grad", ()),
}


def _input_names(op_type):
    refs, scalars, grad, _ = SPECS[op_type]
    if op_type == "ApplyMomentum":  # TF's order: var, accum, lr, grad, momentum
        return list(refs) + ["lr", "grad", "momentum"]
    if op_type == "ApplyGradientDescent":
        return ["var", "alpha", "delta"]
    return list(refs) + list(scalars) + [grad]


def _update_shape(op):
    names = _input_names(op.type)
    n_refs = len(SPECS[op.type][0])
    grad_i = names.index(SPECS[op.type][2])
    s = op._inputs[0]._shape
    for i in list(range(1, n_refs)) + [grad_i]:
        try:
            s = merge_shapes(s, op._inputs[i]._shape)
        except ValueError as e:
            raise shape_error(op, str(e)) from None
    for i, name in enumerate(names):
        if i < n_refs or i == grad_i:
            continue
        r = op._inputs[i]._shape.ndims
        if r is not None and r != 0:
            raise shape_error(op, f"Shape must be rank 0 but is rank {r}")
    return [s]


def _variable_op(t):
    """The VariableV2 behind a ref tensor (through Assign/Apply outputs, which alias it)."""
    op = t._op
    while op.type != "VariableV2" and op._inputs:
        op = op._inputs[0]._op
    return op


def _gradient_descent(var, alpha, delta, attrs):
    var -= delta * alpha


def _momentum(var, accum, lr, grad, momentum, attrs):
    accum *= momentum
    accum += grad
    if attrs["use_nesterov"]:
        var -= grad * lr + accum * momentum * lr
    else:
        var -= accum * lr


def _adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, attrs):
    one = var.dtype.type(1)
    alpha = lr * np.sqrt(one - beta2_power) / (one - beta1_power)
    m += (grad - m) * (one - beta1)
    v += (np.square(grad) - v) * (one - beta2)
    if attrs["use_nesterov"]:
        var -= ((grad * (one - beta1) + beta1 * m) * alpha) / (np.sqrt(v) + epsilon)
    else:
        var -= (m * alpha) / (np.sqrt(v) + epsilon)


def _adagrad(var, accum, lr, grad, attrs):
    if attrs["update_slots"]:
        accum += np.square(grad)
    var -= grad * lr * (var.dtype.type(1) / np.sqrt(accum))


def _rmsprop(var, ms, mom, lr, rho, momentum, epsilon, grad, attrs):
    one = var.dtype.type(1)
    ms += (np.square(grad) - ms) * (one - rho)
    mom *= momentum
    mom += (grad * lr) / np.sqrt(ms + epsilon)
    var -= mom


def _centered_rmsprop(var, mg, ms, mom, lr, rho, momentum, epsilon, grad, attrs):
    one = var.dtype.type(1)
    mg += (grad - mg) * (one - rho)
    ms += (np.square(grad) - ms) * (one - rho)
    denom = (ms - np.square(mg)) + epsilon
    mom *= momentum
    mom += (grad * lr) / np.sqrt(denom)
    var -= mom


def _adadelta(var, accum, accum_update, lr, rho, epsilon, grad, attrs):
    one = var.dtype.type(1)
    accum *= rho
    accum += np.square(grad) * (one - rho)
    update = np.sqrt(accum_update + epsilon) * (one / np.sqrt(accum + epsilon)) * grad
    var -= update * lr
    accum_update *= rho
    accum_update += np.square(update) * (one - rho)


_FORMULAS = {"ApplyGradientDescent": _gradient_descent, "ApplyMomentum": _momentum, "ApplyAdam": _adam,
             "ApplyAdagrad": _adagrad, "ApplyRMSProp": _rmsprop, "ApplyCenteredRMSProp": _centered_rmsprop,
             "ApplyAdadelta": _adadelta}

# the stepper's sentence: "<Type> <name> <doc> <value inputs>: <new value of the variable>"
_DOCS = {"ApplyGradientDescent": "updates its variable in place (var -= lr * grad) from",
         "ApplyMomentum": "updates its variable in place (accum = accum * momentum + grad; var -= lr * accum) from",
         "ApplyAdam": "updates its variable in place with Adam's moment estimates m and v, from",
         "ApplyAdagrad": "updates its variable in place (accum += grad²; var -= lr * grad / sqrt(accum)) from",
         "ApplyRMSProp": "updates its variable in place by lr * grad / sqrt(running mean of grad²), from",
         "ApplyCenteredRMSProp": "updates its variable in place by lr * grad / sqrt(running variance of grad), from",
         "ApplyAdadelta": "updates its variable in place with Adadelta's running averages, from"}


def _make_kernel(op):
    n_refs = len(SPECS[op.type][0])
    variables = [_variable_op(op._inputs[i]) for i in range(n_refs)]
    fn = _FORMULAS[op.type]
    attrs = op._attrs
    npdt = np.dtype(op._outputs[0]._dtype.base_dtype.as_numpy_dtype)
    grad_i = _input_names(op.type).index(SPECS[op.type][2]) - n_refs
    locking = bool(attrs.get("use_locking", False))

    def quiet(ctx, *values):
        store = ctx.variables
        try:
            bufs = [store[v] for v in variables]
        except KeyError:
            missing = next(v for v in variables if v not in store)
            raise KernelError(f"Attempting to use uninitialized value {missing.name}",
                              FailedPreconditionError) from None
        shape = bufs[0].shape
        for b in bufs[1:]:
            if b.shape != shape:
                raise KernelError(f"var and accum do not have the same shape{list(shape)} {list(b.shape)}")
        if np.shape(values[grad_i]) != shape:
            raise KernelError(f"var and grad do not have the same shape{list(shape)} "
                              f"{list(np.shape(values[grad_i]))}")
        if not all(getattr(x, "dtype", None) == npdt for x in values):
            values = [np.asarray(x, dtype=npdt) for x in values]
        with variable_lock(ctx, variables[0], locking):  # use_locking: as Assign, one lock per variable
            fn(*bufs, *values, attrs)
        return bufs[0]

    if op.type == "ApplyGradientDescent" and not locking:  # the common case, its checks in the cheapest order
        general, var_op = quiet, variables[0]

        def quiet(ctx, alpha, delta):
            var = ctx.variables.get(var_op)
            if (var is None or type(delta) is not np.ndarray or delta.shape != var.shape
                    or delta.dtype != npdt or getattr(alpha, "dtype", None) != npdt):
                return general(ctx, alpha, delta)  # its errors and conversions
            var -= delta * alpha
            return var

    def k(ctx, *values):
        with np.errstate(all="ignore"):  # TF gives inf/nan silently where numpy would warn
            return quiet(ctx, *values)
    k.quiet = quiet  # for the executor, which runs every kernel with numpy's errors ignored
    return k


for _type in SPECS:
    register(_type, "state", _update_shape, _make_kernel, ref_inputs=tuple(range(len(SPECS[_type][0]))),
             stateful=True, doc=_DOCS[_type])


def _apply(op_type, values, use_locking, name, **flags):
    from .state_ops import _ref_tensor
    names = _input_names(op_type)
    refs = SPECS[op_type][0]
    inputs = []
    for arg, v in zip(names, values):
        inputs.append((arg, _ref_tensor(v, op_type) if arg in refs else v))
    attrs = {"T": inputs[0][1].dtype.base_dtype, "use_locking": bool(use_locking), **flags}
    return apply_op(op_type, name, inputs, attrs=attrs, allowed=NUMERIC,
                    out_dtypes=[inputs[0][1].dtype])._outputs[0]


def apply_gradient_descent(var, alpha, delta, use_locking=False, name=None):
    return _apply("ApplyGradientDescent", (var, alpha, delta), use_locking, name)


def apply_momentum(var, accum, lr, grad, momentum, use_locking=False, use_nesterov=False, name=None):
    return _apply("ApplyMomentum", (var, accum, lr, grad, momentum), use_locking, name,
                  use_nesterov=bool(use_nesterov))


def apply_adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, use_locking=False,
               use_nesterov=False, name=None):
    return _apply("ApplyAdam", (var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad),
                  use_locking, name, use_nesterov=bool(use_nesterov))


def apply_adagrad(var, accum, lr, grad, use_locking=False, update_slots=True, name=None):
    return _apply("ApplyAdagrad", (var, accum, lr, grad), use_locking, name, update_slots=bool(update_slots))


def apply_rms_prop(var, ms, mom, lr, rho, momentum, epsilon, grad, use_locking=False, name=None):
    return _apply("ApplyRMSProp", (var, ms, mom, lr, rho, momentum, epsilon, grad), use_locking, name)


def apply_centered_rms_prop(var, mg, ms, mom, lr, rho, momentum, epsilon, grad, use_locking=False, name=None):
    return _apply("ApplyCenteredRMSProp", (var, mg, ms, mom, lr, rho, momentum, epsilon, grad), use_locking, name)


def apply_adadelta(var, accum, accum_update, lr, rho, epsilon, grad, use_locking=False, name=None):
    return _apply("ApplyAdadelta", (var, accum, accum_update, lr, rho, epsilon, grad), use_locking, name)
