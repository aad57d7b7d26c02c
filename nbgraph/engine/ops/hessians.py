"""`tf.hessians`: second derivatives built from `tf.gradients` of each first-derivative entry.

TF 1.15 loops over the entries with a `while_loop` and a `TensorArray`; nbgraph has no control
flow ops yet, so the loop is unrolled (one `gradients_k/` subgraph per entry, then `stack` and
`Reshape`). The values are TF's; the op names of the loop are not.
"""
from __future__ import annotations

from ..convert import convert_to_tensor
from ..gradients import gradients
from . import array_ops as A


def hessians(ys, xs, name: str = "hessians", colocate_gradients_with_ops: bool = False,
             gate_gradients: bool = False, aggregation_method=None) -> list:
    """The Hessian of `sum(ys)` w.r.t. each x in `xs`, shaped `x.shape + x.shape`."""
    xs = list(xs) if isinstance(xs, (list, tuple)) else [xs]
    kwargs = {"colocate_gradients_with_ops": colocate_gradients_with_ops, "gate_gradients": gate_gradients,
              "aggregation_method": aggregation_method}
    out = []
    for gradient, x in zip(gradients(ys, xs, **kwargs), xs):
        x_t = convert_to_tensor(x)
        n = x_t.shape.num_elements()
        if n is None:
            raise ValueError(f"hessians needs a static shape for {x_t}, got {x_t.shape} (nbgraph unrolls TF's "
                             "while_loop over its entries)")
        if gradient is None:
            out.append(None)
            continue
        gradient = A.reshape(gradient, [-1])
        rows = []
        for j in range(n):
            row = gradients(gradient[j], x, **kwargs)[0]
            rows.append(A.zeros_like(x_t) if row is None else row)
        shape = A.shape(x_t)
        hessian = A.reshape(A.stack(rows), A.concat((shape, shape), 0))
        hessian.set_shape(x_t.shape.concatenate(x_t.shape))
        out.append(hessian)
    return out
