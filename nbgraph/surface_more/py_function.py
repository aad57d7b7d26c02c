"""`tf.py_function` (TF 1.15's `EagerPyFunc` op): a Python function run on eager tensors.

When the op runs, its inputs reach the function as `EagerTensor`s (`.numpy()`, eager arithmetic),
the function's ops run eagerly in a private `EagerGraph`, and what it returns (eager tensors,
numpy values or Python numbers) is converted to `Tout`. Python errors become TF's errors as for
`tf.py_func` (engine/ops/script_ops.py). Its gradient re-runs the function under a
`GradientTape`, as TF 1.15's does.
"""
from __future__ import annotations

import itertools

import numpy as np

from ..engine import dtypes as _dt
from ..engine.convert import convert_to_tensor
from ..engine.functions import bind, bound
from ..engine.graph import graph_of
from ..engine.ops.common import KernelError
from ..engine.ops.script_ops import _python_error
from ..engine.registry import register
from ..engine.shapes import unknown_shape

__all__ = ["py_function"]

_tokens = itertools.count()


def _to_numpy(v, dt):
    if hasattr(v, "_numpy"):
        v = v._numpy()
    if dt is _dt.string:
        arr = np.asarray(v, dtype=object)
        return np.vectorize(lambda s: s.encode() if isinstance(s, str) else s, otypes=[object])(arr) \
            if arr.size else arr
    return np.asarray(v).astype(dt.as_numpy_dtype, copy=False)


def _kernel(op):
    func = bound(op, "func")
    tout = op._attrs["Tout"]
    token = op._attrs["token"]

    def k(ctx, *args):
        from ..eager.context import EagerGraph
        eg = EagerGraph()
        try:
            with eg.as_default():
                xs = [convert_to_tensor(a) for a in args]
                ret = func(*xs)
                if ret is None:
                    ret = []
                elif not isinstance(ret, (list, tuple)):
                    ret = [ret]
                if len(ret) != len(tout):
                    raise KernelError(f"{token} returns {len(ret)} values, but expects to see {len(tout)} values.")
                out = [_to_numpy(v, dt) for v, dt in zip(ret, tout)]
        except KernelError:
            raise
        except Exception as e:  # noqa: BLE001 - every Python error becomes TF's error for it
            raise _python_error(e) from None
        return tuple(out) if len(out) != 1 else out[0]
    return k


register("EagerPyFunc", "io", lambda op: [unknown_shape() for _ in op._outputs], _kernel, gpu=False,
         stateful=True, doc="runs a Python function on eager tensors")


def py_function(func, inp, Tout, name=None):  # noqa: N803 - TF's argument name
    """`tf.py_function(func, inp, Tout)`: one tensor when `Tout` is a dtype, else a list."""
    single = not isinstance(Tout, (list, tuple))
    tout = [_dt.as_dtype(Tout)] if single else [_dt.as_dtype(t) for t in Tout]
    g = graph_of(list(inp))
    with g.as_default(), g.name_scope(name or "EagerPyFunc") as scope:
        ins = [convert_to_tensor(x) for x in inp]
        op = g.create_op("EagerPyFunc", ins, tout, name=scope,
                         attrs={"token": f"pyfunc_{next(_tokens)}", "Tin": [t.dtype.base_dtype for t in ins],
                                "Tout": tout, "is_async": False})
        bind(op, func=func)
    outs = list(op._outputs)
    return outs[0] if single else outs


def _grad_of(op):
    """TF 1.15's `_EagerPyFuncGrad`: an EagerPyFunc that re-runs the function under a GradientTape
    and returns the gradients for its inputs (zeros where the function does not depend on one)."""
    func = bound(op, "func")
    n_in = len(op._inputs)

    def grad_func(*args):
        from ..eager.tape import GradientTape
        xs, dys = list(args[:n_in]), list(args[n_in:])
        with GradientTape() as tape:
            for x in xs:
                tape.watch(x)
            ys = func(*xs)
        ys = list(ys) if isinstance(ys, (list, tuple)) else [ys]
        ys = [convert_to_tensor(y, dtype=t._dtype.base_dtype) for y, t in zip(ys, op._outputs)]
        grads = tape.gradient(ys, xs, output_gradients=dys)
        return [np.zeros_like(x.numpy()) if g is None else g for g, x in zip(grads, xs)]
    return grad_func


from ..engine.grad_registry import RegisterGradient  # noqa: E402


@RegisterGradient("EagerPyFunc")
def _eager_py_func_grad(op, *grads):  # noqa: ANN001 - TF's gradient signature
    from ..engine.ops.array_ops import zeros_like
    dys = [zeros_like(y) if g is None else g for g, y in zip(grads, op._outputs)]
    return py_function(_grad_of(op), list(op._inputs) + dys, [x.dtype.base_dtype for x in op._inputs])
