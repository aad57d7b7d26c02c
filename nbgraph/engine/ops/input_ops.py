"""Ops behind TF 1.x's input producers: `RandomShuffle` (a seeded permutation along dimension
0) and `CountUpTo` (a variable counted up to a limit; past it, `OutOfRangeError`)."""
from __future__ import annotations

import numpy as np

from ..convert import convert_to_tensor
from ..errors import FailedPreconditionError, OutOfRangeError
from ..graph import graph_of
from ..registry import register
from ..shapes import TensorShape
from ..tensor import Tensor
from .common import KernelError, same_shape
from .random_ops import get_seed

__all__ = ["random_shuffle", "count_up_to"]


def _shuffle_kernel(op):
    def k(ctx, value):
        if np.ndim(value) == 0:
            return value
        return value[ctx.rng(op).permutation(np.shape(value)[0])]
    return k


register("RandomShuffle", "random", same_shape, _shuffle_kernel, gpu=False, stateful=True,
         doc="shuffles its input along dimension 0")


def random_shuffle(value, seed=None, name=None) -> Tensor:
    """`tf.random_shuffle(value, seed=None)`."""
    s1, s2 = get_seed(seed)
    g = graph_of([value])
    with g.as_default(), g.name_scope(name or "RandomShuffle") as scope:
        t = convert_to_tensor(value, name="value")
        return g.create_op("RandomShuffle", [t], [t.dtype.base_dtype], name=scope,
                           attrs={"seed": s1 or 0, "seed2": s2 or 0, "T": t.dtype.base_dtype})._outputs[0]


def _count_up_to_kernel(op):
    var = op._inputs[0]._op
    limit = op._attrs["limit"]

    def k(ctx):
        try:
            cur = ctx.variables[var]
        except KeyError:
            raise KernelError(f"Attempting to use uninitialized value {var.name}", FailedPreconditionError) from None
        old = cur.copy()
        if old >= limit:
            raise KernelError(f"Reached limit of {limit}", OutOfRangeError)
        cur += 1
        return old
    return k


register("CountUpTo", "state", lambda op: [TensorShape([])], _count_up_to_kernel, ref_inputs=(0,), stateful=True,
         gpu=False, doc="counts a variable up to a limit")


def count_up_to(ref, limit, name=None) -> Tensor:
    """`tf.count_up_to(ref, limit)`: the old value; OutOfRangeError once it reached `limit`."""
    from ..variables import RefVariable
    t = ref._variable if isinstance(ref, RefVariable) else ref
    g = t.graph
    with g.as_default(), g.colocate_with(t.op):
        return g.create_op("CountUpTo", [t], [t.dtype.base_dtype], name=name or "CountUpTo",
                           attrs={"limit": int(limit), "T": t.dtype.base_dtype})._outputs[0]


